"""Each request from Slack is acted on once — by this process, after a restart, and across processes.

Two ways the same thing can arrive twice:
- a replay: someone who captured a signed request sends it again while its signature is still
  accepted (Slack's timestamps are good for 5 minutes). Slack itself never sends one signature
  twice, so a signature seen before is answered with an empty 200 and nothing is run: a replayed
  `add action` adds nothing.
- an Events API retry (`X-Slack-Retry-Num`): Slack re-sends an event, newly signed, when it did not
  hear back within 3 seconds. Events carry an `event_id`; one already handled (or being handled)
  is acknowledged without running its listener again.

Where it is remembered (issue 13): a request that may change something — every button, form and
shortcut, every event, every `/forum` command but the ones that only read — is claimed in the
database (table `replay_guard`, one INSERT on a unique key), so a replay after `forum serve`
restarts, or sent to another bot process on the same database, is refused too. Questions that
only read (`next-meeting`, `actions`…: the answer cache's commands) are remembered in memory only:
they are most of the traffic, a database write for each would cost a commit and void the answer
cache on every question, and answering one again changes nothing. Memory also answers a replay to
the same process at once, without asking the database.

The same table binds the *Import* button to the file the bot itself previewed for that officer in
that DM (`remember_preview` / `was_previewed`): a button value naming any other file is refused.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from slack_bolt import BoltRequest, BoltResponse
from sqlalchemy import Engine

from commands.core.registry import lookup
from commands.core.reply import Reply, message
from commands.core.router import UNAVAILABLE, clean
from storage import replay_guard
from storage.db import unavailable
from storage.types import utcnow
from templates import mrkdwn, render_blocks, render_text

log = logging.getLogger(__name__)

SIGNATURE_MEMORY = 6 * 60  # a little longer than the 5 minutes a signature is accepted for
EVENT_MEMORY = 60 * 60
PREVIEW_MEMORY = 7 * 24 * 60 * 60  # an *Import* button is good for a week after the preview
PRUNE_EVERY = 60  # seconds between deletions of expired rows, per process
_INTERACTIVE = frozenset({"block_actions", "view_submission", "view_closed", "shortcut", "message_action"})


class Seen:
    """Keys remembered until they expire; thread-safe (waitress serves from several threads)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()
        self._next_prune = 0.0

    def first_time(self, key: str) -> bool:
        """True the first time `key` is offered within its memory, False after."""
        now = time.monotonic()
        with self._lock:
            if now >= self._next_prune:  # expired keys go in one pass, at most every few seconds
                self._until = {k: until for k, until in self._until.items() if until > now}
                self._next_prune = now + 5
            if self._until.get(key, 0) > now:
                return False
            self._until[key] = now + self.seconds
            return True


class Claims:
    """Keys claimed in the database (`replay_guard`), with expired ones pruned now and then."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._next_prune = 0.0
        self._lock = threading.Lock()

    def first_time(self, key: str, seconds: float) -> bool:
        now = utcnow()
        with self.engine.begin() as connection:
            if self._prune_due():
                replay_guard.prune(connection, now)
            return replay_guard.first_time(connection, key, now, now + timedelta(seconds=seconds))

    def held(self, key: str) -> bool:
        with self.engine.connect() as connection:
            return replay_guard.held(connection, key, utcnow())

    def _prune_due(self) -> bool:
        with self._lock:
            if time.monotonic() < self._next_prune:
                return False
            self._next_prune = time.monotonic() + PRUNE_EVERY
            return True


def _may_write(body: object) -> bool:
    """Whether acting on this request again could change something (so it is claimed durably)."""
    if not isinstance(body, dict):
        return False
    if body.get("command"):
        command = lookup(clean(str(body.get("text") or "")).partition(" ")[0])
        return command is None or not command.kept  # a kept answer is read-only: replaying it is harmless
    return body.get("type") in _INTERACTIVE


Middleware = Callable[[BoltRequest, Callable[[], BoltResponse | None]], BoltResponse | None]


def once_only(engine: Engine | None = None) -> Middleware:
    """A bolt global middleware; it runs after bolt has checked the signature. With `engine`, what
    may write is also claimed in the database (shared by processes, kept across restarts)."""
    signatures, events = Seen(SIGNATURE_MEMORY), Seen(EVENT_MEMORY)
    claims = Claims(engine) if engine is not None else None

    def claimed(key: str, seconds: float) -> bool:
        """True if someone (another process, or this one before a restart) already had `key`."""
        # An outage raises from here and nothing is run (acting without the claim could act twice):
        # a command is answered below, anything else by the app's error handler.
        return claims is not None and not claims.first_time(key, seconds)

    def act_once(req: BoltRequest, next: Callable[[], BoltResponse | None]) -> BoltResponse | None:
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        if signature and not signatures.first_time(signature):
            log.warning("a replayed request was ignored (signature seen before)")
            return BoltResponse(status=200, body="")
        event_id = req.body.get("event_id") if isinstance(req.body, dict) else None
        if event_id and not events.first_time(str(event_id)):
            retry = (req.headers.get("x-slack-retry-num") or ["?"])[0]
            log.info("event %s already handled; retry %s acknowledged without running it again", event_id, retry)
            return BoltResponse(status=200, body="")
        if event_id:  # an event's id covers both its retries and a replay of its signed body
            if claimed(f"event:{str(event_id)[:100]}", EVENT_MEMORY):
                log.info("event %s already handled by this bot before (or by another process)", event_id)
                return BoltResponse(status=200, body="")
        elif signature and _may_write(req.body):
            try:
                again = claimed(f"sig:{signature[:120]}", SIGNATURE_MEMORY)
            except Exception as error:
                if not (unavailable(error) and isinstance(req.body, dict) and req.body.get("command")):
                    raise
                log.warning("database unavailable: %s", error)
                return _answer(message(UNAVAILABLE, ok=False))  # as the command itself would have said
            if again:
                log.warning("a replayed request was ignored (signature seen before a restart or by another process)")
                return BoltResponse(status=200, body="")
        return next()

    return act_once


def _answer(reply: Reply) -> BoltResponse:
    # as bot/listeners/replies.py renders a reply (not imported: the listeners import this module)
    blocks, text = render_blocks(reply), mrkdwn(render_text(reply))[:3000]
    body = json.dumps({"response_type": "ephemeral", "blocks": blocks, "text": text})
    return BoltResponse(status=200, body=body, headers={"content-type": "application/json"})


def _preview_key(user_id: str, channel_id: str, file_id: str) -> str:
    return f"preview:{user_id[:30]}:{channel_id[:30]}:{file_id[:60]}"


def remember_preview(engine: Engine, user_id: str, channel_id: str, file_id: str) -> None:
    """The bot answered `user_id` about `file_id` in the DM `channel_id`: its *Import* button may name it."""
    Claims(engine).first_time(_preview_key(user_id, channel_id, file_id), PREVIEW_MEMORY)


def was_previewed(engine: Engine, user_id: str, channel_id: str | None, file_id: str) -> bool:
    """Whether the bot previewed `file_id` for `user_id` in this DM (within the last week)."""
    if not channel_id or not channel_id.startswith("D"):
        return False
    return Claims(engine).held(_preview_key(user_id, channel_id, file_id))
