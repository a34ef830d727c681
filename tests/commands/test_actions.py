"""Actions: the members' and chair's views, and owners closing or updating their own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlmodel import Session

from commands.core.action_changes import add_update, mark_done
from commands.core.context import Context
from commands.core.router import handle
from storage.tables import Action, ActionUpdate, AuditEvent
from templates import render_blocks, render_text
from tests.conftest import DATA
from tests.support import asking
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, loaded_yaml

NOW = datetime(2027, 3, 25, 9, tzinfo=UTC)  # Thursday 25 March 2027


@pytest.fixture
def forum(loaded):
    return loaded_yaml(loaded, (DATA / "actions.yaml").read_text(), LONDON)


def ask(engine, text: str, user: str | None = "U0BREN001", surface: str = "slack"):
    return asking.ask(engine, text, user, now=NOW, surface=surface)


def refs(reply) -> list[str]:
    return [a["ref"] for a in reply.data["actions"]]


def test_actions_alone_are_the_callers_own_open_ones_oldest_due_first(forum):
    reply = ask(forum, "actions")
    assert reply.data["title"] == "Your open actions"
    assert refs(reply) == ["A-3", "A-1"]  # due 20 March (overdue), then 7 April; done A-6 left out
    text = visible_text(render_blocks(reply))
    assert "*A-3* Circulate the theme board update to all partners" in text
    assert "due Saturday 20 March 2027" in text and "*5 days overdue*" in text
    assert "_from Luton Forum, Wednesday 17 February 2027, minute 6_" in text  # A-1's source


def test_a_stranger_is_told_politely(forum):
    assert "I don't know you yet" in render_text(ask(forum, "actions", user="U0STRANGER"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("actions open", ["A-2", "A-4", "A-3", "A-1", "A-5"]),
        ("actions all", ["A-6", "A-2", "A-4", "A-3", "A-1", "A-5", "A-7"]),
        ("actions safer", ["A-5"]),
        ("actions Stronger and Safer", ["A-5"]),
        ("actions <@U0SARAH01>", ["A-2"]),
        ("actions <@U0SARAH01|sarah>", ["A-2"]),
        ("actions sarah allen", ["A-2"]),
        ("actions mike", ["A-5"]),
        ("actions 17 February 2027", ["A-6", "A-2", "A-4", "A-3", "A-1", "A-7"]),
        ("actions 2027-03-01 safer", ["A-5"]),
    ],
)
def test_action_filters(forum, text, expected):
    assert refs(ask(forum, text)) == expected


def test_overdue_is_grouped_by_owner_oldest_first_with_counts(forum):
    reply = ask(forum, "actions overdue", user="U0HAZEL01")
    assert reply.data["total"] == 3
    assert reply.data["owners"] == [
        {"owner": "Sarah Allen", "count": 1},
        {"owner": "the Chair of the Equality Group", "count": 1},
        {"owner": "Bren McGowan", "count": 1},
    ]
    assert refs(reply) == ["A-2", "A-4", "A-3"]  # 21, 15 and 5 days overdue
    text = render_text(reply)
    assert "3 overdue actions — by owner: Sarah Allen 1, the Chair of the Equality Group 1, Bren McGowan 1" in text
    assert "21 days OVERDUE" in text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("actions <@U0NOBODY1>", "isn't in the partnership's records"),
        ("actions nobody at all", "I can't find anyone called “nobody at all”"),
        ("actions 31 February", "“31 February” is not a real date."),
        ("action A-999", "There is no action A-999."),
        ("action banana", "Which action? Give its reference, like `A-12`."),
        ("action " + "9" * 40, "Which action?"),
    ],
)
def test_unknown_people_and_references(forum, text, expected):
    assert expected in render_text(ask(forum, text))


def buttons(blocks) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_one_action_with_its_updates_and_owner_buttons(forum):
    # Bren owns A-1 and is an officer: he may close, update and edit it
    assert buttons(render_blocks(ask(forum, "action A-1"))) == ["action_done", "action_update", "action_edit"]
    blocks = render_blocks(ask(forum, "action a2"))  # Sarah's: as an officer Bren may only edit it
    assert "Two responses in so far" in visible_text(blocks)
    assert buttons(blocks) == ["action_edit"]
    assert buttons(render_blocks(ask(forum, "action A-2", user="U0MIKEC01"))) == []  # a member, not the owner
    assert buttons(render_blocks(ask(forum, "action A-2", user="U0SARAH01"))) == ["action_done", "action_update"]


def test_the_owner_marks_done_and_it_is_audited(forum):
    reply = mark_done(Context(engine=forum, settings=settings_for(forum), user_id="U0BREN001", now=NOW), 3)
    assert reply.ok and "A-3 is done" in render_text(reply)
    with Session(forum) as session:
        action = session.get(Action, 3)
        assert action.status == "done" and action.completed_at is not None and action.version == 2
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.entity == "action", AuditEvent.entity_id == 3, AuditEvent.verb == "update"
            )
        ).scalar_one()
        assert event.actor == "U0BREN001" and event.before == {"status": "open", "completed_at": None}
    assert refs(ask(forum, "actions")) == ["A-1"]


def test_nobody_else_can_close_or_update_it(forum):
    for user in ("U0SARAH01", "U0STRANGER", None):
        ctx = Context(engine=forum, settings=settings_for(forum), user_id=user, now=NOW, surface="slack")
        assert not mark_done(ctx, 3).ok
        assert not add_update(ctx, 3, "sneaky").ok
    with Session(forum) as session:
        assert session.get(Action, 3).status == "open"
        assert session.exec(select(ActionUpdate).where(ActionUpdate.action_id == 3)).first() is None
        assert (
            session.exec(select(AuditEvent).where(AuditEvent.entity_id == 3, AuditEvent.verb != "create")).first()
            is None
        )


def test_an_update_is_recorded_and_puts_the_action_in_progress(forum):
    ctx = Context(engine=forum, settings=settings_for(forum), user_id="U0BREN001", now=NOW)
    assert add_update(ctx, 1, "Draft report sent to the PMSG chair").ok
    assert not add_update(ctx, 1, "   ").ok
    assert not add_update(ctx, 1, "x" * 5000).ok
    text = render_text(ask(forum, "action A-1"))
    assert "Draft report sent to the PMSG chair" in text and "in progress" in text


def test_long_lists_page_with_a_more_button_and_lose_nothing(engine):
    lines = "\n".join(
        f"  - {{description: Task number {n}, owner: Bren McGowan, due: 2027-04-{n % 28 + 1:02d}}}"
        for n in range(1, 41)
    )
    load_yaml(
        engine,
        f"""
people: [{{name: Bren McGowan, slack_user: U0BREN001, role: officer}}]
boards: [{{name: Luton Forum, slug: forum, kind: forum}}]
actions:
{lines}
""",
        LONDON,
    )
    seen, page = [], 1
    while True:
        ctx = Context(engine=engine, settings=settings_for(engine), now=NOW, user_id="U0BREN001", page=page)
        reply = handle(ctx, "actions mine")
        blocks = render_blocks(reply)
        assert_valid_blocks(blocks)
        seen += refs(reply)
        buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "forum_more"]
        if not buttons:
            break
        page += 1
    assert page == 3 and sorted(seen) == sorted(f"A-{n}" for n in range(1, 41))
    console = handle(
        Context(engine=engine, settings=settings_for(engine), now=NOW, user_id="U0BREN001", surface="console"),
        "actions",
    )
    assert len(console.data["actions"]) == 40  # the console shows the whole list
