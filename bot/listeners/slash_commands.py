"""`/forum …`: answered in the acknowledgement, rendered as Block Kit."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltResponse
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.answer_cache import Answers
from bot.listeners.replies import message_args
from bot.workspace import SlackWorkspace
from commands.core.context import Context
from commands.core.router import handle
from settings import Settings
from templates import render_blocks


def register(app: App, engine: Engine, settings: Settings) -> None:
    answers = Answers(engine, enabled=settings.answer_cache)

    @app.command("/forum")
    def forum(ack: Ack, command: dict, client: WebClient) -> None:
        ctx = Context(
            engine=engine,
            settings=settings,
            user_id=command.get("user_id"),
            channel_id=command.get("channel_id"),
            surface="slack",
            workspace=SlackWorkspace(client),  # who someone is, for setup and adding people (issue 15)
        )
        key = answers.key(ctx, command.get("text", ""))
        if (kept := answers.get(key)) is not None:  # asked before, and nothing has changed since:
            ack.response = BoltResponse(status=200, body=kept)  # the acknowledgement, as sent last time
            return
        reply = handle(ctx, command.get("text", ""))
        if reply.modal:  # a form: opened with the command's trigger, which Slack honours for 3 seconds
            ack()
            client.views_open(trigger_id=command["trigger_id"], view=render_blocks(reply))
            return
        answer = {"response_type": reply.visibility, **message_args(reply)}
        if reply.ok:  # not a refusal, nor "the database is unavailable, try again"
            answers.put(key, answer)
        ack(**answer)
