"""Which board the caller means: named in the text, else the channel's board, else the Forum."""

from __future__ import annotations

from sqlmodel import Session

from commands.core import mentions
from commands.core.context import Context
from commands.core.reply import Reply, message
from storage import boards as board_queries
from storage.tables import Board


def choose_board(session: Session, ctx: Context, words: str) -> Board | Reply:
    if words and (channel := mentions.channel_id(words)):
        board = board_queries.board_for_channel(session, channel)
        if board is None:
            return message(
                "That channel has no board of the partnership linked to it.", "Name the board instead, e.g. `forum`."
            )
        return board
    if words:
        found = board_queries.find_boards(session, words)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            options = ", ".join(f"{b.name} (`{b.slug}`)" for b in found[:8])
            return message(f"“{words}” could be several boards: {options}.", "Say which, by its short name.")
        suggestions = board_queries.board_suggestions(session, words)
        hint = (
            ("Did you mean " + " or ".join(suggestions) + "?")
            if suggestions
            else "Boards: " + ", ".join(f"`{b.slug}`" for b in board_queries.active_boards(session)[:15])
        )
        shown = words if len(words) <= 60 else words[:60] + "…"
        return message(f"I don't know a board called “{shown}”.", hint)
    if ctx.channel_id:
        board = board_queries.board_for_channel(session, ctx.channel_id)
        if board is not None:
            return board
    board = board_queries.board_by_slug(session, ctx.settings.default_board)
    if board is None:
        boards = board_queries.active_boards(session)
        forums = [b for b in boards if b.kind == "forum"] or boards
        if not forums:
            return message("No boards are set up yet.", "An officer can load them with `forum import FILE.yaml`.")
        board = forums[0]
    return board
