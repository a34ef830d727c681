"""`search WORDS [board BOARD] [since DATE | DATE to DATE]`: everything the partnership has recorded —
minutes, decisions, actions and their progress notes, agenda items, papers, consultations and
indicators — found by its words through the database's full-text index, best match first."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session

from commands.core.context import Context
from commands.core.formatting import long_date
from commands.core.paging import page_of
from commands.core.periods import period_in
from commands.core.registry import command
from commands.core.reply import Reply, message
from storage import boards as board_queries
from storage import search as search_queries
from storage.db import by_id, read_only
from storage.tables import ActionUpdate, Board

MAX_WORDS = 500  # of what is typed: a search is a few words, not a document
MAX_HITS = 100
SNIPPET = 160  # characters either side of the first word found, in all

_BOARD = re.compile(r"^(.*?)\s*\bboard\s+(\S+)\s*$", re.IGNORECASE)
_KIND_WORDS = {
    "minute": "Minute",
    "decision": "Decision",
    "action": "Action",
    "progress": "Progress note",
    "item": "Agenda item",
    "paper": "Paper",
    "consultation": "Consultation",
    "indicator": "Indicator",
}


@command(
    "search",
    kept=True,
    summary="Find anything recorded — minutes, decisions, actions, notes, agenda items, papers, consultations",
    usage="search WORDS [board BOARD] [since DATE | DATE to DATE]",
    examples=("search harmony", "search budget board forum since 2010"),
    details="Every word must be there (meetings finds meeting too); the best matches come first.",
)
def search(ctx: Context, words: str) -> Reply:
    words = " ".join(words.split())[:MAX_WORDS]
    period = period_in(ctx, words)
    if isinstance(period, Reply):
        return period
    words = period.words
    with read_only(ctx.engine) as session:
        board: Board | None = None
        if named := _BOARD.match(words):
            chosen = _board(session, named.group(2))
            if isinstance(chosen, Reply):
                return chosen
            board, words = chosen, named.group(1)
        terms = search_queries.terms(words)
        if not terms:
            return message("Search for what? e.g. `search harmony` or `search budget board forum since 2010`.")
        hits = search_queries.search(
            session, terms, board.id if board else None, period.since, period.until, limit=MAX_HITS
        )
        shown = words if len(words) <= 60 else words[:60] + "…"
        if not hits:
            where = f" in {board.name}" if board else ""
            return message(f"Nothing recorded{where} matches “{shown}”.", "Try fewer or other words.")
        page = page_of(ctx, hits)
        views = _views(session, ctx, page.items, terms)
        title = f"Search: {shown}" + (f" — {board.name}" if board else "")
        more = len(hits) == MAX_HITS
        return Reply("search", {"title": title, "hits": views, "page": page.view(), "capped": more})


def search_form() -> Reply:
    """The App Home's *Search* form: its words are run as `search WORDS`, answered in the DM."""
    return Reply("search_modal", {"example": "e.g. harmony board forum since 2010"}, modal=True)


def _board(session: Session, words: str) -> Board | Reply:
    found = board_queries.find_boards(session, words)
    if len(found) == 1:
        return found[0]
    return message(f"There is no board called “{words[:60]}”.", "`meetings all` lists the boards.")


def _views(session: Session, ctx: Context, hits: list[search_queries.Hit], terms: list[str]) -> list[dict[str, Any]]:
    boards = {b.id: b.name for b in board_queries.active_boards(session)}
    notes = by_id(session, ActionUpdate, [h.record_id for h in hits if h.kind == "progress"])
    views = []
    for hit in hits:
        ref, open_with = _ref(hit, notes)
        day = long_date(hit.at.astimezone(ctx.tz).date()) if hit.at else None
        views.append(
            {
                "kind": _KIND_WORDS[hit.kind],
                "ref": ref,
                "open_with": open_with,
                "title": hit.title,
                "board": boards.get(hit.board_id) if hit.board_id else None,
                "date": day,
                "snippet": snippet(hit.body, terms),  # the title is shown whole above it
            }
        )
    return views


def _ref(hit: search_queries.Hit, notes: dict[int | None, ActionUpdate]) -> tuple[str | None, str | None]:
    """The record's reference, and the command that shows it whole."""
    if hit.kind == "decision":
        return f"D-{hit.record_id}", f"decision D-{hit.record_id}"
    if hit.kind == "action":
        return f"A-{hit.record_id}", f"action A-{hit.record_id}"
    if hit.kind == "progress" and (note := notes.get(hit.record_id)) is not None:
        return f"A-{note.action_id}", f"action A-{note.action_id}"
    if hit.kind == "consultation":
        return f"C-{hit.record_id}", f"consultation C-{hit.record_id}"
    if hit.kind == "indicator":
        code = " ".join(hit.title.split()[:2])
        return code, f"indicator {code}"
    return None, None


def snippet(text: str, terms: list[str]) -> list[dict[str, Any]]:
    """A short stretch of `text` around the first word searched for, as parts to show, the words
    found marked: [{"text": "…the update on ", "found": False}, {"text": "Harmony", "found": True}, …]."""
    text = " ".join(text.split())
    if not text:
        return []
    # a word found as the index finds it, near enough: its stem starts the word ("meeting" → "meetings")
    stems = [t[: max(4, len(t) - 2)] if len(t) > 4 else t for t in terms]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    first = pattern.search(text)
    if first is None:  # the words are in the title (shown already), or stemmed past our guess
        return [{"text": text[:SNIPPET] + ("…" if len(text) > SNIPPET else ""), "found": False}]
    start = max(0, first.start() - SNIPPET // 3)
    if start:
        start = text.find(" ", start) + 1 or start  # begin on a word
    end = min(len(text), start + SNIPPET)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > first.end() else end
    window = text[start:end]
    parts: list[dict[str, Any]] = [{"text": "…", "found": False}] if start else []
    at = 0
    for match in pattern.finditer(window):
        if match.start() > at:
            parts.append({"text": window[at : match.start()], "found": False})
        parts.append({"text": match.group(0), "found": True})
        at = match.end()
    if at < len(window):
        parts.append({"text": window[at:], "found": False})
    if end < len(text):
        parts.append({"text": "…", "found": False})
    return parts
