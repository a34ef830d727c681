"""Each request from Slack is acted on once.

Two ways the same thing can arrive twice:
- a replay: someone who captured a signed request sends it again while its signature is still
  accepted (Slack's timestamps are good for 5 minutes). Slack itself never sends one signature
  twice, so a signature seen before is answered with an empty 200 and nothing is run: a replayed
  `add action` adds nothing.
- an Events API retry (`X-Slack-Retry-Num`): Slack re-sends an event, newly signed, when it did not
  hear back within 3 seconds. Events carry an `event_id`; one already handled (or being handled)
  is acknowledged without running its listener again.

What was seen is kept in memory for as long as it can come back (signatures 5 minutes, events an
hour: Slack retries three times within about five minutes), so the memory is bounded by traffic.
Several bot processes behind one address would each keep their own; Slack's retries go to the
same URL and, in practice, to whichever process answers — the listeners we have are safe to run
twice in that rare case (they publish a view, or answer privately).
"""

from __future__ import annotations

import logging
import threading
import time

from slack_bolt import BoltRequest, BoltResponse

log = logging.getLogger(__name__)

SIGNATURE_MEMORY = 6 * 60  # a little longer than the 5 minutes a signature is accepted for
EVENT_MEMORY = 60 * 60


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


def once_only():
    """A bolt global middleware; it runs after bolt has checked the signature."""
    signatures, events = Seen(SIGNATURE_MEMORY), Seen(EVENT_MEMORY)

    def act_once(req: BoltRequest, next) -> BoltResponse | None:
        signature = (req.headers.get("x-slack-signature") or [None])[0]
        if signature and not signatures.first_time(signature):
            log.warning("a replayed request was ignored (signature seen before)")
            return BoltResponse(status=200, body="")
        event_id = req.body.get("event_id") if isinstance(req.body, dict) else None
        if event_id and not events.first_time(str(event_id)):
            retry = (req.headers.get("x-slack-retry-num") or ["?"])[0]
            log.info("event %s already handled; retry %s acknowledged without running it again", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()

    return act_once
