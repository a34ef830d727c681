"""`/forum notify` over signed Slack requests: text shortcuts by the slash command; alone it opens
the form (views.open at the stand-in Slack), whose submission saves the person's own settings,
audited; values no form of ours sends, and someone else's form, are refused and nothing is saved."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.views import View
from sqlmodel import col, select

from storage.db import read_only
from storage.tables import AuditEvent, Person
from storage.types import utcnow
from tests.support.blockkit import visible_text
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.slack_requests import interaction_body, post, signed_headers, slash_command_body, view_submission

OFFICER, MEMBER = "U0BREN001", "U0DAVEK01"


@pytest.fixture
def bot(sqlite_engine, bot_factory):
    today = utcnow().astimezone(LONDON).date()
    load_yaml(sqlite_engine, upcoming_yaml(today), LONDON)
    return bot_factory(sqlite_engine), sqlite_engine


def command(server, text: str, user: str = MEMBER):
    body = slash_command_body(text, user_id=user, channel_id="C0FORUM01")
    return post(server.url + "/slack/events", body, signed_headers(body))


def submit(server, metadata: str, state: dict, user: str = MEMBER):
    body = interaction_body(view_submission("notify_form", metadata, state, user_id=user))
    return post(server.url + "/slack/events", body, signed_headers(body))


def chosen(value):
    return {
        "value": {
            "type": "static_select",
            "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value},
        }
    }


def several(kind, values):
    return {
        "value": {
            "type": kind,
            "selected_options": [{"text": {"type": "plain_text", "text": v}, "value": v} for v in values],
        }
    }


def state(
    route="email",
    kinds=("agenda", "presenter", "consultations", "readings"),
    digest="daily",
    lead_consultations="2",
    muted=("safer",),
):
    return {
        "route": chosen(route),
        "kinds": several("checkboxes", kinds),
        "digest": chosen(digest),
        "lead_actions": chosen("board"),
        "lead_consultations": chosen(lead_consultations),
        "lead_readings": chosen("board"),
        "muted": several("multi_static_select", muted),
    }


def notify_of(engine, user: str):
    with read_only(engine) as session:
        return session.exec(select(Person).where(Person.slack_user_id == user)).one().notify


def opened(slack) -> dict:
    view = slack.calls_to("views.open")[-1].args["view"]
    View(**view).validate_json()  # Slack would accept it
    assert view["callback_id"] == "notify_form"
    return view


def test_text_shortcuts_by_the_slash_command(bot, slack):
    server, engine = bot
    answer = command(server, "notify off actions")
    assert answer.status == 200
    assert "[ ]" not in visible_text(answer.json()["blocks"])  # Slack shows ticks, not brackets
    assert ":no_bell: *actions*" in visible_text(answer.json()["blocks"])
    assert notify_of(engine, MEMBER) == {"off": ["actions"]}
    assert not slack.calls_to("views.open")
    refused = command(server, "notify board forum digest daily")
    assert "Only officers and admins can set a board's reminder defaults" in visible_text(refused.json()["blocks"])


def test_notify_alone_opens_the_form_and_saving_it_saves_the_settings(bot, slack):
    server, engine = bot
    command(server, "notify lead consultations 5")
    assert command(server, "notify").status == 200
    view = opened(slack)
    assert [b["block_id"] for b in view["blocks"]] == [
        "route",
        "kinds",
        "digest",
        "lead_actions",
        "lead_consultations",
        "lead_readings",
        "muted",
    ]
    blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert blocks["route"]["initial_option"]["value"] == "slack"
    assert [o["value"] for o in blocks["kinds"]["initial_options"]] == [
        "agenda",
        "presenter",
        "actions",
        "consultations",
        "readings",
    ]
    assert blocks["lead_consultations"]["initial_option"]["value"] == "5"  # their own, kept on offer
    answer = submit(server, view["private_metadata"], state())
    assert answer.status == 200 and not answer.body
    assert notify_of(engine, MEMBER) == {
        "route": "email",
        "off": ["actions"],
        "digest": "daily",
        "lead": {"consultations": 2},
        "muted": ["safer"],
    }
    said = visible_text(slack.calls_to("chat.postEphemeral")[-1].args["blocks"])
    assert "Saved." in said and "every working day" in said and "*Muted:* Stronger and Safer Communities Board" in said
    with read_only(engine) as session:
        audit = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == "person", AuditEvent.verb == "update")
            .order_by(col(AuditEvent.id).desc())
        ).first()
        assert audit.actor == MEMBER and audit.note == "notify (form)"
        assert audit.after["notify"]["route"] == "email"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"route": "carrier-pigeon"}, "route"),
        ({"kinds": ("agenda", "digests")}, "kinds"),
        ({"digest": "hourly"}, "digest"),
        ({"lead_consultations": "999"}, "lead_consultations"),
        ({"lead_consultations": "-1"}, "lead_consultations"),
        ({"muted": ("narnia",)}, "muted"),
    ],
)
def test_tampered_values_are_refused_against_their_field(bot, slack, changes, field):
    server, engine = bot
    command(server, "notify")
    view = opened(slack)
    answer = submit(server, view["private_metadata"], state(**changes))
    assert answer.status == 200
    assert answer.json()["response_action"] == "errors" and field in answer.json()["errors"]
    assert notify_of(engine, MEMBER) is None


def test_someone_elses_form_or_forged_metadata_saves_nothing(bot, slack):
    server, engine = bot
    command(server, "notify")
    metadata = opened(slack)["private_metadata"]
    answer = submit(server, metadata, state(), user=OFFICER)  # Dave's form, sent as Bren
    assert answer.json()["response_action"] == "errors"
    assert "someone else's settings" in answer.json()["errors"]["route"]
    for forged in ("", "not json", json.dumps({"person": "1; DROP TABLE person"})):
        answer = submit(server, forged, state())
        assert answer.json()["response_action"] == "errors"
    assert notify_of(engine, MEMBER) is None and notify_of(engine, OFFICER) is None
