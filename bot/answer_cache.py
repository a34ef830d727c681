"""Answers to questions already asked, kept until anything in the database changes.

Members ask the same few things (`next-meeting`, `actions overdue`, `consultations`) far more often
than officers change anything, and working an answer out takes milliseconds of queries and
templates, while bolt's own work on a request is a fraction of one. So a finished answer is kept,
keyed by everything it depends on — the words, who asks, from which channel, the page, the minute —
and given again until the database changes.

"Changes" is exact, not a timeout: storage/changes.py's number, which moves whenever any connection —
this process's, an import run from the command line, another bot process — commits anything
(SQLite's `PRAGMA data_version`; on PostgreSQL a counter every write bumps, in the same commit).
It is read before an answer is worked out, so the answer kept under a number saw that number's
data or newer, never older.
Within one minute "now" is taken as the same moment: meetings start and deadlines fall on whole
minutes; answers of a minute gone are dropped, as no one can ask in it again. Only commands that
never write are kept (not `reminders`, whose refusals are audited), and only answers that worked
(`Reply.ok`: not "the database is unavailable", which a retry should not be given again).
If the number cannot be read, the answer is worked out afresh.

Memory: at most SIZE answers and BUDGET bytes of them (as JSON), the least recently given dropped first.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from commands.core.context import Context
from commands.core.registry import lookup
from commands.core.router import MAX_TEXT, clean
from storage.changes import changes_for

log = logging.getLogger(__name__)

SIZE = 2000  # answers
BUDGET = 16 * 1024 * 1024  # bytes of answers (a page of blocks is at most some tens of kB)

# (version, words, user, channel, surface, page, minute): everything an answer depends on
Key = tuple[int, str, str | None, str | None, str, int, datetime]


class Answers:
    def __init__(self, engine: Engine, enabled: bool = True):
        changes = changes_for(engine)
        self._version = changes if enabled and changes.exact else None
        self._kept: OrderedDict[Key, str] = OrderedDict()  # key → the answer as JSON, as sent
        self._bytes = 0
        self._kept_at: int | None = None  # the version the kept answers belong to
        self._minute: datetime | None = None  # … and the minute
        self._lock = threading.Lock()

    def key(self, ctx: Context, text: str) -> Key | None:
        """What the answer depends on, with the database's version now; None if not to be kept."""
        if self._version is None:
            return None
        words = clean(text or "")
        if not words or len(words) > MAX_TEXT:
            return None
        command = lookup(words.partition(" ")[0])
        if command is None or not command.kept:  # declared where the command is registered
            return None
        minute = ctx.now.replace(second=0, microsecond=0)
        # The database away raises here (storage/changes.py), and the app's error handler says so at
        # once (bot/slack_app.py): working the answer out would only wait for it as long again.
        version = self._version()
        if version is None:  # could not tell (said in the log): an answer worked out afresh is never wrong
            return None
        return (version, words, ctx.user_id, ctx.channel_id, ctx.surface, ctx.page, minute)

    def get(self, key: Key | None) -> str | None:
        """The answer kept for `key`, as the JSON body to send; None if there is none."""
        if key is None:
            return None
        version, minute = key[0], key[-1]
        with self._lock:
            if version != self._kept_at or self._minute is None or minute > self._minute:
                self._clear()  # the database changed, or a new minute began: everything kept is void
                self._kept_at, self._minute = version, minute
                return None
            if minute < self._minute:
                return None  # a request of the minute just gone, answered late
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
            return kept

    def put(self, key: Key | None, answer: dict[str, Any]) -> None:
        if key is None:
            return
        body = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))  # serialised once, sent many times
        size = len(body)
        with self._lock:
            if key[0] != self._kept_at or key[-1] != self._minute or size > BUDGET:
                return  # worked out against a version (or in a minute) that has since gone
            if key in self._kept:
                self._bytes -= len(self._kept.pop(key))
            self._kept[key] = body
            self._bytes += size
            while len(self._kept) > SIZE or self._bytes > BUDGET:
                self._bytes -= len(self._kept.popitem(last=False)[1])

    def _clear(self) -> None:
        self._kept.clear()
        self._bytes = 0
