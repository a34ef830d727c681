"""`draft agenda`: the next meeting's pack drafted in Word from the demo's records, opened with
python-docx and checked section by section, then imported back with the paper reader (SQLite and
PostgreSQL); the command line writes the file."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx
import pytest
from sqlalchemy import select
from sqlmodel import Session

from commands.imports.papers.importer import import_paper
from storage.tables import Action, ActionUpdate, AgendaItem, Attendance, Meeting, Minute, Resolution
from templates import render_text
from templates.agenda_pack import agenda_pack_docx
from tests.cli.test_cli import forum as forum_cli
from tests.support.asking import ask
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, upcoming_yaml

BEFORE_JANUARY = datetime(2010, 1, 20, 12, tzinfo=UTC)  # the Forum next meets on 28 January 2010
OFFICER, MEMBER = "U0BREN001", "U0PETAD01"


@pytest.fixture
def forum(luton):
    return luton


def _pack(engine):
    reply = ask(engine, "draft agenda forum", OFFICER, now=BEFORE_JANUARY)
    assert reply.template == "draft_agenda", render_text(reply)
    return reply.data["pack"], agenda_pack_docx(reply.data["pack"])


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def test_the_pack_section_by_section(forum):
    pack, data = _pack(forum)
    text = _paragraphs(data)
    # Front sheet and agenda: the board, the day, the time, the venue, the planned items in order.
    assert text[:3] == ["LUTON FORUM", "Thursday 28 January 2010", "2:00 pm"]
    with Session(forum) as session:
        meeting = session.exec(
            select(Meeting).where(Meeting.starts_at == datetime(2010, 1, 28, 14, tzinfo=UTC))
        ).first()
        assert meeting is not None
        meeting = meeting[0]
        items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).scalars().all()
        december = session.exec(
            select(Meeting).where(Meeting.starts_at == datetime(2009, 12, 3, 14, tzinfo=UTC))
        ).scalar_one()
        minutes = session.exec(select(Minute).where(Minute.meeting_id == december.id)).scalars().all()
        actions = session.exec(select(Action).where(Action.meeting_id == december.id)).scalars().all()
    agenda = text.index("AGENDA")
    numbered = [line for line in text[agenda:] if line.split(".")[0].isdigit()][: len(items)]
    assert [line.split(". ", 1)[1].split(" (")[0] for line in numbered] == [
        i.title for i in sorted(items, key=lambda i: i.position)
    ]
    # The previous minutes as recorded: their title, attendance by section, every minute and resolution.
    assert "Minutes of the meeting held on Thursday 3 December 2009 at 2.00pm" in text
    assert any(line.startswith("Present: ") and "Hazel Simmons" in line for line in text)
    assert any(line.startswith("Apologies: ") for line in text)
    for minute in minutes:
        assert any(line.startswith(f"{minute.number} {minute.title}") for line in text), minute.title
    # Matters arising: every action from that meeting with its owner, due date and status.
    report = text.index("REPORT")
    matters = text[report + 1 : report + 1 + len(actions)]
    assert len(actions) == len(pack["matters_arising"]) > 0
    for action in actions:
        line = next(m for m in matters if f"A-{action.id}: " in m)
        assert action.description in line and "Owner: " in line and "status: " in line
    # Exceptions: the three lists, each said even when empty.
    for heading in ("Indicators red or amber", "Actions overdue, by owner", "Consultations closing soon"):
        assert heading in text


def _content(engine) -> dict[str, list[tuple]]:
    """The records a pack quotes, without ids, sources and versions (an import stamps those)."""
    tables = {
        "meeting": (Meeting, ("board_id", "starts_at", "ends_at", "venue", "address", "status", "note")),
        "agenda_item": (AgendaItem, ("meeting_id", "number", "title", "purpose", "paper_kind")),
        "attendance": (Attendance, ("meeting_id", "person_id", "name_text", "kind", "substitute_for_id")),
        "minute": (Minute, ("meeting_id", "number", "title", "ref", "discussion")),
        "resolution": (Resolution, ("minute_id", "label", "text")),
        "action": (Action, ("description", "owner_id", "owner_text", "due_date", "status", "meeting_id", "minute_id")),
    }
    found = {}
    with Session(engine) as session:
        for name, (table, columns) in tables.items():
            rows = session.exec(select(*(getattr(table, c) for c in columns))).all()
            found[name] = sorted(tuple(str(v) for v in row) for row in rows)
    return found


def test_the_pack_imported_back_yields_the_same_meeting_items_and_matters_arising(forum):
    pack, data = _pack(forum)
    before = _content(forum)
    with Session(forum) as session:
        updates_before = session.exec(select(ActionUpdate.action_id, ActionUpdate.text)).all()
    reply = import_paper(forum, LONDON, "pack.docx", data, "forum", "import:pack.docx")
    assert "Created or updated" in str(reply.data), reply.data
    assert _content(forum) == before  # nothing duplicated, nothing reworded, no owner or date undone
    with Session(forum) as session:
        updates = session.exec(select(ActionUpdate.action_id, ActionUpdate.text)).all()
    added = [u for u in updates if u not in updates_before]
    # Each matter arising is recorded on its own action, once.
    assert sorted(action_id for action_id, _ in added) == sorted(m["id"] for m in pack["matters_arising"])
    for action_id, text in added:
        assert text.startswith("Matters arising, 28 January 2010: ") and f"A-{action_id}: " in text
    again = import_paper(forum, LONDON, "pack.docx", data, "forum", "import:pack.docx")
    assert _content(forum) == before and "Created or updated" not in str(again.data)


def test_only_officers_draft_and_a_board_with_nothing_coming_says_so(forum):
    refused = render_text(ask(forum, "draft agenda forum", MEMBER, now=BEFORE_JANUARY))
    assert "Only officers and admins can draft agenda packs" in refused
    later = render_text(ask(forum, "draft agenda forum", OFFICER, now=datetime(2030, 1, 1, tzinfo=UTC)))
    assert "Luton Forum has no meeting coming up to draft an agenda for." in later
    assert "What shall I draft?" in render_text(ask(forum, "draft minutes", OFFICER, now=BEFORE_JANUARY))


def test_the_command_line_writes_the_word_document(tmp_path):
    from storage.db import make_engine, upgrade

    today = datetime.now(UTC).astimezone(LONDON).date()
    engine = make_engine(f"sqlite:///{tmp_path / 'forum.db'}")
    upgrade(engine)
    load_yaml(engine, upcoming_yaml(today), LONDON)
    engine.dispose()
    done = forum_cli(tmp_path, "draft", "agenda", "forum", "--out", str(tmp_path / "pack.docx"))
    assert done.returncode == 0, done.stderr
    assert "Wrote the agenda pack for Luton Forum" in done.stderr
    text = _paragraphs((tmp_path / "pack.docx").read_bytes())
    assert text[0] == "LUTON FORUM" and "6. Sustainable Community Strategy priorities (Report attached)" in text
    refused = forum_cli(tmp_path, "draft", "agenda", "nowhere", "--out", str(tmp_path / "x.docx"))
    assert refused.returncode == 1 and "board called “nowhere”" in refused.stderr and not (tmp_path / "x.docx").exists()


def _upcoming(engine):
    today = datetime.now(UTC).astimezone(LONDON).date()
    load_yaml(engine, upcoming_yaml(today), LONDON)
    return engine


def _slash(bot, words: str, user: str, slack=None):
    from tests.support.slack_requests import post, signed_headers, slash_command_body

    body = slash_command_body(words, user_id=user, **({"response_url": slack.response_url} if slack else {}))
    return post(bot.url + "/slack/events", body, signed_headers(body))


def _until(condition, seconds: float = 10):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.05)
    raise AssertionError("the bot did not do it in time")


def test_in_slack_the_word_document_arrives_in_the_officers_dm(engine, bot_factory, slack):
    from tests.support.blockkit import visible_text

    bot = bot_factory(_upcoming(engine))
    answer = _slash(bot, "draft agenda forum", OFFICER)
    assert answer.status == 200
    assert "on its way to your DM" in visible_text(answer.json()["blocks"])
    [upload] = _until(lambda: [u for u in slack.uploads.values() if u.get("channel")])
    assert upload["channel"] == "D0DIRECT01"  # the DM conversations.open gave
    assert slack.calls_to("conversations.open")[-1].args["users"] == OFFICER
    assert upload["filename"].startswith("agenda-forum-") and upload["filename"].endswith(".docx")
    text = _paragraphs(upload["data"])
    assert text[0] == "LUTON FORUM" and "6. Sustainable Community Strategy priorities (Report attached)" in text
    assert "Luton Forum" in upload["title"] and "draft agenda pack" in upload["initial_comment"]


def test_in_slack_a_member_is_refused_and_nothing_is_sent(engine, bot_factory, slack):
    from tests.support.blockkit import visible_text

    bot = bot_factory(_upcoming(engine))
    answer = _slash(bot, "draft agenda forum", "U0DAVEK01")
    assert "Only officers and admins can draft agenda packs" in visible_text(answer.json()["blocks"])
    _slash(bot, "draft agenda forum", OFFICER)  # then an officer's: the one document sent is theirs
    _until(lambda: [u for u in slack.uploads.values() if u.get("channel")])
    assert len(slack.uploads) == 1
    assert [c.args["users"] for c in slack.calls_to("conversations.open")] == [OFFICER]


def test_when_slack_will_not_take_the_file_the_officer_is_told(engine, bot_factory, slack):
    slack.scripted["files.getUploadURLExternal"] = [(200, {"ok": False, "error": "not_allowed_token_type"}, {})]
    bot = bot_factory(_upcoming(engine))
    _slash(bot, "draft agenda forum", OFFICER, slack)
    [told] = _until(lambda: slack.responses())
    assert "could not send you the Word document" in told.args["text"]
    assert "not_allowed_token_type" in told.args["text"] and "--out" in told.args["text"]
