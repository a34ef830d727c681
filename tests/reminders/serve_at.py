"""`forum …` with the reminder sweep's clock set, for tests of the running bot at a chosen hour:
TEST_CLOCK_START (an ISO UTC moment) and TEST_CLOCK_SPEED (simulated seconds per real second).
Only the sweep's clock is set; everything else (HTTP, Slack, the database) is the real bot."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta

import commands.reminder_engine.sweep as sweep_module
from cli.main import main

_START = datetime.fromisoformat(os.environ["TEST_CLOCK_START"])
_SPEED = float(os.environ.get("TEST_CLOCK_SPEED", "1"))
_BEGAN = time.monotonic()


def _now() -> datetime:
    return _START + timedelta(seconds=(time.monotonic() - _BEGAN) * _SPEED)


sweep_module.utcnow = _now  # type: ignore[attr-defined]

if __name__ == "__main__":
    main()
