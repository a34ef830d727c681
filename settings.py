"""One settings class for the whole bot, read from the environment (and a `.env` file if present)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal
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
    # Where others reach `forum serve` (calendar feeds, Add to calendar). Unset: no such link is posted.
    public_url: str | None = Field(default=None, alias="FORUM_PUBLIC_URL")
    # Reminders (issue 6): a reminder that fell due while the bot was down is still sent if it is
    # at most this late, else recorded as skipped; the scheduler looks for due ones this often.
    reminder_grace_hours: float = Field(default=24, gt=0, alias="FORUM_REMINDER_GRACE_HOURS")
    reminder_tick_seconds: float = Field(default=60, gt=0, alias="FORUM_REMINDER_TICK_SECONDS")
    # Whose bank holidays stop reminders (they go on the working day instead), from the `holidays`
    # library: England and Wales share theirs.
    bank_holidays: Literal["england", "scotland", "northern_ireland"] = Field(
        default="england", alias="FORUM_BANK_HOLIDAYS"
    )
    reminders_enabled: bool = Field(default=True, alias="FORUM_REMINDERS")  # off: this process sends none
    # E-mail (issue 18): reminders and digests to people with no Slack account, or who chose e-mail.
    # smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465 (TLS). Unset: no e-mail.
    smtp_url: str | None = Field(default=None, alias="FORUM_SMTP_URL")
    mail_from: str | None = Field(default=None, alias="FORUM_MAIL_FROM")  # "Luton Forum <forum@example.org>"
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

    @field_validator("bank_holidays", mode="before")
    @classmethod
    def _region_words(cls, value: object) -> object:
        # "Northern Ireland", "wales" and "england-and-wales" say the same as the setting's names.
        if isinstance(value, str):
            value = value.strip().casefold().replace(" ", "_").replace("-", "_")
            return "england" if value in {"wales", "england_and_wales", "england_wales"} else value
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("smtp_url")
    @classmethod
    def _smtp_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            return None
        if value is not None and not value.startswith(("smtp://", "smtps://")):
            raise ValueError("FORUM_SMTP_URL starts smtp:// (STARTTLS) or smtps:// (TLS)")
        return value

    @property
    def sends_email(self) -> bool:
        """Whether reminders may go by e-mail: a server to send through and an address to send from."""
        return bool(self.smtp_url and self.mail_from)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone_name)

    @property
    def has_slack_credentials(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))
