"""Officers' text shortcuts, tried by every role: allowed ones change the database and the audit
log exactly; refused ones change nothing (but the refusal is recorded)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from commands.core.context import Context
from commands.roles import grant_from_cli
from storage.tables import Action, ActionUpdate, AuditEvent, IndicatorReading, Meeting, Person
from templates import render_text
from tests.conftest import DATA
from tests.support import asking
from tests.support.blockkit import visible_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON
from tests.support.partnerships import loaded_yaml
from tests.support.slack_requests import post, signed_headers, slash_command_body

NOW = datetime(2027, 3, 25, 9, tzinfo=UTC)  # Thursday 25 March 2027, GMT (clocks go forward on the 28th)

EXTRA = """
  - {name: Lisa Jerome, slack_user: U0LISAJ01, role: admin}
indicators:
  - {code: NI 15, title: Serious violent crime, direction: lower, targets: {2026/27: 0.72}, readings: {2026/27 Q2: 0.81}}
"""

OFFICER, CHAIR, OWNER, MEMBER, ADMIN, STRANGER = (
    "U0BREN001",
    "U0HAZEL01",
    "U0SARAH01",
    "U0MIKEC01",
    "U0LISAJ01",
    "U0NOBODY9",
)


@pytest.fixture
def forum(loaded):
    text = (DATA / "actions.yaml").read_text().replace("boards:\n", EXTRA.split("indicators:")[0] + "boards:\n", 1)
    return loaded_yaml(loaded, text + "indicators:" + EXTRA.split("indicators:")[1], LONDON)


def counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
        }


def ask(engine, text: str, user: str | None):
    return asking.ask(engine, text, user, now=NOW)


WRITES = [  # command, who may
    ('add action "Write to GO-East about NI 152" <@U0SARAH01> due next friday board forum', {OFFICER, ADMIN}),
    ("add reading NI 15 0.74 for 2026/27 Q3", {OFFICER, ADMIN}),
    ('done A-2 "all responses forwarded"', {OFFICER, ADMIN, CHAIR, OWNER}),
    ('drop A-4 "overtaken by events"', {OFFICER, ADMIN, CHAIR}),
    ("reassign A-4 <@U0SARAH01>", {OFFICER, ADMIN, CHAIR}),
    ('move meeting 2027-03-01 to 2027-04-05 10:30 "room booked" board safer', {OFFICER, ADMIN}),
    ('postpone meeting 2027-03-01 "not quorate" board safer', {OFFICER, ADMIN}),
    ('cancel meeting 2027-03-01 "no business" board safer', {OFFICER, ADMIN}),
    ("grant <@U0MIKEC01> officer", {ADMIN}),
]


@pytest.mark.parametrize("text, allowed", WRITES, ids=[w[0].split('"')[0].strip() for w in WRITES])
@pytest.mark.parametrize("user", [OFFICER, CHAIR, OWNER, MEMBER, ADMIN, STRANGER])
def test_every_write_by_every_role(forum, text, allowed, user):
    before = counts(forum)
    reply = ask(forum, text, user)
    after = counts(forum)
    changed = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    if user in allowed:
        assert reply.ok, render_text(reply)
        with Session(forum) as session:
            mine = session.exec(select(AuditEvent).where(AuditEvent.actor == user, AuditEvent.verb != "refuse")).all()
        assert mine, "an allowed change is audited with the Slack user as actor"
    else:
        assert not reply.ok and "Nothing was changed" in render_text(reply)
        assert changed == {"audit_event": 1}  # only the refusal itself is recorded
        with Session(forum) as session:
            refusal = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert refusal.verb == "refuse" and refusal.actor == user


def test_add_action_confirms_the_day_in_full_and_stores_it(forum):
    text = render_text(
        ask(forum, 'add action "Write to GO-East" <@U0SARAH01|sarah> due next friday board safer', OFFICER)
    )
    assert (
        "Added A-8: “Write to GO-East” — owner Sarah Allen, due Friday 26 March 2027, board Stronger and Safer" in text
    )
    with Session(forum) as session:
        action = session.get(Action, 8)
        assert (action.due_date, action.status, action.source) == (date(2027, 3, 26), "open", "slack:U0BREN001")
        event = session.exec(select(AuditEvent).where(AuditEvent.entity == "action", AuditEvent.entity_id == 8)).one()
        assert event.verb == "create" and event.after["due_date"] == "2027-03-26"


@pytest.mark.parametrize(
    "text, expected",
    [
        ('add action "X" due 03/04/2027', "could be 3 April 2027 or 4 March 2027"),
        ('add action "X" due 31 February', "“31 February” is not a real date."),
        ('add action "X" due 2027-03-01', "Monday 1 March 2027 is in the past"),
        ('add action "X" <@U0NOBODY1>', "isn't in the partnership's records"),
        ('add action "X" board nowhere', "I don't know a board called “nowhere”"),
        ("add action", "What is the action?"),
        ("add reading NI 15 lots for 2026/27 Q3", "Say it like"),
        ("add reading NI 15 0.7 for 2026/28", "is not a period like"),
        ("add reading NI 999 0.7 for 2026/27", "There is no indicator NI 999."),
        ("move meeting 2027-03-01 to 2027-02-01 board safer", "is in the past"),
        ("move meeting 2027-03-02 to 2027-04-01 board safer", "has no meeting on Tuesday 2 March 2027"),
        ("postpone meeting 2027-03-01 board safer", "Why?"),
        ("done A-99", "There is no action A-99."),
        ("done A-6", "A-6 is already done."),
        ("grant <@U0MIKEC01> emperor", "“emperor” is not a role"),
    ],
)
def test_bad_shortcuts_are_explained_and_change_nothing(forum, text, expected):
    user = ADMIN if text.startswith("grant") else OFFICER
    before = counts(forum)
    reply = ask(forum, text, user)
    assert expected in render_text(reply)
    assert counts(forum) == before


def test_a_reading_updated_keeps_before_and_after(forum):
    ask(forum, "add reading ni15 0.74 for 2026/27 Q2", OFFICER)
    with Session(forum) as session:
        assert session.exec(select(IndicatorReading.value)).one() == 0.74
        event = session.exec(
            select(AuditEvent).where(AuditEvent.entity == "indicator_reading", AuditEvent.verb == "update")
        ).one()
        assert (event.before, event.after) == ({"value": 0.81}, {"value": 0.74})


def test_moving_a_meeting_across_the_clock_change_keeps_local_time(forum):
    ask(forum, 'move meeting 2027-03-01 to 2027-04-05 "room booked" board safer', OFFICER)
    with Session(forum) as session:
        meeting = session.exec(select(Meeting).where(Meeting.venue == "Police HQ")).one()
        assert meeting.starts_at == datetime(2027, 4, 5, 9, 0, tzinfo=UTC)  # 10:00 BST, as before in GMT
        assert meeting.status_reason == "Moved from Monday 1 March 2027 at 10:00 am: room booked"
    history = render_text(ask(forum, "history meeting 2027-04-05 safer", MEMBER))
    assert "Bren McGowan" in history
    assert "starts: Monday 1 March 2027 10:00 am → Monday 5 April 2027 10:00 am" in history
    assert "reason: — → Moved from Monday 1 March 2027 at 10:00 am: room booked" in history
    assert "time unknown" not in history and "+00:00" not in history


def test_done_with_a_note_and_history(forum):
    ask(forum, 'done A-2 "all responses forwarded"', OWNER)
    with Session(forum) as session:
        assert session.get(Action, 2).status == "done"
        assert (
            session.exec(
                select(ActionUpdate.text).where(ActionUpdate.action_id == 2).order_by(ActionUpdate.id.desc())
            ).first()
            == "all responses forwarded"
        )
    history = render_text(ask(forum, "history A-2", MEMBER))
    assert "Sarah Allen\n    status: in progress → done" in history


def test_cli_grant_bootstraps_an_admin(forum):
    ctx = Context(engine=forum, settings=settings_for(forum), surface="console")
    assert not grant_from_cli(ctx, "U0NEWADMIN", "admin", None).ok
    refused = grant_from_cli(ctx, "U0NEWADMIN", "admin", "Cllr Hazel Simmons")
    assert not refused.ok and "Hazel Simmons already has Slack id U0HAZEL01." in render_text(refused)
    with Session(forum) as session:
        hazel = session.exec(select(Person).where(Person.name == "Hazel Simmons")).one()
        assert (hazel.role, hazel.slack_user_id) == ("chair", "U0HAZEL01")  # already had an id: refused
    reply = grant_from_cli(ctx, "U0NEWADMIN", "admin", "Pat New")
    assert reply.ok and render_text(reply) == "Pat New (U0NEWADMIN) is added to the partnership as an admin."
    assert "Mike Colbourne is now an officer" in render_text(ask(forum, "grant <@U0MIKEC01> officer", "U0NEWADMIN"))


def test_a_refused_shortcut_over_signed_http(forum, bot_factory):
    server = bot_factory(forum)
    body = slash_command_body('add action "Sneaky" due tomorrow', user_id=MEMBER)
    reply = post(server.url + "/slack/events", body, signed_headers(body)).json()
    assert reply["response_type"] == "ephemeral"
    assert "Only officers and admins can add actions; you are a member here." in visible_text(reply["blocks"])
    body = slash_command_body('add action "Book the room" due tomorrow', user_id=OFFICER)
    reply = post(server.url + "/slack/events", body, signed_headers(body)).json()
    assert "Added A-8" in visible_text(reply["blocks"])


def test_history_names_people_and_boards_rather_than_ids(forum):
    ask(forum, "reassign A-4 <@U0SARAH01>", CHAIR)
    text = render_text(ask(forum, "history A-4", MEMBER))
    assert "Hazel Simmons\n    owner: — → Sarah Allen" in text
    assert "board Luton Forum" in text and "meeting Luton Forum, Wednesday 17 February 2027" in text


def test_a_reading_says_whether_the_indicator_will_show_it(forum):
    """An earlier period than the latest is history (the indicator still shows the latest); a period
    not yet ended holds the figure so far; the same figure again changes nothing (issue 12, point 6)."""
    today = NOW.astimezone(LONDON).date()
    start = today.year if today.month >= 4 else today.year - 1
    this_year = f"{start}/{(start + 1) % 100:02d}"  # the financial year running on NOW: not ended
    shown = render_text(ask(forum, "indicator NI 15", OFFICER)).splitlines()[1]  # the latest reading's line
    earlier = render_text(ask(forum, "add reading NI 15 0.9 for 2009/10 Q3", OFFICER))
    assert "0.9 recorded for 2009/10 Q3." in earlier
    assert "2009/10 Q3 is earlier than the latest reading (" in earlier and "which the indicator still shows" in earlier
    assert render_text(ask(forum, "indicator NI 15", OFFICER)).splitlines()[1] == shown  # as said: unchanged
    running = render_text(ask(forum, f"add reading NI 15 0.7 for {this_year}", OFFICER))
    assert f"{this_year} runs to " in running and f"31 March {start + 1}: this is the figure so far" in running
    assert "earlier" not in running
    before = counts(forum)
    same = render_text(ask(forum, "add reading NI 15 0.9 for 2009/10 Q3", OFFICER))
    assert same == "NI 15 for 2009/10 Q3 is already 0.9; nothing was changed." and counts(forum) == before


def test_add_action_due_the_end_of_the_month_as_people_say_it(forum):
    text = render_text(
        ask(forum, 'add action "Send the Compact reply" <@U0SARAH01|sarah> due end of the month board safer', OFFICER)
    )
    assert "due Wednesday 31 March 2027" in text, text
