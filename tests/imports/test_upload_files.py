"""A partnership file (.yaml) or a spreadsheet (.csv) dropped into the bot's DM (issue 4): the real
bolt app over HTTP, signed Slack-shaped events and button clicks; files.info and the download go to
the stand-in Slack, which also takes the bot's replies. On SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import SQLModel, select

from commands.spreadsheets.files import export_csv
from storage.db import read_only
from storage.tables import Action, AuditEvent, Meeting
from tests.conftest import DATA
from tests.imports.test_paper_slack import send_event, shared, wait_for
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.clock import LONDON
from tests.support.paper_samples import PARTNERSHIP
from tests.support.partnerships import load_yaml
from tests.support.slack_requests import block_action, interaction_body, post, signed_headers

OFFICER, MEMBER = "U0BREN001", "U0PETAD01"
EXAMPLE = (DATA / "issue_example.yaml").read_bytes()
REPORT_ACTION = "Report the Forum's comments on priorities to the Performance Management Sub Group"
REFUSED = "Only officers and admins can import papers, spreadsheets or partnership files"


@pytest.fixture
def bot(engine, bot_factory):
    load_yaml(engine, PARTNERSHIP, LONDON)
    return bot_factory(engine), engine


# --- helpers ----------------------------------------------------------------------------------


def offer(slack, name: str, data: bytes, file_id: str, times: int = 2, size: int | None = None) -> None:
    """Put the file in the stand-in Slack, and answer files.info for it `times` times (the upload,
    and again when Import is pressed)."""
    slack.files[name] = data
    for _ in range(times):
        slack.scripted.setdefault("files.info", []).append(
            (
                200,
                {
                    "ok": True,
                    "file": {
                        "id": file_id,
                        "name": name,
                        "size": len(data) if size is None else size,
                        "url_private_download": slack.file_url(name),
                    },
                },
                {},
            )
        )


def upload(server, slack, file_id: str, user: str = OFFICER, channel: str = "D0BREN001"):
    """Send the upload event; the bot's answer in the DM."""
    posted = len(slack.calls_to("chat.postMessage"))
    assert send_event(server, shared(user=user, channel=channel, file_id=file_id)).status == 200
    answer = wait_for(lambda: slack.calls_to("chat.postMessage")[posted:])[0]
    assert answer.args["channel"] == channel
    assert_valid_blocks(answer.args["blocks"])
    return answer


def import_button(answer) -> dict:
    buttons = [e for b in answer.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert len(buttons) == 1 and buttons[0]["text"]["text"] == "Import"
    return buttons[0]


def has_button(answer) -> bool:
    return any(b["type"] == "actions" for b in answer.args["blocks"])


def press(server, slack, value: str, user: str = OFFICER):
    """Click Import; the bot's answer to the response_url."""
    answered = len(slack.responses())
    body = interaction_body(
        block_action("paper_import", value, user_id=user, channel_id="D0BREN001", response_url=slack.response_url)
    )
    assert post(server.url + "/slack/events", body, signed_headers(body)).status == 200
    return wait_for(lambda: slack.responses()[answered:])[0]


def counts(engine, but: tuple[str, ...] = ()) -> dict[str, int]:
    """Rows in every table (but those named, the replay guard's bookkeeping of requests seen, and
    the dry runs kept for their *Review* and *Import* buttons): unchanged means nothing was written."""
    with read_only(engine) as session:
        return {
            t.name: session.exec(select(func.count()).select_from(t)).one()
            for t in SQLModel.metadata.sorted_tables
            if t.name not in but and t.name not in ("replay_guard", "paper_review")
        }


def audits_by(engine, actor: str, entity: str | None = None) -> list[AuditEvent]:
    with read_only(engine) as session:
        query = select(AuditEvent).where(AuditEvent.actor == actor)
        if entity:
            query = query.where(AuditEvent.entity == entity)
        events = list(session.exec(query.order_by(AuditEvent.id)).all())
        session.expunge_all()
        return events


def the_action(engine) -> Action:
    with read_only(engine) as session:
        action = session.exec(select(Action).where(Action.description == REPORT_ACTION)).one()
        session.expunge(action)  # read as it stands, kept after the session rolls back
        return action


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- partnership files ------------------------------------------------------------------------


def test_a_partnership_file_is_previewed_then_imported_by_the_officer(bot, slack):
    server, engine = bot
    offer(slack, "issue_example.yaml", EXAMPLE, "F0YAML001")
    before = counts(engine)
    answer = upload(server, slack, "F0YAML001")
    text = visible_text(answer.args["blocks"])
    assert "Dry run: issue_example.yaml" in text and "Partnership file · nothing was written yet" in text
    assert "In the file:" in text and "2 meetings, 1 agenda item, 1 action, 1 consultation, 1 indicator" in text
    assert "An import would write:" in text and "2 meeting" in text and "1 action," in text
    assert "Dry run: nothing was written." in answer.args["text"]
    assert counts(engine) == before  # the dry run wrote nothing
    download = [c for c in slack.calls if c.method == "/files/issue_example.yaml"][0]
    assert download.headers["Authorization"] == "Bearer xoxb-test-token"

    reply = press(server, slack, import_button(answer)["value"])
    text = visible_text(reply.args["blocks"])
    assert "Imported: issue_example.yaml" in text and "Created or updated:" in text and "1 action" in text
    assert reply.args["replace_original"] is True
    with read_only(engine) as session:
        starts = sorted(m.starts_at.date() for m in session.exec(select(Meeting)).all())
    assert starts == [date(2010, 1, 28), date(2011, 2, 17)]
    action = the_action(engine)
    assert action.due_date == date(2011, 4, 7) and action.status == "open"
    created = audits_by(engine, OFFICER, "action")
    assert [(e.entity_id, e.verb) for e in created] == [(action.id, "create")]  # the officer is the actor
    assert audits_by(engine, OFFICER, "meeting") and not audits_by(engine, "dry-run")

    # The same file sent again (a new upload, a new file id): nothing to change, and no button.
    offer(slack, "issue_example.yaml", EXAMPLE, "F0YAML002", times=1)
    after = counts(engine)
    again = upload(server, slack, "F0YAML002")
    assert "Nothing to change: the database already holds everything in the file." in visible_text(again.args["blocks"])
    assert not has_button(again) and counts(engine) == after


BAD_FILES = [
    (
        "impossible date",
        EXAMPLE.replace(b"starts: 2011-02-17 14:00", b"starts: 2011-02-30 14:00"),
        ["meetings #2 (forum 2011-02-30 14:00), field starts", "not a date and time like 2010-01-28 14:00"],
    ),
    (
        "unknown board",
        EXAMPLE.replace(b"meeting: forum 2011-02-17", b"meeting: nowhere 2011-02-17"),
        ["actions #1 (Report the Forum's comments", "unknown board 'nowhere'"],
    ),
    ("not YAML", b"meetings: [{board: forum\n", ["not valid YAML"]),
    ("binary", b"\x00\x01PK\x03\x04" * 50, ["not a text file"]),
]


@pytest.mark.parametrize("data, expected", [(d, e) for _, d, e in BAD_FILES], ids=[i for i, _, _ in BAD_FILES])
def test_a_bad_partnership_file_is_refused_with_its_problem_and_nothing_is_written(bot, slack, data, expected):
    server, engine = bot
    offer(slack, "partnership.yaml", data, "F0YAMLBAD", times=1)
    before = counts(engine)
    answer = upload(server, slack, "F0YAMLBAD")
    text = answer.args["text"]
    assert text.startswith("partnership.yaml: ") and "Nothing was imported." in text
    for words in expected:
        assert words in text
    assert not has_button(answer) and counts(engine) == before


# --- spreadsheets -----------------------------------------------------------------------------


@pytest.fixture
def actions_sheet(bot):
    """The example's actions exported as officers would download them, with its one row."""
    _, engine = bot
    load_yaml(engine, EXAMPLE.decode(), LONDON)
    rows = csv_rows(export_csv(engine, LONDON, "actions")[0])
    assert len(rows) == 2 and rows[1][rows[0].index("Description")] == REPORT_ACTION
    return rows


def test_an_edited_spreadsheet_is_previewed_then_imported_by_the_officer(bot, slack, actions_sheet):
    server, engine = bot
    rows = actions_sheet
    ref = rows[1][0]
    assert rows[1][rows[0].index("Due")] == "2011-04-07"
    rows[1][rows[0].index("Due")] = "12/05/2011"  # as Excel in the UK saves it
    offer(slack, "actions.csv", csv_bytes(rows), "F0CSV0001")
    before = counts(engine)
    answer = upload(server, slack, "F0CSV0001")
    text = visible_text(answer.args["blocks"])
    assert "Dry run: actions.csv" in text and "Spreadsheet · nothing was written yet" in text
    assert "An import would write:" in text and f"Actions: 1 changed ({ref}), 0 unchanged." in text
    assert counts(engine) == before and the_action(engine).due_date == date(2011, 4, 7)

    reply = press(server, slack, import_button(answer)["value"])
    assert f"Actions: 1 changed ({ref}), 0 unchanged." in visible_text(reply.args["blocks"])
    assert "Imported: actions.csv" in reply.args["text"]
    action = the_action(engine)
    assert action.due_date == date(2011, 5, 12)
    [event] = audits_by(engine, OFFICER, "action")
    assert (event.entity_id, event.verb, event.after["due_date"]) == (action.id, "update", "2011-05-12")
    assert not audits_by(engine, "import:actions.csv")  # the officer, not the file, is the actor

    # Sent again as it now stands: nothing to change, and no button.
    offer(slack, "actions.csv", csv_bytes(rows), "F0CSV0002", times=1)
    again = upload(server, slack, "F0CSV0002")
    assert "Nothing to change" in visible_text(again.args["blocks"]) and not has_button(again)


def test_a_spreadsheet_with_a_bad_row_is_refused_by_line_and_nothing_is_written(bot, slack, actions_sheet):
    server, engine = bot
    rows = actions_sheet
    rows[1][rows[0].index("Status")] = "dropped"  # a good change, which must not be written either
    rows[1][rows[0].index("Due")] = "31/02/2011"
    offer(slack, "actions.csv", csv_bytes(rows), "F0CSVBAD1", times=1)
    before = counts(engine)
    answer = upload(server, slack, "F0CSVBAD1")
    text = answer.args["text"]
    assert text.startswith("actions.csv: ") and "line 2, Due: “31/02/2011” is not a real date" in text
    assert "Nothing was imported." in text and not has_button(answer)
    assert counts(engine) == before and the_action(engine).status == "open"


def test_a_huge_spreadsheet_is_refused_without_downloading_it(bot, slack):
    server, _ = bot
    offer(slack, "actions.csv", b"Ref,Description\n", "F0CSVBIG1", times=1, size=50 * 1024 * 1024)
    answer = upload(server, slack, "F0CSVBIG1")
    assert "actions.csv is 50.0 MB; spreadsheets up to 5 MB can be imported." in answer.args["text"]
    assert not [c for c in slack.calls if c.method.startswith("/files/")]


def test_a_file_of_another_kind_is_refused_naming_the_kinds_it_could_be(bot, slack):
    server, engine = bot
    offer(slack, "actions.xlsx", b"PK\x03\x04" + bytes(200), "F0XLSX001", times=1)
    before = counts(engine)
    answer = upload(server, slack, "F0XLSX001")
    assert answer.args["text"].startswith(
        "actions.xlsx: I can import papers (.txt, .md, .docx, .pdf, .html, .htm), partnership files (.yaml) and spreadsheets (.csv"
    )
    assert not has_button(answer) and counts(engine) == before


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["issue_example.yaml", "actions.csv"])
def test_a_member_uploading_is_refused_and_nothing_is_fetched_or_written(bot, slack, name):
    server, engine = bot
    offer(slack, name, EXAMPLE, "F0MEMBER1", times=1)
    before = counts(engine, but=("audit_event",))
    answer = upload(server, slack, "F0MEMBER1", user=MEMBER, channel="D0PETAD01")
    assert REFUSED in answer.args["text"] and "you are a member here" in answer.args["text"]
    assert slack.calls_to("files.info") == [] and counts(engine, but=("audit_event",)) == before
    assert [e.verb for e in audits_by(engine, MEMBER)] == ["refuse"]  # the refusal itself is recorded


def test_import_pressed_by_a_member_is_refused_and_nothing_is_written(bot, slack):
    server, engine = bot
    offer(slack, "issue_example.yaml", EXAMPLE, "F0YAML001", times=1)
    before = counts(engine, but=("audit_event",))
    reply = press(server, slack, json.dumps({"file": "F0YAML001", "board": None}), user=MEMBER)
    assert REFUSED in reply.args["text"] and reply.args["replace_original"] is False
    assert slack.calls_to("files.info") == [] and counts(engine, but=("audit_event",)) == before
