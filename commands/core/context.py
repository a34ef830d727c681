"""Who is asking, from where, and when: everything a command needs besides the words typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

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

    @property
    def tz(self):
        return self.settings.tz

    @property
    def today(self):
        return self.now.astimezone(self.tz).date()
