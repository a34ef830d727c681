"""`/forum setup`'s views (issue 15): the partnership, its boards, a board. Thin: commands.setup
decides and saves; here the views are opened, pushed, updated and closed as Slack wants."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.listeners.replies import message_args, view_of
from bot.workspace import SlackWorkspace
from commands import setup as setup_commands
from commands.core.context import Context
from commands.core.reply import Reply
from settings import Settings

log = logging.getLogger(__name__)

_VALUE_KEYS = {
    "plain_text_input": "value",
    "timepicker": "selected_time",
    "users_select": "selected_user",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
}


def setup_values(view: dict[str, Any]) -> dict[str, Any]:
    """{block_id: what was entered} from a submitted setup view."""
    values: dict[str, Any] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        for element in (elements or {}).values():
            kind = element.get("type")
            if kind == "static_select":
                values[block_id] = (element.get("selected_option") or {}).get("value")
            else:
                values[block_id] = element.get(_VALUE_KEYS.get(kind, "value"))
    return values


def _errors_for(reply: Reply, values: dict[str, Any]) -> dict[str, str]:
    """A refusal (the role taken away meanwhile) shown in the form itself, under its first field."""
    return {next(iter(values), "name"): str(reply.data.get("text", "Not saved."))[:150]}


def register(app: App, engine: Engine, settings: Settings) -> None:
    def context(body: dict[str, Any], client: WebClient) -> Context:
        return Context(
            engine=engine,
            settings=settings,
            user_id=body["user"]["id"],
            surface="slack",
            workspace=SlackWorkspace(client),
        )

    @app.view("setup_partnership")
    def partnership(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = setup_values(view)
        outcome = setup_commands.save_partnership(context(body, client), values)
        if outcome.errors:
            ack(response_action="errors", errors={k: v[:150] for k, v in outcome.errors.items()})
            return
        if outcome.reply is None or not outcome.reply.modal:
            ack(response_action="errors", errors=_errors_for(outcome.reply or Reply("message"), values))
            return
        ack(response_action="update", view=view_of(outcome.reply))

    @app.action("setup_board_add")
    @app.action("setup_board_edit")
    def open_board(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        slug = action.get("value") if action.get("action_id") == "setup_board_edit" else None
        reply = setup_commands.board_form(context(body, client), slug)
        if not reply.modal:  # refused: said in the user's DM with the bot (a modal has no thread to answer in)
            client.chat_postMessage(channel=body["user"]["id"], **message_args(reply))
            return
        client.views_push(trigger_id=body["trigger_id"], view=view_of(reply))

    @app.view("setup_board")
    def board(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = setup_values(view)
        outcome = setup_commands.save_board(context(body, client), view.get("private_metadata", ""), values)
        if outcome.errors:
            ack(response_action="errors", errors={k: v[:150] for k, v in outcome.errors.items()})
            return
        if outcome.reply is None or not outcome.reply.modal:
            ack(response_action="errors", errors=_errors_for(outcome.reply or Reply("message"), values))
            return
        ack()  # back to the boards view, which is redrawn with the board in it
        below = view.get("previous_view_id") or view.get("root_view_id")
        if below:
            try:
                client.views_update(view_id=below, view=view_of(outcome.reply))
            except SlackApiError as error:
                log.warning("could not redraw the boards view: %s", error.response.get("error"))

    @app.view("setup_boards")
    def done(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack(response_action="clear")
        reply = setup_commands.finished(context(body, client))
        client.chat_postMessage(channel=body["user"]["id"], **message_args(reply))
