"""How long `indicators` and `consultations` take to answer on the ten-year partnership (220
indicators with 8,360 quarterly readings and 2,200 targets, 120 consultations).

    .venv/bin/python -m bench.members_lists [DATABASE_URL]

Each command is answered and rendered to Block Kit 30 times in-process (no HTTP, no Slack), after
one warm-up; the median and the slowest are reported. Without a URL it builds a throwaway SQLite
file; with one, that database must be empty (it is migrated and filled).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.dataset import BENCH_MEMBER, build
from commands.core.context import Context
from commands.core.router import handle
from settings import Settings
from storage.db import make_engine
from templates import render_blocks

COMMANDS = [
    "indicators",
    "indicators red",
    "indicators safer",
    "indicator NI 151",
    "indicator employmnet",
    "consultations",
    "consultations all",
    "consultation C-60",
    "consultation strategy",
]
RUNS = 30


def main(url: str | None = None) -> None:
    url = url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'partnership.db'}"
    build(url, actions=1_000)  # actions don't enter these answers
    settings = Settings(_env_file=None, DATABASE_URL=url)
    engine = make_engine(settings.database_url)
    print(f"{engine.url.get_backend_name()}: median and slowest of {RUNS}, answer and Block Kit")
    for text in COMMANDS:

        def answer(text: str = text):
            reply = handle(Context(engine=engine, settings=settings, user_id=BENCH_MEMBER), text)
            render_blocks(reply)
            return reply

        answer()
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            reply = answer()
            times.append((time.perf_counter() - began) * 1000)
        page = reply.data.get("page")
        shown = f"{page['total']} listed" if isinstance(page, dict) else reply.template
        print(f"  {text:24s} {statistics.median(times):6.1f} ms  {max(times):6.1f} ms  ({shown})")
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
