"""The partnership's time zone and working hour: what the admin set in `/forum setup` wins over the
environment's defaults (FORUM_TIMEZONE, the reminders' 09:00).

Read on nearly every command, so kept for a short while per engine; `/forum setup` forgets it when
it saves, and another bot process sees the change within TTL seconds.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine

from settings import Settings
from storage import partnership as partnership_queries
from storage.db import read_only

log = logging.getLogger(__name__)

TTL = 30.0  # seconds


@dataclass(frozen=True)
class Stored:
    name: str | None = None
    timezone_name: str | None = None
    working_hour: str | None = None


_kept: dict[int, tuple[weakref.ref[Engine], float, Stored]] = {}
_lock = threading.Lock()


def stored(engine: Engine) -> Stored:
    now = time.monotonic()
    with _lock:
        entry = _kept.get(id(engine))
    if entry is not None and entry[0]() is engine and now - entry[1] < TTL:
        return entry[2]
    try:
        with read_only(engine) as session:
            row = partnership_queries.details(session)
            value = Stored(row.name, row.timezone_name, row.working_hour) if row else Stored()
    except Exception:  # the database away: the environment's defaults until it is back (not kept)
        log.warning("could not read the partnership's details; using the defaults", exc_info=True)
        return Stored()
    with _lock:
        _kept[id(engine)] = (weakref.ref(engine), now, value)
    return value


def forget(engine: Engine) -> None:
    with _lock:
        _kept.pop(id(engine), None)


def zone_named(name: str | None, settings: Settings) -> ZoneInfo:
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("the partnership's time zone %r is unknown; using %s", name, settings.timezone_name)
    return settings.tz


def zone(engine: Engine, settings: Settings) -> ZoneInfo:
    """Where the partnership lives: its own stored zone, else FORUM_TIMEZONE."""
    return zone_named(stored(engine).timezone_name, settings)
