"""Reminder sweep time against the size of history: 1k, 100k and 1M actions, the same few due.

    .venv/bin/python -m bench.sweep [--sizes 1000,100000,1000000] [--postgres URL]

Each size is a fresh ten-year partnership (bench/dataset.py) whose open actions are the same
handful whatever the history: 40 overdue, 30 due within three days, 30 due later; everything else
done or dropped years ago. The clock is put at 09:01 UK time on a Monday, when the most is due
(action nudges, each owner's overdue list, the chairs' digests, meeting and consultation
reminders). After a warm-up sweep a week earlier (a running bot has compiled its templates), the
sweep at 09:01 sends all of that (to a poster that accepts every post at once, so
Slack's own time is left out); the sweeps after it, a minute apart, find nothing new, as nearly
every sweep does. Both are timed. A quiet sweep after a quiet sweep, with nothing committed since,
is not worked out again until the next reminder falls due or ten minutes pass (the sweep's _Quiet);
the quiet sweeps worked out afresh (that finding dropped before each) are timed too.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from bench.dataset import LONDON, build
from bot.delivery import render_for_slack
from commands.core.reply import Reply
from commands.reminder_engine.sweep import _QUIET, Posted, sweep
from settings import Settings
from storage.db import make_engine

QUIET_SWEEPS = 20
AFRESH_SWEEPS = 10


class AcceptEverything:
    """Slack that takes every post: the sweep's own cost, rendering included, is what is measured."""

    def post_reply(self, target: str, reply: Reply, **_marks) -> Posted:
        render_for_slack(reply)
        return Posted("sent", channel=target, ts="1.0")


@dataclass
class SweepTiming:
    database: str
    actions: int
    sent: int
    busy_ms: float  # the sweep that sent what was due
    quiet_ms: float  # median of the sweeps after it
    quiet_p95_ms: float
    afresh_ms: float  # median of quiet sweeps that work everything out again
    build_s: float


def monday(today: date | None = None) -> date:
    today = today or datetime.now(LONDON).date()
    return today + timedelta(days=(7 - today.weekday()) % 7)


def measure(url: str, actions: int, database: str) -> SweepTiming:
    day = monday()
    made = build(url, actions=actions, today=day, overdue=40, due_soon=30, open_later=30)
    settings = Settings(_env_file=None, DATABASE_URL=url, FORUM_TIMEZONE="Europe/London")
    engine = make_engine(url)
    poster = AcceptEverything()
    now = datetime.combine(day, clock(9, 1), tzinfo=LONDON).astimezone(UTC)
    # A running bot has swept before: the week before's Monday warms its templates and queries.
    sweep(engine, settings, poster, now=now - timedelta(days=7), worker="bench")
    began = time.perf_counter()
    report = sweep(engine, settings, poster, now=now, worker="bench")
    busy = (time.perf_counter() - began) * 1000
    quiet = []
    for minute in range(1, QUIET_SWEEPS + 1):
        began = time.perf_counter()
        again = sweep(engine, settings, poster, now=now + timedelta(minutes=minute), worker="bench")
        quiet.append((time.perf_counter() - began) * 1000)
        assert not again.sent, "a quiet sweep sent something twice"
    afresh = []
    for minute in range(QUIET_SWEEPS + 1, QUIET_SWEEPS + AFRESH_SWEEPS + 1):
        _QUIET.clear()
        began = time.perf_counter()
        again = sweep(engine, settings, poster, now=now + timedelta(minutes=minute), worker="bench")
        afresh.append((time.perf_counter() - began) * 1000)
        assert not again.sent, "a quiet sweep sent something twice"
    engine.dispose()
    return SweepTiming(
        database,
        actions,
        len(report.sent),
        busy,
        statistics.median(quiet),
        statistics.quantiles(quiet, n=20)[-1],
        statistics.median(afresh),
        made.seconds,
    )


def fresh_postgres(admin_url: str) -> tuple[str, callable]:
    """A throwaway database on the server at `admin_url`, and how to drop it."""
    import uuid

    from sqlalchemy import create_engine, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"forum_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin.url.set(database=name).render_as_string(hide_password=False), drop


def run(sizes: list[int], postgres: str | None = None) -> list[SweepTiming]:
    results = []
    for size in sizes:
        folder = Path(tempfile.mkdtemp(prefix="forum-sweep-"))
        results.append(measure(f"sqlite:///{folder / 'sweep.db'}", size, "SQLite"))
        (folder / "sweep.db").unlink()
        if postgres:
            url, drop = fresh_postgres(postgres)
            try:
                results.append(measure(url, size, "PostgreSQL"))
            finally:
                drop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--postgres", help="an admin URL; a throwaway database is made there")
    args = parser.parse_args()
    for r in run([int(s) for s in args.sizes.split(",")], args.postgres):
        print(
            f"{r.database:10} {r.actions:>9,} actions: sent {r.sent:3}, busy sweep {r.busy_ms:7.1f} ms, "
            f"quiet sweep median {r.quiet_ms:5.1f} ms (p95 {r.quiet_p95_ms:.1f}; worked out afresh {r.afresh_ms:.1f}); "
            f"built in {r.build_s:.0f} s"
        )


if __name__ == "__main__":
    main()
