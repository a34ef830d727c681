"""A paper's review in an officer's DM (table `paper_review`, issue 14): kept server-side, so a
modal or a button carries only the review's id, checked here against the officer and the DM."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col

from storage.tables import PaperReview
from storage.types import utcnow

KEEP = timedelta(hours=24)  # a dry run older than this is sent again


def start(
    session: Session,
    *,
    officer: str,
    channel: str,
    file_id: str,
    file_name: str,
    file_hash: str,
    board_words: str | None,
    offered: dict[str, Any],
    choices: dict[str, Any],
    now: datetime | None = None,
) -> PaperReview:
    now = now or utcnow()
    session.execute(delete(PaperReview).where(col(PaperReview.expires_at) <= now))  # the table holds live ones
    review = PaperReview(
        officer=officer[:30],
        channel=channel[:30],
        file_id=file_id[:40],
        file_name=file_name[:200],
        file_hash=file_hash,
        board_words=(board_words or None) and board_words[:300],
        offered=offered,
        choices=choices,
        created_at=now,
        expires_at=now + KEEP,
    )
    session.add(review)
    session.flush()
    return review


def mine(
    session: Session, review_id: object, officer: str | None, channel: str | None = None, now: datetime | None = None
) -> PaperReview | None:
    """The live review with this id if it is this officer's (and, given a channel, in this DM); else None."""
    if not isinstance(review_id, int) or isinstance(review_id, bool) or not 1 <= review_id < 2**31 or not officer:
        return None
    review = session.get(PaperReview, review_id)
    if review is None or review.officer != officer or review.expires_at <= (now or utcnow()):
        return None
    if channel is not None and review.channel != channel:
        return None
    return review


def save(session: Session, review: PaperReview, offered: dict[str, Any], choices: dict[str, Any]) -> None:
    review.offered, review.choices = offered, choices
    session.add(review)
    session.flush()
