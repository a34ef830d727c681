"""Consultations: `consultations [open | all]` and `consultation REF-OR-WORDS`."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from commands.context import Context
from commands.formatting import long_date, relative_days
from commands.paging import page_of
from commands.registry import command
from commands.reply import Reply, message
from storage import boards as board_queries
from storage.db import read_only
from storage.tables import Consultation, Person

STATUS_WORDS = {"not_started": "not started", "drafting": "drafting", "circulated": "circulated for comment",
                "signed_off": "signed off by the chair and vice-chair", "submitted": "submitted"}
_REF = re.compile(r"^c-?(\d{1,9})$", re.IGNORECASE)


def consultation_views(session: Session, ctx: Context, consultations: list[Consultation]) -> list[dict]:
    owners = {p.id: p.name for p in session.exec(select(Person).where(
        Person.id.in_({c.response_owner_id for c in consultations if c.response_owner_id}))).all()}  # type: ignore[attr-defined]
    boards = {b.id: b.name for b in board_queries.active_boards(session)}
    views = []
    for c in consultations:
        is_open = c.response_status != "submitted" and (c.closes is None or c.closes >= ctx.today)
        views.append({
            "ref": c.ref, "title": c.title, "issuer": c.issuer, "url": c.url,
            "closes": long_date(c.closes) if c.closes else None,
            "left": relative_days(c.closes, ctx.today) if c.closes else None,
            "closed": bool(c.closes and c.closes < ctx.today),
            "soon": bool(is_open and c.closes and (c.closes - ctx.today).days <= 7),
            "owner": owners.get(c.response_owner_id) or c.response_owner_text,
            "status": STATUS_WORDS.get(c.response_status, c.response_status),
            "submitted": long_date(c.submitted_at.astimezone(ctx.tz)) if c.submitted_at else None,
            "board": boards.get(c.board_id), "note": c.note,
        })
    return views


def _live():
    return select(Consultation).where(Consultation.archived_at.is_(None))  # type: ignore[union-attr]


@command("consultations", aliases=("consultation-list", "consults"),
         summary="Consultations the partnership is responding to, and when responses close",
         usage="consultations [open | all]", examples=("consultations", "consultations all"),
         details="`open` (the default): closing today or later, soonest first. `all` includes closed ones.")
def consultations(ctx: Context, words: str) -> Reply:
    wanted = words.strip().casefold() or "open"
    if wanted not in {"open", "all"}:
        return message("`consultations` or `consultations all`.",
                       "For one consultation: `consultation C-3` or words from its title.")
    with read_only(ctx.engine) as session:
        statement = _live()
        if wanted == "open":
            statement = statement.where((Consultation.closes.is_(None)) | (Consultation.closes >= ctx.today))  # type: ignore[union-attr,operator]
            statement = statement.order_by(Consultation.closes.is_(None), Consultation.closes)  # type: ignore[union-attr]
        else:
            statement = statement.order_by(Consultation.closes.desc())  # type: ignore[union-attr]
        found = list(session.exec(statement).all())
        if not found:
            return message("No consultations are open." if wanted == "open" else "No consultations are recorded.")
        page = page_of(ctx, found)
        return Reply("consultations", {"title": "Open consultations" if wanted == "open" else "All consultations",
                                       "consultations": consultation_views(session, ctx, page.items),
                                       "page": page.view()})


@command("consultation", summary="One consultation: issuer, closing date, who responds, where it stands",
         usage="consultation REF-OR-WORDS", examples=("consultation C-3", "consultation compact"))
def consultation(ctx: Context, words: str) -> Reply:
    words = words.strip()
    if not words:
        return message("Which consultation? e.g. `consultation C-3` or `consultation compact`.")
    with read_only(ctx.engine) as session:
        if match := _REF.match(words):
            found = [c for c in [session.get(Consultation, int(match.group(1)))] if c and c.archived_at is None]
            if not found:
                return message(f"There is no consultation C-{match.group(1)}.", "`/forum consultations all` lists them.")
        else:
            tokens = [t for t in re.split(r"\W+", words.casefold()) if t]
            found = [c for c in session.exec(_live()).all()
                     if tokens and all(t in f"{c.title} {c.issuer or ''}".casefold() for t in tokens)]
        if not found:
            return message(f"I can't find a consultation matching “{words[:60]}”.", "`/forum consultations all` lists them.")
        if len(found) > 1:
            options = "; ".join(f"{c.ref} {c.title}" for c in found[:10])
            return message(f"“{words[:60]}” matches several: {options}.", "Give the reference, e.g. `consultation C-3`.")
        from commands.people import caller_role
        from commands.permissions import EDITORS

        return Reply("consultation", {"consultation": consultation_views(session, ctx, found)[0],
                                      "id": found[0].id,
                                      "can_edit": ctx.surface == "slack" and caller_role(session, ctx) in EDITORS})
