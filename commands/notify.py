"""`notify …` (everyone, about themselves): how and which reminders reach you — Slack, e-mail or
both; which kinds; how many days ahead; the overdue lists weekly, daily or never; boards muted.
Officers set a board's defaults for everyone who has not chosen (`notify board BOARD …`).

The choices are commands/core/notify.py's model; the reminder sweep asks it before every personal
reminder. In Slack, `notify` alone opens a form of the same choices. Every change is audited.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlmodel import Session

from commands.core import notify as model
from commands.core.boards import choose_board
from commands.core.context import Context
from commands.core.people import caller
from commands.core.permissions import EDITORS, check
from commands.core.registry import command
from commands.core.reply import Reply, message, refusal
from commands.reminder_engine.times import reminder_settings
from storage import boards as board_queries
from storage.db import read_only, transaction
from storage.tables import Person
from storage.writes import change

USAGE = (
    "notify [show] | notify slack|email|both | notify off|on GROUP | notify digest daily|weekly|never | "
    "notify lead GROUP DAYS|board | notify mute|unmute BOARD | notify reset | notify board BOARD … (officers)"
)
EXAMPLES = (
    "notify",
    "notify email",
    "notify off actions",
    "notify on actions",
    "notify digest daily",
    "notify lead consultations 2 days",
    "notify mute safer",
    "notify unmute safer",
)
_WORDS = {  # what people type → the group
    "agenda": "agenda",
    "agendas": "agenda",
    "matters": "agenda",
    "presenter": "presenter",
    "presenters": "presenter",
    "presenting": "presenter",
    "action": "actions",
    "actions": "actions",
    "consultation": "consultations",
    "consultations": "consultations",
    "reading": "readings",
    "readings": "readings",
    "indicators": "readings",
    "digest": "digests",
    "digests": "digests",
}
_ROUTES = {"slack": "slack", "dm": "slack", "email": "email", "e-mail": "email", "mail": "email", "both": "both"}
_LEAD = re.compile(r"^(\d{1,2})(?:\s*(?:days?|d))?$", re.IGNORECASE)
ROUTE_WORDS = {"slack": "Slack direct message", "email": "e-mail", "both": "Slack and e-mail"}
DIGEST_WORDS = {
    "weekly": "weekly, on the board's digest day",
    "daily": "every working day",
    "never": "never",
}


def _actor(ctx: Context) -> str:
    return ctx.user_id or "console"


def _groups(words: list[str]) -> list[str] | str:
    """The groups named (`all` for every one), or the word that is none."""
    found: list[str] = []
    for word in words:
        w = word.casefold().strip(",")
        if not w or w in {"and", "reminders", "reminder"}:
            continue
        if w == "all":
            found += list(model.GROUPS)
        elif w in _WORDS:
            found.append(_WORDS[w])
        else:
            return word[:30]
    return list(dict.fromkeys(found))


def _days_list(days: tuple[int, ...]) -> str:
    if not days:
        return "none"
    shown = ["on the day" if d == 0 else f"{d} day{'' if d == 1 else 's'} before" for d in days]
    return ", ".join(shown)


def _board_days(settings: Any) -> dict[str, tuple[int, ...]]:
    s = reminder_settings(settings)
    return {"actions": s.action_days, "consultations": s.consultation_days, "readings": s.reading_days}


def view(session: Session, person: Person) -> dict[str, Any]:
    """The person's settings in words, for `notify`, `reminders` and the form."""
    forum = board_queries.board_by_slug(session, "forum") or next(iter(board_queries.active_boards(session)), None)
    chosen = model.preferences(person, forum)
    own = person.notify if isinstance(person.notify, dict) else {}
    offered = _board_days(forum.settings if forum else None)
    groups = [
        {
            "group": group,
            "words": model.GROUP_WORDS[group],
            "on": (chosen.digest != "never") if group == "digests" else group not in chosen.off,
        }
        for group in model.GROUPS
    ]
    leads = []
    for group in model.LEAD_GROUPS:
        lead = chosen.lead.get(group)
        days = tuple(d for d in offered[group] if lead is None or d <= lead)
        leads.append({"group": group, "lead": lead, "days": _days_list(days), "board": _days_list(offered[group])})
    boards = {b.slug: b.name for b in board_queries.active_boards(session)}
    reach = []
    if chosen.route in ("slack", "both") and not person.slack_user_id:
        reach.append("you have no Slack account here, so nothing comes by Slack")
    if chosen.route in ("email", "both") and not person.email:
        reach.append("the bot has no e-mail address for you, so nothing comes by e-mail")
    return {
        "name": person.name,
        "route": chosen.route,
        "route_words": ROUTE_WORDS[chosen.route] + ("" if "route" in own else " (the default)"),
        "reach": reach,
        "groups": groups,
        "digest": chosen.digest,
        "digest_words": DIGEST_WORDS[chosen.digest],
        "leads": leads,
        "muted": [boards.get(slug, slug) for slug in sorted(chosen.muted)],
        "chosen": bool(own),
        "summary": summary(chosen, boards),
    }


def summary(chosen: model.Preferences, boards: dict[str, str]) -> str:
    """One line: what is not the default."""
    parts = [f"by {ROUTE_WORDS[chosen.route]}"]
    if chosen.off:
        parts.append("off: " + ", ".join(g for g in model.GROUPS if g in chosen.off))
    parts.append(f"overdue lists {chosen.digest}")
    for group, days in chosen.lead.items():
        parts.append(f"{group} at most {days} day{'' if days == 1 else 's'} ahead")
    if chosen.muted:
        parts.append("muted: " + ", ".join(boards.get(s, s) for s in sorted(chosen.muted)))
    return "; ".join(parts)


def _stranger() -> Reply:
    return refusal(
        "I don't know who you are here, so there is nothing of yours to set.",
        "In the console, say who with `forum console --as SLACK_USER_ID`.",
    )


def show(ctx: Context) -> Reply:
    with read_only(ctx.engine) as session:
        person = caller(session, ctx)
        if person is None:
            return _stranger()
        return Reply("notify", {**view(session, person), "changed": None})


def form(ctx: Context) -> Reply:
    """The form (Slack modal) of the caller's own choices."""
    with read_only(ctx.engine) as session:
        person = caller(session, ctx)
        if person is None:
            return _stranger()
        data = view(session, person)
        data["boards"] = [{"value": b.slug, "text": b.name[:75]} for b in board_queries.active_boards(session)][:100]
        data["muted_slugs"] = sorted(model.preferences(person).muted)
        data["metadata"] = json.dumps({"person": person.id, "version": person.version, "channel": ctx.channel_id})
        return Reply("notify_form", data, modal=True)


def _lead(words: list[str]) -> tuple[str, int | None] | Reply:
    if not words:
        return refusal("Which reminders, how many days ahead? e.g. `notify lead consultations 2 days`.")
    group = _WORDS.get(words[0].casefold())
    if group not in model.LEAD_GROUPS:
        return refusal(
            f"“{words[0][:30]}” is not reminders sent days ahead.",
            "Lead times are for actions, consultations, readings.",
        )
    rest = " ".join(words[1:])
    if rest.casefold() in {"board", "default", "reset"}:
        return group, None
    match = _LEAD.match(rest)
    if not match or int(match.group(1)) > model.MOST_LEAD:
        return refusal(
            f"“{rest[:30]}” is not a number of days from 0 to {model.MOST_LEAD}.",
            f"e.g. `notify lead {group} 2 days`, or `notify lead {group} board` for the board's own.",
        )
    return group, int(match.group(1))


def changed_choices(current: dict[str, Any], words: list[str], effective: model.Preferences) -> dict[str, Any] | Reply:
    """`current` (a person's or a board's stored choices) changed as `words` say, or why not."""
    new: dict[str, Any] = json.loads(json.dumps(current))  # a copy, so the record's own dict is never changed in place
    verb = words[0].casefold()
    rest = words[1:]
    if verb in _ROUTES and not rest:
        new["route"] = _ROUTES[verb]
    elif verb in {"off", "on"}:
        groups = _groups(rest)
        if isinstance(groups, str):
            return refusal(
                f"“{groups}” is not a kind of reminder.", "Kinds: " + ", ".join(model.GROUPS) + " (or `all`)."
            )
        if not groups:
            return refusal(f"Turn {verb} what? e.g. `notify {verb} actions`.")
        off = set(effective.off)
        for group in groups:
            if group == "digests":
                new["digest"] = (
                    "never" if verb == "off" else ("weekly" if effective.digest == "never" else effective.digest)
                )
            elif verb == "off":
                off.add(group)
            else:
                off.discard(group)
        if [g for g in groups if g != "digests"]:
            new["off"] = [g for g in model.SWITCHABLE if g in off]
    elif verb in {"digest", "digests"}:
        how = " ".join(rest).casefold()
        if how not in model.DIGESTS:
            return refusal("How often? `notify digest daily`, `notify digest weekly` or `notify digest never`.")
        new["digest"] = how
    elif verb == "lead":
        lead = _lead(rest)
        if isinstance(lead, Reply):
            return lead
        group, days = lead
        leads = dict(new.get("lead") or {}) if isinstance(new.get("lead"), dict) else {}
        if days is None:
            leads.pop(group, None)
        else:
            leads[group] = days
        new["lead"] = leads
    elif verb == "reset" and not rest:
        return {}
    else:
        return refusal(f"I don't understand “{' '.join(words)[:60]}”.", "Try `help notify`.")
    return new


@command(
    "notify",
    aliases=("notifications", "notification"),
    summary="How and which reminders reach you: Slack, e-mail or both; which kinds; days ahead; digests; boards muted",
    usage=USAGE,
    examples=EXAMPLES,
    details="Your own choices, for reminders that come to you (a board's channel posts are the board's). "
    "Kinds: agenda (matters arising, for officers), presenter, actions, consultations, readings, digests. "
    "`digest` is the lists of what is overdue — your actions, a chair's digest, readings for officers: "
    "weekly on the board's digest day, daily on every working day, or never. "
    "`lead` keeps only the reminders at most that many days before a deadline, of the days the board "
    "reminds on (the one on the day always comes); `lead actions board` is the board's again. "
    "`mute BOARD`: nothing about that board comes to you. In Slack, `notify` alone opens a form. "
    "Officers set a board's defaults for everyone who has not chosen: `notify board safer digest weekly`.",
)
def notify(ctx: Context, words: str) -> Reply:
    parts = words.split()
    if not parts or parts[0].casefold() in {"show", "settings"}:
        if not parts and ctx.surface == "slack":
            return form(ctx)
        return show(ctx)
    verb = parts[0].casefold()
    with transaction(ctx.engine) as session:
        person = caller(session, ctx)
        if person is None:
            return _stranger()
        current = person.notify if isinstance(person.notify, dict) else {}
        if verb in {"mute", "unmute"}:
            if len(parts) < 2:
                return refusal(f"{verb.capitalize()} which board? e.g. `notify {verb} safer`.")
            board = choose_board(session, ctx, " ".join(parts[1:]))
            if isinstance(board, Reply):
                return board
            muted = set(model.preferences(person).muted)
            (muted.add if verb == "mute" else muted.discard)(board.slug)
            new: dict[str, Any] | Reply = {**current, "muted": sorted(muted)}
        else:
            new = changed_choices(current, parts, model.preferences(person))
        if isinstance(new, Reply):
            return new
        saved = save(session, ctx, person, new, words)
        return Reply("notify", {**view(session, person), "changed": saved})


def save(session: Session, ctx: Context, person: Person, new: dict[str, Any], said: str) -> bool:
    """Write the person's choices (audited); whether anything changed."""
    return change(session, _actor(ctx), person, {"notify": new or None}, note=f"notify {said}"[:500])


@command(
    "notify board",
    summary="A board's reminder defaults for everyone who has not chosen their own (officers)",
    usage="notify board BOARD digest daily|weekly|never | off KIND | on KIND | lead KIND DAYS | reset",
    examples=("notify board safer digest weekly", "notify board forum off readings"),
    details="Kept in the board's settings (`notify`); each person's own `notify` choices win over them.",
)
def board_defaults(ctx: Context, text: str) -> Reply:
    """`notify board BOARD digest weekly | off GROUP | on GROUP | reset` (officers)."""
    words = text.split()
    if len(words) < 2:
        return refusal("Which board, and what? e.g. `notify board safer digest weekly`.")
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "set a board's reminder defaults"):
            return refused
        board = choose_board(session, ctx, words[0])
        if isinstance(board, Reply):
            return board
        rest = words[1:]
        if rest[0].casefold() not in {"digest", "digests", "off", "on", "reset", "lead"}:
            return refusal(
                "A board's defaults are its digests, kinds turned off and lead times.",
                "e.g. `notify board safer digest weekly`, `notify board safer off readings`.",
            )
        settings = dict(board.settings) if isinstance(board.settings, dict) else {}
        current = model.board_defaults(board)
        effective = model.Preferences("slack", **model.read_choices(current, {}))
        new = changed_choices(current, rest, effective)
        if isinstance(new, Reply):
            return new
        if new:
            settings["notify"] = new
        else:
            settings.pop("notify", None)
        saved = change(
            session, _actor(ctx), board, {"settings": settings or None}, note=f"notify board {' '.join(words)}"[:500]
        )
        said = summary(model.Preferences("slack", **model.read_choices(new, {})), {}).split("; ", 1)[-1]
        return message(
            f":white_check_mark: {board.name}: for everyone who has not chosen, {said}."
            if saved
            else f"{board.name} already has those defaults; nothing changed.",
            "Each person's own choices (`notify`) win over the board's.",
        )


def choices_from_form(values: dict[str, Any], boards: set[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """A person's choices from the form's values, or {field: what is wrong}: values the form cannot
    send (a tampered request) are refused, never stored."""
    errors: dict[str, str] = {}
    new: dict[str, Any] = {}
    route = values.get("route")
    if route not in model.ROUTES:
        errors["route"] = "Choose Slack, e-mail or both."
    else:
        new["route"] = route
    on = values.get("kinds") or []
    if not isinstance(on, list) or any(k not in model.SWITCHABLE for k in on):
        errors["kinds"] = "Choose from the kinds listed."
    else:
        new["off"] = [g for g in model.SWITCHABLE if g not in on]
    how = values.get("digest")
    if how not in model.DIGESTS:
        errors["digest"] = "Choose weekly, daily or never."
    else:
        new["digest"] = how
    leads: dict[str, int] = {}
    for group in model.LEAD_GROUPS:
        given = values.get(f"lead_{group}")
        if given in (None, "", "board"):
            continue
        if not isinstance(given, str) or not given.isdigit() or int(given) > model.MOST_LEAD:
            errors[f"lead_{group}"] = f"Choose a number of days from 0 to {model.MOST_LEAD}."
        else:
            leads[group] = int(given)
    if leads:
        new["lead"] = leads
    muted = values.get("muted") or []
    if not isinstance(muted, list) or any(not isinstance(s, str) or s not in boards for s in muted):
        errors["muted"] = "Choose from the boards listed."
    else:
        new["muted"] = sorted(muted)
    return new, errors


def submit_form(ctx: Context, metadata: str, values: dict[str, Any]) -> tuple[dict[str, str], Reply | None]:
    """Save the form: ({field: problem}, None) when something is wrong, else ({}, the reply)."""
    try:
        meta = json.loads(metadata or "{}")
        person_id = int(meta["person"])
    except (ValueError, KeyError, TypeError):
        return {}, refusal("That form has expired; open it again.")
    with transaction(ctx.engine) as session:
        person = caller(session, ctx)
        if person is None or person.id != person_id:
            return {}, refusal("That form was for someone else's settings; open your own with `/forum notify`.")
        slugs = {b.slug for b in board_queries.active_boards(session)}
        new, errors = choices_from_form(values, slugs)
        if errors:
            return errors, None
        saved = save(session, ctx, person, new, "(form)")
        return {}, Reply("notify", {**view(session, person), "changed": saved})
