"""Property-based tests over every command's text (hypothesis): whatever a member types after
`/forum` — the commands' own words in any order, Slack mentions and links, emoji, control
characters, impossible dates, 5,000 characters — the bot answers with valid Block Kit inside Slack's
limits, never with its "something went wrong" apology (which means an exception reached the
router), and a command that only reads writes nothing.

Example counts are modest so the suite stays quick; FORUM_LONG_TESTS=1 runs ten times as many.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlmodel import SQLModel

from bot.listeners.replies import message_args
from commands.core.context import Context
from commands.core.registry import ALIASES, COMMANDS, all_commands
from commands.core.router import handle
from commands.imports.demo import demo_partnership
from commands.imports.load_partnership import load
from storage.db import make_engine, transaction, upgrade
from storage.tables import AuditEvent
from storage.types import utcnow
from tests.support.blockkit import assert_valid_blocks
from tests.support.bot_server import BotServer, settings_for
from tests.support.clock import LONDON
from tests.support.slack_requests import post, signed_headers, slash_command_body
from tests.support.slack_standin import SlackStandIn

all_commands()  # every command module loaded: the tests below go through all of them

LONG = os.environ.get("FORUM_LONG_TESTS") == "1"
EXAMPLES = 2000 if LONG else 200
HTTP_EXAMPLES = 300 if LONG else 40
USERS = ["U0BREN001", "U0LISAJ01", "U0HAZEL01", "U0PETAD01", "U0SARAL01", "U0NOBODY9", None]  # officer, admin,
# chair, member, an action owner, a stranger, the console operator

# Commands that only answer questions. A refusal among them (e.g. `reminders` asked by a member)
# is recorded in the audit log; nothing else may change.
READS = {
    "next-meeting",
    "meetings",
    "agenda",
    "actions",
    "action",
    "attendance",
    "calendar",
    "consultations",
    "consultation",
    "help",
    "history",
    "indicators",
    "indicator",
    "reminders",
}
APOLOGY = "something went wrong on my side"

_demo = demo_partnership(date.today())
WORDS = sorted(ALIASES) + [
    # the commands' own keywords
    "mine",
    "my",
    "me",
    "open",
    "overdue",
    "all",
    "next",
    "red",
    "amber",
    "green",
    "withdraw",
    "sub",
    "meeting",
    "action",
    "reading",
    "agenda-item",
    "consultation",
    "to",
    "due",
    "by",
    "board",
    "owner",
    "for",
    "submitted",
    "drafting",
    "not-started",
    "signed-off",
    "circulated",
    "officer",
    "admin",
    "member",
    "chair",
    "and",
    "the",
    *[b.slug for b in _demo.boards],
    *[b.name for b in _demo.boards[:4]],
    *[i.code for i in _demo.indicators[:6]],
    # references, good and bad
    "A-1",
    "A-12",
    "A-0",
    "A-999999999",
    "A--1",
    "a12",
    "C-3",
    "C-0",
    "c3",
    "#3",
    "NI 151",
    "NI 0",
    "LI 1",
    "ni-151",
    "NI 99999999999999999999",
    "meeting 16 June",
    # dates and times as people write them, possible or not
    "31 February",
    "29 February",
    "30/02/2027",
    "03/04/2027",
    "16/06/2027",
    "16 June",
    "4th March",
    "next friday",
    "end of February",
    "yesterday",
    "tomorrow",
    "today",
    "2026-13-45",
    "9999-12-31",
    "0001-01-01",
    "1 January 1900",
    "16/06/27",
    "last thursday",
    "in 3 weeks",
    "14:00",
    "25:61",
    "2pm",
    "noon",
    "midnight",
    "00:00",
    # numbers
    "0",
    "-1",
    "1e309",
    "nan",
    "inf",
    "-inf",
    "0.74",
    "74%",
    "1,000",
    "99999999999999999999999",
    # what Slack puts in the text: mentions, channels, broadcasts, links
    "<@U0BREN001|bren>",
    "<@U0BREN001>",
    "<@U0PETAD01|peter>",
    "<@UNOBODY99|x>",
    "<@W0ENTERPR1>",
    "<@>",
    "<#C0FORUM01|forum>",
    "<#C0NOWHERE1|y>",
    "<!channel>",
    "<!here>",
    "<!subteam^S0TEAM|@officers>",
    "<https://example.org/x?a=1&b=2|a link>",
    "<mailto:bren@example.org|Bren>",
    "<",
    ">",
    "&amp;",
    "|",
    # emoji, invisible and control characters, quotes
    "🎉",
    ":tada:",
    "👩🏽‍💻",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\t",
    "\r\n",
    "\u00a0",
    '"',
    "“quoted words”",
    "'",
    '""',
    '"unclosed',
    "*bold*",
    "_it_",
    "`code`",
    "```",
    "~x~",
    "> quote",
    "{{ 7*7 }}",
    "{% raw %}",
    "%s%s%n",
    "'; DROP TABLE action; --",
    "../../etc/passwd",
]
LONG_TEXTS = ["x" * 5000, "16 June " * 700, "<@U0BREN001> " * 400, "🎉" * 2500, ("a" * 2999) + " " + ("b" * 2999)]

words = st.one_of(st.sampled_from(WORDS), st.text(max_size=25))
command_text = st.one_of(
    st.tuples(st.sampled_from(sorted(ALIASES)), st.lists(words, max_size=8)).map(lambda t: " ".join([t[0], *t[1]])),
    st.lists(words, min_size=1, max_size=6).map(" ".join),
    st.sampled_from(LONG_TEXTS),
)
read_text = st.tuples(
    st.sampled_from(sorted(a for a, name in ALIASES.items() if name in READS)), st.lists(words, max_size=6)
).map(lambda t: " ".join([t[0], *t[1]]))


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory):
    """The demo partnership (drawn from the Luton Forum's papers), loaded once for this module."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'forum.db'}")
    upgrade(engine)
    with transaction(engine) as session:
        load(session, demo_partnership(utcnow().astimezone(LONDON).date()), "demo", LONDON)
    yield engine
    engine.dispose()


def answer(engine, text: str, user: str | None, surface: str = "slack") -> dict:
    """What Slack would be sent: the blocks and the notification text, as the listener builds them."""
    reply = handle(Context(engine=engine, settings=settings_for(engine), user_id=user, surface=surface), text)
    if reply.modal:
        from templates import render_blocks

        view = render_blocks(reply)
        assert view["type"] == "modal" and len(view["blocks"]) <= 100
        assert_valid_blocks(view["blocks"], limit=100)
        return {"blocks": view["blocks"], "text": ""}
    args = message_args(reply)
    assert_valid_blocks(args["blocks"])
    assert len(args["text"]) <= 3000
    return args


def everything(engine) -> dict[str, list[tuple]]:
    """Every row of every table but the audit log (which is checked by its new entries)."""
    with engine.connect() as connection:
        return {
            t.name: [tuple(r) for r in connection.execute(select(t).order_by(*t.primary_key.columns))]
            for t in SQLModel.metadata.sorted_tables
            if t.name != "audit_event"
        }


def audit_since(engine, last_id: int) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        return [
            tuple(r)
            for r in connection.execute(select(AuditEvent.verb, AuditEvent.note).where(AuditEvent.id > last_id))
        ]


def last_audit_id(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.coalesce(func.max(AuditEvent.id), 0))).scalar_one()


def _shown(args: dict) -> str:
    return args["text"] + " ".join(str(b) for b in args["blocks"])


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_the_vocabulary_covers_every_command():
    assert {ALIASES[w] for w in WORDS if w in ALIASES} == set(COMMANDS)


@FUZZ
@given(text=command_text, user=st.sampled_from(USERS))
def test_any_text_gets_a_valid_short_answer_never_an_error(demo_engine, text, user):
    shown = _shown(answer(demo_engine, text, user))
    assert APOLOGY not in shown and "Traceback" not in shown
    assert "temporarily unavailable" not in shown


@FUZZ
@given(text=read_text, user=st.sampled_from(USERS))
def test_read_commands_write_nothing(demo_engine, text, user):
    before, last = everything(demo_engine), last_audit_id(demo_engine)
    shown = _shown(answer(demo_engine, text, user))
    assert APOLOGY not in shown
    assert everything(demo_engine) == before, f"{text!r} changed the database"
    written = audit_since(demo_engine, last)
    assert all(verb == "refuse" for verb, _ in written), f"{text!r} wrote {written}"


@settings(max_examples=EXAMPLES // 4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=command_text)
def test_the_console_answers_any_text_too(demo_engine, text):
    from templates import render_text

    reply = handle(Context(engine=demo_engine, settings=settings_for(demo_engine), surface="console"), text)
    shown = render_text(reply)
    assert APOLOGY not in shown and shown.strip()


@pytest.fixture(scope="module")
def served(demo_engine):
    slack = SlackStandIn().start()
    server = BotServer(demo_engine, settings_for(demo_engine, SLACK_API_URL=slack.api_url))
    yield server
    server.close()
    slack.stop()


@settings(max_examples=HTTP_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=command_text, user=st.sampled_from([u for u in USERS if u]))
def test_over_http_any_text_is_a_200_with_valid_blocks(served, text, user):
    body = slash_command_body(text, user_id=user)
    reply = post(served.url + "/slack/events", body, signed_headers(body))
    assert reply.status == 200, (text, reply.status)
    if reply.body:  # a form opens with an empty acknowledgement
        data = reply.json()
        assert data["response_type"] in {"ephemeral", "in_channel"}
        assert_valid_blocks(data["blocks"])
        assert APOLOGY not in _shown(data)
