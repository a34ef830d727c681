"""Posting reminders to Slack: channels with chat.postMessage, people by opening a DM first.

- 429: wait as long as Retry-After says, then try again (a wait longer than `longest_wait` is left
  to a later sweep rather than holding this one up).
- 5xx, timeouts, dropped connections: try again after 1, 2, 4… seconds; after `tries` the
  delivery is handed back as "retry", and a later sweep tries again.
- Anything else Slack refuses (`channel_not_found`, `not_in_channel`, `user_not_found`, …) will
  not work by trying again: it is "failed", recorded with Slack's error for the officers to fix.
  Except a bad token or missing scope: that stops every reminder, so they wait for it to be fixed.
- Pacing: at most one post a second to any one channel, as Slack asks of chat.postMessage.
- Exactly once: each post carries its delivery's key in Slack's message metadata. Where a post may
  have reached Slack without the bot hearing back (a timeout or 5xx, or a sweep killed mid-post),
  the channel's recent history is read for that key before posting again; if it is there, the
  reminder was sent. If the history cannot be read, the post goes again: twice beats never.

The sleep and the clock are parameters so tests can run the waits without waiting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from commands.core.reply import Reply
from commands.reminder_engine.sweep import Attempt, Posted
from settings import Settings
from templates import mrkdwn, render_blocks, render_text

log = logging.getLogger(__name__)

EVENT_TYPE = "forum_reminder"  # the metadata event type that marks the bot's reminder posts
HISTORY_PAGES = 5  # of 200 messages: how far back a channel is searched for an earlier post
# The search for an earlier post starts this long before the bot's own clock says it could have been
# made (issue 13): Slack stamps messages with its clock, and a bot whose clock is ahead of Slack's by
# more than a minute used to miss its own post and send the reminder twice. A reminder's key names
# one reminder for one occasion, so a post carrying it, however long ago, is that reminder; searching
# further back costs nothing when the post is found among the newest messages, as it is.
CLOCK_SKEW_MARGIN = 24 * 60 * 60  # seconds

# Errors Slack reports with which trying again later can work.
TRANSIENT_ERRORS = frozenset(
    {
        "ratelimited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "team_is_restricted_temporarily",
    }
)
# The bot's own token or scopes are wrong: no reminder can go until someone fixes that, and then
# every one still in its grace period should — so these are waited out, not given up on.
BOT_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "no_permission",
        "ekm_access_denied",
    }
)


def render_for_slack(reply: Reply) -> tuple[str, list[dict[str, Any]]]:
    """The notification text and the blocks. Slack reads the text as mrkdwn too, so what people
    typed is escaped there as well: a title with <!channel> in it must not ping a channel."""
    return mrkdwn(render_text(reply))[:3000], render_blocks(reply)


class GiveUp(Exception):
    def __init__(self, outcome: str, error: str):
        super().__init__(error)
        self.outcome, self.error = outcome, error


class SlackPoster:
    def __init__(
        self,
        client: WebClient,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        tries: int = 4,
        backoff: float = 1.0,
        longest_wait: float = 60.0,
        per_channel: float = 1.0,
    ):
        client.retry_handlers = []  # our own retries below, with an injectable sleep and a log
        self.client, self.sleep, self.clock = client, sleep, clock
        self.tries, self.backoff, self.longest_wait, self.per_channel = tries, backoff, longest_wait, per_channel
        self._dm_channels: dict[str, str] = {}
        self._last_post: dict[str, float] = {}

    @classmethod
    def for_settings(cls, settings: Settings, **options: Any) -> SlackPoster:
        return cls(WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10), **options)

    def post_reply(
        self,
        target: str,
        reply: Reply,
        *,
        key: str | None = None,
        posted_since: datetime | None = None,
    ) -> Posted:
        """A reminder the sweep worked out, rendered for Slack and posted (see `post`)."""
        text, blocks = render_for_slack(reply)
        return self.post(target, text, blocks, key=key, posted_since=posted_since)

    def post(
        self,
        target: str,
        text: str,
        blocks: list[dict[str, Any]],
        *,
        key: str | None = None,
        posted_since: datetime | None = None,
    ) -> Posted:
        """Post to a channel or person. `key` marks the post; with `posted_since`, an earlier try
        may have reached Slack, so the channel is searched for it from then before posting."""
        attempts: list[Attempt] = []
        try:
            channel = self._channel_for(target, attempts)
            if (
                key
                and posted_since is not None
                and (ts := self._find(channel, key, posted_since.timestamp() - CLOCK_SKEW_MARGIN, attempts))
            ):
                return Posted("sent", attempts, channel=channel, ts=ts)
            self._pace(channel)
            marked = {"metadata": {"event_type": EVENT_TYPE, "event_payload": {"delivery": key}}} if key else {}
            started = time.time()  # when this try began, by our clock, for a search after a timeout
            already = (lambda: self._find(channel, key, started - CLOCK_SKEW_MARGIN, attempts)) if key else None
            data = self._call(
                "chat.postMessage",
                attempts,
                already_posted=already,
                channel=channel,
                text=text,
                blocks=blocks,
                unfurl_links=False,
                unfurl_media=False,
                **marked,
            )
        except GiveUp as gave_up:
            return Posted(gave_up.outcome, attempts, error=gave_up.error)  # type: ignore[arg-type]
        self._last_post[channel] = self.clock()
        posted_to, ts = data.get("channel") or channel, data.get("ts")
        attempts[-1].channel, attempts[-1].ts = posted_to, ts
        return Posted("sent", attempts, channel=posted_to, ts=ts)

    def _channel_for(self, target: str, attempts: list[Attempt]) -> str:
        """A channel id as it is; a user id becomes the id of the bot's DM with them."""
        if not target.startswith(("U", "W")):
            return target
        if target not in self._dm_channels:
            data = self._call("conversations.open", attempts, users=target)
            self._dm_channels[target] = data["channel"]["id"]
        return self._dm_channels[target]

    def _pace(self, channel: str) -> None:
        last = self._last_post.get(channel)
        if last is not None:
            wait = self.per_channel - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)

    def _find(self, channel: str, key: str, since: float, attempts: list[Attempt]) -> str | None:
        """The ts of this bot's post marked `key` in `channel` since `since` (epoch seconds), if any."""
        cursor = None
        try:
            for _ in range(HISTORY_PAGES):
                response = self.client.conversations_history(
                    channel=channel, oldest=f"{since:.6f}", limit=200, include_all_metadata=True, cursor=cursor
                )
                for message in response.get("messages") or []:
                    metadata = message.get("metadata") or {}
                    if (
                        metadata.get("event_type") == EVENT_TYPE
                        and (metadata.get("event_payload") or {}).get("delivery") == key
                    ):
                        attempts.append(
                            Attempt(
                                "found",
                                response.status_code,
                                "already posted: not sent again",
                                channel=channel,
                                ts=message.get("ts"),
                            )
                        )
                        found: str | None = message.get("ts")
                        return found
                cursor = (response.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except SlackApiError as error:
            code = error.response.get("error") if isinstance(error.response.data, dict) else None
            attempts.append(Attempt("unchecked", error.response.status_code, f"conversations.history: {code}"))
            log.warning("could not look for an earlier post in %s (%s): posting again", channel, code)
            return None
        except (TimeoutError, URLError, ConnectionError, OSError) as error:
            attempts.append(Attempt("unchecked", None, f"conversations.history: {type(error).__name__}"))
            return None
        attempts.append(Attempt("checked", 200, "no earlier post found"))
        return None

    def _call(
        self,
        method: str,
        attempts: list[Attempt],
        already_posted: Callable[[], str | None] | None = None,
        **args: Any,
    ) -> dict[str, Any]:
        """Call Slack, trying again where that can work. `already_posted`: after a failure that
        Slack may have acted on anyway, asked before trying again; a ts means it did."""
        waited = None
        for number in range(1, self.tries + 1):
            wait, outcome = self.backoff * 2 ** (number - 1), "retry"
            uncertain = number > 1 and already_posted is not None and attempts[-1].result in ("timeout", "server_error")
            if uncertain and already_posted is not None and (ts := already_posted()):
                return {"channel": args.get("channel"), "ts": ts}
            try:
                response = self.client.api_call(method, json=args)
                attempts.append(
                    Attempt(
                        "sent" if method == "chat.postMessage" else "ok",
                        response.status_code,
                        None if method == "chat.postMessage" else method,
                        waited,
                    )
                )
                return response.data  # type: ignore[return-value]
            except SlackApiError as error:
                status = error.response.status_code
                code = error.response.get("error") if isinstance(error.response.data, dict) else None
                if status == 429 or code == "ratelimited":
                    wait = _retry_after(error.response.headers)
                    attempts.append(
                        Attempt("ratelimited", status, f"{method}: ratelimited, Retry-After {wait:g}s", waited)
                    )
                    if wait > self.longest_wait:
                        raise GiveUp("retry", f"{method}: rate limited for {wait:g}s") from None
                elif code in BOT_ERRORS:
                    attempts.append(Attempt("error", status, f"{method}: {code}", waited))
                    log.error("Slack refuses the bot itself (%s): no reminder can be sent until that is fixed", code)
                    raise GiveUp("retry", f"{method}: {code} (the bot's token or permissions)") from None
                elif status >= 500 or code in TRANSIENT_ERRORS:
                    attempts.append(Attempt("server_error", status, f"{method}: {code or f'HTTP {status}'}", waited))
                else:
                    attempts.append(Attempt("error", status, f"{method}: {code or f'HTTP {status}'}", waited))
                    raise GiveUp("failed", f"{method}: {code or f'HTTP {status}'}") from None
            except (TimeoutError, URLError, ConnectionError, OSError) as error:
                attempts.append(Attempt("timeout", None, f"{method}: {type(error).__name__}: {error}"[:300], waited))
            if number < self.tries:
                self.sleep(wait)
                waited = wait
        raise GiveUp(outcome, attempts[-1].error or f"{method} failed")


def _retry_after(headers: Mapping[str, str] | None) -> float:
    for key, value in (headers or {}).items():
        if key.lower() == "retry-after":
            value = value[0] if isinstance(value, list) else value
            try:
                return max(float(value), 0.0)
            except (TypeError, ValueError):
                break
    return 1.0  # Slack always sends one; if not, a second is its usual window
