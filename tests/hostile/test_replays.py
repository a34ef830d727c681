"""Issue 13, attack 4: a captured signed `add action` sent again after `forum serve` restarts, or to
a second bot process on the same database, acts once. The guard is the `replay_guard` table: one
INSERT on a unique key for each request that may write; questions that only read write nothing."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from storage import replay_guard
from storage.tables import Action, ReplayGuard
from storage.types import utcnow
from tests.support.blockkit import visible_text
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.slack_requests import post, signed_headers, slash_command_body

OFFICER, MEMBER = "U0BREN001", "U0DAVEK01"


def _actions_named(engine, words: str) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Action).where(Action.description.contains(words))).one()  # type: ignore[attr-defined]


def _guard_rows(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(ReplayGuard)).one()


def test_a_write_replayed_after_a_restart_or_to_another_process_acts_once(engine, bot_factory):
    load_yaml(engine, upcoming_yaml(utcnow().astimezone(LONDON).date()), LONDON)
    body = slash_command_body('add action "Book the Hat Factory for the spring meeting"', user_id=OFFICER)
    headers = signed_headers(body)
    first = bot_factory(engine)
    answer = post(first.url + "/slack/events", body, headers)
    assert answer.status == 200 and "Hat Factory" in visible_text(answer.json()["blocks"])
    first.close()  # `forum serve` stopped; its memory of what it saw is gone
    restarted, second = bot_factory(engine), bot_factory(engine)  # after the restart, and another process
    for server in (restarted, second, restarted):
        again = post(server.url + "/slack/events", body, headers)  # the same bytes, still within 5 minutes
        assert again.status == 200 and again.body in (b"", b"{}")
    assert _actions_named(engine, "Hat Factory") == 1


def test_questions_are_not_written_down_and_stay_answerable(engine, bot_factory):
    load_yaml(engine, upcoming_yaml(utcnow().astimezone(LONDON).date()), LONDON)
    server = bot_factory(engine)
    rows = _guard_rows(engine)
    for _ in range(3):
        answer = post(
            server.url + "/slack/events",
            body := slash_command_body("next-meeting", user_id=MEMBER),
            signed_headers(body),
        )
        assert answer.status == 200 and "Central Library" in visible_text(answer.json()["blocks"])
    assert _guard_rows(engine) == rows  # reads cost no write (and do not void the answer cache)


def test_expired_claims_are_taken_over_and_pruned(engine):
    now = utcnow()
    with engine.begin() as connection:
        assert replay_guard.first_time(
            connection, "sig:v0=old", now - timedelta(minutes=10), now - timedelta(minutes=4)
        )
        assert replay_guard.first_time(connection, "sig:v0=live", now, now + timedelta(minutes=6))
        assert not replay_guard.first_time(connection, "sig:v0=live", now, now + timedelta(minutes=6))
        # a key whose time ran out is free again (the same statement takes the row over)
        assert replay_guard.first_time(connection, "sig:v0=old", now, now + timedelta(minutes=6))
        assert replay_guard.first_time(connection, "sig:v0=gone", now - timedelta(hours=2), now - timedelta(hours=1))
        assert replay_guard.prune(connection, now) == 1
        assert replay_guard.held(connection, "sig:v0=live", now) and not replay_guard.held(
            connection, "sig:v0=gone", now
        )


def test_a_claim_is_cheap(engine):
    """One short transaction with one INSERT: measured here, and bounded loosely for a shared machine."""
    started = time.perf_counter()
    for n in range(300):
        now = utcnow()
        with engine.begin() as connection:
            assert replay_guard.first_time(connection, f"sig:v0={n:064d}", now, now + timedelta(minutes=6))
    each = (time.perf_counter() - started) / 300
    print(f"\nreplay guard claim on {engine.dialect.name}: {each * 1000:.2f} ms")
    assert each < 0.05
