"""Buttons on the bot's replies (block_actions): thin — each hands over to commands/."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.listeners.home import publish_home
from bot.listeners.replies import message_args, view_of
from commands.apologies import apologies_for
from commands.core.action_changes import mark_done, update_form
from commands.core.context import Context
from commands.core.paging import read_more_value
from commands.core.reply import Reply, message
from commands.core.router import handle
from commands.forms import correction_form, edit_action_form, edit_consultation_form, edit_meeting_form
from commands.meetings import meeting_to_share
from commands.reading_form import reading_form
from commands.search import search_form
from settings import Settings

log = logging.getLogger(__name__)


def _ctx(engine: Engine, settings: Settings, body: dict[str, Any], **extra: Any) -> Context:
    return Context(
        engine=engine,
        settings=settings,
        user_id=body["user"]["id"],
        channel_id=(body.get("channel") or {}).get("id"),
        surface="slack",
        **extra,
    )


MAX_RECORD_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; a larger one names nothing
_RECORD_ID = re.compile(r"[0-9]{1,10}")


def record_id(value: object) -> int | None:
    """A record id from a button's value or a form's hidden data: a whole number that can name a
    row (1 to 2^31 - 1), or None. A value of 2^63, "²" or "1e400" is answered as no such record."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _RECORD_ID.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_RECORD_ID else None


def _value_id(body: dict[str, Any]) -> int | None:
    try:
        return record_id(body["actions"][0]["value"])
    except (KeyError, IndexError, TypeError):
        return None


def _say_privately(respond: Respond, reply: Reply) -> None:
    respond(replace_original=False, response_type="ephemeral", **message_args(reply))


def register(app: App, engine: Engine, settings: Settings) -> None:
    @app.action("forum_more")
    def more(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        wanted = read_more_value(body["actions"][0].get("value", ""))
        if wanted is None:
            return _say_privately(respond, message("That button has expired; run the command again."))
        text, page = wanted
        reply = handle(_ctx(engine, settings, body, page=page), text)
        respond(replace_original=True, response_type="ephemeral", **message_args(reply))

    @app.action("meeting_calendar")
    def calendar_link(ack: Ack) -> None:
        ack()  # a link button: Slack opens the .ics itself, but still tells us it was pressed

    @app.action("meeting_apologies")
    def apologies(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        _say_privately(respond, apologies_for(_ctx(engine, settings, body), _value_id(body) or 0))

    @app.action("meeting_share")
    def share(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        ctx = _ctx(engine, settings, body)
        ctx.surface = "channel"  # no personal buttons in a message everyone sees
        found = meeting_to_share(ctx, _value_id(body) or 0)
        if isinstance(found, Reply):
            return _say_privately(respond, found)
        reply, board_name = found
        assert ctx.channel_id is not None  # meeting_to_share refuses without a channel
        try:
            client.chat_postMessage(
                channel=ctx.channel_id, **message_args(reply), unfurl_links=False, unfurl_media=False
            )
        except SlackApiError as error:
            code = error.response.get("error", "")
            log.warning("sharing a %s meeting failed: %s", board_name, code)
            text = (
                "I'm not in this channel: invite me with `/invite @Forum bot`, then share again."
                if code in {"not_in_channel", "channel_not_found"}
                else "Slack didn't take the post; try again."
            )
            return _say_privately(respond, message(text))
        _say_privately(respond, message(f"Shared the {board_name} meeting in this channel."))

    @app.action("action_done")
    def done(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        action_id = _value_id(body)
        reply = mark_done(_ctx(engine, settings, body), action_id) if action_id else message("Which action?")
        if (body.get("view") or {}).get("type") == "home":
            publish_home(client, engine, settings, body["user"]["id"])  # the list redraws without it
            return
        _say_privately(respond, reply)

    @app.action("action_edit")
    @app.action("meeting_edit")
    @app.action("consultation_edit")
    @app.action("indicator_correct")
    def edit(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        ctx = _ctx(engine, settings, body)
        opener = {
            "action_edit": edit_action_form,
            "meeting_edit": edit_meeting_form,
            "consultation_edit": edit_consultation_form,
            "indicator_correct": correction_form,
        }[body["actions"][0]["action_id"]]
        reply = opener(ctx, _value_id(body) or 0, ctx.channel_id)
        if not reply.modal:
            return _say_privately(respond, reply)
        client.views_open(trigger_id=body["trigger_id"], view=view_of(reply))

    @app.action("reading_enter")
    def enter_reading(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        ctx = _ctx(engine, settings, body)
        try:
            value = str(body["actions"][0]["value"])[:100]
        except (KeyError, IndexError, TypeError):
            value = ""
        reply = reading_form(ctx, value, ctx.channel_id)
        if not reply.modal:
            return _say_privately(respond, reply)
        client.views_open(trigger_id=body["trigger_id"], view=view_of(reply))

    @app.action("home_search")
    def search_pressed(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=view_of(search_form()))

    @app.action("action_update")
    def update(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        ctx = _ctx(engine, settings, body)
        reply = update_form(ctx, _value_id(body) or 0, ctx.channel_id)
        if not reply.modal:
            return _say_privately(respond, reply)
        client.views_open(trigger_id=body["trigger_id"], view=view_of(reply))


def parse_metadata(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
        return data if isinstance(data, dict) else {}
    except ValueError:
        return {}
