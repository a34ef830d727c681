"""Corrective actions (issue 17, point 3): an officer gives a red or amber indicator an action and an
owner — `add correction CODE "…" @owner due …`, or the *Add corrective action* button on `indicator`
and its form — and it is an action like any other (reminders, `actions`, `done`), linked to the
indicator and shown with it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from slack_sdk.models.views import View
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from commands.core.reply import Reply
from commands.reminder_engine.sweep import upcoming
from storage.tables import Action, AuditEvent, Board, Indicator
from templates import render_blocks, render_text
from tests.conftest import DATA
from tests.support import asking
from tests.support.blockkit import visible_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON, utc
from tests.support.partnerships import load_yaml
from tests.support.slack_requests import (
    block_action,
    interaction_body,
    post,
    signed_headers,
    slash_command_body,
    view_submission,
)

NOW = datetime(2027, 3, 25, 9, tzinfo=UTC)  # Thursday 25 March 2027
OFFICER, CHAIR, OWNER, MEMBER = "U0BREN001", "U0HAZEL01", "U0SARAH01", "U0MIKEC01"

INDICATORS = """
indicators:
  - {code: NI 15, title: Serious violent crime, direction: lower, board: safer,
     targets: {2026/27: 0.72}, readings: {2026/27 Q2: 0.81}}
  - {code: NI 16, title: Serious acquisitive crime, direction: lower, board: safer,
     targets: {2026/27: 21}, readings: {2026/27 Q2: 20}}
  - {code: NI 17, title: Perceptions of anti-social behaviour, direction: lower, board: safer}
"""


@pytest.fixture
def forum(engine):
    load_yaml(engine, (DATA / "actions.yaml").read_text() + INDICATORS, LONDON)
    return engine


def ask(engine, text: str, user: str | None = OFFICER, now: datetime = NOW) -> Reply:
    return asking.ask(engine, text, user, now=now)


def counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
        }


ADD = 'add correction NI 15 "Extra patrols in the town centre at weekends" <@U0SARAH01> due next friday'


def test_a_corrective_action_is_an_action_of_the_indicator_on_its_board(forum):
    text = render_text(ask(forum, ADD))
    assert text == (
        ":white_check_mark: Added A-8, a corrective action for NI 15 Serious violent crime, owner Sarah Allen, "
        "due Friday 26 March 2027: “Extra patrols in the town centre at weekends”."
    )
    with Session(forum) as session:
        action = session.get(Action, 8)
        indicator = session.exec(select(Indicator).where(Indicator.code == "NI 15")).one()
        safer = session.exec(select(Board).where(Board.slug == "safer")).one()
        assert (action.indicator_id, action.board_id, action.due_date, action.status, action.source) == (
            indicator.id,
            safer.id,
            date(2027, 3, 26),
            "open",
            "slack:U0BREN001",
        )
        event = session.exec(select(AuditEvent).where(AuditEvent.entity == "action", AuditEvent.entity_id == 8)).one()
        assert (event.verb, event.actor, event.after["indicator_id"]) == ("create", OFFICER, indicator.id)


@pytest.mark.parametrize(
    "owner, name",
    [("@Sarah", "Sarah Allen"), ("Sarah Allen", "Sarah Allen"), ("owner Mike Colbourne", "Mike Colbourne")],
)
def test_owners_as_typed(forum, owner, name):
    reply = ask(forum, f'add correction ni15 "Walkabouts" {owner} due 1 April 2027')
    assert f"owner {name}, due Thursday 1 April 2027" in render_text(reply)


@pytest.mark.parametrize(
    "text, expected",
    [
        ('add correction NI 16 "X" @Sarah', "NI 16 is green: 20 against a target of 21"),
        ('add correction NI 17 "X" @Sarah', "NI 17 has no status yet"),
        ('add correction NI 99 "X" @Sarah', "I can't find an indicator matching “NI 99”."),
        ('add correction crime "X" @Sarah', "“crime” matches several"),
        ('add correction NI 15 "X" @Nobody', "I can't find anyone called “@Nobody”"),
        ('add correction NI 15 "X" <@U0NOBODY1>', "isn't in the partnership's records"),
        ('add correction NI 15 "X"', "Who will do it? Name an owner"),
        ('add correction NI 15 "X" @Sarah due 31 February', "“31 February” is not a real date."),
        ('add correction NI 15 "X" @Sarah due 2027-03-01', "is in the past"),
        ('add correction "X" @Sarah', "Say it like `add correction NI 15"),
        ("add correction NI 15 patrols", "Say it like `add correction NI 15"),
    ],
)
def test_what_cannot_be_added_is_explained_and_nothing_is_written(forum, text, expected):
    before = counts(forum)
    assert expected in render_text(ask(forum, text))
    assert counts(forum) == before


@pytest.mark.parametrize("user", [CHAIR, OWNER, MEMBER, "U0NOBODY9"])
def test_only_officers_and_admins_add_them(forum, user):
    before = counts(forum)
    reply = ask(forum, ADD, user)
    assert not reply.ok and "Only officers and admins can add corrective actions" in render_text(reply)
    after = counts(forum)
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {"audit_event": 1}  # the refusal


def test_shown_with_the_indicator_and_in_the_lists_until_done(forum):
    listed = render_text(ask(forum, "indicators"))
    assert "Serious violent crime\n" in listed and "(12% worse) · 2026/27 Q2 · no corrective action" in listed
    assert "Serious acquisitive crime" in listed and listed.count("no corrective action") == 1  # not green, not none
    assert "No corrective action yet: add correction NI 15" in render_text(ask(forum, "indicator NI 15"))

    ask(forum, ADD)
    assert "no corrective action" not in render_text(ask(forum, "indicators"))
    one = ask(forum, "indicator NI 15", MEMBER)
    assert (
        "Corrective actions:\n  A-8 Extra patrols in the town centre at weekends · Sarah Allen"
        " · due Friday 26 March 2027 · open"
    ) in render_text(one)
    shown = visible_text(render_blocks(one))
    assert "Corrective actions" in shown and "A-8" in shown and "no corrective action" not in shown
    assert "corrective action for NI 15 Serious violent crime" in render_text(ask(forum, "action A-8", MEMBER))
    assert "A-8" in render_text(ask(forum, "actions safer", MEMBER))

    assert ask(forum, 'done A-8 "patrols running"', OWNER).ok  # its owner closes it like any action
    assert "Corrective actions" not in render_text(ask(forum, "indicator NI 15"))
    assert "no corrective action" in render_text(ask(forum, "indicators red"))


def test_the_button_is_on_red_and_amber_indicators_only(forum):
    def buttons(code: str) -> list[str]:
        blocks = render_blocks(ask(forum, f"indicator {code}"))
        return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]

    assert buttons("NI 15") == ["indicator_correct"]
    assert buttons("NI 16") == [] and buttons("NI 17") == []


def test_overdue_it_says_which_indicator_it_corrects(forum):
    ask(forum, ADD)
    later = datetime(2027, 4, 6, 9, tzinfo=UTC)
    overdue = ask(forum, "actions overdue", CHAIR, now=later)
    assert "A-8  Extra patrols in the town centre at weekends" in render_text(overdue)
    assert "corrective action for NI 15 Serious violent crime" in render_text(overdue)
    assert "corrective action for *NI 15 Serious violent crime*" in visible_text(render_blocks(overdue))


def test_in_the_reminders_like_any_action(forum):
    ask(forum, ADD)
    settings = settings_for(forum)
    due = [d for d in upcoming(forum, settings, utc(2027, 3, 25, 8), 2) if d.kind == "action_due"]
    mine = [d for d in due if d.data["action"]["ref"] == "A-8"]
    assert mine and mine[0].recipient == "Sarah Allen"
    assert "corrective action for NI 15 Serious violent crime" in render_text(Reply(mine[0].template, mine[0].data))

    week = upcoming(forum, settings, utc(2027, 4, 5), 1)  # Monday 5 April: Easter Monday, so Tuesday 6th
    digests = [d for d in week if d.kind == "overdue_digest"]
    nudges = [d for d in week if d.kind == "actions_overdue" and d.recipient == "Sarah Allen"]
    assert digests and nudges
    for d in digests + nudges:
        reply = Reply(d.template, d.data)
        if "A-8" in render_text(reply):
            assert "corrective action for NI 15 Serious violent crime" in render_text(reply)
            assert "corrective action for *NI 15 Serious violent crime*" in visible_text(render_blocks(reply))
    assert any("A-8" in render_text(Reply(d.template, d.data)) for d in digests)
    assert any("A-8" in render_text(Reply(d.template, d.data)) for d in nudges)


def test_added_through_a_signed_slash_command(forum, bot_factory):
    server = bot_factory(forum)
    body = slash_command_body(ADD.replace("next friday", "2027-12-17"), user_id=OFFICER)
    reply = post(server.url + "/slack/events", body, signed_headers(body)).json()
    assert reply["response_type"] == "ephemeral"
    assert "Added A-8, a corrective action for NI 15 Serious violent crime, owner Sarah Allen" in visible_text(
        reply["blocks"]
    )
    with Session(forum) as session:
        assert session.get(Action, 8).indicator_id is not None
    body = slash_command_body(ADD, user_id=MEMBER)
    reply = post(server.url + "/slack/events", body, signed_headers(body)).json()
    assert "Only officers and admins can add corrective actions" in visible_text(reply["blocks"])


def press(server, payload: dict):
    body = interaction_body(payload)
    return post(server.url + "/slack/events", body, signed_headers(body))


def submitted(server, metadata: str, description: str, owner: str | None, due: str | None, user: str = OFFICER):
    state = {"description": {"value": {"type": "plain_text_input", "value": description}}}
    state["owner"] = {"value": {"type": "users_select", "selected_user": owner}}
    state["due"] = {"value": {"type": "datepicker", "selected_date": due}}
    return press(server, view_submission("forum_form", metadata, state, user_id=user))


def test_the_button_opens_a_form_whose_submission_adds_the_corrective_action(forum, bot_factory, slack):
    server = bot_factory(forum)
    body = slash_command_body("indicator NI 15", user_id=OFFICER, channel_id="C0SAFER01")
    blocks = post(server.url + "/slack/events", body, signed_headers(body)).json()["blocks"]
    button = [e for b in blocks if b["type"] == "actions" for e in b["elements"]][0]
    assert (button["action_id"], button["text"]["text"]) == ("indicator_correct", "Add corrective action")

    press(server, block_action("indicator_correct", button["value"], user_id=OFFICER, channel_id="C0SAFER01"))
    opened = slack.calls_to("views.open")[-1]
    view = opened.args["view"]
    View(**view).validate_json()  # Slack would accept it
    assert view["callback_id"] == "forum_form" and view["title"]["text"] == "Corrective action"
    assert [b.get("block_id") for b in view["blocks"] if b["type"] == "input"] == ["description", "owner", "due"]
    assert "For *NI 15 Serious violent crime*" in visible_text(view["blocks"])
    assert json.loads(view["private_metadata"])["kind"] == "correction"

    metadata = view["private_metadata"]
    today = datetime.now(UTC).astimezone(LONDON).date()
    missing = submitted(server, metadata, "Extra patrols", None, (today - timedelta(days=1)).isoformat()).json()
    assert missing["errors"] == {
        "owner": "Who will do it?",
        "due": "That day has passed; give a due date from today on.",
    }
    due = today + timedelta(days=30)
    answer = submitted(server, metadata, "Extra patrols at weekends", "U0SARAH01", due.isoformat())
    assert answer.body in (b"", b"{}")  # the form closes
    told = slack.calls_to("chat.postEphemeral")[-1].args
    assert told["channel"] == "C0SAFER01" and told["user"] == OFFICER
    assert "Added A-8, a corrective action for NI 15 Serious violent crime, owner Sarah Allen" in told["text"]
    with Session(forum) as session:
        action = session.get(Action, 8)
        indicator = session.exec(select(Indicator).where(Indicator.code == "NI 15")).one()
        safer = session.exec(select(Board).where(Board.slug == "safer")).one()
        assert (action.description, action.indicator_id, action.board_id, action.due_date, action.status) == (
            "Extra patrols at weekends",
            indicator.id,
            safer.id,
            due,
            "open",
        )
        event = session.exec(select(AuditEvent).where(AuditEvent.entity == "action", AuditEvent.entity_id == 8)).one()
        assert (event.verb, event.actor) == ("create", OFFICER)


def test_a_member_pressing_it_is_refused_as_for_other_officer_forms(forum, bot_factory, slack):
    server = bot_factory(forum)
    with Session(forum) as session:
        indicator_id = session.exec(select(Indicator.id).where(Indicator.code == "NI 15")).one()
    press(server, block_action("indicator_correct", str(indicator_id), user_id=MEMBER, response_url=slack.response_url))
    assert "Only officers and admins can add corrective actions" in slack.responses()[-1].args["text"]
    assert not slack.calls_to("views.open")
    # A form sent anyway (hidden data made up, or the role taken away meanwhile) saves nothing.
    metadata = json.dumps({"kind": "correction", "id": None, "indicator": indicator_id, "channel": None})
    before = counts(forum)
    answer = submitted(server, metadata, "Sneaky", "U0SARAH01", None, user=MEMBER).json()
    assert "Only officers and admins" in answer["errors"]["description"]
    with Session(forum) as session:
        assert session.get(Action, 8) is None
    assert counts(forum)["action"] == before["action"]


@pytest.mark.parametrize("code, expected", [("NI 16", "NI 16 is green"), ("NI 17", "NI 17 has no status yet")])
def test_a_form_for_an_indicator_that_is_not_red_or_amber_is_refused(forum, bot_factory, slack, code, expected):
    server = bot_factory(forum)
    with Session(forum) as session:
        indicator_id = session.exec(select(Indicator.id).where(Indicator.code == code)).one()
    press(
        server, block_action("indicator_correct", str(indicator_id), user_id=OFFICER, response_url=slack.response_url)
    )
    assert expected in slack.responses()[-1].args["text"] and not slack.calls_to("views.open")
    metadata = json.dumps({"kind": "correction", "id": None, "indicator": indicator_id, "channel": None})
    answer = submitted(server, metadata, "X", "U0SARAH01", None).json()
    assert expected in answer["errors"]["description"]
    metadata = json.dumps({"kind": "correction", "id": None, "indicator": 2**40, "channel": None})
    assert "no longer recorded" in submitted(server, metadata, "X", "U0SARAH01", None).json()["errors"]["description"]
