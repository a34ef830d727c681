"""The App Home tab, published when a member opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy import Engine

from commands.core.context import Context
from commands.home import home
from settings import Settings
from templates import render_blocks


def publish_home(client: WebClient, engine: Engine, settings: Settings, user_id: str) -> None:
    blocks = render_blocks(home(Context(engine=engine, settings=settings, user_id=user_id, surface="home")))
    client.views_publish(user_id=user_id, view={"type": "home", "blocks": blocks})


def register(app: App, engine: Engine, settings: Settings) -> None:
    @app.event("app_home_opened")
    def opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            publish_home(client, engine, settings, event["user"])
