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

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.listeners import register_all
from bot.replays import once_only
from settings import Settings

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side and nothing was changed. Please try again."


def create_app(settings: Settings, engine: Engine) -> App:
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret,
        process_before_response=True,
        # Checked at start, so a wrong token fails loudly at deploy time, not at a member's first command.
        token_verification_enabled=True,
    )

    @app.error
    def never_a_traceback(error: Exception, body: dict, logger: logging.Logger) -> BoltResponse:
        logger.exception("listener failed: %s", error)
        if body.get("command"):  # a slash command: say so, privately
            return BoltResponse(status=200, body=json.dumps({"response_type": "ephemeral", "text": SORRY}),
                                headers={"content-type": "application/json"})
        return BoltResponse(status=200, body="")

    app.use(once_only())  # a replayed request or a retried event is not acted on twice (bot/replays.py)
    register_all(app, engine, settings)
    return app
