"""Write a validated partnership file into the database, idempotently.

Each kind of record has a natural key (an organisation its name, a meeting its board and local
day, an agenda item its meeting and number, …); a record found by its key is brought up to date,
otherwise created. People named anywhere but not listed are created by name.

Loaded with the workspace's members (`members=`, empty outside Slack), names are matched as
commands/imports/names.py matches them: a Slack member becomes a person from their profile, and a
name that only may be someone ("B McGowan") is kept as written, linked to nobody, and said in the
report. Without (the paper reader, which has settled its names with the officer already), a name is
the person of exactly that name, or a new one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from commands.core.workspace import Profile
from commands.imports.names import FileNames, looks_like_a_name
from commands.imports.partnership_file import (
    ActionEntry,
    IndicatorEntry,
    MeetingEntry,
    PartnershipFile,
    PartnershipFileError,
)
from storage import boards as board_queries
from storage import meetings as meeting_queries
from storage.people import find_organisation, find_person
from storage.tables import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Board,
    BoardMember,
    Consultation,
    Indicator,
    IndicatorReading,
    IndicatorTarget,
    Meeting,
    Minute,
    Organisation,
    Paper,
    Person,
    Resolution,
    Tracked,
)
from storage.types import ActionStatus
from storage.writes import create, upsert

__all__ = ["LoadReport", "load", "looks_like_a_name", "normalise_indicator_code"]

RESEND = "send the file again"

_R = TypeVar("_R", bound=Tracked)

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def normalise_indicator_code(code: str) -> str:
    """ "ni151", "NI 151", "NI 0151" -> "NI 151"; other codes are tidied but kept."""
    compact = "".join(code.split()).upper()
    if compact.startswith("NI") and compact[2:].isdigit():
        return f"NI {int(compact[2:])}"
    return " ".join(code.split())


@dataclass
class LoadReport:
    written: set[tuple[str, int]] = field(default_factory=set)  # (table, id) of records created or changed
    notes: list[str] = field(default_factory=list)  # for the officer: names that may be someone

    def count(self, record: Tracked, changed: bool) -> None:
        if changed:
            # Every table here is named by a string and declares an integer id, which the write has
            # assigned; their base class declares neither.
            self.written.add((cast(str, record.__tablename__), cast(Any, record).id))

    @property
    def total_written(self) -> int:
        return len(self.written)

    def summary(self) -> str:
        if not self.written:
            return "\n".join(["Nothing to change: the database already holds everything in the file.", *self.notes])
        per_table = Counter(table for table, _ in self.written)
        parts = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in sorted(per_table.items()))
        return "\n".join([f"Created or updated: {parts}.", *self.notes])


def _sourced(values: dict[str, Any], source: str | None) -> dict[str, Any]:
    """Where a record came from ("paper:FILE:LINE") is written only when the entry says; a
    partnership file that says nothing leaves a paper's provenance in place."""
    return {**values, "source": source} if source else values


class _Loader:
    def __init__(
        self,
        session: Session,
        actor: str,
        tz: ZoneInfo,
        merge: bool = False,
        members: Sequence[Profile] | None = None,
        dry_run: bool = False,
    ):
        self.session, self.actor, self.tz = session, actor, tz
        # merge: the entries say only what a paper states, so what they leave empty (None) keeps
        # what the database already knows, from another paper or from officers (issue 5).
        self.merge = merge
        self.report = LoadReport()
        # members: names matched against the people and the workspace (None: by exact name only)
        self.names = None if members is None else FileNames(session, actor, members, dry_run=dry_run)

    def _upsert(self, model: type[_R], key: dict[str, Any], values: dict[str, Any]) -> _R:
        if self.merge:
            values = {k: v for k, v in values.items() if v is not None}
        record, changed = upsert(self.session, self.actor, model, key, values)
        self.report.count(record, changed)
        return record

    def _utc(self, local: datetime | None) -> datetime | None:
        return None if local is None else local.replace(tzinfo=self.tz).astimezone(UTC)

    def _end_of_day(self, day: date | None) -> datetime | None:
        return None if day is None else datetime.combine(day, time(17), tzinfo=self.tz).astimezone(UTC)

    # --- references -------------------------------------------------------------------------

    def organisation(self, name: str | None) -> int | None:
        if not name:
            return None
        found = find_organisation(self.session, name)
        if found is None:
            found = self._upsert(Organisation, {"name": name.strip()}, {})
        return found.id

    def _counted(self, person: Person | None, new_before: int) -> int | None:
        if person is not None and self.names is not None and len(self.names.new_people) > new_before:
            self.report.count(person, True)
        return person.id if person else None

    def person(self, name: str | None, where: str | None = None) -> int | None:
        """The person `name` is, found or created; None (with a note) for a name that may be someone."""
        if not name:
            return None
        if self.names is not None:
            before = len(self.names.new_people)
            return self._counted(self.names.person(name, where), before)
        found = find_person(self.session, name)
        if found is None:
            found = create(self.session, self.actor, Person(name=name.strip(), source=self.actor))
            self.report.count(found, True)
        return found.id

    def person_or_none(self, name: str | None, where: str | None = None) -> int | None:
        """A known person, or a new one if `name` is a person's name; None for a role or group
        ("the LSP Manager", "all partners") or a name that may be someone ("B McGowan"), which stay
        as text beside it."""
        if not name:
            return None
        if self.names is not None:
            before = len(self.names.new_people)
            return self._counted(self.names.person_or_text(name, where)[0], before)
        found = find_person(self.session, name)
        if found is not None:
            return found.id
        return self.person(name) if looks_like_a_name(name) else None

    def board(self, slug: str | None, where: str) -> int | None:
        if not slug:
            return None
        found = board_queries.board_by_slug(self.session, slug)
        if found is None:
            raise PartnershipFileError(f"{where}: unknown board {slug!r} (not in boards:)")
        return found.id

    def meeting(self, reference: str | None, where: str) -> int | None:
        if not reference:
            return None
        slug, day = reference.split()
        board_id = self.board(slug, where)
        assert board_id is not None  # the reference's pattern gives it a slug: a board, or refused
        found = meeting_queries.meeting_on(self.session, board_id, date.fromisoformat(day), self.tz)
        if found is None:
            raise PartnershipFileError(f"{where}: no meeting of {slug} on {day} (not in meetings:)")
        return found.id

    # --- sections ---------------------------------------------------------------------------

    def load(self, data: PartnershipFile) -> LoadReport:
        for organisation in data.organisations:
            self._upsert(
                Organisation, {"name": organisation.name}, {"sector": organisation.sector, "note": organisation.note}
            )
        for person in data.people:
            existing = find_person(self.session, person.name)
            key: dict[str, Any] = {"id": existing.id} if existing else {"name": person.name}
            values: dict[str, Any] = {
                "organisation_id": self.organisation(person.organisation),
                "title": person.title,
                "slack_user_id": person.slack_user,
                "email": person.email,
                "role": person.role,
            }
            if existing is None:
                values["source"] = self.actor
            self._upsert(Person, key, values)
        self._boards(data)
        for number, meeting in enumerate(data.meetings, 1):
            self._meeting(meeting, f"meetings #{number} ({meeting.board} {meeting.starts:%Y-%m-%d %H:%M})")
        for number, action in enumerate(data.actions, 1):
            self._action(action, f"actions #{number} ({action.description[:50]})")
        for number, entry in enumerate(data.consultations, 1):
            where = f"consultations #{number} ({entry.title[:50]})"
            owner_id = self.person_or_none(entry.owner, f"{where}, owner")
            values = _sourced(
                {
                    "issuer": entry.issuer,
                    "url": entry.url,
                    "opens": entry.opens,
                    "closes": entry.closes,
                    "board_id": self.board(entry.board, where),
                    "response_owner_id": owner_id,
                    "response_owner_text": None if owner_id else entry.owner,
                    "response_status": entry.status,
                    "submitted_at": self._end_of_day(entry.submitted),
                    "note": entry.note,
                },
                entry.source,
            )
            if self.merge and "status" not in entry.model_fields_set:
                values.pop("response_status")  # a paper does not know how far our response has got
            self._upsert(Consultation, {"title": entry.title}, values)
        for number, indicator in enumerate(data.indicators, 1):
            self._indicator(indicator, f"indicators #{number} ({indicator.code})")
        return self.report

    def _boards(self, data: PartnershipFile) -> None:
        # Two passes: a parent may be listed after its child.
        for entry in data.boards:
            values: dict[str, Any] = {"name": entry.name, "kind": entry.kind, "slack_channel_id": entry.channel}
            if entry.settings is not None:  # a file that says nothing of them leaves them as they are
                values["settings"] = entry.settings
            self._upsert(Board, {"slug": entry.slug}, values)
        for number, entry in enumerate(data.boards, 1):
            where = f"boards #{number} ({entry.name})"
            chair_id = self.person(entry.chair, f"{where}, chair")
            vice_id = self.person(entry.vice_chair, f"{where}, vice_chair")
            values = {"parent_id": self.board(entry.parent, where), "chair_id": chair_id, "vice_chair_id": vice_id}
            for key, written in (("chair_id", entry.chair), ("vice_chair_id", entry.vice_chair)):
                if written and values[key] is None:
                    values.pop(key)  # a name that may be someone: the chair the board has stays
            self._upsert(Board, {"slug": entry.slug}, values)
            board_id = self.board(entry.slug, where)
            positions = dict.fromkeys(entry.members, "member")
            if entry.vice_chair:
                positions[entry.vice_chair] = "vice-chair"
            if entry.chair:
                positions[entry.chair] = "chair"
            for name, position in positions.items():
                person_id = self.person(name, f"{where}, {'members' if position == 'member' else position}")
                if person_id is None:
                    continue  # a name that may be someone: not made a member (the report says so)
                self._upsert(BoardMember, {"board_id": board_id, "person_id": person_id}, {"position": position})

    def _meeting(self, entry: MeetingEntry, where: str) -> None:
        board_id = self.board(entry.board, where)
        starts = self._utc(entry.starts)
        # An empty `board: ""` gives None here, which no meeting has (the insert below then fails).
        existing = meeting_queries.meeting_on(self.session, cast(int, board_id), entry.starts.date(), self.tz)
        key = {"id": existing.id} if existing else {"board_id": board_id, "starts_at": starts}
        values = _sourced(
            {
                "starts_at": starts,
                "ends_at": self._utc(entry.ends),
                "venue": entry.venue,
                "address": entry.address,
                "status": entry.status,
                "status_reason": entry.status_reason,
                "note": entry.note,
            },
            entry.source,
        )
        if self.merge and "status" not in entry.model_fields_set:
            values.pop("status")  # an agenda does not say whether the meeting was moved or held since
        meeting = self._upsert(Meeting, key, values)
        for position, item in enumerate(entry.agenda, 1):
            number = item.number or str(position)
            agenda_item = self._upsert(
                AgendaItem,
                {"meeting_id": meeting.id, "number": number},
                _sourced(
                    {
                        "position": position,
                        "title": item.title,
                        "presenter_id": self.person_or_none(item.presenter, f"{where}, agenda item {number}"),
                        "presenter_text": ", ".join(p for p in (item.presenter, item.presenter_title) if p) or None,
                        "purpose": item.purpose,
                        "paper_kind": item.paper,
                        "note": item.note,
                    },
                    item.source,
                ),
            )
            for paper in item.papers:
                self._upsert(
                    Paper,
                    {"agenda_item_id": agenda_item.id, "title": paper.title},
                    _sourced(
                        {
                            "url": paper.url,
                            "kind": paper.kind or item.paper,
                            "author": paper.author,
                            **(
                                {"purpose": paper.purpose, "recommendations": paper.recommendations}
                                if paper.purpose or paper.recommendations
                                else {}
                            ),
                        },
                        paper.source,
                    ),
                )
        for person in entry.attendance:
            person_id = self.person(person.name, f"{where}, attendance")
            attended: dict[str, object] = {"meeting_id": meeting.id, "person_id": person_id}
            if person_id is None:  # a name that may be someone: recorded as written, nobody's
                attended["name_text"] = person.name[:300]
            self._upsert(
                Attendance,
                attended,
                _sourced(
                    {
                        "kind": person.kind,
                        "name_text": person.name,
                        "substitute_for_id": self.person(person.substitute_for, f"{where}, substitute_for"),
                        "substitute_for_text": person.substitute_for,
                    },
                    person.source,
                ),
            )
        for position, minute_entry in enumerate(entry.minutes, 1):
            minute = self._upsert(
                Minute,
                {"meeting_id": meeting.id, "number": minute_entry.number},
                _sourced(
                    {
                        "position": position,
                        "title": minute_entry.title,
                        "ref": minute_entry.ref,
                        "discussion": minute_entry.discussion,
                    },
                    minute_entry.source,
                ),
            )
            for index, text in enumerate(minute_entry.resolutions):
                label = f"({ROMAN[index]})" if index < len(ROMAN) else f"({index + 1})"
                self._upsert(
                    Resolution,
                    {"minute_id": minute.id, "position": index + 1},
                    _sourced({"label": label, "text": text}, minute_entry.source),
                )

    def _action(self, entry: ActionEntry, where: str) -> None:
        meeting_id = self.meeting(entry.meeting, where)
        minute_id = None
        if entry.minute:
            if meeting_id is None:
                raise PartnershipFileError(f"{where}, field minute: give the meeting the minute is from")
            minute = self.session.exec(
                select(Minute).where(Minute.meeting_id == meeting_id, Minute.number == entry.minute)
            ).first()
            if minute is None:
                raise PartnershipFileError(f"{where}, field minute: no minute {entry.minute} in {entry.meeting}")
            minute_id = minute.id
        board_id = self.board(entry.board, where)
        if board_id is None and meeting_id is not None:
            meeting = self.session.get(Meeting, meeting_id)
            assert meeting is not None  # self.meeting found it
            board_id = meeting.board_id
        owner_id = self.person_or_none(entry.owner, f"{where}, owner")
        values = _sourced(
            {
                "owner_id": owner_id,
                "owner_text": None if owner_id else entry.owner,
                "organisation_id": self.organisation(entry.organisation),
                "board_id": board_id,
                "due_date": entry.due,
                "status": entry.status,
                "minute_id": minute_id,
                "completed_at": self._end_of_day(entry.due)
                if entry.status == ActionStatus.done and entry.due
                else None,
            },
            entry.source,
        )
        if self.merge and "status" not in entry.model_fields_set:
            values.pop("status")  # re-importing the minutes must not reopen an action closed since
        action = self._upsert(Action, {"description": entry.description, "meeting_id": meeting_id}, values)
        if self.names is not None and owner_id is None:
            self.names.kept_on(entry.owner, action.ref)
        for text in entry.notes:
            self._upsert(ActionUpdate, {"action_id": action.id, "text": text}, _sourced({}, entry.source))

    def _indicator(self, entry: IndicatorEntry, where: str) -> None:
        indicator = self._upsert(
            Indicator,
            {"code": normalise_indicator_code(entry.code)},
            _sourced(
                {
                    "title": entry.title,
                    "unit": entry.unit,
                    "direction": entry.direction,
                    "baseline": entry.baseline,
                    "baseline_period": entry.baseline_period,
                    "board_id": self.board(entry.board, where),
                    "lead_organisation_id": self.organisation(entry.lead),
                    "lead_text": entry.lead,
                    "partners": entry.partners or None,
                    "illustrative": entry.illustrative,
                    "note": entry.note,
                    **self._chasing(entry, where),
                },
                entry.source,
            ),
        )
        for period, value in entry.targets.items():
            self._upsert(IndicatorTarget, {"indicator_id": indicator.id, "period": period}, {"value": value})
        for period, value in entry.readings.items():
            self._upsert(IndicatorReading, {"indicator_id": indicator.id, "period": period}, {"value": value})

    def _chasing(self, entry: IndicatorEntry, where: str) -> dict[str, Any]:
        """Frequency, days until due and contact, where the entry states them (else left as they are)."""
        values: dict[str, Any] = {}
        if entry.frequency is not None:
            values["frequency"] = entry.frequency
        if entry.reading_due_days is not None:
            values["reading_due_days"] = entry.reading_due_days
        if entry.contact:
            contact_id = self.person_or_none(entry.contact, f"{where}, contact")
            if contact_id is not None:
                values["contact_id"] = contact_id
        return values


def load(
    session: Session,
    data: PartnershipFile,
    actor: str,
    tz: ZoneInfo,
    merge: bool = False,
    members: Sequence[Profile] | None = None,
    dry_run: bool = False,
) -> LoadReport:
    """Write `data`; what was written. `members`: the workspace's members (empty outside Slack) to
    match names against; None (the paper reader's names, settled already): by exact name only.
    `dry_run`: to be rolled back (the report then names no record's ref)."""
    loader = _Loader(session, actor, tz, merge, members, dry_run)
    report = loader.load(data)
    if loader.names is not None:
        report.notes += loader.names.notes(RESEND)
    return report
