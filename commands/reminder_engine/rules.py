"""Which reminders fall due in a window of time, computed afresh from the database every time.

Nothing about a reminder is stored before it is sent: moving a meeting, extending a deadline,
submitting a response or closing an action changes what these functions return at the very next
sweep. Each reminder has a key (kind, target, occasion); the occasion names the record *and the
date it is about*, so a meeting moved to another day gets its reminders afresh, while a sweep
that runs twice finds the same keys and sends nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from commands.core import notify
from commands.core.partnership import zone_named
from commands.reminder_engine.times import ReminderSettings, reminder_settings
from settings import Settings
from storage import partnership as partnership_queries
from storage.tables import Board, Person

MAIL = "mail:"  # the target of an e-mail to a person: "mail:ID"

KINDS = {
    "agenda_week": "agenda, a week before",
    "agenda_day": "meeting tomorrow",
    "presenter": "presenter's reminder",
    "matters_arising": "matters arising",
    "consultation_owner": "consultation response due",
    "consultation_channel": "consultation response due",
    "consultation_missed": "consultation deadline missed",
    "action_due": "action due",
    "actions_overdue": "overdue actions",
    "overdue_digest": "chair's overdue digest",
    "reading_due": "indicator reading due",
    "reading_overdue": "indicator reading overdue",
    "readings_digest": "officers' overdue readings",
    "papers": "papers published (new, changed, late supplements)",
    "invitation": "calendar invitation (e-mail)",
}


@dataclass
class Due:
    """One reminder that should go (or should have gone) to one place at one moment."""

    kind: str
    # A Slack channel or user id; "person:ID" / "board:SLUG" when there is none to use; "mail:ID"
    # for an e-mail to a person (commands/reminder_engine/routing.py), its own delivery.
    target: str
    occasion: str
    due_at: datetime  # UTC
    recipient: str  # in words, for the log and the preview
    summary: str  # what, in one line
    template: str = ""  # templates/<template>.blocks.j2 and .txt.j2
    data: dict[str, Any] = field(default_factory=dict[str, Any])
    expires_at: datetime | None = None  # pointless after this (the meeting has begun)
    address: str | None = None  # an e-mail's To ("Name <who@example.org>"), for a "mail:" target
    calendar: str | None = None  # an e-mail's iCalendar part (an invitation: METHOD:REQUEST or CANCEL)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.target, self.occasion)

    @property
    def reachable(self) -> bool:
        return not self.target.startswith(("person:", "board:"))

    @property
    def by_email(self) -> bool:
        return self.target.startswith(MAIL)


@dataclass
class Partnership:
    """What every rule needs: the boards with their settings, the Forum, and the clock."""

    session: Session
    settings: Settings
    boards: dict[int, Board]
    reminder_settings: dict[int, ReminderSettings]
    forum: Board | None
    start: datetime
    end: datetime
    now: datetime
    # The partnership's own zone and working hour (`/forum setup`, issue 15), else the defaults.
    zone: ZoneInfo | None = None
    working_hour: str | None = None
    # People read so far this sweep, by id: several rules ask for the same owners and members.
    known: dict[int, Person | None] = field(default_factory=dict[int, Person | None])
    # Each board's officers, and whether anyone takes daily digests, as read so far this sweep.
    officers: dict[int, list[Person]] = field(default_factory=dict[int, list[Person]])
    daily: bool | None = None

    @property
    def tz(self) -> ZoneInfo:
        return self.zone or self.settings.tz

    @property
    def region(self) -> str:
        """Whose bank holidays count as days off (FORUM_BANK_HOLIDAYS)."""
        return self.settings.bank_holidays

    def settings_for(self, board: Board | None) -> ReminderSettings:
        if board is not None and board.id in self.reminder_settings:
            return self.reminder_settings[board.id]
        return reminder_settings(None, self.working_hour)

    def in_window(self, moment: datetime) -> bool:
        return self.start <= moment <= self.end

    def today(self, due_at: datetime) -> date:
        """The day a reminder speaks from: its due day, or today if it goes out late."""
        return max(due_at, self.now).astimezone(self.tz).date()

    def people(self, ids: Iterable[int | None]) -> dict[int, Person]:
        wanted = {i for i in ids if i is not None}
        missing = wanted - self.known.keys()
        if missing:
            found = {stored(p.id): p for p in self.session.exec(select(Person).where(col(Person.id).in_(missing)))}
            self.known.update({i: found.get(i) for i in missing})
        return {i: person for i in wanted if (person := self.known[i]) is not None}

    def anyone_daily(self) -> bool:
        if self.daily is None:
            self.daily = notify.anyone_daily(self.session, self.boards.values())
        return self.daily

    def chair_of(self, board: Board | None) -> Person | None:
        for candidate in (board, self.forum):
            if candidate is not None and candidate.chair_id:
                chair = self.people([candidate.chair_id]).get(candidate.chair_id)
                if chair is not None and chair.archived_at is None:
                    return chair
        return None


def stored(row_id: int | None) -> int:
    """A stored row's id (None only before it is saved)."""
    if row_id is None:
        raise ValueError("a row read from the database has an id")
    return row_id


def person_target(person: Person) -> str:
    return person.slack_user_id or f"person:{person.id}"


def channel_target(board: Board) -> str:
    return board.slack_channel_id or f"board:{board.slug}"


def channel_words(board: Board) -> str:
    return f"{board.name} channel" if board.slack_channel_id else f"{board.name} (no Slack channel set)"


_BOARDS = select(Board).where(col(Board.archived_at).is_(None)).order_by(col(Board.id))  # a digest lists them so


def load_partnership(
    session: Session, settings: Settings, start: datetime, end: datetime, now: datetime
) -> Partnership:
    boards = {stored(b.id): b for b in session.exec(_BOARDS).all()}
    forum = next((b for b in boards.values() if b.slug == settings.default_board), None) or next(
        (b for b in boards.values() if b.kind == "forum"), None
    )
    own = partnership_queries.details(session)
    hour = own.working_hour if own else None
    return Partnership(
        session,
        settings,
        boards,
        {i: reminder_settings(b.settings, hour) for i, b in boards.items()},
        forum,
        start,
        end,
        now,
        zone=zone_named(own.timezone_name, settings) if own else None,
        working_hour=hour,
    )
