"""One settings class for the whole bot, read from the environment (and a `.env` file if present)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_PATH = Path("forum.db")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(default=f"sqlite:///{DEFAULT_DB_PATH}", alias="DATABASE_URL")
    timezone_name: str = Field(default="Europe/London", alias="FORUM_TIMEZONE")
    default_board: str = Field(default="forum", alias="FORUM_DEFAULT_BOARD")
    # Boards call a reading a hair's breadth off target green; this is how wide "amber" is, as a
    # fraction of the target (issue 3 uses it for RAG status).
    amber_tolerance: float = Field(default=0.05, ge=0, le=1, alias="FORUM_AMBER_TOLERANCE")
    # … and how far off target still counts as achieved ("a hair's breadth"): green.
    green_tolerance: float = Field(default=0.005, ge=0, le=1, alias="FORUM_GREEN_TOLERANCE")
    public_url: str = Field(default="http://localhost:3000", alias="FORUM_PUBLIC_URL")
    # Reminders (issue 6): a reminder that fell due while the bot was down is still sent if it is
    # at most this late, else recorded as skipped; the scheduler looks for due ones this often.
    reminder_grace_hours: float = Field(default=24, gt=0, alias="FORUM_REMINDER_GRACE_HOURS")
    reminder_tick_seconds: float = Field(default=60, gt=0, alias="FORUM_REMINDER_TICK_SECONDS")
    reminders_enabled: bool = Field(default=True, alias="FORUM_REMINDERS")  # off: this process sends none
    # Answers to repeated questions given again until the database changes (bot/answers.py).
    answer_cache: bool = Field(default=True, alias="FORUM_ANSWER_CACHE")

    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="SLACK_API_URL")

    @field_validator("timezone_name")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone, so a typo fails at start, not at 9 am
        return value

    @field_validator("database_url")
    @classmethod
    def _psycopg3(cls, value: str) -> str:
        # Plain postgres:// URLs (as hosting platforms hand them out) mean psycopg 3 here.
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone_name)

    @property
    def has_slack_credentials(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))
