"""The global shortcut (⚡ "Forum bot", `forum_menu`): a small menu of the forms its user may open;
choosing one replaces the menu with that form (`response_action: update`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.listeners.modals import form_values
from bot.listeners.replies import view_of
from commands.core.context import Context
from commands.core.router import handle
from commands.menu import SEARCH, chosen, menu
from commands.search import search_form
from settings import Settings


def register(app: App, engine: Engine, settings: Settings) -> None:
    def context(body: dict[str, Any]) -> Context:
        return Context(engine=engine, settings=settings, user_id=(body.get("user") or {}).get("id"), surface="slack")

    @app.shortcut("forum_menu")
    def opened(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=view_of(menu(context(body))))

    @app.view("forum_menu")
    def picked(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        ctx = context(body)
        value = chosen(ctx, str(form_values(view).get("choice") or ""))
        if value is None:
            ack(response_action="errors", errors={"choice": "Choose one of the forms offered."})
            return
        reply = search_form() if value == SEARCH else handle(ctx, value)
        if not reply.modal:  # refused (the role went meanwhile) or nothing to add to: said in the menu
            ack(response_action="errors", errors={"choice": str(reply.data.get("text", "Not available."))[:150]})
            return
        ack(response_action="update", view=view_of(reply))  # a form renders a view
