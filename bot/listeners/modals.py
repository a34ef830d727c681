"""Modal submissions (view_submission): validation errors go back inline in the modal."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.listeners.buttons import parse_metadata
from bot.listeners.replies import message_args
from commands.core.action_changes import add_update
from commands.core.context import Context
from commands.forms import submit
from settings import Settings

_VALUE_KEYS = {
    "plain_text_input": "value",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "users_select": "selected_user",
}


def form_values(view: dict) -> dict:
    """{block_id: what was entered} from a submitted modal's state, whatever the element type."""
    values = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        for element in elements.values():
            kind = element.get("type")
            if kind == "static_select":
                values[block_id] = (element.get("selected_option") or {}).get("value")
            else:
                values[block_id] = element.get(_VALUE_KEYS.get(kind, "value"))
    return values


def _tell(client: WebClient, user_id: str, channel: str | None, reply) -> None:
    if channel:
        client.chat_postEphemeral(channel=channel, user=user_id, **message_args(reply))
    else:
        client.chat_postMessage(channel=user_id, **message_args(reply))


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
        _tell(client, user_id, metadata.get("channel"), reply)

    @app.view("forum_form")
    def officer_form(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        user_id = body["user"]["id"]
        ctx = Context(engine=engine, settings=settings, user_id=user_id, surface="slack")
        values = form_values(view)
        outcome = submit(ctx, view.get("private_metadata", ""), values)
        if outcome.reply is not None and not outcome.reply.ok and values:
            # refused outright (e.g. the role was taken away meanwhile): say so in the form itself
            outcome.errors = {next(iter(values)): outcome.reply.data.get("text", "Not saved.")}
        if outcome.errors:
            return ack(response_action="errors", errors={k: v[:150] for k, v in outcome.errors.items()})
        ack()
        _tell(client, user_id, parse_metadata(view.get("private_metadata", "")).get("channel"), outcome.reply)
