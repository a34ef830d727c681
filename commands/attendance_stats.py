"""Attendance and representation: `attendance stats [board] [since DATE]` — per person and per
partner organisation, over the meetings whose attendance the minutes recorded."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from commands.core.context import Context
from commands.core.formatting import long_date
from commands.core.paging import page_of
from commands.core.periods import board_named, period_in
from commands.core.registry import command
from commands.core.reply import Reply, message
from storage import attendance as attendance_queries
from storage import boards as board_queries
from storage.db import read_only
from storage.tables import Meeting, Organisation, Person
from storage.types import AttendanceKind

MAX_ORGANISATIONS = 40
MAX_MISSED_SHOWN = 4


@dataclass
class PersonTally:
    expected: int = 0
    attended: int = 0
    apologies: int = 0
    substituted: int = 0  # sent a substitute (who is recorded as substituting for them)
    absent: int = 0  # expected, and neither came, sent apologies nor a substitute

    @property
    def rate(self) -> int:
        return round(100 * self.attended / self.expected) if self.expected else 0


@dataclass
class PartnerTally:
    expected: int = 0  # meetings of boards where the partner has a member
    represented: int = 0  # someone of theirs there, in person or as a substitute
    missed: list[Meeting] = field(default_factory=list)

    @property
    def rate(self) -> int:
        return round(100 * self.represented / self.expected) if self.expected else 0


@dataclass
class Tally:
    people: dict[int, PersonTally]
    partners: dict[int, PartnerTally]
    meetings: list[Meeting]


def tally(
    meetings: list[Meeting],
    records: list[attendance_queries.Record],
    members: dict[int, set[int]],
    people: dict[int, Person],
) -> Tally:
    """Who was expected at each meeting (the board's members, and anyone recorded as a member would
    be: present, apologies, or substituted for) and how each person and partner organisation fared."""
    at: dict[int, list[attendance_queries.Record]] = defaultdict(list)
    for record in records:
        at[record.meeting_id].append(record)
    by_person: dict[int, PersonTally] = defaultdict(PersonTally)
    by_partner: dict[int, PartnerTally] = defaultdict(PartnerTally)

    def organisation(person_id: int | None) -> int | None:
        person = people.get(person_id) if person_id is not None else None
        return person.organisation_id if person else None

    for meeting in meetings:
        assert meeting.id is not None
        here = at[meeting.id]
        # A member recorded among the officers or observers was there all the same.
        there_kinds = (AttendanceKind.present, AttendanceKind.officer, AttendanceKind.observer)
        came = {r.person_id for r in here if r.kind in there_kinds and r.person_id}
        present = {r.person_id for r in here if r.kind == AttendanceKind.present and r.person_id}
        apologies = {r.person_id for r in here if r.kind == AttendanceKind.apologies and r.person_id}
        substitutes = [r for r in here if r.kind == AttendanceKind.substitute]
        substituted = {r.substitute_for_id for r in substitutes if r.substitute_for_id}
        expected = members.get(meeting.board_id, set()) | present | apologies | substituted
        for person_id in expected:
            mine = by_person[person_id]
            mine.expected += 1
            if person_id in came:
                mine.attended += 1
            elif person_id in substituted:
                mine.substituted += 1
            elif person_id in apologies:
                mine.apologies += 1
            else:
                mine.absent += 1
        there = {organisation(p) for p in came} | {organisation(r.person_id) for r in substitutes}
        there |= {organisation(p) for p in substituted}  # a substitute stands for the member's partner
        for partner in {organisation(p) for p in expected} - {None}:
            assert partner is not None
            theirs = by_partner[partner]
            theirs.expected += 1
            if partner in there:
                theirs.represented += 1
            else:
                theirs.missed.append(meeting)
    return Tally(dict(by_person), dict(by_partner), meetings)


@command(
    "attendance stats",
    kept=True,
    summary="Who turns up: each person's and each partner's attendance over the meetings",
    usage="attendance stats [board] [since DATE]",
    examples=("attendance stats", "attendance stats forum since 2009"),
    details="Counts the meetings whose attendance the minutes recorded: meetings expected (a board's "
    "members), attended, apologies, sent a substitute, absent without apologies, and the rate; then "
    "which partner organisations were represented (in person or by a substitute) and which were not.",
)
def attendance_stats(ctx: Context, words: str) -> Reply:
    period = period_in(ctx, words[:200])
    if isinstance(period, Reply):
        return period
    with read_only(ctx.engine) as session:
        board_ids: list[int] | None = None
        scope = "every board"
        if period.words:
            board = board_named(session, period.words)
            if board is None:
                return message(
                    f"There is no board called “{period.words[:60]}”.",
                    "`attendance stats` counts every board; `boards` lists them.",
                )
            assert board.id is not None
            board_ids, scope = [board.id], board.name
        meetings = attendance_queries.recorded_meetings(session, board_ids, ctx.now, period.since, period.until)
        if not meetings:
            return message(
                f"No meeting of {scope} has its attendance recorded"
                + (" in that period." if period.since or period.until else " yet."),
                "Attendance comes from minutes: import them, or record it with `attendance`.",
            )
        meeting_ids = [m.id for m in meetings if m.id is not None]
        records = attendance_queries.records_at(session, meeting_ids)
        members = attendance_queries.expected_members(session, sorted({m.board_id for m in meetings}))
        named = {r.person_id for r in records if r.person_id} | {
            r.substitute_for_id for r in records if r.substitute_for_id
        }
        people, organisations = attendance_queries.people_and_organisations(
            session, named | {p for ids in members.values() for p in ids}
        )
        result = tally(meetings, records, members, people)
        boards = {b.id: b.name for b in board_queries.active_boards(session)}
        rows = sorted(
            result.people.items(), key=lambda item: (item[1].rate, people[item[0]].name if item[0] in people else "")
        )
        page = page_of(ctx, [_person_view(people.get(p), organisations, t) for p, t in rows])
        partners = sorted(
            result.partners.items(),
            key=lambda item: (item[1].rate, organisations[item[0]].name if item[0] in organisations else ""),
        )
        first, last = meetings[0].starts_at.astimezone(ctx.tz), meetings[-1].starts_at.astimezone(ctx.tz)
        return Reply(
            "attendance_stats",
            {
                "title": f"Attendance: {scope}",
                "span": f"{len(meetings)} meeting{'s' if len(meetings) != 1 else ''} with attendance recorded, "
                f"{long_date(first.date())} to {long_date(last.date())}",
                "people": page.items,
                "page": page.view(),
                "partners": [
                    _partner_view(organisations[o], t, ctx, boards)
                    for o, t in partners[:MAX_ORGANISATIONS]
                    if o in organisations
                ],
                "more_partners": max(0, len(partners) - MAX_ORGANISATIONS),
            },
        )


def _person_view(person: Person | None, organisations: dict[int, Organisation], t: PersonTally) -> dict[str, object]:
    organisation = organisations.get(person.organisation_id) if person and person.organisation_id else None
    return {
        "name": person.name if person else "someone",
        "organisation": organisation.name if organisation else None,
        "expected": t.expected,
        "attended": t.attended,
        "apologies": t.apologies,
        "substituted": t.substituted,
        "absent": t.absent,
        "rate": t.rate,
    }


def _partner_view(
    organisation: Organisation, t: PartnerTally, ctx: Context, boards: dict[int | None, str]
) -> dict[str, object]:
    return {
        "name": organisation.name,
        "expected": t.expected,
        "represented": t.represented,
        "rate": t.rate,
        "missed": [
            f"{boards.get(m.board_id, 'a board')}, {long_date(m.starts_at.astimezone(ctx.tz).date())}"
            for m in t.missed[-MAX_MISSED_SHOWN:]
        ],
        "missed_more": max(0, len(t.missed) - MAX_MISSED_SHOWN),
    }
