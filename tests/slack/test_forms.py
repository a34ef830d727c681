"""Officers' forms end to end: `/forum new …` opens a modal (checked at the stand-in Slack), its
submission is validated inline or saved and audited; two officers editing one action don't clobber."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from slack_sdk.models.views import View
from sqlmodel import Session, select

from storage.tables import Action, AgendaItem, AuditEvent, Consultation, IndicatorReading, Meeting, Paper
from storage.types import utcnow
from tests.support.blockkit import visible_text
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.slack_requests import (
    block_action,
    interaction_body,
    post,
    signed_headers,
    slash_command_body,
    view_submission,
)

OFFICER, MEMBER = "U0BREN001", "U0DAVEK01"


@pytest.fixture
def bot(sqlite_engine, bot_factory):
    today = utcnow().astimezone(LONDON).date()
    load_yaml(
        sqlite_engine,
        upcoming_yaml(today)
        + f"""
actions:
  - {{description: Circulate the update, owner: Dave Kempson, due: {today + timedelta(days=9)}}}
indicators:
  - {{code: NI 15, title: Serious violent crime, direction: lower, targets: {{{today.year - 1}/{today.year % 100:02d}: 0.7}}}}
""",
        LONDON,
    )
    return bot_factory(sqlite_engine), sqlite_engine, today


def command(server, text: str, user: str = OFFICER):
    body = slash_command_body(text, user_id=user, channel_id="C0FORUM01")
    return post(server.url + "/slack/events", body, signed_headers(body))


def submit(server, metadata: str, values: dict, user: str = OFFICER):
    state = {}
    for field, value in values.items():
        if isinstance(value, tuple):  # (element type, value)
            kind, value = value
        else:
            kind = "plain_text_input"
        key = {
            "datepicker": "selected_date",
            "timepicker": "selected_time",
            "users_select": "selected_user",
            "plain_text_input": "value",
        }.get(kind)
        element = {"type": kind}
        if kind == "static_select":
            element["selected_option"] = {"text": {"type": "plain_text", "text": value}, "value": value}
        else:
            element[key] = value
        state[field] = {"value": element}
    body = interaction_body(view_submission("forum_form", metadata, state, user_id=user))
    return post(server.url + "/slack/events", body, signed_headers(body))


def opened_form(slack, kind: str) -> dict:
    view = slack.calls_to("views.open")[-1].args["view"]
    View(**view).validate_json()  # Slack would accept it
    assert view["callback_id"] == "forum_form" and json.loads(view["private_metadata"])["kind"] == kind
    return view


@pytest.mark.parametrize(
    "kind, fields",
    [
        ("meeting", ["board", "date", "time", "venue", "address"]),
        ("agenda-item", ["meeting", "number", "title", "presenter", "presenter_text", "purpose", "paper", "paper_url"]),
        ("action", ["description", "owner", "due", "board"]),
        ("consultation", ["title", "issuer", "url", "closes", "owner", "board"]),
        ("reading", ["indicator", "period", "value"]),
    ],
)
def test_new_opens_the_right_form_for_officers(bot, slack, kind, fields):
    server, _, _ = bot
    answer = command(server, f"new {kind}")
    assert answer.status == 200
    view = opened_form(slack, kind)
    assert [b["block_id"] for b in view["blocks"]] == fields
    assert slack.calls_to("views.open")[-1].args["trigger_id"].startswith("13345224609.738474920.")  # the command's own


def test_members_get_no_form(bot, slack):
    server, _, _ = bot
    reply = command(server, "new meeting", user=MEMBER).json()
    assert "Only officers and admins can add meetings" in visible_text(reply["blocks"])
    assert not slack.calls_to("views.open")


def test_a_new_meeting_is_saved_in_uk_time_and_confirmed(bot, slack):
    server, engine, today = bot
    command(server, "new meeting")
    metadata = opened_form(slack, "meeting")["private_metadata"]
    day = today + timedelta(days=60)
    answer = submit(
        server,
        metadata,
        {
            "board": ("static_select", "safer"),
            "date": ("datepicker", day.isoformat()),
            "time": ("timepicker", "14:00"),
            "venue": "Hat Factory",
            "address": None,
        },
    )
    assert answer.status == 200 and answer.body in (b"", b"{}")
    with Session(engine) as session:
        meeting = session.exec(select(Meeting).where(Meeting.venue == "Hat Factory", Meeting.board_id == 2)).one()
        local = meeting.starts_at.astimezone(LONDON)
        assert (local.date(), local.hour) == (day, 14)
        audit = session.exec(
            select(AuditEvent).where(AuditEvent.entity == "meeting", AuditEvent.entity_id == meeting.id)
        ).one()
        assert audit.actor == OFFICER and audit.verb == "create"
    said = slack.calls_to("chat.postEphemeral")[-1].args
    assert said["channel"] == "C0FORUM01" and said["user"] == OFFICER and "Meeting added" in said["text"]


@pytest.mark.parametrize(
    "kind, values, errors",
    [
        (
            "meeting",
            {
                "board": ("static_select", "forum"),
                "date": ("datepicker", "2001-01-01"),
                "time": ("timepicker", "14:00"),
                "venue": "Town Hall",
            },
            {"date": "That is in the past: a meeting needs a day to come."},
        ),
        (
            "meeting",
            {"board": ("static_select", "forum"), "date": ("datepicker", None), "venue": ""},
            {"date": "Choose the day.", "venue": "Give the venue."},
        ),
        (
            "action",
            {"description": "Write it", "due": ("datepicker", "2001-01-01")},
            {"due": "That day has passed; give a due date from today on."},
        ),
        (
            "action",
            {"description": "Write it", "owner": ("users_select", "U0NOBODY1")},
            {"owner": "They aren't in the partnership's records yet; an officer can add them."},
        ),
        (
            "reading",
            {"indicator": "NI 15", "period": "2090/91 Q1", "value": "0.7"},
            {"period": "That period hasn't started yet."},
        ),
        (
            "reading",
            {"indicator": "NI 15", "period": "last year", "value": "lots"},
            {
                "period": "A period looks like 2009/10, 2009/10 Q3 or 2009/10 M01 (April).",
                "value": "Give a number, e.g. 0.74.",
            },
        ),
        (
            "reading",
            {"indicator": "NI 999", "period": "2020/21", "value": "1"},
            {"indicator": "No indicator has that code (e.g. NI 15)."},
        ),
        (
            "consultation",
            {"title": "Compact", "closes": ("datepicker", "2001-01-01"), "url": "javascript:alert(1)"},
            {"closes": "That day has passed.", "url": "A link starts with https://"},
        ),
    ],
)
def test_invalid_forms_come_back_with_inline_errors_and_save_nothing(bot, slack, kind, values, errors):
    server, engine, _ = bot
    command(server, f"new {kind}")
    metadata = opened_form(slack, kind)["private_metadata"]
    with Session(engine) as session:
        before = session.exec(select(AuditEvent)).all()
    answer = submit(server, metadata, values)
    assert answer.json() == {"response_action": "errors", "errors": errors}
    with Session(engine) as session:
        assert len(session.exec(select(AuditEvent)).all()) == len(before)


def test_an_agenda_item_with_a_paper_and_a_reading_and_a_consultation(bot, slack):
    server, engine, today = bot
    command(server, "new agenda-item")
    view = opened_form(slack, "agenda-item")
    meeting_value = view["blocks"][0]["element"]["options"][0]["value"]
    submit(
        server,
        view["private_metadata"],
        {
            "meeting": ("static_select", meeting_value),
            "number": "8",
            "title": "Compact & <codes>",
            "presenter": ("users_select", OFFICER),
            "purpose": ("static_select", "decision"),
            "paper_url": "https://example.org/compact.pdf",
        },
    )
    command(server, "new reading")
    submit(
        server,
        opened_form(slack, "reading")["private_metadata"],
        {"indicator": "ni15", "period": f"{today.year - 1}/{today.year % 100:02d} Q2", "value": "0.74"},
    )
    command(server, "new consultation")
    submit(
        server,
        opened_form(slack, "consultation")["private_metadata"],
        {
            "title": "Compact code on volunteering",
            "closes": ("datepicker", (today + timedelta(days=30)).isoformat()),
            "owner": ("users_select", OFFICER),
            "board": ("static_select", "forum"),
        },
    )
    with Session(engine) as session:
        item = session.exec(select(AgendaItem).where(AgendaItem.number == "8")).one()
        assert item.title == "Compact & <codes>" and item.purpose == "decision"
        assert (
            session.exec(select(Paper.url).where(Paper.agenda_item_id == item.id)).one()
            == "https://example.org/compact.pdf"
        )
        assert session.exec(select(IndicatorReading.value)).one() == 0.74
        consultation = session.exec(select(Consultation)).one()
        assert consultation.closes == today + timedelta(days=30) and consultation.response_owner_id == 1


def test_two_officers_editing_one_action_do_not_overwrite_each_other(bot, slack):
    server, engine, _ = bot
    for user in (OFFICER, "U0HAZEL01"):
        if user == "U0HAZEL01":
            with Session(engine) as session:  # Hazel is the chair; make her an officer for this test
                from storage.tables import Person

                hazel = session.exec(select(Person).where(Person.slack_user_id == user)).one()
                hazel.role = "officer"
                session.add(hazel)
                session.commit()
        post_ = interaction_body(block_action("action_edit", "1", user_id=user))
        post(server.url + "/slack/events", post_, signed_headers(post_))
    first, second = (call.args["view"] for call in slack.calls_to("views.open")[-2:])
    assert json.loads(first["private_metadata"])["version"] == json.loads(second["private_metadata"])["version"] == 1
    initial = {b["block_id"]: b["element"] for b in first["blocks"]}
    assert initial["description"]["initial_value"] == "Circulate the update"
    assert initial["status"]["initial_option"]["value"] == "open"
    saved = submit(
        server,
        first["private_metadata"],
        {"description": "Circulate the update to all partners", "status": ("static_select", "in_progress")},
        user=OFFICER,
    )
    assert saved.body in (b"", b"{}")
    clash = submit(
        server,
        second["private_metadata"],
        {"description": "Circulate it by email", "status": ("static_select", "done")},
        user="U0HAZEL01",
    )
    assert "changed this action while you had it open" in clash.json()["errors"]["description"]
    with Session(engine) as session:
        action = session.get(Action, 1)
        assert (action.description, action.status, action.version) == (
            "Circulate the update to all partners",
            "in_progress",
            2,
        )


def test_a_forged_submission_by_a_member_is_refused_in_the_form(bot, slack):
    server, engine, _ = bot
    metadata = json.dumps({"kind": "action", "id": None, "version": None, "channel": None})
    answer = submit(server, metadata, {"description": "Sneaky"}, user=MEMBER)
    assert "Only officers and admins" in answer.json()["errors"]["description"]
    with Session(engine) as session:
        assert session.exec(select(Action).where(Action.description == "Sneaky")).first() is None


def test_editing_a_meeting_to_postpone_it_needs_a_reason_and_keeps_the_record(bot, slack):
    server, engine, today = bot
    blocks = command(server, "next-meeting").json()["blocks"]
    edit = [e for e in blocks[-1]["elements"] if e["action_id"] == "meeting_edit"][0]
    body = interaction_body(block_action("meeting_edit", edit["value"], user_id=OFFICER))
    post(server.url + "/slack/events", body, signed_headers(body))
    view = opened_form(slack, "meeting")
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert fields["venue"]["initial_value"] == "Central Library" and fields["time"]["initial_time"] == "14:00"
    day = fields["date"]["initial_date"]
    values = {
        "board": ("static_select", "forum"),
        "date": ("datepicker", day),
        "time": ("timepicker", "14:00"),
        "venue": "Central Library",
        "status": ("static_select", "postponed"),
    }
    answer = submit(server, view["private_metadata"], values)
    assert answer.json()["errors"] == {"status_reason": "Say why it is postponed: members will see it."}
    values["status_reason"] = "Chair unavailable"
    assert submit(server, view["private_metadata"], values).body in (b"", b"{}")
    with Session(engine) as session:
        meeting = session.get(Meeting, int(edit["value"]))
        assert (meeting.status, meeting.status_reason, meeting.version) == ("postponed", "Chair unavailable", 2)
    stale = submit(server, view["private_metadata"], dict(values, venue="Town Hall"))
    assert "Someone else changed this meeting" in stale.json()["errors"]["venue"]
    text = visible_text(command(server, "next-meeting").json()["blocks"])
    assert "postponed" in text.lower() and "Chair unavailable" in text


def test_members_see_no_edit_button(bot):
    server, _, _ = bot
    blocks = command(server, "next-meeting", user=MEMBER).json()["blocks"]
    assert "meeting_edit" not in [e["action_id"] for e in blocks[-1]["elements"]]
