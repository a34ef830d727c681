"""How long a reminder sweep takes, on the demo partnership (the Luton Forum's papers, 31 meetings,
35 actions, 17 consultations, 16 boards).

    .venv/bin/python -m bench.reminder_sweep [DATABASE_URL]

Sweeps every hour of 30 days with a poster that accepts every post at once (so Slack's time is
left out), then reports the time per sweep, for quiet sweeps and for those that sent something,
and the time of a 14-day preview. Without a URL it uses a throwaway SQLite file.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bot.delivery import render_for_slack
from commands.core.reply import Reply
from commands.imports.demo import demo_partnership
from commands.imports.load_partnership import load
from commands.reminder_engine.sweep import Posted, sweep, upcoming
from settings import Settings
from storage.db import make_engine, transaction, upgrade
from storage.types import utcnow


class AcceptEverything:
    """Slack that takes every post: the sweep's own cost, rendering included, is what is measured."""

    def post_reply(self, target: str, reply: Reply, **_marks) -> Posted:
        render_for_slack(reply)
        return Posted("sent", channel=target, ts="1.0")


def main(url: str | None = None) -> None:
    url = url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    settings = Settings(_env_file=None, DATABASE_URL=url)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    start = utcnow().replace(minute=0, second=0, microsecond=0)
    with transaction(engine) as session:
        load(session, demo_partnership(start.astimezone(settings.tz).date()), "bench", settings.tz)
    quiet, busy, sent = [], [], 0
    poster = AcceptEverything()
    for hour in range(24 * 30):
        began = time.perf_counter()
        report = sweep(engine, settings, poster, now=start + timedelta(hours=hour), worker="bench")
        took = (time.perf_counter() - began) * 1000
        (busy if report.sent or report.skipped else quiet).append(took)
        sent += len(report.sent)
    began = time.perf_counter()
    ahead = upcoming(engine, settings, start, 14)
    preview = (time.perf_counter() - began) * 1000
    print(f"{engine.dialect.name}: {len(quiet) + len(busy)} hourly sweeps over 30 days, {sent} reminders sent")
    print(
        f"  quiet sweep: median {statistics.median(quiet):.1f} ms, 95th percentile "
        f"{statistics.quantiles(quiet, n=20)[-1]:.1f} ms"
    )
    if busy:
        print(
            f"  sweep that sent: median {statistics.median(busy):.1f} ms, most {max(busy):.1f} ms ({len(busy)} sweeps)"
        )
    print(f"  14-day preview ({len(ahead)} reminders): {preview:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
