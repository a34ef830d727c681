"""Issue 13, attack 5: who may drop an action. The rule (commands/core/permissions.py): the chair,
officers and admins drop, reopen and reassign any action; its owner may mark it done (and add
notes) but not drop it; other members and strangers may do neither. Tried for every role with
signed `/forum` commands at the real bot; what the database then holds is asserted, and `help` and
the README say the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from commands.core.permissions import may_change_action
from storage.tables import Action
from storage.types import utcnow
from tests.support.blockkit import visible_text
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.slack_requests import post, signed_headers, slash_command_body

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = """
  - {name: Lisa Jerome, slack_user: U0LISAJ01, role: admin}
  - {name: Prue Canham, slack_user: U0PRUEC01, role: member}
actions:
  - {description: Circulate the theme board update, owner: Dave Kempson}
  - {description: Present the budget, owner: Dave Kempson}
"""
ROLES = {  # who asks: (Slack user, may drop, may mark done)
    "officer": ("U0BREN001", True, True),
    "chair": ("U0HAZEL01", True, True),
    "admin": ("U0LISAJ01", True, True),
    "member who owns it": ("U0DAVEK01", False, True),
    "member who does not": ("U0PRUEC01", False, False),
    "stranger": ("U0NOBODY9", False, False),
}


def _world(engine) -> dict[str, int]:
    text = upcoming_yaml(utcnow().astimezone(LONDON).date()).replace(
        "people:\n", "people:" + PEOPLE.split("actions:")[0], 1
    )
    load_yaml(engine, text + "actions:" + PEOPLE.split("actions:")[1], LONDON)
    with Session(engine) as session:
        return {a.description.split()[0]: a.id for a in session.exec(select(Action)).all()}


def _status(engine, action_id: int) -> str:
    with Session(engine) as session:
        return session.get(Action, action_id).status


def _ask(server, words: str, user: str) -> str:
    body = slash_command_body(words, user_id=user)
    answer = post(server.url + "/slack/events", body, signed_headers(body))
    assert answer.status == 200
    return visible_text(answer.json()["blocks"])


@pytest.mark.parametrize("role", list(ROLES))
def test_who_may_drop_and_who_may_mark_done(engine, bot_factory, role):
    user, may_drop, may_close = ROLES[role]
    ids = _world(engine)
    server = bot_factory(engine)
    said = _ask(server, f'drop A-{ids["Circulate"]} "overtaken by the new strategy"', user)
    assert _status(engine, ids["Circulate"]) == ("dropped" if may_drop else "open"), said
    if not may_drop:
        assert "Only officers, the chair and admins can drop actions" in said and "Nothing was changed" in said, said
    said = _ask(server, f'done A-{ids["Present"]} "presented on Thursday"', user)
    assert _status(engine, ids["Present"]) == ("done" if may_close else "open"), said


def test_the_rule_in_one_function_for_every_role_and_verb():
    for role in ("officer", "chair", "admin"):
        assert all(may_change_action(role, False, verb) for verb in ("close", "note", "drop", "reopen", "reassign"))
    for role in ("member", "officer", "chair"):
        assert may_change_action(role, True, "close") and may_change_action(role, True, "note")
    assert not any(may_change_action("member", True, verb) for verb in ("drop", "reopen", "reassign"))
    assert not any(may_change_action("member", False, verb) for verb in ("close", "note", "drop"))


def test_help_and_the_readme_state_the_same_rule(engine, bot_factory):
    server = bot_factory(engine)
    said = _ask(server, "help drop", "U0PRUEC01")
    assert "Its owner cannot drop it" in said and "the chair and officers can" in said, said
    readme = (ROOT / "README.md").read_text()
    assert "| chair, officers, admins | `done`, `drop REF" in readme and "not drop it" in readme
