"""The one bolt app.

Serving mode, chosen deliberately: `process_before_response=True`. Our answers come from short
database reads (milliseconds), so the listener computes the reply and returns it in the
acknowledgement itself: one HTTP round trip, no thread hand-off, and none of bolt's 10 ms
acknowledgement polling that the default mode puts under every request. Work that can take long
(imports, bulk posts) goes to lazy listeners, which acknowledge first.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import App, BoltResponse, Respond
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.listeners import register_all
from bot.listeners.replies import message_args
from bot.replays import once_only
from commands.core.registry import all_commands
from commands.core.reply import message
from commands.core.router import UNAVAILABLE
from settings import Settings
from storage.db import unavailable

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side and nothing was changed. Please try again."


class _OneToken(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment itself even when it is handed a client, and
    then warns that the token is unused. We pass only the client (it carries SLACK_API_URL and the
    timeout, and the same token), so the warning says nothing true: it is kept out of the logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_ONE_TOKEN = _OneToken()


def create_app(settings: Settings, engine: Engine) -> App:
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)
    bolt_log = logging.getLogger("slack_bolt.App")
    if _ONE_TOKEN not in bolt_log.filters:
        bolt_log.addFilter(_ONE_TOKEN)
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret,
        process_before_response=True,
        # Checked at start, so a wrong token fails loudly at deploy time, not at a member's first command.
        token_verification_enabled=True,
    )

    @app.error
    def never_a_traceback(
        error: Exception, body: dict[str, Any], respond: Respond | None, logger: logging.Logger
    ) -> BoltResponse:
        if unavailable(error):  # an outage, not a bug: said plainly, and no traceback for each request
            logger.warning("database unavailable: %s", error)
            return _database_unavailable(body, respond)
        logger.exception("listener failed: %s", error)
        if body.get("command"):  # a slash command: say so, privately
            return _json({"response_type": "ephemeral", "text": SORRY})
        return BoltResponse(status=200, body="")

    all_commands()  # every command loaded now, not at a member's first use of it
    app.use(once_only(engine))  # a replayed request or a retried event is not acted on twice (bot/replays.py)
    register_all(app, engine, settings)
    return app


def _json(answer: dict[str, Any]) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(answer), headers={"content-type": "application/json"})


def _database_unavailable(body: dict[str, Any], respond: Respond | None) -> BoltResponse:
    """Tell whoever pressed or submitted that the database is away, wherever Slack lets us."""
    if body.get("command"):  # the same answer as a command that met the outage itself (the router's)
        return _json({"response_type": "ephemeral", **message_args(message(UNAVAILABLE, ok=False))})
    if body.get("type") == "view_submission":
        # The form stays open with what was typed, and the message under its first field.
        fields = list(((body.get("view") or {}).get("state") or {}).get("values") or {})
        if fields:
            return _json({"response_action": "errors", "errors": {fields[0]: UNAVAILABLE[:150]}})
    elif body.get("type") == "block_actions" and respond is not None and body.get("response_url"):
        try:  # a button on a message: a private note beside it (the click itself was acknowledged)
            respond(text=UNAVAILABLE, response_type="ephemeral", replace_original=False)
        except Exception:
            log.warning("could not tell the user the database is unavailable", exc_info=True)
    return BoltResponse(status=200, body="")
