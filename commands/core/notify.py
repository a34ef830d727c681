"""How and what each person chooses to hear: their notification preferences (issue 18).

`preferences(person)` is the one place the reminder sweep and the e-mail delivery ask. Stored on
the person (`Person.notify`, JSON); anything not said takes the board's default (officers set it in
`Board.settings["notify"]`), else the bot's. Without a choice a person hears by Slack when they have
a Slack account, else by e-mail when they have an address.

What a person may choose, stored as
`{"route": "both", "off": ["actions"], "digest": "daily", "lead": {"consultations": 2}, "muted": ["safer"]}`:

- **route** — `slack`, `email` or `both`;
- **off** — which kinds of reminder they do not want, in the groups of `GROUPS` (agenda, presenter,
  actions, consultations, readings); digests are turned off with `digest: never`;
- **digest** — the weekly lists of what is overdue (their overdue actions, a chair's digest, the
  readings overdue for officers) `weekly` (on the board's digest day), `daily` (every working day)
  or `never`;
- **lead** — for reminders sent some days *before* a deadline (actions, consultations, readings):
  at most this many days before. The board decides the days it reminds on; a person can only drop
  the earlier ones, never add days of their own: with the board's `[14, 7, 2, 0]` and a lead of 2
  they hear 2 days before and on the day. The reminder on the day itself always comes;
- **muted** — boards (short names) they hear nothing personal about.

Reminders posted in a board's channel are the board's, not anyone's: only direct messages (and
e-mails) follow a person's choices.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlmodel import Session, col, select

from storage.tables import Board, Person

Route = Literal["slack", "email", "both"]
ROUTES: tuple[Route, ...] = ("slack", "email", "both")
Digest = Literal["weekly", "daily", "never"]
DIGESTS: tuple[Digest, ...] = ("weekly", "daily", "never")

# The groups a person turns on and off, and the reminder kinds (commands/reminder_engine/rules.py
# KINDS) in each. Channel posts are listed for completeness: they follow no one's choices.
GROUPS: dict[str, tuple[str, ...]] = {
    "agenda": ("agenda_week", "agenda_day", "matters_arising", "papers"),
    "presenter": ("presenter",),
    "actions": ("action_due",),
    "consultations": ("consultation_owner", "consultation_channel", "consultation_missed"),
    "readings": ("reading_due", "reading_overdue"),
    "digests": ("actions_overdue", "overdue_digest", "readings_digest"),
}
GROUP_OF: dict[str, str] = {kind: group for group, kinds in GROUPS.items() for kind in kinds}
GROUP_WORDS = {
    "agenda": "papers published for your boards' meetings; matters arising before a meeting (officers)",
    "presenter": "the reminder that you present an item",
    "actions": "your actions due (before and on the day)",
    "consultations": "consultation responses you own, and missed deadlines (chairs)",
    "readings": "indicator readings you are asked for",
    "digests": "the lists of what is overdue (your actions; a chair's digest; readings, for officers)",
}
SWITCHABLE = ("agenda", "presenter", "actions", "consultations", "readings")  # digests: `digest never`
LEAD_GROUPS = ("actions", "consultations", "readings")  # reminders some days before a deadline
MOST_LEAD = 60  # days, as a board's own settings allow


@dataclass(frozen=True)
class Preferences:
    route: Route  # how to hear: Slack DM, e-mail, or both
    off: frozenset[str] = frozenset()  # groups of GROUPS not wanted
    digest: Digest = "weekly"
    lead: Mapping[str, int] = field(default_factory=dict[str, int])  # group → at most this many days before
    muted: frozenset[str] = frozenset()  # board slugs

    def hears(self, kind: str, board: Board | None = None, days_before: int | None = None) -> bool:
        """Whether a reminder of `kind` about `board`, `days_before` its deadline, reaches them."""
        if board is not None and board.slug in self.muted:
            return False
        group = GROUP_OF.get(kind)
        if group == "digests":
            return self.digest != "never"
        if group in self.off:
            return False
        if days_before and group is not None and group in self.lead:
            return days_before <= self.lead[group]
        return True


def _choices(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def board_defaults(board: Board | None) -> dict[str, Any]:
    """What the board's officers chose for everyone who has not chosen (`Board.settings["notify"]`)."""
    if board is None or not isinstance(board.settings, dict):
        return {}
    return _choices(board.settings.get("notify"))


def read_choices(own: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Each setting the person's own if they said it, else the board's; values that make no sense are
    ignored (the default holds), so a stored typo never silences anyone."""
    out: dict[str, Any] = {}
    for key in ("off", "digest", "lead"):
        for source in (own, defaults):
            if key in source:
                value = source[key]
                if key == "off" and isinstance(value, list):
                    out[key] = frozenset(str(g) for g in value if g in SWITCHABLE)
                elif key == "digest" and value in DIGESTS:
                    out[key] = value
                elif key == "lead" and isinstance(value, dict):
                    out[key] = {
                        g: d
                        for g, d in value.items()
                        if g in LEAD_GROUPS and isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= MOST_LEAD
                    }
                else:
                    continue
                break
    muted = own.get("muted")
    out["muted"] = frozenset(str(s) for s in muted if isinstance(s, str)) if isinstance(muted, list) else frozenset()
    return out


def preferences(person: Person, board: Board | None = None) -> Preferences:
    """What `person` chose (about `board`, whose officers' defaults fill in what they did not)."""
    own = _choices(person.notify)
    chosen = own.get("route")
    if chosen in ROUTES:
        route: Route = chosen
    else:
        route = "slack" if person.slack_user_id else "email"
    return Preferences(route, **read_choices(own, board_defaults(board)))


def routes(person: Person) -> set[str]:
    """The routes a message to this person goes by, as far as they can be reached: "slack" needs a
    Slack account, "email" an address."""
    wanted = preferences(person).route
    found = set()
    if wanted in ("slack", "both") and person.slack_user_id:
        found.add("slack")
    if wanted in ("email", "both") and person.email:
        found.add("email")
    return found


def hears(person: Person, kind: str, board: Board | None = None, days_before: int | None = None) -> bool:
    """Whether a personal reminder of `kind` about `board` reaches `person` (the sweep's one question)."""
    if not person.notify and not board_defaults(board):
        return True  # most people choose nothing: no parsing on every sweep
    return preferences(person, board).hears(kind, board, days_before)


def digest(person: Person, board: Board | None = None) -> Digest:
    """How often `person` gets the lists of what is overdue about `board`."""
    if not person.notify and not board_defaults(board):
        return "weekly"
    return preferences(person, board).digest


def anyone_daily(session: Session, boards: Iterable[Board]) -> bool:
    """Whether anyone (or any board's default) asks for the overdue lists every working day: the
    sweep looks for them on other days than the digest day only then."""
    if any(board_defaults(b).get("digest") == "daily" for b in boards):
        return True
    chosen = session.exec(select(Person.notify).where(col(Person.notify).is_not(None))).all()
    return any(isinstance(c, dict) and c.get("digest") == "daily" for c in chosen)
