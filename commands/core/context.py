"""Who is asking, from where, and when: everything a command needs besides the words typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from commands.core.partnership import zone
from commands.core.workspace import Workspace
from settings import Settings
from storage.types import utcnow


@dataclass
class Context:
    engine: Engine
    settings: Settings
    user_id: str | None = None  # the caller's Slack user id; None for the console operator
    channel_id: str | None = None
    surface: str = "slack"  # "slack" or "console"
    now: datetime = field(default_factory=utcnow)
    text: str = ""  # the whole command as typed (after cleaning); paging re-runs it
    page: int = 1
    workspace: Workspace | None = None  # the Slack workspace, to ask who someone is (None: console)

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.engine, self.settings)  # the partnership's own zone wins (issue 15)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()
