"""Column types and vocabularies shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the database keeps.

    SQLite has no timezone type and hands back naive values; PostgreSQL hands back the session's
    zone. Both come out as UTC here, and a naive value going in is a bug we refuse loudly.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} would be ambiguous; give it a timezone")
        value = value.astimezone(UTC)
        # SQLite stores text; keep it naive UTC there so ordering by the text column stays right.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(StrEnum):
    member = "member"
    officer = "officer"
    chair = "chair"
    admin = "admin"


class Sector(StrEnum):
    statutory = "statutory"
    voluntary = "voluntary"
    private = "private"
    other = "other"


class BoardKind(StrEnum):
    forum = "forum"
    theme_board = "theme_board"
    sub_group = "sub_group"
    other = "other"


class MeetingStatus(StrEnum):
    scheduled = "scheduled"
    postponed = "postponed"
    cancelled = "cancelled"
    held = "held"


class Purpose(StrEnum):
    information = "information"
    discussion = "discussion"
    decision = "decision"


class PaperKind(StrEnum):
    report = "report"
    presentation = "presentation"
    to_follow = "to_follow"
    verbal = "verbal"
    none = "none"


class AttendanceKind(StrEnum):
    present = "present"
    apologies = "apologies"
    substitute = "substitute"
    observer = "observer"
    officer = "officer"


class ActionStatus(StrEnum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"


class ResponseStatus(StrEnum):
    not_started = "not_started"
    drafting = "drafting"
    circulated = "circulated"
    signed_off = "signed_off"
    submitted = "submitted"


class Direction(StrEnum):
    higher = "higher"
    # The vocabulary word shadows str.lower on purpose: the member's name is what the files say.
    lower = "lower"  # type: ignore[assignment]
