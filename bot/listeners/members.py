"""A board's members kept in step with its channel (issue 15): Slack's member_joined_channel and
member_left_channel events, handed to commands.people_admin."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.workspace import SlackWorkspace
from commands.core.context import Context
from commands.people_admin import member_joined, member_left
from settings import Settings

log = logging.getLogger(__name__)


def register(app: App, engine: Engine, settings: Settings) -> None:
    def context(client: WebClient) -> Context:
        return Context(engine=engine, settings=settings, surface="slack", workspace=SlackWorkspace(client))

    @app.event("member_joined_channel")
    def joined(event: dict[str, Any], client: WebClient) -> None:
        user, channel = event.get("user"), event.get("channel")
        if user and channel and (done := member_joined(context(client), str(channel), str(user))):
            log.info("%s", done)

    @app.event("member_left_channel")
    def left(event: dict[str, Any], client: WebClient) -> None:
        user, channel = event.get("user"), event.get("channel")
        if user and channel and (done := member_left(context(client), str(channel), str(user))):
            log.info("%s", done)
