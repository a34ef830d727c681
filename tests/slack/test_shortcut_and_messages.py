"""The global shortcut's menu and direct messages to the bot, through the real bolt app with signed
requests and the stand-in Slack (issue 12, point 5): the shortcut opens a menu of the forms its user
may open, and choosing one puts that form in its place; a DM is answered like `/forum`, in a thread,
and the bot never answers its own messages."""

from __future__ import annotations

import json
import time

import pytest

from storage.types import utcnow
from tests.imports.test_paper_slack import send_event, wait_for
from tests.support.blockkit import visible_text
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.slack_requests import interaction_body, post, signed_headers, trigger_id, view_submission

OFFICER, MEMBER = "U0BREN001", "U0DAVEK01"


@pytest.fixture
def bot(sqlite_engine, bot_factory):
    load_yaml(sqlite_engine, upcoming_yaml(utcnow().astimezone(LONDON).date()), LONDON)
    return bot_factory(sqlite_engine)


def shortcut(server, user: str):
    payload = {
        "type": "shortcut",
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "action_ts": "1700000000.000001",
        "team": {"id": "T0LUTON01", "domain": "luton-forum"},
        "user": {"id": user, "username": "someone", "team_id": "T0LUTON01"},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": "forum_menu",
        "trigger_id": trigger_id(),
    }
    body = interaction_body(payload)
    return post(server.url + "/slack/events", body, signed_headers(body))


def choose(server, value: str, user: str):
    values = {"choice": {"value": {"type": "static_select", "selected_option": {"value": value}}}}
    body = interaction_body(view_submission("forum_menu", "", values, user_id=user))
    answer = post(server.url + "/slack/events", body, signed_headers(body))
    assert answer.status == 200
    return answer.json() if answer.body else {}


def opened_menu(slack) -> dict:
    view = slack.calls_to("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def offered(view: dict) -> list[str]:
    choice = next(b for b in view["blocks"] if b.get("block_id") == "choice")
    return [o["value"] for o in choice["element"]["options"]]


def test_the_shortcut_offers_each_person_the_forms_they_may_open(bot, slack):
    assert shortcut(bot, MEMBER).status == 200
    view = opened_menu(slack)
    assert view["callback_id"] == "forum_menu" and offered(view) == ["search"]
    assert "Members can search" in visible_text(view["blocks"])

    assert shortcut(bot, OFFICER).status == 200
    assert offered(opened_menu(slack)) == [
        "search",
        "new meeting",
        "new agenda-item",
        "new action",
        "new consultation",
        "new reading",
    ]


def test_choosing_a_form_puts_it_in_the_menus_place(bot, slack):
    answer = choose(bot, "new action", OFFICER)
    assert answer["response_action"] == "update" and answer["view"]["callback_id"] == "forum_form"
    assert "description" in [b.get("block_id") for b in answer["view"]["blocks"]]  # the action form itself
    answer = choose(bot, "search", MEMBER)
    assert answer["response_action"] == "update" and answer["view"]["callback_id"] == "search_modal"

    tampered = choose(bot, "new meeting", MEMBER)  # a member cannot open an officer's form by editing the value
    assert tampered == {"response_action": "errors", "errors": {"choice": "Choose one of the forms offered."}}
    assert choose(bot, "drop A-1", OFFICER)["response_action"] == "errors"  # only what the menu offered runs


def dm(text: str, user: str = OFFICER, **extra) -> dict:
    return {
        "type": "message",
        "channel": "D0BREN001",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": "1700000100.000100",
        "event_ts": "1700000100.000100",
        **extra,
    }


def posted(slack, since: int) -> list:
    return list(slack.calls_to("chat.postMessage")[since:])


def test_a_direct_message_is_answered_like_forum_in_a_thread(bot, slack):
    before = len(slack.calls_to("chat.postMessage"))
    assert send_event(bot, dm("next-meeting")).status == 200
    reply = wait_for(lambda: posted(slack, before))[0]
    assert reply.args["channel"] == "D0BREN001" and reply.args["thread_ts"] == "1700000100.000100"
    text = visible_text(reply.args["blocks"])
    assert "Central Library" in text  # the Forum's next meeting, past the cancelled one

    before = len(slack.calls_to("chat.postMessage"))
    send_event(bot, dm("/forum meetings safer", ts="1700000200.000100"))  # typed as in the message box
    reply = wait_for(lambda: posted(slack, before))[0]
    assert "Police HQ" in visible_text(reply.args["blocks"])

    before = len(slack.calls_to("chat.postMessage"))
    send_event(bot, dm("new action", ts="1700000300.000100"))  # a form needs a click: said so
    reply = wait_for(lambda: posted(slack, before))[0]
    assert "type `/forum new action`" in reply.args["text"]


def test_the_bot_never_answers_its_own_or_edited_messages(bot, slack):
    before = len(slack.calls_to("chat.postMessage"))
    assert send_event(bot, dm("next-meeting", user="U0FORUMBOT", bot_id="B0FORUMBOT")).status == 200
    assert send_event(bot, dm("next-meeting", subtype="message_changed")).status == 200
    assert send_event(bot, {**dm("next-meeting"), "channel_type": "channel", "channel": "C0FORUM01"}).status == 200
    send_event(bot, dm("meetings safer", ts="1700000400.000100"))  # a real one after them: the only answer
    wait_for(lambda: posted(slack, before))
    time.sleep(0.3)  # the ignored events' lazy runs finish within this; they post nothing
    answers = posted(slack, before)
    assert len(answers) == 1 and "Police HQ" in visible_text(answers[0].args["blocks"])
