"""`/forum setup`: a new partnership's first day, in Slack (issue 15).

The first workspace admin or owner (Slack's users.info) to run it claims the partnership and becomes
its admin; once it has an admin, only admins may run it. It opens a guided form in three views:

1. the partnership: name, time zone, working hour for reminders, and how a Slack profile tells a
   person's organisation (a profile field, or e-mail domains mapped once to organisations);
2. its boards, each with an *Edit* button, and *Add a board*;
3. a board (pushed over 2): name, short name, parent board, Slack channel and chair. Saving it makes
   the channel's members the board's members, from their Slack profiles.

Run it again to change any of it. Every change is audited (storage/writes.py) with the admin as actor.
The view ids and triggers are bot/listeners/setup.py's business; this module decides and saves.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from commands.core.context import Context
from commands.core.partnership import forget
from commands.core.permissions import ADMINS, check, record_refusal
from commands.core.registry import command
from commands.core.reply import Reply, message, refusal
from commands.core.workspace_people import person_from_profile, sync_channel
from storage import boards as board_queries
from storage import partnership as partnership_queries
from storage.db import read_only, transaction
from storage.people import names_by_id, person_by_slack_id
from storage.tables import Board, BoardMember, PartnershipDetails
from storage.writes import change, create

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
HOUR = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_BOARDS_SHOWN = 40  # a modal holds 100 blocks


@dataclass
class Outcome:
    errors: dict[str, str] = field(default_factory=dict)  # block id -> what is wrong (shown in the form)
    reply: Reply | None = None  # the view to show next, or a refusal


def _actor(ctx: Context) -> str:
    return ctx.user_id or ctx.surface


def _may_set_up(session: Session, ctx: Context) -> Reply | None:
    """None if the caller may run setup (claiming the partnership if nobody has); else a refusal."""
    partnership_queries.claim_lock(session)  # two admins claiming at once: exactly one becomes admin
    if partnership_queries.has_admin(session):
        return check(session, ctx, ADMINS, "set up the partnership")
    if ctx.workspace is None or not ctx.user_id:
        return refusal(
            "Setup runs in Slack: `/forum setup`.",
            "Here, `forum demo` loads a demo partnership and `forum admin grant SLACK_USER_ID admin` makes an admin.",
        )
    profile = ctx.workspace.profile(ctx.user_id)
    if profile is None:
        return refusal("I could not ask Slack who you are; please try again in a minute. Nothing was changed.")
    if not (profile.is_admin or profile.is_owner):
        record_refusal(ctx, "claim the partnership", "member")
        return refusal(
            "This partnership has no admin yet: the first workspace admin or owner to run `/forum setup` becomes it. "
            "Nothing was changed.",
            "Ask a workspace admin to run `/forum setup`.",
        )
    person = person_from_profile(session, _actor(ctx), profile)
    if person.id is None or not partnership_queries.claim_admin(session, person.id):
        return refusal(  # another admin claimed it a moment ago (their claim is audited, not this)
            "Someone else has just claimed the partnership: only admins can set up the partnership now. "
            "Nothing was changed.",
            "Ask them to make you an admin.",
        )
    change(session, _actor(ctx), person, {"role": "admin"}, note="claimed the partnership at /forum setup")
    return None


@command(
    "setup",
    summary="Set up the partnership: its name, time zone, reminder hour and boards with their channels (admins)",
    usage="setup",
    examples=("setup",),
    details="The first workspace admin or owner to run it becomes the partnership's admin. A board's members are "
    "the members of its Slack channel, kept in step as people join and leave.",
)
def setup(ctx: Context, words: str) -> Reply:
    if ctx.surface != "slack":
        return message(
            "Setup opens a form in Slack: `/forum setup`.",
            "Here, `forum demo` loads a demo partnership, or `forum import FILE.yaml` a partnership file.",
        )
    with transaction(ctx.engine) as session:
        if refused := _may_set_up(session, ctx):
            return refused
        return partnership_form(session, ctx)


def partnership_form(session: Session, ctx: Context) -> Reply:
    own = partnership_queries.details(session)
    domains = "\n".join(f"{d} = {o}" for d, o in sorted((own.email_domains or {}).items())) if own else ""
    return Reply(
        "setup_partnership",
        {
            "initial": {
                "name": own.name if own else "",
                "timezone": (own.timezone_name if own else None) or ctx.settings.timezone_name,
                "hour": (own.working_hour if own else None) or "09:00",
                "organisation_field": (own.organisation_field or "") if own else "",
                "email_domains": domains,
            },
            "metadata": json.dumps({"version": own.version if own else None}),
        },
        modal=True,
    )


def _domains(text: str) -> dict[str, str] | str:
    """ "nhs.net = NHS Bedfordshire" a line → {"nhs.net": "NHS Bedfordshire"}; or what is wrong."""
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        domain, equals, organisation = line.partition("=")
        domain = domain.strip().lstrip("@").casefold()
        if not equals or not re.match(r"^[a-z0-9.-]+\.[a-z]{2,}$", domain) or not organisation.strip():
            return f"Line {number}: write `domain = Organisation`, e.g. `luton.gov.uk = Luton Borough Council`."
        found[domain] = organisation.strip()[:200]
    return found


def save_partnership(ctx: Context, values: dict[str, Any]) -> Outcome:
    """The first view submitted: checked, saved (audited), and the boards view comes next."""
    name = str(values.get("name") or "").strip()
    zone = str(values.get("timezone") or "").strip()
    hour = str(values.get("hour") or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Give the partnership's name."
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = f"“{zone[:40]}” is not a time zone; e.g. Europe/London."
    if not HOUR.match(hour):
        errors["hour"] = "A time like 09:00."
    domains = _domains(str(values.get("email_domains") or ""))
    if isinstance(domains, str):
        errors["email_domains"] = domains
    if errors:
        return Outcome(errors)
    assert isinstance(domains, dict)
    wanted: dict[str, Any] = {
        "name": name[:200],
        "timezone_name": zone,
        "working_hour": hour,
        "organisation_field": str(values.get("organisation_field") or "").strip()[:100] or None,
        "email_domains": domains or None,
    }
    with transaction(ctx.engine) as session:
        if refused := _may_set_up(session, ctx):
            return Outcome(reply=refused)
        own = partnership_queries.details(session)
        if own is None:
            create(session, _actor(ctx), PartnershipDetails(**wanted, source=f"slack:{_actor(ctx)}"))
        else:
            change(session, _actor(ctx), own, wanted)
        forget(ctx.engine)
        return Outcome(reply=boards_view(session, ctx))


def boards_view(session: Session, ctx: Context, note: str | None = None) -> Reply:
    boards = board_queries.active_boards(session)
    by_id = {b.id: b for b in boards}
    chairs = names_by_id(session, [b.chair_id for b in boards])
    counts: dict[int, int] = {}
    for membership in session.exec(_live_memberships()).all():
        counts[membership] = counts.get(membership, 0) + 1
    own = partnership_queries.details(session)
    return Reply(
        "setup_boards",
        {
            "partnership": own.name if own else "The partnership",
            "note": note,
            "boards": [
                {
                    "slug": b.slug,
                    "name": b.name,
                    "parent": by_id[b.parent_id].name if b.parent_id in by_id else None,
                    "channel": b.slack_channel_id,
                    "chair": chairs.get(b.chair_id) if b.chair_id else None,
                    "members": counts.get(b.id or 0, 0),
                }
                for b in boards[:MAX_BOARDS_SHOWN]
            ],
            "more": max(0, len(boards) - MAX_BOARDS_SHOWN),
        },
        modal=True,
    )


def _live_memberships() -> Any:
    from sqlmodel import col, select

    return select(BoardMember.board_id).where(col(BoardMember.archived_at).is_(None))


def boards(ctx: Context) -> Reply:
    """The boards view again (after *Back*, or to refresh it)."""
    with transaction(ctx.engine) as session:
        if refused := _may_set_up(session, ctx):
            return refused
        return boards_view(session, ctx)


def board_form(ctx: Context, slug: str | None) -> Reply:
    """The form for one board: a new one (slug None) or the board with that short name."""
    with read_only(ctx.engine) as session:
        if refused := check(session, ctx, ADMINS, "set up the partnership's boards"):
            return refused
        board = board_queries.board_by_slug(session, slug) if slug else None
        if slug and (board is None or board.archived_at is not None):
            return refusal(f"There is no board `{slug[:60]}`.")
        others = [b for b in board_queries.active_boards(session) if board is None or b.id != board.id]
        parent = session.get(Board, board.parent_id) if board and board.parent_id else None
        chair = None
        if board and board.chair_id:
            from storage.tables import Person

            chair_person = session.get(Person, board.chair_id)
            chair = chair_person.slack_user_id if chair_person else None
        return Reply(
            "setup_board",
            {
                "parents": [{"value": b.slug, "text": b.name[:75]} for b in others[:100]],
                "initial": {
                    "name": board.name if board else "",
                    "slug": board.slug if board else "",
                    "parent": parent.slug if parent else None,
                    "channel": board.slack_channel_id if board else None,
                    "chair": chair,
                },
                "metadata": json.dumps(
                    {"board": board.id if board else None, "version": board.version if board else None}
                ),
            },
            modal=True,
        )


def slug_for(name: str) -> str:
    """ "Healthy Harbourside Board" → "healthy-harbourside"; the short name people type."""
    words = [w for w in re.sub(r"[^a-z0-9]+", " ", name.casefold()).split() if w not in {"the", "board", "and", "of"}]
    return "-".join(words)[:60].strip("-")


def save_board(ctx: Context, metadata: str, values: dict[str, Any]) -> Outcome:
    """A board saved from its form: checked (errors beside the fields), written and audited, its
    chair made from their Slack profile, and its channel's members made its members."""
    try:
        meta = json.loads(metadata or "{}")
        board_id = meta.get("board")
        version = meta.get("version")
    except (ValueError, AttributeError):
        return Outcome(reply=refusal("That form has expired; run `/forum setup` again."))
    name = str(values.get("name") or "").strip()
    slug = str(values.get("slug") or "").strip().casefold() or slug_for(name)
    parent_slug = str(values.get("parent") or "").strip() or None
    channel = str(values.get("channel") or "").strip() or None
    chair_user = str(values.get("chair") or "").strip() or None
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Give the board's name."
    if not SLUG.match(slug):
        errors["slug"] = "Letters, digits and dashes, e.g. `health`."
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, ADMINS, "set up the partnership's boards"):
            return Outcome(reply=refused)
        board = session.get(Board, int(board_id)) if board_id else None
        if board_id and (board is None or board.archived_at is not None):
            return Outcome(reply=refusal("That board is no longer there; run `/forum setup` again."))
        if board is not None and version is not None and board.version != version:
            errors["name"] = "Someone changed this board meanwhile; close the form and open it again."
        same_slug = board_queries.board_by_slug(session, slug) if "slug" not in errors else None
        if same_slug is not None and (board is None or same_slug.id != board.id):
            errors["slug"] = f"`{slug}` is the short name of {same_slug.name}; choose another."
        parent = board_queries.board_by_slug(session, parent_slug) if parent_slug else None
        if parent_slug and (parent is None or parent.archived_at is not None):
            errors["parent"] = "That board is no longer there."
        elif parent is not None and board is not None and _under(session, parent, board):
            errors["parent"] = f"{parent.name} is under this board already."
        if channel:
            taken = board_queries.board_for_channel(session, channel)
            if taken is not None and (board is None or taken.id != board.id):
                errors["channel"] = f"That channel is {taken.name}'s already."
        chair_id = None
        if chair_user and not errors:
            chair = person_by_slack_id(session, chair_user)
            profile = ctx.workspace.profile(chair_user) if chair is None and ctx.workspace else None
            if chair is None and profile is None:
                errors["chair"] = "I could not read that person's Slack profile; try again."
            elif chair is None and profile is not None:
                chair = person_from_profile(session, _actor(ctx), profile)
            chair_id = chair.id if chair else None
        if errors:
            return Outcome(errors)
        has_forum = any(
            b.kind == "forum" for b in board_queries.active_boards(session) if board is None or b.id != board.id
        )
        wanted: dict[str, Any] = {
            "name": name[:200],
            "slug": slug,
            "parent_id": parent.id if parent else None,
            "slack_channel_id": channel,
            "chair_id": chair_id,
        }
        if board is None:
            kind = "theme_board" if parent is not None or has_forum else "forum"
            if parent is not None and parent.parent_id is not None:
                kind = "sub_group"
            board = create(session, _actor(ctx), Board(**wanted, kind=kind, source=f"slack:{_actor(ctx)}"))
            done = f"Added {name}"
        else:
            change(session, _actor(ctx), board, wanted)
            done = f"Saved {name}"
        note = done + "."
        if ctx.workspace is not None and board.slack_channel_id:
            synced = sync_channel(session, _actor(ctx), board, ctx.workspace)
            if synced.unreadable:
                note = f"{done}; I can't see its channel's members: invite me to the channel with `/invite @Forum bot`."
            elif synced.added:
                note = f"{done}, with {len(synced.added)} members from its channel."
        return Outcome(reply=boards_view(session, ctx, note))


def _under(session: Session, parent: Board, board: Board) -> bool:
    """Whether `parent` sits somewhere under `board` (a loop if it became its parent)."""
    seen: set[int] = set()
    current: Board | None = parent
    while current is not None and current.id not in seen:
        if current.id == board.id:
            return True
        seen.add(current.id or 0)
        current = session.get(Board, current.parent_id) if current.parent_id else None
    return False


def finished(ctx: Context) -> Reply:
    """Said when the admin presses *Done*: where the partnership stands, and what to do next."""
    with read_only(ctx.engine) as session:
        counts = partnership_queries.first_day_counts(session)
        own = partnership_queries.details(session)
        name = own.name if own else "The partnership"
    text = f"{name} is set up: {counts['boards']} boards, {counts['members']} board memberships."
    if not counts["meetings"]:
        hint = "Next: drop an agenda pack into a direct message with me, or `/forum new meeting`."
    elif not counts["indicators"]:
        hint = "Next: drop an indicator table or spreadsheet (.csv) into a direct message with me."
    else:
        hint = "`/forum help` lists everything members can ask."
    return message(text, hint)
