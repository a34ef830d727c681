"""Importing papers into the database (SQLite and PostgreSQL): what is recorded, where it came from,
re-imports that update instead of duplicating, dry runs that write nothing, papers refused whole,
and the members' commands answering from what was imported."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func
from sqlmodel import select

from commands.core.context import Context
from commands.core.router import handle
from commands.imports.papers.importer import import_paper, preview
from storage.db import read_only, transaction
from storage.tables import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    AuditEvent,
    Consultation,
    Indicator,
    IndicatorTarget,
    Meeting,
    Minute,
    Paper,
    Person,
    Resolution,
)
from storage.writes import change
from templates import render_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON
from tests.support.paper_samples import HEALTH_AGENDA, LAA_TABLE, PARTNERSHIP, SAFER_MINUTES
from tests.support.partnerships import load_yaml, loaded_yaml

TABLES = (
    Meeting,
    AgendaItem,
    Paper,
    Attendance,
    Minute,
    Resolution,
    Action,
    ActionUpdate,
    Consultation,
    Indicator,
    IndicatorTarget,
    Person,
)


@pytest.fixture
def partnership(loaded):
    return loaded_yaml(loaded, PARTNERSHIP, LONDON)


def counts(engine) -> dict:
    with read_only(engine) as session:
        return {t.__tablename__: session.exec(select(func.count()).select_from(t)).one() for t in (*TABLES, AuditEvent)}


def imported(engine, name: str, text: str, board: str | None = None):
    return import_paper(engine, LONDON, name, text.encode(), board, f"import:{name}")


def one(session, model, *where):
    return session.exec(select(model).where(*where)).one()


def test_minutes_become_a_held_meeting_with_attendance_minutes_resolutions_and_actions(partnership):
    reply = imported(partnership, "safer-2011-03-14.txt", SAFER_MINUTES)
    assert reply.ok, render_text(reply)
    with read_only(partnership) as session:
        meeting = one(session, Meeting)
        assert meeting.starts_at == datetime(2011, 3, 14, 10, 0, tzinfo=UTC)  # GMT in March, before the change
        assert meeting.ends_at == datetime(2011, 3, 14, 11, 45, tzinfo=UTC)
        assert (meeting.status, meeting.venue, meeting.address) == ("held", "Town Hall", "George Street, Luton")
        assert meeting.source == "paper:safer-2011-03-14.txt:3"
        people = {p.id: p.name for p in session.exec(select(Person)).all()}
        kinds = {people[a.person_id]: a.kind for a in session.exec(select(Attendance)).all()}
        assert kinds == {
            "Nicky Dahl": "present",
            "Mike Colbourne": "present",
            "Sarah Allen": "present",
            "Bren McGowan": "officer",
            "Dave Fothergill": "apologies",
            "Anita Briddon": "apologies",
        }
        minutes = {m.number: m for m in session.exec(select(Minute)).all()}
        assert minutes["2"].title == "DOMESTIC ABUSE STRATEGY"
        texts = [
            r.text
            for r in session.exec(
                select(Resolution).where(Resolution.minute_id == minutes["2"].id).order_by(Resolution.position)
            ).all()
        ]
        assert texts == [
            "That the draft strategy be noted;",
            "That the Chair write to the Home Office about the funding of the IDVA post by 31st March.",
        ]
        actions = {a.description: a for a in session.exec(select(Action)).all()}
        letter = actions["Write to the Home Office about the funding of the IDVA post by 31st March."]
        assert people[letter.owner_id] == "Nicky Dahl"  # "the Chair": the board's chair
        assert letter.due_date == date(2011, 3, 31) and letter.minute_id == minutes["2"].id
        agenda = actions["Add the strategy to the Forum's next agenda – by 20 May 2011."]
        assert people[agenda.owner_id] == "Bren McGowan" and agenda.due_date == date(2011, 5, 20)
        consultation = one(session, Consultation)
        assert (consultation.title, consultation.closes) == ("Domestic Abuse Strategy", date(2011, 4, 1))
        assert people[consultation.response_owner_id] == "Sarah Allen"


def test_every_fact_says_which_paper_and_line_it_came_from(partnership):
    imported(partnership, "safer.txt", SAFER_MINUTES)
    lines = SAFER_MINUTES.splitlines()
    with read_only(partnership) as session:
        for action in session.exec(select(Action)).all():
            name, line = action.source.removeprefix("paper:").rsplit(":", 1)
            assert name == "safer.txt" and action.description.split()[1] in lines[int(line) - 1]
        minute = one(session, Minute, Minute.number == "2")
        assert lines[int(minute.source.rsplit(":", 1)[1]) - 1] == "2. DOMESTIC ABUSE STRATEGY"


def test_reimporting_changes_nothing_and_a_corrected_paper_updates_in_place(partnership):
    imported(partnership, "safer.txt", SAFER_MINUTES)
    before = counts(partnership)
    again = imported(partnership, "safer.txt", SAFER_MINUTES)
    assert "Nothing to change" in render_text(again)
    assert counts(partnership) == before  # not even an audit event
    corrected = SAFER_MINUTES.replace("at 10.00 am", "at 10.30 am").replace("by 20 May 2011", "by 27 May 2011")
    reply = imported(partnership, "safer-v2.txt", corrected)
    assert reply.ok
    after = counts(partnership)
    # Updated in place, never duplicated: the action reworded by the correction is the same action.
    assert {k: v for k, v in after.items() if k != "audit_event"} == {
        k: v for k, v in before.items() if k != "audit_event"
    }
    with read_only(partnership) as session:
        assert one(session, Meeting).starts_at == datetime(2011, 3, 14, 10, 30, tzinfo=UTC)
        agenda = session.exec(select(Action).where(Action.description.startswith("Add the strategy"))).one()
        assert agenda.due_date == date(2011, 5, 27)


def test_reimporting_does_not_reopen_an_action_closed_since_or_forget_what_officers_added(partnership):
    imported(partnership, "safer.txt", SAFER_MINUTES)
    with transaction(partnership) as session:
        action = session.exec(select(Action).where(Action.description.startswith("Write"))).one()
        change(session, "U0BREN001", action, {"status": "done"})
        meeting = one(session, Meeting)
        change(session, "U0BREN001", meeting, {"note": "Minutes agreed at the May meeting"})
    imported(partnership, "safer.txt", SAFER_MINUTES)
    with read_only(partnership) as session:
        assert session.exec(select(Action).where(Action.description.startswith("Write"))).one().status == "done"
        assert one(session, Meeting).note == "Minutes agreed at the May meeting"


def test_a_dry_run_says_what_it_found_and_writes_nothing(partnership):
    before = counts(partnership)
    reply = preview(partnership, LONDON, "health.md", HEALTH_AGENDA.encode())
    text = render_text(reply)
    assert counts(partnership) == before
    assert text.startswith("Dry run: nothing was written. health.md — Health and Well-being Board")
    assert "Meeting: Tuesday 12 April 2011, 2:30 pm, Committee Room 1, Town Hall, Luton" in text
    assert (
        "3. Joint Strategic Needs Assessment refresh (report) — Gerry Taylor, Director of Public Health — "
        "for discussion — papers: Joint Strategic Needs Assessment – refresh [line 12]" in text
    )
    assert "JSNA refresh — closes Friday 15 April 2011 — responses to Gerry Taylor" in text
    assert "An import would write: Created or updated:" in text and "4 agenda item" in text


def test_a_report_is_attached_to_its_agenda_item(partnership):
    imported(partnership, "health.md", HEALTH_AGENDA)
    with read_only(partnership) as session:
        item = one(session, AgendaItem, AgendaItem.number == "3")
        paper = one(session, Paper)
        assert paper.agenda_item_id == item.id and paper.author == "Gerry Taylor, Director of Public Health"
        assert paper.purpose == "To seek the Board's views on the refreshed JSNA."
        assert paper.recommendations.startswith("That the Board comments on the draft priorities.")
        assert (item.purpose, item.paper_kind) == ("discussion", "report")


def test_which_board_comes_from_the_heading_or_board_and_an_unknown_one_writes_nothing(partnership):
    before = counts(partnership)
    nameless = SAFER_MINUTES.replace("STRONGER AND SAFER COMMUNITIES BOARD", "HOUSING PARTNERSHIP")
    reply = imported(partnership, "housing.txt", nameless)
    assert (
        not reply.ok
        and "could not tell which board" in render_text(reply)
        and "HOUSING PARTNERSHIP" in render_text(reply)
    )
    assert counts(partnership) == before
    assert not imported(partnership, "housing.txt", nameless, board="nope").ok
    assert imported(partnership, "housing.txt", nameless, board="safer").ok
    with read_only(partnership) as session:
        assert one(session, Meeting).board_id == 2


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("huge.txt", b"LUTON FORUM\n" * 500_000, "papers up to 5.0 MB"),
        ("binary.txt", bytes(range(256)) * 40, "not text"),
        ("pack.docx", b"PK\x03\x04 not really a zip", "not a Word (.docx) document"),
        ("pack.pdf", b"%PDF-1.4\n1 0 obj garbage", "damaged PDF"),
        ("pack.exe", b"MZ\x90\x00", "not .exe"),
        ("empty.md", b"   \n\n", "is empty"),
    ],
)
def test_hostile_files_are_refused_clearly_and_nothing_is_written(partnership, name, data, says):
    before = counts(partnership)
    reply = import_paper(partnership, LONDON, name, data, None, "import:test")
    assert not reply.ok and says in render_text(reply) and "Nothing was imported." in render_text(reply)
    assert counts(partnership) == before


def test_an_indicator_table_becomes_indicators_with_targets(partnership):
    reply = imported(partnership, "laa.txt", LAA_TABLE, board="safer")
    assert reply.ok, render_text(reply)
    text = render_text(reply)
    assert "NI 1 target 2009/10: “69 / 70” holds several figures; none was taken" in text
    assert "“Thriving third sector (local)” has no code I can read; not imported" in text
    with read_only(partnership) as session:
        indicators = {i.code: i for i in session.exec(select(Indicator)).all()}
        assert set(indicators) == {"NI 15", "NI 16", "NI 32", "NI 1"}
        violent = indicators["NI 15"]
        assert (violent.title, violent.baseline, violent.baseline_period, violent.direction) == (
            "Serious violent crime rate (per 1,000 population)",
            0.80,
            "2007/08",
            "lower",
        )
        assert violent.lead_text == "Bedfordshire Police" and violent.partners == ["Luton Borough Council"]
        assert violent.board_id == 2 and violent.source == "paper:laa.txt:4"
        targets = {
            t.period: t.value
            for t in session.exec(
                select(IndicatorTarget).where(IndicatorTarget.indicator_id == indicators["NI 16"].id)
            ).all()
        }
        assert targets == {"2008/09": 20.5, "2009/10": 19.9, "2010/11": 19.2}
        assert indicators["NI 1"].direction == "higher"
        ni1 = session.exec(select(IndicatorTarget).where(IndicatorTarget.indicator_id == indicators["NI 1"].id))
        assert "2009/10" not in {t.period for t in ni1.all()}  # "69 / 70": not ours to choose


def test_the_members_commands_answer_from_an_imported_agenda(partnership):
    imported(partnership, "health.md", HEALTH_AGENDA)
    imported(partnership, "safer.txt", SAFER_MINUTES)
    settings = settings_for(partnership)
    before = Context(
        engine=partnership,
        settings=settings,
        user_id="U0PETAD01",
        surface="console",
        now=datetime(2011, 4, 1, 9, tzinfo=UTC),
    )
    text = render_text(handle(before, "next-meeting health"))
    assert "Tuesday 12 April 2011" in text and "2:30 pm" in text and "Joint Strategic Needs Assessment refresh" in text
    assert "Gerry Taylor" in text
    actions = render_text(handle(before, "actions all"))
    assert "Write to the Home Office about the funding of the IDVA post" in actions and "Nicky Dahl" in actions
    assert "14 March 2011, minute 2" in actions  # where it came from


def test_where_an_imported_record_came_from_is_said_in_the_partnerships_words(partnership):
    imported(partnership, "safer.txt", SAFER_MINUTES)
    imported(partnership, "health.md", HEALTH_AGENDA)
    ctx = Context(engine=partnership, settings=settings_for(partnership), user_id="U0PETAD01", surface="console")
    with read_only(partnership) as session:
        letter = session.exec(select(Action.id).where(Action.description.startswith("Write"))).one()
        jsna = session.exec(select(Consultation.id).where(Consultation.title == "JSNA refresh")).one()
    assert (
        render_text(handle(ctx, f"source A-{letter}"))
        == f"A-{letter} is from the minutes of Monday 14 March 2011, minute 2 (safer.txt, line 27)."
    )
    assert render_text(handle(ctx, f"source C-{jsna}")) == (
        f"C-{jsna} is from the report “Joint Strategic Needs Assessment – refresh” for item 3 on Tuesday "
        "12 April 2011 (health.md, line 27)."
    )
    assert "I don't know" in render_text(handle(ctx, "source A-999"))


def test_forum_import_proposes_the_board_marks_the_unsure_and_takes_the_officers_choices(tmp_path):
    """The terminal's dry run shows the same marks as Slack's; --new-board and --person decide; the
    partnership's stored time zone wins over FORUM_TIMEZONE."""
    from storage.db import make_engine, upgrade
    from storage.tables import Board, PartnershipDetails
    from tests.cli.test_cli import forum
    from tests.imports.test_paper_slack import HARBOUR

    engine = make_engine(f"sqlite:///{tmp_path / 'forum.db'}")
    upgrade(engine)
    load_yaml(engine, PARTNERSHIP, LONDON)
    with transaction(engine) as session:
        session.add(PartnershipDetails(name="Harbourside", timezone_name="America/New_York"))
    paper = tmp_path / "harbour.txt"
    paper.write_text(HARBOUR, encoding="utf-8")
    env = {"FORUM_TIMEZONE": "Europe/London"}

    dry = forum(tmp_path, "import", str(paper), "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "New board: Harbourside Youth Board (harbourside-youth), named by the paper's heading" in dry.stdout
    assert "? “B McGowan” — may be Bren McGowan (initials and surname) — left unlinked, as written" in dry.stdout
    refused = forum(tmp_path, "import", str(paper), env=env)
    assert refused.returncode == 1 and "create it as a new board, Harbourside Youth Board" in refused.stderr
    assert "Traceback" not in refused.stderr
    unknown = forum(tmp_path, "import", str(paper), "--new-board", "Harbourside Youth Board",
                    "--person", "B McGowan=Nobody Known", env=env)  # fmt: skip
    assert unknown.returncode == 1 and "I know nobody called Nobody Known" in unknown.stderr

    done = forum(tmp_path, "import", str(paper), "--new-board", "Harbourside Youth Board",
                 "--person", "B McGowan=Bren McGowan", env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "you chose: Bren McGowan" in done.stdout
    with read_only(engine) as session:
        board = one(session, Board, Board.slug == "harbourside-youth")
        meeting = one(session, Meeting, Meeting.board_id == board.id)
        assert meeting.starts_at == datetime(2011, 3, 8, 19, 0, tzinfo=UTC)  # 2 pm in New York, not London
        bren = one(session, Person, Person.name == "Bren McGowan")
        assert bren.id in session.exec(select(Attendance.person_id).where(Attendance.meeting_id == meeting.id)).all()
        assert session.exec(select(Person).where(Person.name == "B McGowan")).first() is None


def test_an_undecided_likely_owner_is_kept_as_written_and_linked_to_nobody(partnership):
    with transaction(partnership) as session:
        for _ in range(2):  # two people called Sarah Allen: which one does the paper mean?
            session.add(Person(name="Sarah Allen", source="test"))
    text = SAFER_MINUTES.replace("ACTION: Bren McGowan to add", "ACTION: Sarah to add")
    dry = preview(partnership, LONDON, "safer.txt", text.encode())
    shown = render_text(dry)
    assert dry.ok and "? “Sarah Allen” — may be Sarah Allen (full name) or Sarah Allen (full name)" in shown
    done = imported(partnership, "safer.txt", text)
    assert done.ok, render_text(done)
    with read_only(partnership) as session:
        action = one(session, Action, Action.description.startswith("Add the strategy"))
        assert action.owner_id is None and action.owner_text == "Sarah Allen"  # never linked silently
    again = imported(partnership, "safer.txt", text)
    assert again.ok and again.data["people"][0]["written"] == "Sarah Allen"


def test_the_review_form_accepts_only_what_it_offered_and_only_from_its_officer(partnership):
    from commands.imports.uploads import import_reviewed, review_form, review_id, review_upload, save_review
    from storage.tables import PaperReview
    from tests.imports.test_paper_slack import HARBOUR

    def ctx(user="U0BREN001", channel="D0BREN001"):
        return Context(engine=partnership, settings=settings_for(partnership), user_id=user, channel_id=channel)

    data = HARBOUR.encode()
    reply = review_upload(ctx(), "F0HARB001", "harbour.txt", data)
    review = review_id(reply.data["button"])
    assert review is not None
    with read_only(partnership) as session:
        kept = session.get(PaperReview, review).choices
    assert kept["new_board"]["slug"] == "harbourside-youth"  # the proposal shown is what Import would do

    assert save_review(ctx(), review, {"person_0": "p:999999"}) == {"person_0": "Choose one of the people offered."}
    assert save_review(ctx(), review, {"board": "b:nowhere"}) == {"board": "Choose one of the boards offered."}
    assert "Only officers and admins" in save_review(ctx("U0PETAD01"), review, {"board": "new"}).data["text"]
    assert "expired or is not yours" in save_review(ctx(), review + 1, {}).data["text"]
    assert "expired or is not yours" in review_form(ctx(channel="D0OTHER01"), review).data["text"]
    with read_only(partnership) as session:
        assert session.get(PaperReview, review).choices == kept  # nothing refused was saved

    form = review_form(ctx(), review)
    assert form.modal and form.data["board"] == "new" and form.data["people"][0]["written"] == "B McGowan"
    assert (
        "expired or is not yours" in import_reviewed(ctx(channel="D0OTHER01"), review, "harbour.txt", data).data["text"]
    )
    changed = import_reviewed(ctx(), review, "harbour.txt", data + b"\nA late addition.\n")
    assert not changed.ok and "has changed since I read it" in changed.data["text"]
    assert counts(partnership)["meeting"] == 0


def test_a_reimport_that_left_things_out_never_says_nothing_to_change(partnership):
    from commands.imports.papers.build import Choices

    dry = preview(partnership, LONDON, "safer.txt", SAFER_MINUTES.encode())
    wrong = next(f for f in dry.data["facts"] if f["group"] == "actions" and f["text"].startswith("Add the strategy"))
    choices = Choices(untick={wrong["key"]})

    def run():
        return import_paper(partnership, LONDON, "safer.txt", SAFER_MINUTES.encode(), None, "test", choices=choices)

    assert run().data["written"]
    again = run()
    assert again.ok and again.data["written"] == 0
    shown = render_text(again)
    assert "Nothing to change" not in shown and "unticked by you" in shown
    assert "Nothing new to write from what was kept; see above: 1 thing read in the paper left out" in shown
    with read_only(partnership) as session:
        assert session.exec(select(Action).where(Action.description.startswith("Add the strategy"))).first() is None


def test_an_undecided_likely_attendee_is_recorded_by_name_only_and_still_asked_about_next_time(partnership):
    from tests.imports.test_paper_slack import HARBOUR

    first = imported(partnership, "harbour.txt", HARBOUR, board="safer")
    assert first.ok and first.data["counts"]["attendance"] == 3
    with read_only(partnership) as session:
        row = one(session, Attendance, Attendance.name_text == "B McGowan")
        assert row.person_id is None and row.kind == "present" and row.source == "paper:harbour.txt:8"
        assert session.exec(select(Person).where(Person.name == "B McGowan")).first() is None  # nobody invented
    again = imported(partnership, "harbour.txt", HARBOUR, board="safer")
    assert again.ok and again.data["written"] == 0  # re-importing changes nothing …
    assert [p["written"] for p in again.data["people"]] == ["B McGowan"]  # … and the name is still asked about


def test_the_review_form_of_a_long_paper_fits_in_one_modal(partnership):
    """Slack allows 100 blocks a view, 100 options a select and 10 a checkbox group."""
    from slack_sdk.models.views import View

    from commands.imports.uploads import review_form, review_id, review_upload
    from templates import render_blocks

    syllables = ["Bar", "Cor", "Dun", "Fel", "Gar", "Hol", "Kem", "Lin", "Mor", "Pen", "Ros", "Tal"]
    surnames = [f"{a}{b.lower()}ton" for a in syllables for b in syllables]
    with transaction(partnership) as session:
        for surname in surnames:
            for _ in range(2):  # two of each name: every name in the paper is uncertain
                session.add(Person(name=f"Alex {surname}", source="test"))
    present = "\n".join(f"Alex {surname} (Harbour Trust)" for surname in surnames[:60])
    paper = (
        "STRONGER AND SAFER COMMUNITIES BOARD\n\nMINUTES of the meeting held on Monday 14 March 2011 at 10.00 am\n\n"
        f"Present:\n{present}\n\n1. ITEM\n\nRESOLVED – that it be noted.\n"
    )
    ctx = Context(engine=partnership, settings=settings_for(partnership), user_id="U0BREN001", channel_id="D0BREN001")
    reply = review_upload(ctx, "F0LONG001", "long.txt", paper.encode())
    assert reply.ok and len(reply.data["people"]) == 60
    view = render_blocks(review_form(ctx, review_id(reply.data["button"])))
    View(**view).validate_json()
    assert len(view["blocks"]) <= 100
    selects = [b["element"] for b in view["blocks"] if b.get("block_id", "").startswith("person_")]
    assert len(selects) == 20 and all(len(s["options"]) <= 100 for s in selects)
    assert "40 more names I am unsure of are not shown here" in visible(view)
    boxes = [b["element"] for b in view["blocks"] if b.get("block_id", "").startswith("facts_")]
    assert sum(len(b["options"]) for b in boxes) == len(reply.data["facts"]) and all(
        len(b["options"]) <= 10 for b in boxes
    )


def visible(view: dict) -> str:
    return " ".join(e.get("text", "") for b in view["blocks"] if b["type"] == "context" for e in b["elements"])


YOUTH_BOARD = """HARBOURSIDE YOUTH BOARD
{place}

MINUTES of the meeting held on Tuesday 8 March 2011 at 2.00 pm

Present:
Nicky Dahl (Chair)

1. PLAY AREAS

ACTION: Nicky Dahl to visit the play areas – by 20 May 2011
"""


@pytest.mark.parametrize(
    ("place", "parent"),
    [
        ("A theme board of the Luton Forum", "forum"),
        ("Reporting to the Stronger and Safer Communities Board", "safer"),
        ("(Sub-group of the Health and Well-being Board)", "health"),
        ("This group is accountable to the Health and Well-being Board and meets quarterly.", "health"),
        ("Reporting to the Harbourside Assembly", None),  # a board the database does not have: no parent
        ("", None),  # the paper does not say: the officer sets it later
    ],
)
def test_a_new_board_is_proposed_under_the_board_the_paper_says_it_sits_under(partnership, place, parent):
    from commands.imports.papers.build import Choices
    from storage.tables import Board

    text = YOUTH_BOARD.format(place=place)
    dry = preview(partnership, LONDON, "youth.txt", text.encode())
    shown = render_text(dry)
    assert dry.ok and dry.data["new_board"]["parent"] == parent, shown
    with read_only(partnership) as session:
        found = session.exec(select(Board).where(Board.slug == parent)).first() if parent else None
        under = (found.id, found.name) if found else None
    if under is not None:
        assert (
            f"New board: Harbourside Youth Board (harbourside-youth), named by the paper's heading, under {under[1]}"
            in shown
        )
    else:
        assert ", under" not in shown
    done = import_paper(partnership, LONDON, "youth.txt", text.encode(), None, "U0OFFICER",
                        choices=Choices(None, dry.data["new_board"]))  # fmt: skip
    assert done.ok, render_text(done)
    with read_only(partnership) as session:
        board = one(session, Board, Board.slug == "harbourside-youth")
        assert board.parent_id == (under[0] if under else None)
        assert board.kind == ("sub_group" if parent in ("safer", "health") else "theme_board")
