"""Boards: the Forum, its theme boards and their sub-groups."""

from __future__ import annotations

import difflib

from sqlmodel import Session, col, select

from storage.tables import Board


def active_boards(session: Session) -> list[Board]:
    return list(session.exec(select(Board).where(col(Board.archived_at).is_(None)).order_by(col(Board.id))).all())


def board_by_slug(session: Session, slug: str) -> Board | None:
    return session.exec(select(Board).where(Board.slug == slug)).first()


def board_for_channel(session: Session, channel_id: str) -> Board | None:
    return session.exec(
        select(Board).where(Board.slack_channel_id == channel_id, col(Board.archived_at).is_(None))
    ).first()


def find_boards(session: Session, words: str) -> list[Board]:
    """Boards a user may mean by `words`: exact slug or name first, then names containing every word.

    "safer", "Stronger and Safer", "stronger and safer communities board" all find the same board.
    """
    query = " ".join(words.casefold().split())
    if not query:
        return []
    boards = active_boards(session)
    exact = [b for b in boards if query in (b.slug.casefold(), b.name.casefold())]
    if exact:
        return exact
    tokens = [t for t in query.replace("&", " and ").split() if t not in {"the", "board", "and"}]
    if not tokens:
        return []
    return [b for b in boards if all(t in f"{b.slug} {b.name}".casefold().replace("&", "and") for t in tokens)]


def board_suggestions(session: Session, words: str) -> list[str]:
    names = {b.slug: b.name for b in active_boards(session)}
    close = difflib.get_close_matches(words.casefold(), list(names), n=3, cutoff=0.5)
    return [f"{names[slug]} (`{slug}`)" for slug in close]
