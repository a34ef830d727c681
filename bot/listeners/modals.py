"""Modal submissions (view_submission): validation errors go back inline in the modal."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.listeners.buttons import parse_metadata
from bot.listeners.replies import message_args
from commands.action_changes import add_update
from commands.context import Context
from settings import Settings


def register(app: App, engine: Engine, settings: Settings) -> None:
    @app.view("action_update_modal")
    def action_update(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        metadata = parse_metadata(view.get("private_metadata", ""))
        text = (((view.get("state") or {}).get("values") or {}).get("update") or {}).get("text", {}).get("value") or ""
        user_id = body["user"]["id"]
        if not text.strip():
            return ack(response_action="errors", errors={"update": "Say what has happened."})
        ctx = Context(engine=engine, settings=settings, user_id=user_id, surface="slack")
        reply = add_update(ctx, int(metadata.get("action") or 0), text)
        if not reply.ok:
            return ack(response_action="errors", errors={"update": reply.data.get("text", "Not saved.")[:150]})
        ack()
        channel = metadata.get("channel")
        if channel:
            client.chat_postEphemeral(channel=channel, user=user_id, **message_args(reply))
        else:
            client.chat_postMessage(channel=user_id, **message_args(reply))
