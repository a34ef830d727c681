"""A name as a paper, partnership file or spreadsheet writes it → the person it means (issue 15).

One matcher for every reader. Call `match_name(session, written, members=..., attendance=...)`:

- `written`: the name as written: "Bren McGowan", "Cllr Hazel Simmons", "Dr. Anwar Haque",
  "B McGowan", "B. McGowan", "BM", "the LSP Manager", "Bren McGowan, Partnership Manager".
- `members`: the workspace's members (`Context.workspace.members()`, i.e. Slack's users.list, kept
  for a few minutes by the bot); empty outside Slack.
- `attendance`: the names the same paper lists as present, so that initials alone ("BM") can be
  read as the one attendee with those initials.

It answers a `NameMatch` whose `verdict` is

- "exact": one person, certainly (full name with or without titles, a Slack real or display name,
  or the one holder of a title such as "LSP Manager"); `match.best` is the Candidate;
- "likely": one or more candidates that fit but not for certain (initials and surname, initials in
  the attendance list, a first name or surname alone, or two people with the same name); show them
  for an officer to confirm — never link them silently;
- "none": nobody fits.

`link_or_create(session, actor, written, ...)` does what an import does with the answer: an exact
match gives its person (created from the Slack profile if only the workspace knows them); "none"
creates a person by name (the Slack account is linked later, when someone of that name joins a
board's channel or is added with `add person`); "likely" gives None, for the officer to decide.
Nothing here reads or writes Slack.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session, select

from commands.core.workspace import Profile
from storage.people import name_key
from storage.tables import Person

Verdict = Literal["exact", "likely", "none"]

MAX_WRITTEN = 300  # a name longer than this is not a name


@dataclass(frozen=True)
class Candidate:
    name: str
    person_id: int | None  # a person the bot knows …
    slack_user_id: str | None  # … and/or a member of the workspace
    why: str  # in words: "full name", "initials and surname", "holds the title LSP Manager"


@dataclass(frozen=True)
class NameMatch:
    written: str
    verdict: Verdict
    candidates: tuple[Candidate, ...] = ()

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.verdict == "exact" else None


@dataclass
class _Someone:
    """A person the bot knows and/or a workspace member, as one."""

    name: str
    person_id: int | None
    slack_user_id: str | None
    names: set[str]  # name keys: full name, Slack real and display names
    titles: set[str]

    def candidate(self, why: str) -> Candidate:
        return Candidate(self.name, self.person_id, self.slack_user_id, why)


_INITIAL = re.compile(r"^[A-Za-z]\.?$")
_ROLE_ARTICLE = re.compile(r"^(?:the|our|a)\s+", re.IGNORECASE)


def _key(text: str) -> str:
    return name_key(re.sub(r"[.,]+$", "", text.strip()))


def _words(key: str) -> list[str]:
    return [w for w in re.split(r"[\s.]+", key) if w]


def _everyone(session: Session, members: Sequence[Profile]) -> list[_Someone]:
    people = session.exec(select(Person).where(Person.archived_at.is_(None))).all()  # type: ignore[union-attr]
    by_slack: dict[str, _Someone] = {}
    unlinked: dict[str, list[_Someone]] = {}  # people known by name only, by name key
    everyone: list[_Someone] = []
    for p in people:
        someone = _Someone(p.name, p.id, p.slack_user_id, {_key(p.name)}, {_key(p.title)} if p.title else set())
        everyone.append(someone)
        if p.slack_user_id:
            by_slack[p.slack_user_id] = someone
        else:
            unlinked.setdefault(_key(p.name), []).append(someone)
    for m in members:
        if not m.is_person:
            continue
        names = {k for k in (_key(m.real_name), _key(m.display_name)) if k}
        titles = {_key(m.title)} if m.title else set()
        known = by_slack.get(m.user_id)
        same_name = unlinked.get(_key(m.name), [])
        if known is None and len(same_name) == 1 and same_name[0].slack_user_id is None:
            # the one person known by this exact name only: the same person, as `person_from_profile`
            # links them when they turn up, not a second candidate
            known = same_name[0]
            known.slack_user_id = m.user_id
        if known is not None:  # the same person: their Slack names are theirs too
            known.names |= names
            known.titles |= titles
        elif names:
            everyone.append(_Someone(m.name, None, m.user_id, names, titles))
    return everyone


def _initials_fit(initials: list[str], given_names: list[str]) -> bool:
    return len(initials) <= len(given_names) and all(
        name.startswith(initial) for initial, name in zip(initials, given_names, strict=False)
    )


def _answer(written: str, found: list[tuple[_Someone, str]], certain: bool) -> NameMatch:
    seen: dict[tuple[int | None, str | None], Candidate] = {}
    for someone, why in found:
        seen.setdefault((someone.person_id, someone.slack_user_id), someone.candidate(why))
    candidates = tuple(seen.values())[:8]
    if not candidates:
        return NameMatch(written, "none")
    return NameMatch(written, "exact" if certain and len(candidates) == 1 else "likely", candidates)


def everyone(session: Session, members: Sequence[Profile] = ()) -> list[_Someone]:
    """The people the bot knows and the workspace's members, as one list: read once and handed to
    `match_name(..., known=...)` when a paper's many names are matched in one go."""
    return _everyone(session, members)


def match_name(
    session: Session,
    written: str,
    *,
    members: Sequence[Profile] = (),
    attendance: Sequence[str] = (),
    known: list[_Someone] | None = None,
) -> NameMatch:
    """The people `written` may mean: exact, likely (with candidates) or none. See the module's docstring.
    `known`: `everyone(session, members)`, read once for many names (else read for this one)."""
    written = " ".join((written or "").split())[:MAX_WRITTEN]
    name_part = written.split(",")[0]  # "Bren McGowan, Partnership Manager": the name is before the comma
    key = _key(name_part)
    if not key:
        return NameMatch(written, "none")
    everyone = known if known is not None else _everyone(session, members)

    same = [(s, "full name") for s in everyone if key in s.names]
    if same:
        return _answer(written, same, certain=True)

    role = _key(_ROLE_ARTICLE.sub("", name_part))
    holders = [(s, f"holds the title {name_part.strip()}") for s in everyone if role and role in s.titles]
    if holders:
        return _answer(written, holders, certain=True)

    words = _words(key)
    if len(words) >= 2 and all(_INITIAL.match(w) for w in re.split(r"\s+", name_part.strip())[:-1]):
        initials, surname = [w[0] for w in words[:-1]], words[-1]
        fits = []
        for s in everyone:
            for name in s.names:
                parts = _words(name)
                if len(parts) >= 2 and parts[-1] == surname and _initials_fit(initials, parts[:-1]):
                    fits.append((s, "initials and surname"))
                    break
        return _answer(written, fits, certain=False)

    compact = re.sub(r"[.\s]", "", name_part)
    if 2 <= len(compact) <= 4 and compact.isalpha() and compact.isupper():  # "BM", "B.M.": initials alone
        fits = []
        for attendee in attendance:
            parts = _words(_key(attendee))
            if len(parts) >= 2 and "".join(p[0] for p in parts) == compact.casefold():
                inner = match_name(session, attendee, members=members, known=everyone)
                for candidate in inner.candidates if inner.verdict == "exact" else ():
                    fits.append(
                        (
                            _Someone(candidate.name, candidate.person_id, candidate.slack_user_id, set(), set()),
                            f"initials of {attendee} in the attendance list",
                        )
                    )
        return _answer(written, fits, certain=False)

    if len(words) == 1:  # a first name or a surname alone
        fits = [(s, "first name or surname") for s in everyone if any(words[0] in _words(n) for n in s.names)]
        return _answer(written, fits, certain=False)
    return NameMatch(written, "none")


def link_or_create(
    session: Session,
    actor: str,
    written: str,
    *,
    members: Sequence[Profile] = (),
    attendance: Sequence[str] = (),
    source: str | None = None,
) -> Person | None:
    """The person an import should record for `written`: exact → them (made from their Slack
    profile if only the workspace knows them); none → a new person by that name, linked to Slack
    later; likely → None (the officer confirms or corrects in the dry run). Writes are audited."""
    from commands.core.workspace_people import person_from_profile, person_named

    found = match_name(session, written, members=members, attendance=attendance)
    if found.verdict == "likely":
        return None
    if found.best is not None:
        if found.best.person_id is not None:
            return session.get(Person, found.best.person_id)
        profile = next((m for m in members if m.user_id == found.best.slack_user_id), None)
        if profile is not None:
            return person_from_profile(session, actor, profile)
    name = written.split(",")[0].strip()
    return person_named(session, actor, name, source) if name else None
