"""Every table of the partnership database, in one place.

Vocabulary columns (role, status, purpose, …) are plain strings checked against the enums in
`storage.types`, so adding a status later is a code change, not a database-enum migration.
Nothing is hard-deleted: records carry `archived_at` (or a status such as cancelled / dropped).
`version` counts saves, so a second officer saving a stale copy can be told (issue 4).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import ActionStatus, MeetingStatus, ResponseStatus, UTCDateTime, utcnow


class Tracked(SQLModel):
    """Columns every editable record has."""

    created_at: datetime | None = Field(default_factory=utcnow, sa_type=UTCDateTime())
    updated_at: datetime | None = Field(default_factory=utcnow, sa_type=UTCDateTime())
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    version: int = Field(default=1)
    # Where the fact came from: "import:luton.yaml", "paper:agenda.txt:212", "slack:U0BREN001".
    source: str | None = Field(default=None, max_length=300)


class Organisation(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    sector: str = Field(default="other", max_length=20)
    note: str | None = Field(default=None, sa_type=Text)


class Person(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    title: str | None = Field(default=None, max_length=300)
    slack_user_id: str | None = Field(default=None, max_length=30, unique=True)
    email: str | None = Field(default=None, max_length=200)
    role: str = Field(default="member", max_length=20)
    # What the person chose to hear and how (`/forum notify`, issue 18); None: the defaults.
    notify: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class Board(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=200)
    kind: str = Field(default="theme_board", max_length=20)
    parent_id: int | None = Field(default=None, foreign_key="board.id")
    chair_id: int | None = Field(default=None, foreign_key="person.id")
    vice_chair_id: int | None = Field(default=None, foreign_key="person.id")
    slack_channel_id: str | None = Field(default=None, max_length=30, index=True)
    # Per-board options (reminder offsets and hours, issue 6); defaults live in code.
    settings: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class BoardMember(Tracked, table=True):
    __tablename__ = "board_member"
    __table_args__ = (UniqueConstraint("board_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    # chair / vice-chair / member / officer / observer, as the board's papers describe them
    position: str = Field(default="member", max_length=30)


class Meeting(Tracked, table=True):
    __table_args__ = (Index("ix_meeting_board_starts", "board_id", "starts_at"),)
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id")
    starts_at: datetime = Field(sa_type=UTCDateTime(), index=True)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    venue: str | None = Field(default=None, max_length=300)
    address: str | None = Field(default=None, max_length=500)
    status: str = Field(default=MeetingStatus.scheduled.value, max_length=20)
    status_reason: str | None = Field(default=None, sa_type=Text)
    note: str | None = Field(default=None, sa_type=Text)
    # A paper gave the day but no start time: starts_at holds midnight of that day, shown as "time unknown".
    time_unknown: bool = Field(default=False)


class AgendaItem(Tracked, table=True):
    __tablename__ = "agenda_item"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    number: str = Field(max_length=20)
    position: int = Field(default=0)
    title: str = Field(sa_type=Text)
    presenter_id: int | None = Field(default=None, foreign_key="person.id")
    # As written in the agenda ("Bren McGowan, Partnership Manager"; "Chairs of Theme Boards").
    presenter_text: str | None = Field(default=None, sa_type=Text)
    purpose: str | None = Field(default=None, max_length=20)
    paper_kind: str | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, sa_type=Text)


class Paper(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    agenda_item_id: int = Field(foreign_key="agenda_item.id", index=True)
    title: str = Field(sa_type=Text)
    url: str | None = Field(default=None, max_length=1000)
    kind: str | None = Field(default=None, max_length=20)
    author: str | None = Field(default=None, max_length=300)
    purpose: str | None = Field(default=None, sa_type=Text)
    recommendations: str | None = Field(default=None, sa_type=Text)


class Attendance(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    name_text: str | None = Field(default=None, max_length=300)
    kind: str = Field(max_length=20)
    substitute_for_id: int | None = Field(default=None, foreign_key="person.id")
    substitute_for_text: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, sa_type=Text)


class Minute(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    number: str = Field(max_length=20)
    position: int = Field(default=0)
    title: str = Field(sa_type=Text)
    ref: str | None = Field(default=None, max_length=20)  # the agenda item it minutes
    discussion: str | None = Field(default=None, sa_type=Text)


class Resolution(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    minute_id: int = Field(foreign_key="minute.id", index=True)
    label: str = Field(max_length=10)  # (i), (ii), …
    position: int = Field(default=0)
    text: str = Field(sa_type=Text)


class Action(Tracked, table=True):
    __table_args__ = (Index("ix_action_status_due", "status", "due_date"),)
    id: int | None = Field(default=None, primary_key=True)
    description: str = Field(sa_type=Text)
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    owner_text: str | None = Field(default=None, max_length=300)  # "the LSP Manager", "all partners"
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    board_id: int | None = Field(default=None, foreign_key="board.id", index=True)
    due_date: date | None = Field(default=None)  # a calendar day in the partnership's zone
    status: str = Field(default=ActionStatus.open.value, max_length=20)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    minute_id: int | None = Field(default=None, foreign_key="minute.id")
    resolution_id: int | None = Field(default=None, foreign_key="resolution.id")
    # A corrective action: the red or amber indicator it is meant to bring back on track.
    indicator_id: int | None = Field(default=None, foreign_key="indicator.id", index=True)

    @property
    def ref(self) -> str:
        return f"A-{self.id}"


class ActionUpdate(Tracked, table=True):
    __tablename__ = "action_update"
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    author_id: int | None = Field(default=None, foreign_key="person.id")
    text: str = Field(sa_type=Text)


class Indicator(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)  # normalised: "NI 151", "LI 01"
    title: str = Field(sa_type=Text)
    unit: str | None = Field(default=None, max_length=40)
    direction: str = Field(default="higher", max_length=10)
    baseline: float | None = Field(default=None)
    baseline_period: str | None = Field(default=None, max_length=20)
    board_id: int | None = Field(default=None, foreign_key="board.id", index=True)
    lead_organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    lead_text: str | None = Field(default=None, max_length=300)
    partners: list[Any] | None = Field(default=None, sa_type=JSON)
    illustrative: bool = Field(default=False)  # figures made up for the demo, not from the papers
    note: str | None = Field(default=None, sa_type=Text)
    # When figures arrive: "monthly", "quarterly" or "annual", and the days after a period ends by
    # which its reading is due; None takes the board's default. The contact is the one chased.
    frequency: str | None = Field(default=None, max_length=10)
    reading_due_days: int | None = Field(default=None)
    contact_id: int | None = Field(default=None, foreign_key="person.id")


class IndicatorTarget(Tracked, table=True):
    __tablename__ = "indicator_target"
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    period: str = Field(max_length=20)  # "2009/10"
    value: float
    note: str | None = Field(default=None, sa_type=Text)


class IndicatorReading(Tracked, table=True):
    __tablename__ = "indicator_reading"
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    period: str = Field(max_length=20)  # "2009/10 Q2" or "2009/10"
    value: float
    note: str | None = Field(default=None, sa_type=Text)


class Consultation(Tracked, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_type=Text)
    issuer: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=1000)
    opens: date | None = Field(default=None)
    closes: date | None = Field(default=None, index=True)
    board_id: int | None = Field(default=None, foreign_key="board.id")
    response_owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    response_owner_text: str | None = Field(default=None, max_length=300)
    response_status: str = Field(default=ResponseStatus.not_started.value, max_length=20)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    note: str | None = Field(default=None, sa_type=Text)

    @property
    def ref(self) -> str:
        return f"C-{self.id}"


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime())
    actor: str = Field(max_length=100)  # Slack user id, "console", "import:FILE"
    actor_person_id: int | None = Field(default=None, foreign_key="person.id")
    entity: str = Field(max_length=40)  # table name
    entity_id: int
    verb: str = Field(max_length=20)  # create / update / archive / refuse
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    note: str | None = Field(default=None, sa_type=Text)


class Delivery(SQLModel, table=True):
    """One reminder to one place for one occasion (issue 6), claimed here before it is sent.

    (kind, target, occasion) is unique: a second insert of the same reminder fails, which is how a
    restarted bot, or a second bot process on the same database, learns that it is already taken.
    Rows are never deleted: together with their attempts they are the delivery log.
    """

    __table_args__ = (
        UniqueConstraint("kind", "target", "occasion"),
        Index("ix_delivery_due", "due_at"),
        Index("ix_delivery_status", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)  # agenda_week, presenter, consultation_owner, …
    target: str = Field(max_length=60)  # Slack channel or user id; "person:12" / "board:safer" if none
    occasion: str = Field(max_length=120)  # what and when it is about: "meeting:12:2026-12-03"
    recipient: str = Field(max_length=200)  # who, in words: "#forum (Luton Forum)", "Bren McGowan"
    summary: str = Field(sa_type=Text)  # what, in one line
    due_at: datetime = Field(sa_type=UTCDateTime())
    status: str = Field(max_length=20)  # sending | sent | retry | failed | skipped
    claimed_at: datetime = Field(sa_type=UTCDateTime())
    claimed_by: str = Field(max_length=100)  # host and process that holds (or held) it
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime())  # a dead sender's claim expires
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    attempts: int = Field(default=0)
    channel: str | None = Field(default=None, max_length=30)  # where it was posted (a DM is D…)
    message_ts: str | None = Field(default=None, max_length=40)
    error: str | None = Field(default=None, sa_type=Text)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime())


class DeliveryAttempt(SQLModel, table=True):
    """Every call to Slack made for a delivery, and what came back."""

    __tablename__ = "delivery_attempt"
    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="delivery.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime())
    result: str = Field(max_length=20)  # sent | ratelimited | server_error | timeout | error | interrupted
    http_status: int | None = Field(default=None)
    error: str | None = Field(default=None, sa_type=Text)
    channel: str | None = Field(default=None, max_length=30)
    message_ts: str | None = Field(default=None, max_length=40)
    waited_seconds: float | None = Field(default=None)  # Retry-After or backoff before this attempt


class SchedulerMark(SQLModel, table=True):
    """Bookkeeping of the reminder scheduler: "last_sweep" is when reminders were last looked at,
    so a bot that was down knows how far back to catch up."""

    __tablename__ = "scheduler_mark"
    name: str = Field(max_length=40, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime())


class ReplayGuard(SQLModel, table=True):
    """Keys seen once, kept until they expire (issue 13): request signatures (a replay after a restart,
    or to another bot process, is refused), Events API event ids, and the files the bot previewed
    for an officer in a DM (the *Import* button may only name one of those).

    The key is the primary key, so "first time?" is a single INSERT that fails when it is not."""

    __tablename__ = "replay_guard"
    __table_args__ = (Index("ix_replay_guard_expires", "expires_at"),)
    key: str = Field(max_length=200, primary_key=True)  # "sig:v0=…", "event:Ev…", "preview:U…:D…:F…"
    expires_at: datetime = Field(sa_type=UTCDateTime())


class PartnershipDetails(Tracked, table=True):
    """The partnership itself, as its admin set it up in Slack (`/forum setup`, issue 15): one row.

    Its time zone and working hour win over FORUM_TIMEZONE and the reminders' default hour; the
    organisation field and e-mail domains say how a Slack profile tells a person's organisation.
    """

    __tablename__ = "partnership"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    timezone_name: str | None = Field(default=None, max_length=60)  # "Europe/London"
    working_hour: str | None = Field(default=None, max_length=5)  # "09:00", local
    organisation_field: str | None = Field(default=None, max_length=100)  # a Slack profile field's label
    email_domains: dict[str, Any] | None = Field(default=None, sa_type=JSON)  # {"nhs.net": "NHS Bedfordshire"}


class PaperReview(SQLModel, table=True):
    """A paper's dry run in an officer's DM and the corrections they made to it (issue 14): the
    board, who each uncertain name is, the facts unticked. Kept server-side so that *Import* writes
    exactly what the officer saw and chose; the file's hash says whether it is still the same file."""

    __tablename__ = "paper_review"
    __table_args__ = (Index("ix_paper_review_expires", "expires_at"),)
    id: int | None = Field(default=None, primary_key=True)
    officer: str = Field(max_length=30)  # the officer's Slack user id
    channel: str = Field(max_length=30)  # their DM with the bot
    file_id: str = Field(max_length=40)
    file_name: str = Field(max_length=200)
    file_hash: str = Field(max_length=64)  # sha256 of the bytes the dry run read
    board_words: str | None = Field(default=None, max_length=300)  # the message that came with the file
    offered: dict[str, Any] | None = Field(default=None, sa_type=JSON)  # what the Review form may show and accept
    choices: dict[str, Any] | None = Field(default=None, sa_type=JSON)  # what the officer chose
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime())
    expires_at: datetime = Field(sa_type=UTCDateTime())


class SearchDocument(SQLModel, table=True):
    """One record's words for `search` (issue 16): kept in step with the record by the writes that
    change it (storage/search.py) and read through the database's full-text index — SQLite FTS5 or
    PostgreSQL tsvector, both made by migration 0007, neither declared here."""

    __tablename__ = "search_document"
    __table_args__ = (UniqueConstraint("kind", "record_id"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # minute, decision, action, progress, item, paper, consultation, indicator
    record_id: int
    board_id: int | None = Field(default=None, index=True)
    at: datetime | None = Field(default=None, sa_type=UTCDateTime())  # the meeting, note or closing day
    title: str = Field(sa_type=Text)
    body: str = Field(sa_type=Text)
