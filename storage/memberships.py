"""Who sits on which board."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.tables import Board, BoardMember


def boards_of(session: Session, person_id: int) -> list[Board]:
    """The boards a person sits on (as member, chair, officer…) or chairs, Forum first."""
    member_of = select(BoardMember.board_id).where(
        BoardMember.person_id == person_id, BoardMember.archived_at.is_(None)
    )  # type: ignore[union-attr]
    boards = session.exec(
        select(Board)
        .where(
            Board.archived_at.is_(None),  # type: ignore[union-attr]
            (Board.id.in_(member_of)) | (Board.chair_id == person_id) | (Board.vice_chair_id == person_id),  # type: ignore[attr-defined]
        )
        .order_by(Board.parent_id.is_not(None), Board.id)
    ).all()  # type: ignore[union-attr]
    return list(boards)
