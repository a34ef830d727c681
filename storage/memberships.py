"""Who sits on which board."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.tables import Board, BoardMember


def boards_of(session: Session, person_id: int) -> list[Board]:
    """The boards a person sits on (as member, chair, officer…) or chairs, Forum first."""
    member_of = select(BoardMember.board_id).where(
        BoardMember.person_id == person_id, col(BoardMember.archived_at).is_(None)
    )
    boards = session.exec(
        select(Board)
        .where(
            col(Board.archived_at).is_(None),
            col(Board.id).in_(member_of) | (col(Board.chair_id) == person_id) | (col(Board.vice_chair_id) == person_id),
        )
        .order_by(col(Board.parent_id).is_not(None), col(Board.id))
    ).all()
    return list(boards)
