"""Listeners, one module per Slack surface; each module registers its own."""

from __future__ import annotations

from slack_bolt import App
from sqlalchemy import Engine

from bot.listeners import buttons, home, members, messages, modals, papers, setup, shortcuts, slash_commands
from settings import Settings


def register_all(app: App, engine: Engine, settings: Settings) -> None:
    slash_commands.register(app, engine, settings)
    buttons.register(app, engine, settings)
    modals.register(app, engine, settings)
    home.register(app, engine, settings)
    papers.register(app, engine, settings)  # papers uploaded to the bot (issue 5)
    setup.register(app, engine, settings)  # /forum setup's views (issue 15)
    members.register(app, engine, settings)  # boards' members kept in step with their channels (issue 15)
    shortcuts.register(app, engine, settings)  # the global shortcut's menu of forms (issue 12)
    messages.register(app, engine, settings)  # direct messages, answered like /forum (issue 12)
