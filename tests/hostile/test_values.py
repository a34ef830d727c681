"""Issue 13, attacks 6 and 7: bad timestamps, junk bodies, impossible values and tampered hidden form
data, sent to the real bot over signed HTTP (the stand-in Slack answering its calls). Each gets a
clear answer or the right 4xx; nothing is written; nothing outside input causes is logged at error
level, and junk is logged in one short line, not a traceback."""

from __future__ import annotations

import json
import logging
import time
from datetime import date
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, select

from bot.listeners.replies import message_args
from commands.core.context import Context
from commands.core.router import handle
from commands.imports.demo import demo_partnership
from commands.imports.load_partnership import load
from storage.db import make_engine, transaction, upgrade
from storage.tables import Action, Consultation, Meeting
from storage.types import utcnow
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.bot_server import BotServer, settings_for
from tests.support.clock import LONDON
from tests.support.slack_requests import (
    block_action,
    interaction_body,
    post,
    signed_headers,
    slash_command_body,
    view_submission,
)
from tests.support.slack_standin import SlackStandIn

OFFICER, MEMBER = "U0BREN001", "U0PETAD01"
APOLOGY = "something went wrong"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The demo partnership (the Luton Forum's papers) in SQLite, served by the real bolt app."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('values') / 'forum.db'}")
    upgrade(engine)
    with transaction(engine) as session:
        load(session, demo_partnership(utcnow().astimezone(LONDON).date()), "demo", LONDON)
    slack = SlackStandIn().start()
    server = BotServer(engine, settings_for(engine, SLACK_API_URL=slack.api_url))
    yield server, engine, slack
    server.close()
    slack.stop()
    engine.dispose()


def _send(server, body: bytes, headers: dict | None = None):
    return post(server.url + "/slack/events", body, signed_headers(body) if headers is None else headers)


def _records(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            m.__name__: session.exec(select(func.count()).select_from(m)).one() for m in (Action, Meeting, Consultation)
        }


def _errors(caplog) -> list[str]:
    return [f"{r.name}: {r.getMessage()[:200]}" for r in caplog.records if r.levelno >= logging.ERROR]


def _answer_to(server, slack, payload: dict, seconds: float = 5) -> str:
    """What the presser was told: in the HTTP answer, or posted to the response URL just after."""
    calls = len(slack.calls)
    answer = _send(server, interaction_body(payload))
    assert answer.status == 200 and b"Traceback" not in answer.body
    if answer.body.strip():
        data = answer.json()
        return json.dumps(data.get("errors", {})) + visible_text(data.get("blocks", [])) + data.get("text", "")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        said = [c for c in slack.calls[calls:] if c.method.startswith("response/") or c.method == "chat.postMessage"]
        if said:
            return "\n".join(visible_text(c.args.get("blocks", [])) + str(c.args.get("text", "")) for c in said)
        time.sleep(0.02)
    return ""


# ---------------------------------------------------------------- timestamps and junk


@pytest.mark.parametrize(
    "timestamp",
    ["²", "¹²³", "1700000000²", "+1700000000", "1e9", "0x65", ""],  # headers are Latin-1
)
def test_a_timestamp_that_is_not_ascii_seconds_is_refused_401_without_a_traceback(world, caplog, timestamp):
    server, engine, _ = world
    body = slash_command_body('add action "Timestamp trick"', user_id=OFFICER)
    headers = {**signed_headers(body), "X-Slack-Request-Timestamp": timestamp}
    before = _records(engine)
    with caplog.at_level(logging.INFO):
        answer = _send(server, body, headers)
    assert answer.status == 401 and b"Traceback" not in answer.body
    assert _records(engine) == before and _errors(caplog) == []


JUNK = [
    b"\xff\xfe\x00%%%&&==\x80" * 50,
    b"payload=%7B%22type%22%3A" + b"%5B" * 5000,
    b'{"type": "event_callback", "event": ' + b"[" * 20000,
    urlencode({"payload": "{" * 3000}).encode(),
]


@pytest.mark.parametrize("junk", JUNK, ids=["binary", "deep form", "deep JSON", "braces"])
@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
def test_junk_bodies_are_refused_and_logged_in_one_short_line(world, caplog, junk, signed):
    server, _, _ = world
    headers = signed_headers(junk) if signed else {"Content-Type": "application/x-www-form-urlencoded"}
    with caplog.at_level(logging.INFO):
        answer = _send(server, junk, headers)
    assert answer.status in {200, 400, 401}, answer.status
    assert b"Traceback" not in answer.body
    assert _errors(caplog) == []
    for record in caplog.records:
        assert record.exc_info is None, record.getMessage()
        assert len(record.getMessage()) < 300, record.getMessage()[:300]


# ---------------------------------------------------------------- impossible values


HUGE = [str(2**63), str(2**64 + 1), "9" * 400, "²", "1e400", "-1", "0", "Infinity", " 1"]


@pytest.mark.parametrize(
    "button",
    [
        "action_done",
        "action_update",
        "action_edit",
        "meeting_edit",
        "consultation_edit",
        "indicator_correct",
        "meeting_apologies",
        "meeting_share",
    ],
)
@pytest.mark.parametrize("value", HUGE)
def test_a_button_value_naming_no_possible_record_gets_a_clear_answer(world, caplog, button, value):
    server, engine, slack = world
    before = _records(engine)
    with caplog.at_level(logging.INFO):
        said = _answer_to(server, slack, block_action(button, value, user_id=OFFICER, response_url=slack.response_url))
    assert said.strip(), "the presser is told something"
    assert APOLOGY not in said
    assert _records(engine) == before and _errors(caplog) == []


@pytest.mark.parametrize(
    "page", ["Infinity", "-Infinity", "NaN", "1e400", str(2**63), "2.5", '"2"', "true", "null", "0"]
)
def test_a_more_button_with_an_impossible_page_gets_a_clear_answer(world, caplog, page):
    server, _, slack = world
    value = '{"text": "actions all", "page": ' + page + "}"
    with caplog.at_level(logging.INFO):
        said = _answer_to(
            server, slack, block_action("forum_more", value, user_id=MEMBER, response_url=slack.response_url)
        )
    assert "expired" in said and _errors(caplog) == []


def test_a_more_button_the_bot_made_still_turns_the_page(world):
    server, _, slack = world
    value = json.dumps({"text": "actions all", "page": 2})
    said = _answer_to(server, slack, block_action("forum_more", value, user_id=MEMBER, response_url=slack.response_url))
    assert "A-" in said and "expired" not in said


FAR_OFF = ["9999-12-31", "31/12/9999", "end of December 9999", "31 December 9999", "0001-01-01", "end of june 0000"]
DATED_COMMANDS = [
    "agenda {d}",
    "meetings {d}",
    "attendance {d}",
    "apologies {d}",
    "apologies {d} sub <@U0PETAD01|peter>",
    'cancel meeting {d} "no business"',
    'postpone meeting {d} "not quorate"',
    'move meeting {d} to 2027-01-14 14:00 "room"',
    'move meeting 2027-01-07 to {d} 14:00 "room"',
    'add action "Far off" due {d}',
]


@pytest.mark.parametrize("words", FAR_OFF)
@pytest.mark.parametrize("command", DATED_COMMANDS)
def test_year_9999_gets_a_clear_answer_in_every_dated_command(world, caplog, command, words):
    server, engine, _ = world
    before = _records(engine)
    with caplog.at_level(logging.INFO):
        answer = _send(server, slash_command_body(command.format(d=words), user_id=OFFICER))
    assert answer.status == 200
    said = visible_text(answer.json()["blocks"])
    # Where the day is followed by a board (agenda, meetings, attendance, apologies), a shorter run of
    # the words that is a date ("31 December") is taken and the rest ("9999") read as a board name.
    clear = ("too far off", "don't know a board called", "has no meeting on")
    assert any(words in said for words in clear) and APOLOGY not in said, said
    assert _records(engine) == before and _errors(caplog) == []


_DAY = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
_WRITTEN = st.one_of(
    _DAY.map(lambda d: d.isoformat()),
    _DAY.map(lambda d: f"{d.day}/{d.month}/{d.year:04d}"),
    _DAY.map(lambda d: f"{d.day} {d:%B} {d.year:04d}"),
    _DAY.map(lambda d: f"{d:%B} {d.day}, {d.year:04d}"),
    _DAY.map(lambda d: f"end of {d:%B} {d.year:04d}"),
    st.integers(min_value=0, max_value=99999).map(lambda y: f"1 January {y}"),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(DATED_COMMANDS), words=_WRITTEN)
def test_any_day_in_any_year_gets_an_answer_from_every_dated_command(world, command, words):
    """Property: whatever year a day is written in, every date-taking command answers in valid Block
    Kit, never with its apology (an exception reached the router)."""
    _, engine, _ = world
    for user in (OFFICER, MEMBER):
        reply = handle(Context(engine=engine, settings=settings_for(engine), user_id=user), command.format(d=words))
        args = message_args(reply)
        assert_valid_blocks(args["blocks"])
        assert APOLOGY not in args["text"], (command, words, args["text"])


# ---------------------------------------------------------------- tampered hidden form data


def _form(kind: str, record_id, values: dict, user: str = OFFICER) -> dict:
    metadata = json.dumps({"kind": kind, "id": record_id, "version": 1, "channel": None})
    state = {key: {"v": {"type": "plain_text_input", "value": value}} for key, value in values.items()}
    return view_submission("forum_form", metadata, state, user_id=user)


FORMS = {
    "meeting": {"venue": "My kitchen", "address": "1 Nowhere Street"},
    "action": {"description": "Conjured action"},
    "consultation": {"title": "Conjured consultation"},
    "reading": {"value": "1"},
    "agenda-item": {"title": "Conjured item"},
}


@pytest.mark.parametrize("kind", list(FORMS))
@pytest.mark.parametrize("record_id", [987654, 2**31 - 1, 2**31, 2**63, -3, "7", True, 1.5])
def test_a_form_naming_a_record_that_does_not_exist_is_refused_and_creates_nothing(world, caplog, kind, record_id):
    server, engine, slack = world
    before = _records(engine)
    with caplog.at_level(logging.INFO):
        said = _answer_to(server, slack, _form(kind, record_id, FORMS[kind]))
    assert "isn't there" in said or "expired" in said, said
    assert _records(engine) == before and _errors(caplog) == []


def test_a_form_for_a_record_that_exists_still_saves(world):
    server, engine, slack = world
    with Session(engine) as session:
        action = session.exec(select(Action).where(Action.status == "open").order_by(Action.id)).first()
    values = {"description": action.description + " (checked)"}
    said = _answer_to(server, slack, _form("action", action.id, values))
    assert APOLOGY not in said
    with Session(engine) as session:
        assert session.get(Action, action.id).description.endswith("(checked)")


@pytest.mark.parametrize("picked", ["9999-12-31", "0001-01-01", "２０２７-01-01", "tomorrow"])
def test_a_date_picked_outside_the_years_is_said_against_its_field(world, caplog, picked):
    server, engine, slack = world
    form = _form("meeting", None, {"venue": "Town Hall"})
    form["view"]["state"]["values"]["date"] = {"v": {"type": "datepicker", "selected_date": picked}}
    before = _records(engine)
    with caplog.at_level(logging.INFO):
        said = _answer_to(server, slack, form)
    assert "Choose a day between 1900 and 2199" in said
    assert _records(engine) == before and _errors(caplog) == []


@pytest.mark.parametrize("action", ["x", 2**63, "²", None, [1]])
def test_an_update_form_for_no_possible_action_is_refused(world, caplog, action):
    server, engine, slack = world
    form = view_submission(
        "action_update_modal",
        json.dumps({"action": action, "channel": None}),
        {"update": {"text": {"type": "plain_text_input", "value": "Done it"}}},
        user_id=OFFICER,
    )
    with caplog.at_level(logging.INFO):
        said = _answer_to(server, slack, form)
    assert "expired" in said and _errors(caplog) == []
