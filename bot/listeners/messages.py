"""Direct messages to the bot (the App Home's Messages tab): answered like `/forum`, with the same
commands, in a thread under the message. The bot's own messages, edits and other subtypes are
acknowledged and left alone, so a reply never answers itself."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.listeners.replies import message_args
from bot.workspace import SlackWorkspace
from commands.core.context import Context
from commands.core.reply import message
from commands.core.router import handle
from settings import Settings

MAX_TEXT = 4000  # a command is a line, not a document
# What people put before a command out of habit: "/forum next-meeting", "forum …", "@Forum bot …"
_LEAD = re.compile(r"^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>\s*)?(?:/?forum\b\s*)?", re.IGNORECASE)


def command_text(text: str) -> str:
    return _LEAD.sub("", text[:MAX_TEXT], count=1).strip()


def _for_the_bot(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """A person's new message in a DM with the bot: no subtype (edits, joins, bot posts), no bot."""
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
    )


def register(app: App, engine: Engine, settings: Settings) -> None:
    def acknowledge(ack: Ack) -> None:
        ack()

    def answer(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if not _for_the_bot(event, context.bot_user_id):
            return
        text = command_text(str(event.get("text") or ""))
        ctx = Context(
            engine=engine,
            settings=settings,
            user_id=event["user"],
            channel_id=event.get("channel"),
            surface="slack",
            workspace=SlackWorkspace(client),
        )
        reply = handle(ctx, text)
        if reply.modal:  # a form needs a click's trigger, which a message has not
            reply = message(f"That opens a form: type `/forum {text}` in the message box instead.")
        client.chat_postMessage(
            channel=event["channel"], thread_ts=event.get("thread_ts") or event.get("ts"), **message_args(reply)
        )

    app.event("message")(ack=acknowledge, lazy=[answer])
