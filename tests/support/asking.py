"""One way for a test to ask the bot something through the real router, as a given person, at a
given moment, and get the Reply (its blocks checked against Block Kit's rules on the way)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from commands.core.context import Context
from commands.core.reply import Reply
from commands.core.router import handle
from storage.types import utcnow
from templates import render_blocks
from tests.support.blockkit import assert_valid_blocks
from tests.support.bot_server import settings_for


def ask(
    engine: Engine,
    text: str,
    user: str | None = None,
    *,
    now: datetime | None = None,
    channel: str | None = None,
    surface: str = "slack",
) -> Reply:
    ctx = Context(
        engine=engine,
        settings=settings_for(engine),
        user_id=user,
        channel_id=channel,
        surface=surface,
        now=now or utcnow(),
    )
    reply = handle(ctx, text)
    assert_valid_blocks(render_blocks(reply))
    return reply
