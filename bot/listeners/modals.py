"""Modal submissions (view_submission): validation errors go back inline in the modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.listeners.buttons import parse_metadata, record_id
from bot.listeners.replies import message_args
from commands.core.action_changes import add_update
from commands.core.context import Context
from commands.core.dates import FIRST_YEAR, LAST_YEAR
from commands.core.form_records import named_record_problem
from commands.core.reply import Reply
from commands.core.router import handle
from commands.forms import submit
from commands.notify import submit_form as save_notify
from settings import Settings

_VALUE_KEYS = {
    "plain_text_input": "value",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "users_select": "selected_user",
}


def form_values(view: dict[str, Any]) -> dict[str, Any]:
    """{block_id: what was entered} from a submitted modal's state, whatever the element type."""
    values: dict[str, Any] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        for element in elements.values():
            kind = element.get("type")
            if kind == "static_select":
                values[block_id] = (element.get("selected_option") or {}).get("value")
            elif kind in ("checkboxes", "multi_static_select"):  # several chosen: their values
                chosen = element.get("selected_options") or []
                values[block_id] = (
                    [o.get("value") if isinstance(o, dict) else None for o in chosen]
                    if isinstance(chosen, list)
                    else None
                )
            else:
                values[block_id] = element.get(_VALUE_KEYS.get(kind, "value"))
    return values


def _value_problems(view: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """Values no form of ours can send: a date picked outside the years the bot works with, or a
    meeting chosen from the list that is not a record id. Said against the field; nothing is saved."""
    problems: dict[str, str] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        for element in elements.values():
            picked = element.get("selected_date") if element.get("type") == "datepicker" else None
            if picked and not (
                isinstance(picked, str)
                and len(picked) == 10
                and picked[:4].isascii()
                and picked[:4].isdigit()
                and FIRST_YEAR <= int(picked[:4]) <= LAST_YEAR
            ):
                problems[block_id] = f"Choose a day between {FIRST_YEAR} and {LAST_YEAR}."
    if values.get("meeting") is not None and record_id(values["meeting"]) is None:
        problems["meeting"] = "Choose the meeting."
    return problems


def _tell(client: WebClient, user_id: str, channel: str | None, reply: Reply) -> None:
    if channel:
        client.chat_postEphemeral(channel=channel, user=user_id, **message_args(reply))
    else:
        client.chat_postMessage(channel=user_id, **message_args(reply))


def register(app: App, engine: Engine, settings: Settings) -> None:
    @app.view("action_update_modal")
    def action_update(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        metadata = parse_metadata(view.get("private_metadata", ""))
        text = (((view.get("state") or {}).get("values") or {}).get("update") or {}).get("text", {}).get("value") or ""
        user_id = body["user"]["id"]
        if not text.strip():
            ack(response_action="errors", errors={"update": "Say what has happened."})
            return
        ctx = Context(engine=engine, settings=settings, user_id=user_id, surface="slack")
        action_id = record_id(metadata.get("action"))
        if action_id is None:  # hidden data the bot did not write
            ack(response_action="errors", errors={"update": "That form has expired; open it again."})
            return
        reply = add_update(ctx, action_id, text)
        if not reply.ok:
            ack(response_action="errors", errors={"update": reply.data.get("text", "Not saved.")[:150]})
            return
        ack()
        _tell(client, user_id, metadata.get("channel"), reply)

    @app.view("search_modal")
    def search_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = ((view.get("state") or {}).get("values") or {}).get("words") or {}
        words = " ".join(str((values.get("text") or {}).get("value") or "").split())[:500]
        if not words:
            ack(response_action="errors", errors={"words": "Type a word or two to find."})
            return
        ack()  # the answer goes to the DM, where its *More* button works
        user_id = body["user"]["id"]
        ctx = Context(engine=engine, settings=settings, user_id=user_id, surface="slack")
        _tell(client, user_id, None, handle(ctx, f"search {words}"))

    @app.view("notify_form")
    def notify_form(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        """A person's own reminder settings: saved, or what is wrong said against the field."""
        user_id = body["user"]["id"]
        ctx = Context(engine=engine, settings=settings, user_id=user_id, surface="slack")
        errors, reply = save_notify(ctx, view.get("private_metadata", ""), form_values(view))
        if reply is not None and not reply.ok:
            errors = {"route": str(reply.data.get("text", "Not saved."))}
        if errors:
            ack(response_action="errors", errors={k: v[:150] for k, v in errors.items()})
            return
        ack()
        assert reply is not None  # saved: it says what the settings now are
        _tell(client, user_id, parse_metadata(view.get("private_metadata", "")).get("channel"), reply)

    @app.view("forum_form")
    def officer_form(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user_id = body["user"]["id"]
        ctx = Context(engine=engine, settings=settings, user_id=user_id, surface="slack")
        values = form_values(view)
        if problems := _value_problems(view, values):
            ack(response_action="errors", errors=problems)
            return
        if (gone := named_record_problem(ctx, view.get("private_metadata", ""))) is not None and values:
            ack(response_action="errors", errors={next(iter(values)): gone.data.get("text", "Not saved.")[:150]})
            return
        outcome = submit(ctx, view.get("private_metadata", ""), values)
        if outcome.reply is not None and not outcome.reply.ok and values:
            # refused outright (e.g. the role was taken away meanwhile): say so in the form itself
            outcome.errors = {next(iter(values)): outcome.reply.data.get("text", "Not saved.")}
        if outcome.errors:
            ack(response_action="errors", errors={k: v[:150] for k, v in outcome.errors.items()})
            return
        ack()
        assert outcome.reply is not None  # submit() has something to say whenever nothing was wrong
        _tell(client, user_id, parse_metadata(view.get("private_metadata", "")).get("channel"), outcome.reply)
