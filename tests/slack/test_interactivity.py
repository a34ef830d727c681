"""Buttons, modals and the Home tab through the signed HTTP path, payloads shaped as Slack sends them;
what the bot then asks of Slack is checked at the stand-in."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlmodel import Session

from storage.tables import Action, ActionUpdate, Attendance, Meeting
from storage.types import utcnow
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.slack_requests import (
    block_action,
    event_callback,
    interaction_body,
    post,
    signed_headers,
    slash_command_body,
    view_submission,
)


@pytest.fixture
def bot(sqlite_engine, bot_factory):
    today = utcnow().astimezone(LONDON).date()
    overdue, soon = today - timedelta(days=4), today + timedelta(days=6)
    load_yaml(
        sqlite_engine,
        upcoming_yaml(today)
        + f"""
actions:
  - {{description: Circulate the theme board update, owner: Bren McGowan, due: {overdue}}}
  - {{description: Report back on the priorities, owner: Bren McGowan, due: {soon}}}
  - {{description: Present the budget, owner: Dave Kempson, due: {soon}}}
""",
        LONDON,
    )
    return bot_factory(sqlite_engine, FORUM_PUBLIC_URL="https://forum.example.org"), sqlite_engine


def press(bot, payload: dict):
    body = interaction_body(payload)
    return post(bot.url + "/slack/events", body, signed_headers(body))


def next_meeting_id(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(Meeting.id).where(Meeting.venue == "Central Library")).scalar_one()


def test_next_meeting_has_apologies_calendar_and_share_buttons(bot):
    server, engine = bot
    body = slash_command_body("next-meeting")
    blocks = post(server.url + "/slack/events", body, signed_headers(body)).json()["blocks"]
    buttons = blocks[-1]["elements"]
    # Bren is an officer, so he also gets Edit
    assert [b["action_id"] for b in buttons] == [
        "meeting_apologies",
        "meeting_calendar",
        "meeting_share",
        "meeting_edit",
    ]
    assert buttons[1]["url"].endswith(f"/calendar/meeting/{next_meeting_id(engine)}.ics")


def test_send_apologies_button_records_them_and_says_so_privately(bot, slack):
    server, engine = bot
    meeting_id = next_meeting_id(engine)
    answer = press(
        server, block_action("meeting_apologies", str(meeting_id), user_id="U0DAVEK01", response_url=slack.response_url)
    )
    assert answer.status == 200
    reply = slack.responses()[-1].args
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
    assert "Apologies recorded for you, Dave Kempson, for the Luton Forum" in reply["text"]
    with Session(engine) as session:
        row = session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id)).scalar_one()
        assert row.kind == "apologies" and row.name_text == "Dave Kempson"


def test_share_in_channel_posts_the_meeting_for_everyone(bot, slack):
    server, engine = bot
    press(
        server,
        block_action(
            "meeting_share", str(next_meeting_id(engine)), channel_id="C0FORUM01", response_url=slack.response_url
        ),
    )
    posted = slack.calls_to("chat.postMessage")[-1].args
    assert posted["channel"] == "C0FORUM01"
    assert_valid_blocks(posted["blocks"])
    text = visible_text(posted["blocks"])
    assert "Central Library" in text and "Sustainable Community Strategy priorities" in text
    assert not any(b["type"] == "actions" for b in posted["blocks"])  # no personal buttons for the channel
    assert "Shared the Luton Forum meeting" in slack.responses()[-1].args["text"]


def test_share_where_the_bot_is_not_invited_says_how_to_fix_it(bot, slack):
    server, engine = bot
    slack.scripted["chat.postMessage"] = [(200, {"ok": False, "error": "not_in_channel"}, {})]
    answer = press(
        server,
        block_action(
            "meeting_share", str(next_meeting_id(engine)), channel_id="C0OTHER01", response_url=slack.response_url
        ),
    )
    assert answer.status == 200
    assert "invite me with `/invite @Forum bot`" in slack.responses()[-1].args["text"]


def test_mark_done_button_closes_for_the_owner_and_the_chair_as_done_does_and_refuses_anyone_else(bot, slack):
    server, engine = bot
    press(server, block_action("action_done", "3", user_id="U0NEWBIE1", response_url=slack.response_url))
    refused = slack.responses()[-1].args["text"]
    assert "Only officers, the chair and admins (or the action's owner) can close actions" in refused
    with Session(engine) as session:
        assert session.get(Action, 3).status == "open"
    press(server, block_action("action_done", "3", user_id="U0DAVEK01", response_url=slack.response_url))  # owner
    assert "A-3 is done" in slack.responses()[-1].args["text"]
    press(server, block_action("action_done", "2", user_id="U0HAZEL01", response_url=slack.response_url))  # chair
    assert "A-2 is done" in slack.responses()[-1].args["text"]
    with Session(engine) as session:
        assert [session.get(Action, n).status for n in (2, 3)] == ["done", "done"]
        assert session.get(Action, 3).completed_at is not None


def test_add_update_opens_a_modal_and_its_submission_is_saved(bot, slack):
    server, engine = bot
    press(server, block_action("action_update", "2", user_id="U0BREN001", channel_id="C0FORUM01"))
    opened = slack.calls_to("views.open")[-1].args
    assert opened["trigger_id"].startswith("13345224609.738474920.")  # the press's own trigger
    view = opened["view"]
    assert view["callback_id"] == "action_update_modal" and "A-2" in view["title"]["text"]
    metadata = view["private_metadata"]

    empty = press(
        server,
        view_submission(
            "action_update_modal", metadata, {"update": {"text": {"type": "plain_text_input", "value": None}}}
        ),
    )
    assert empty.json() == {"response_action": "errors", "errors": {"update": "Say what has happened."}}

    saved = press(
        server,
        view_submission(
            "action_update_modal",
            metadata,
            {
                "update": {
                    "text": {"type": "plain_text_input", "value": "Draft sent to the PMSG <b>chair</b> & vice-chair"}
                }
            },
        ),
    )
    assert saved.status == 200 and saved.body in (b"", b"{}")
    note = slack.calls_to("chat.postEphemeral")[-1].args
    assert note["channel"] == "C0FORUM01" and note["user"] == "U0BREN001"
    assert "&lt;b&gt;chair&lt;/b&gt; &amp; vice-chair" in visible_text(note["blocks"])  # escaped, not markup
    with Session(engine) as session:
        update = session.exec(select(ActionUpdate)).scalar_one()
        assert update.text == "Draft sent to the PMSG <b>chair</b> & vice-chair" and update.action_id == 2


def test_someone_else_cannot_open_or_submit_the_update_modal(bot, slack):
    server, engine = bot
    press(server, block_action("action_update", "2", user_id="U0DAVEK01", response_url=slack.response_url))
    assert not slack.calls_to("views.open")
    forged = press(
        server,
        view_submission(
            "action_update_modal",
            json.dumps({"action": 2, "channel": None}),
            {"update": {"text": {"type": "plain_text_input", "value": "not mine"}}},
            user_id="U0DAVEK01",
        ),
    )
    assert forged.json()["response_action"] == "errors"
    with Session(engine) as session:
        assert session.exec(select(ActionUpdate)).first() is None


def test_more_button_replaces_the_message_with_the_next_page(sqlite_engine, bot_factory, slack):
    lines = "\n".join(f"  - {{description: Task {n}, owner: Bren McGowan}}" for n in range(1, 21))
    load_yaml(sqlite_engine, f"people: [{{name: Bren McGowan, slack_user: U0BREN001}}]\nactions:\n{lines}\n", LONDON)
    server = bot_factory(sqlite_engine)
    body = slash_command_body("actions")
    first = post(server.url + "/slack/events", body, signed_headers(body)).json()["blocks"]
    more = [e for b in first if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "forum_more"][0]
    press(server, block_action("forum_more", more["value"], response_url=slack.response_url))
    second = slack.responses()[-1].args
    assert second["replace_original"] is True
    assert "*A-20* Task 20" in visible_text(second["blocks"]) and "Showing 16–20 of 20" in visible_text(
        second["blocks"]
    )
    press(server, block_action("forum_more", "not json", response_url=slack.response_url))
    assert "That button has expired" in slack.responses()[-1].args["text"]


def test_opening_the_home_tab_publishes_the_callers_dashboard(bot, slack):
    server, _ = bot
    body = event_callback(
        {
            "type": "app_home_opened",
            "user": "U0BREN001",
            "channel": "D0BREN001",
            "tab": "home",
            "event_ts": "1700000000.000400",
        }
    )
    answer = post(server.url + "/slack/events", body, signed_headers(body, content_type="application/json"))
    assert answer.status == 200
    published = slack.calls_to("views.publish")[-1].args
    assert published["user_id"] == "U0BREN001" and published["view"]["type"] == "home"
    blocks = published["view"]["blocks"]
    assert_valid_blocks(blocks, limit=100)
    text = visible_text(blocks)
    assert "Forum bot — Bren McGowan" in text and "Your boards: Luton Forum" in text
    assert "Circulate the theme board update" in text and ":red_circle: 1 overdue" in text
    assert "Central Library" in text


def test_the_home_tab_of_a_stranger_explains_itself(bot, slack):
    server, _ = bot
    body = event_callback({"type": "app_home_opened", "user": "U0NEWBIE1", "tab": "home", "event_ts": "1.2"})
    post(server.url + "/slack/events", body, signed_headers(body, content_type="application/json"))
    text = visible_text(slack.calls_to("views.publish")[-1].args["view"]["blocks"])
    assert "I don't know you yet" in text and "Coming meetings" in text
