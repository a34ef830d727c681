"""A partner organisation as the partnership sees it: `partner ORGANISATION` — its people, the boards
they sit on, how often it is represented, its open and overdue actions, the red indicators it leads
and the consultations it responds to."""

from __future__ import annotations

import difflib

from sqlmodel import Session, col, select

from commands.actions import action_views
from commands.attendance_stats import tally
from commands.consultations import consultation_views
from commands.core.context import Context
from commands.core.registry import command
from commands.core.reply import Reply, message
from commands.indicators import indicator_views
from storage import attendance as attendance_queries
from storage import boards as board_queries
from storage import consultations as consultation_queries
from storage.db import read_only
from storage.people import name_key
from storage.tables import Action, BoardMember, Indicator, Organisation, Person
from storage.types import ActionStatus

MAX_SHOWN = 10


def find_partners(session: Session, words: str) -> list[Organisation]:
    """The organisation named exactly, else those whose name holds every word typed."""
    organisations = list(session.exec(select(Organisation).where(col(Organisation.archived_at).is_(None))).all())
    key = name_key(words)
    exact = [o for o in organisations if name_key(o.name) == key]
    if exact:
        return exact
    tokens = [t for t in key.replace("&", " and ").split() if t not in {"the", "and", "of"}]
    return [o for o in organisations if tokens and all(t in name_key(o.name) for t in tokens)]


@command(
    "partner",
    aliases=("organisation", "partners"),
    kept=True,
    summary="One partner organisation: its people, boards, attendance, actions, indicators, consultations",
    usage="partner ORGANISATION",
    examples=("partner Jobcentre Plus", "partner police"),
)
def partner(ctx: Context, words: str) -> Reply:
    words = " ".join(words.split())[:200]
    if not words:
        return message("Which partner? e.g. `partner Jobcentre Plus`.", "`attendance stats` lists every partner.")
    with read_only(ctx.engine) as session:
        found = find_partners(session, words)
        if not found:
            names = [o.name for o in session.exec(select(Organisation)).all()]
            close = difflib.get_close_matches(words, names, n=3, cutoff=0.5)
            return message(
                f"There is no partner called “{words[:60]}”.",
                f"Did you mean {' or '.join(close)}?" if close else "`attendance stats` lists the partners.",
            )
        if len(found) > 1:
            shown = ", ".join(o.name for o in found[:8]) + (" …" if len(found) > 8 else "")
            return message(f"“{words[:60]}” could be {shown}.", "Say more of the name.")
        organisation = found[0]
        assert organisation.id is not None
        people = list(
            session.exec(
                select(Person)
                .where(col(Person.organisation_id) == organisation.id, col(Person.archived_at).is_(None))
                .order_by(col(Person.name))
            ).all()
        )
        person_ids = {p.id for p in people if p.id is not None}
        seats = session.exec(
            select(BoardMember.board_id, BoardMember.person_id, BoardMember.position).where(
                col(BoardMember.person_id).in_(person_ids), col(BoardMember.archived_at).is_(None)
            )
        ).all()
        boards = {b.id: b for b in board_queries.active_boards(session)}
        board_ids = sorted({b for b, _, _ in seats if b in boards})
        meetings = attendance_queries.recorded_meetings(session, board_ids, ctx.now) if board_ids else []
        records = attendance_queries.records_at(session, [m.id for m in meetings if m.id is not None])
        members = attendance_queries.expected_members(session, board_ids)
        everyone, _ = attendance_queries.people_and_organisations(
            session,
            {r.person_id for r in records if r.person_id}
            | {r.substitute_for_id for r in records if r.substitute_for_id}
            | {p for ids in members.values() for p in ids},
        )
        represented = tally(meetings, records, members, everyone).partners.get(organisation.id)
        actions = list(
            session.exec(
                select(Action)
                .where(
                    col(Action.archived_at).is_(None),
                    col(Action.status).in_((ActionStatus.open, ActionStatus.in_progress)),
                    (col(Action.organisation_id) == organisation.id) | col(Action.owner_id).in_(person_ids),
                )
                .order_by(col(Action.due_date).is_(None), col(Action.due_date), col(Action.id))
            ).all()
        )
        overdue = [a for a in actions if a.due_date is not None and a.due_date < ctx.today]
        led = list(
            session.exec(
                select(Indicator).where(
                    col(Indicator.archived_at).is_(None), col(Indicator.lead_organisation_id) == organisation.id
                )
            ).all()
        )
        red = [v for v in indicator_views(session, ctx, led) if v["rag"] == "red"]
        consultations = [
            c for c in consultation_queries.consultations(session, ctx.today) if c.response_owner_id in person_ids
        ]
        seats_by_person: dict[int, list[str]] = {}
        for board_id, person_id, position in seats:
            if board_id in boards:
                label = boards[board_id].name + (f" ({position})" if position not in ("member", None) else "")
                seats_by_person.setdefault(person_id, []).append(label)
        return Reply(
            "partner",
            {
                "title": organisation.name,
                "sector": organisation.sector,
                "people": [
                    {"name": p.name, "title": p.title, "boards": sorted(seats_by_person.get(p.id or 0, []))}
                    for p in people[:40]
                ],
                "more_people": max(0, len(people) - 40),
                "boards": [boards[b].name for b in board_ids],
                "represented": (
                    {"at": represented.represented, "of": represented.expected, "rate": represented.rate}
                    if represented
                    else None
                ),
                "actions": action_views(session, ctx, actions[:MAX_SHOWN]),
                "more_actions": max(0, len(actions) - MAX_SHOWN),
                "open": len(actions),
                "overdue": len(overdue),
                "red": red[:MAX_SHOWN],
                "consultations": consultation_views(session, ctx, consultations[:MAX_SHOWN]),
            },
        )
