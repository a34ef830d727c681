"""Consultations: `consultations [open | all | mine]` and `consultation REF-OR-WORDS`."""

from __future__ import annotations

import difflib
import re
from typing import Any, cast

from sqlmodel import Session

from commands.core.context import Context
from commands.core.formatting import long_date, relative_days
from commands.core.paging import page_of
from commands.core.people import caller
from commands.core.registry import command
from commands.core.reply import Reply, message
from storage import boards as board_queries
from storage import consultations as consultation_queries
from storage.db import read_only
from storage.tables import Consultation

STATUS_WORDS = {
    "not_started": "not started",
    "drafting": "drafting",
    "circulated": "circulated for comment",
    "signed_off": "signed off by the chair and vice-chair",
    "submitted": "submitted",
}
# C-3, c3, C 3, #3, or just 3: the reference as people type it.
_REF = re.compile(r"^(?:c\s*-?\s*|#)?0*(\d{1,9})$", re.IGNORECASE)
SOON_DAYS = 7  # closing within a week: flagged with an hourglass


def consultation_views(session: Session, ctx: Context, consultations: list[Consultation]) -> list[dict[str, Any]]:
    owners = consultation_queries.owner_names(session, consultations)
    boards = {b.id: b.name for b in board_queries.active_boards(session)}
    views = []
    for c in consultations:
        is_open = c.response_status != "submitted" and (c.closes is None or c.closes >= ctx.today)
        views.append(
            {
                "ref": c.ref,
                "title": c.title,
                "issuer": c.issuer,
                "url": c.url,
                "closes": long_date(c.closes) if c.closes else None,
                "left": relative_days(c.closes, ctx.today) if c.closes else None,
                "closed": bool(c.closes and c.closes < ctx.today),
                "soon": bool(is_open and c.closes and (c.closes - ctx.today).days <= SOON_DAYS),
                "owner": owners.get(c.response_owner_id) or c.response_owner_text,
                "status": STATUS_WORDS.get(c.response_status, c.response_status.replace("_", " ")),
                "submitted": long_date(c.submitted_at.astimezone(ctx.tz)) if c.submitted_at else None,
                "board": boards.get(c.board_id),
                "note": c.note,
            }
        )
    return views


@command(
    "consultations",
    kept=True,
    aliases=("consults",),
    summary="Consultations the partnership is responding to, and when responses close",
    usage="consultations [open | all | mine]",
    examples=("consultations", "consultations all", "consultations mine"),
    details="`open` (the default): closing today or later, soonest first, then any with no closing "
    "date yet. `all` includes closed ones, latest first. `mine`: open ones you write the response to.",
)
def consultations(ctx: Context, words: str) -> Reply:
    wanted = set(words.casefold().split()) or {"open"}
    if not wanted <= {"open", "all", "mine"} or wanted >= {"open", "all"}:
        return message(
            "`consultations`, `consultations all` or `consultations mine`.",
            "For one consultation: `consultation C-3` or words from its title.",
        )
    open_only = "all" not in wanted
    with read_only(ctx.engine) as session:
        owner_id = None
        if "mine" in wanted:
            me = caller(session, ctx)
            if me is None:
                return message(
                    "I don't know you yet, so I can't tell which consultations are yours.",
                    "Ask the Partnership Manager to add your Slack account.",
                )
            owner_id = me.id
        found = consultation_queries.consultations(session, ctx.today if open_only else None, owner_id)
        if not found:
            return message(
                ("No consultations you respond to are open." if owner_id else "No consultations are open.")
                if open_only
                else ("None of the consultations is yours." if owner_id else "No consultations are recorded.")
            )
        title = ("Open consultations" if open_only else "All consultations") + (": yours" if owner_id else "")
        page = page_of(ctx, found)
        return Reply(
            "consultations",
            {"title": title, "consultations": consultation_views(session, ctx, page.items), "page": page.view()},
        )


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def find_consultations(session: Session, words: str) -> list[Consultation]:
    """By reference (`C-3`, `c3`, `3`) or by words of the title or issuer, each word the start of one."""
    if match := _REF.match(words.strip()):
        found = consultation_queries.consultation(session, int(match.group(1)))
        return [found] if found else []
    tokens = [
        t for t in re.findall(r"\w+", words.casefold()) if t not in {"the", "of", "and", "on", "a", "for"}
    ] or re.findall(r"\w+", words.casefold())
    everything = consultation_queries.consultations(session)
    return [
        c
        for c in everything
        if tokens and all(any(word.startswith(t) for word in _words(f"{c.title} {c.issuer or ''}")) for t in tokens)
    ]


def _suggestions(session: Session, words: str) -> list[Consultation]:
    """Titles with words close to the query's (typos), the closest few; none for a pasted mention."""
    tokens = [t for t in re.findall(r"\w+", re.sub(r"<[^>]*>", " ", words).casefold()) if len(t) > 3]
    scored = []
    for c in consultation_queries.consultations(session):
        title_words = [w for w in _words(c.title) if len(w) > 3]
        score = sum(1 for t in tokens if difflib.get_close_matches(t, title_words, n=1, cutoff=0.75))
        if score:
            scored.append((-score, c.id, c))
    best = min((s[0] for s in scored), default=0)
    return [c for score, _, c in sorted(scored, key=lambda s: s[:2]) if score == best][:3]


@command(
    "consultation",
    kept=True,
    summary="One consultation: issuer, closing date, who responds, where it stands",
    usage="consultation REF-OR-WORDS",
    examples=("consultation C-3", "consultation compact"),
    details="By its reference (`C-3`) or words from its title or issuer (`older people`).",
)
def consultation(ctx: Context, words: str) -> Reply:
    words = words.strip()
    if not words:
        return message("Which consultation? e.g. `consultation C-3` or `consultation compact`.")
    shown = words if len(words) <= 60 else words[:60] + "…"
    with read_only(ctx.engine) as session:
        found = find_consultations(session, words)
        if not found:
            if match := _REF.match(words):
                return message(
                    f"There is no consultation C-{int(match.group(1))}.", "`/forum consultations all` lists them."
                )
            close = _suggestions(session, words)
            hint = (
                ("Did you mean " + " or ".join(f"`{c.ref}` ({c.title})" for c in close) + "?")
                if close
                else "`/forum consultations all` lists them."
            )
            return message(f"I can't find a consultation matching “{shown}”.", hint)
        if len(found) > 1:
            found.sort(key=lambda c: cast(int, c.id))  # stored consultations: every one has its id
            options = "; ".join(f"{c.ref} {c.title}" for c in found[:10])
            more = f" and {len(found) - 10} more" if len(found) > 10 else ""
            return message(
                f"“{shown}” matches several: {options}{more}.",
                f"Give the reference, e.g. `consultation {found[0].ref}`.",
            )
        from commands.core.people import caller_role
        from commands.core.permissions import EDITORS

        return Reply(
            "consultation",
            {
                "consultation": consultation_views(session, ctx, found)[0],
                "id": found[0].id,
                "can_edit": ctx.surface == "slack" and caller_role(session, ctx) in EDITORS,
            },
        )
