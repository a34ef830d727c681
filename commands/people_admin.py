"""People from the workspace (issue 15): officers' `add person @someone` and `add member @person
BOARD`, and a board's members kept in step with its channel (Slack's member_joined_channel and
member_left_channel events, handed here by bot/listeners/members.py).
"""

from __future__ import annotations

from sqlmodel import Session

from commands.core import mentions
from commands.core.boards import choose_board
from commands.core.context import Context
from commands.core.people import find_people, resolve_person
from commands.core.permissions import EDITORS, check
from commands.core.registry import command
from commands.core.reply import Reply, message, refusal
from commands.core.workspace_people import join_board, leave_board, person_from_profile, person_named
from storage import boards as board_queries
from storage.db import transaction
from storage.people import find_person, person_by_slack_id
from storage.tables import Person


def _actor(ctx: Context) -> str:
    return ctx.user_id or ctx.surface


def _from_slack(session: Session, ctx: Context, slack_id: str) -> Person | Reply:
    known = person_by_slack_id(session, slack_id)
    if known is not None:
        return known
    if ctx.workspace is None:
        return refusal("I can only read Slack profiles in Slack; here, name the person instead.")
    profile = ctx.workspace.profile(slack_id)
    if profile is None or not profile.is_person:
        return refusal("Slack doesn't know that person (or it is a bot); nothing was changed.")
    return person_from_profile(session, _actor(ctx), profile)


def person_for(session: Session, ctx: Context, words: str) -> Person | Reply:
    """`<@U…>` → the person (made from their Slack profile if the bot doesn't know them yet);
    a name → the person of that name, as `resolve_person` finds them."""
    slack_id = mentions.user_id(words)
    if slack_id:
        return _from_slack(session, ctx, slack_id)
    return resolve_person(session, words)


@command(
    "add person",
    summary="Add someone to the partnership's records, from their Slack profile (officers)",
    usage="add person @someone | add person NAME",
    examples=("add person @Bren", 'add person "Anwar Haque"'),
    details="With an @mention, their name, title, e-mail and organisation come from their Slack profile. With a name "
    "alone, they are added by name and linked to their Slack account when someone of that name joins a board's channel.",
)
def add_person(ctx: Context, words: str) -> Reply:
    words = words.strip().strip('"').strip()
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "add people"):
            return refused
        if not words:
            return message('Add whom? `add person @someone`, or `add person "Their Name"`.')
        slack_id = mentions.user_id(words)
        if slack_id:
            already = person_by_slack_id(session, slack_id)
            person = _from_slack(session, ctx, slack_id)
            if isinstance(person, Reply):
                return person
            if already is not None:
                return message(f"{person.name} is already in the partnership's records.")
            organisation = f" ({person.title})" if person.title else ""
            return message(f"Added {person.name}{organisation} from their Slack profile.")
        if len(words) > 200:
            return refusal("That is too long for a name.")
        typed = mentions.typed_name(words.split()[0]) is not None  # "@Bren": someone they think we know
        words = mentions.without_at(words)
        if not words:
            return message('Add whom? `add person @someone`, or `add person "Their Name"`.')
        known = find_person(session, words)
        if known is None and typed:
            found = find_people(session, words)
            if len(found) == 1:
                known = found[0]
            elif len(found) > 1:
                names = ", ".join(p.name for p in found[:8])
                return message(f"“@{words[:60]}” could be several people: {names}. Which one?", "Give the full name.")
        if known is not None:
            return message(f"{known.name} is already in the partnership's records.")
        person = person_named(session, _actor(ctx), words, f"slack:{_actor(ctx)}")
        return message(
            f"Added {person.name} by name.",
            "They are linked to their Slack account when someone of that name joins a board's channel, "
            "or with `add person @them`.",
        )


@command(
    "add member",
    summary="Make someone a member of a board, e.g. one who is not in its channel (officers)",
    usage="add member @person BOARD",
    examples=("add member @Bren forum",),
)
def add_member(ctx: Context, words: str) -> Reply:
    who, _, board_words = words.strip().partition(" ")
    if mentions.user_id(who) is None and board_words:  # a name: the board is the last word
        who, _, board_words = words.strip().rpartition(" ")
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "add board members"):
            return refused
        if not who or not board_words.strip():
            return message("Say who and which board: `add member @person forum`.")
        board = choose_board(session, ctx, board_words.strip())
        if isinstance(board, Reply):
            return board
        person = person_for(session, ctx, who)
        if isinstance(person, Reply):
            return person
        done = join_board(session, _actor(ctx), board, person, f"slack:{_actor(ctx)}")
        if done == "already":
            return message(f"{person.name} is already a member of the {board.name}.")
        return message(f"{person.name} is {'again ' if done == 'rejoined' else 'now '}a member of the {board.name}.")


def member_joined(ctx: Context, channel_id: str, user_id: str) -> str | None:
    """Someone joined a channel: if it is a board's, they become its member. What was done, or None."""
    with transaction(ctx.engine) as session:
        board = board_queries.board_for_channel(session, channel_id)
        if board is None:
            return None
        person = person_by_slack_id(session, user_id)
        if person is None:
            profile = ctx.workspace.profile(user_id) if ctx.workspace else None
            if profile is None or not profile.is_person:
                return None
            person = person_from_profile(session, f"slack:{channel_id}", profile)
        done = join_board(session, f"slack:{channel_id}", board, person, f"slack:channel:{channel_id}")
        return None if done == "already" else f"{person.name} {done} {board.slug}"


def member_left(ctx: Context, channel_id: str, user_id: str) -> str | None:
    """Someone left a board's channel: their membership ends; they and their history stay."""
    with transaction(ctx.engine) as session:
        board = board_queries.board_for_channel(session, channel_id)
        person = person_by_slack_id(session, user_id)
        if board is None or person is None:
            return None
        if leave_board(session, f"slack:{channel_id}", board, person, "left the board's Slack channel"):
            return f"{person.name} left {board.slug}"
        return None
