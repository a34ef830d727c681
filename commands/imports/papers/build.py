"""From what a paper says to a partnership file: the findings matched to the board and the
meetings already known, written as the same validated entries a YAML import produces, each with
the paper and line it came from. Loaded in merge mode, re-importing a paper (or a corrected one)
updates records by their natural keys instead of duplicating them."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlmodel import Session, col, select

from commands.core.name_matching import NameMatch, everyone, match_name
from commands.core.workspace import Profile
from commands.imports.papers.documents import SITS_UNDER
from commands.imports.papers.found import (
    Findings,
    FoundAction,
    FoundConsultation,
    FoundIndicator,
    FoundItem,
    FoundMeeting,
    FoundPaper,
)
from commands.imports.papers.owners import Owners
from commands.imports.papers.text import PaperText
from commands.imports.partnership_file import PartnershipFile
from storage import boards as board_queries
from storage import meetings as meeting_queries
from storage.people import find_person
from storage.tables import Action, AgendaItem, Board, Meeting, Minute, Person
from storage.writes import create

MAX_PEOPLE_OFFERED = 100  # a static_select holds 100 options


class PaperNotImported(ValueError):
    """Why nothing from this paper can be written (e.g. which board it is for is unknown)."""


@dataclass
class Choices:
    """What the officer decided about a paper's dry run (issue 14), in the Review form or on the
    command line: the board (an existing one, or a new one as proposed), who each uncertain name is,
    and the facts unticked. Nothing else in a paper is changed by an officer's choice."""

    board: str | None = None  # an existing board's slug
    new_board: dict[str, Any] | None = None  # {"name", "slug", "parent"}: create it
    people: dict[str, str] = field(default_factory=dict)  # written -> "p:ID" | "u:SLACK" | "new" | "unlinked"
    untick: set[str] = field(default_factory=set)  # fact keys

    def to_json(self) -> dict[str, Any]:
        return {
            "board": self.board,
            "new_board": self.new_board,
            "people": dict(self.people),
            "untick": sorted(self.untick),
        }

    @classmethod
    def from_json(cls, value: object) -> Choices:
        if not isinstance(value, dict):
            return cls()
        new = value.get("new_board")
        people = value.get("people")
        untick = value.get("untick")
        return cls(
            board=str(value["board"]) if value.get("board") else None,
            new_board=dict(new) if isinstance(new, dict) else None,
            people={str(k): str(v) for k, v in people.items()} if isinstance(people, dict) else {},
            untick={str(k) for k in untick} if isinstance(untick, list) else set(),
        )


@dataclass
class Built:
    board: Board
    data: PartnershipFile
    unsure: list[tuple[int, str]]
    updates: list[tuple[int, str, str]] = field(default_factory=list)  # (action id, text, source): matters arising
    time_unknown: set[date] = field(default_factory=set)  # days of meetings imported without a start time
    proposed_board: dict[str, Any] | None = None  # a board the paper names that did not exist: created
    people: list[dict[str, Any]] = field(default_factory=list)  # names the reader is not sure who they are
    facts: list[dict[str, Any]] = field(default_factory=list)  # what may be unticked: key, group, text, doubt
    skipped: list[str] = field(default_factory=list)  # what was read but not written, and why
    unlinked_owners: list[tuple[str, str, str]] = field(default_factory=list)  # (description, meeting, written)
    unlinked_attendance: list[tuple[date, dict[str, Any]]] = field(default_factory=list)  # recorded by name only


def _heading_board(session: Session, heading: str | None) -> Board | None:
    if not heading:
        return None
    words = re.sub(r"\b(?:meeting|minutes|agenda|of|the)\b", " ", heading, flags=re.I)
    words = " ".join(words.split())
    boards = board_queries.active_boards(session)
    exact = [b for b in boards if b.name.casefold() == words.casefold() or b.slug == words.casefold()]
    if len(exact) == 1:
        return exact[0]
    found = board_queries.find_boards(session, words)
    return found[0] if len(found) == 1 else None


def _board_words(heading: str) -> str:
    words = re.sub(r"\b(?:meeting|minutes|agenda|notes|of|the|held|on)\b", " ", heading, flags=re.I)
    words = re.sub(r"[^\w\s&'’-]", " ", words)
    return " ".join(w for w in words.split() if not w.isdigit())


_PARENT_LINES = 40  # a board's place is said in the paper's opening, never deep in its minutes


def _parent_named(session: Session, paper: PaperText | None, own_name: str) -> Board | None:
    """The existing board the paper's opening says its board sits under, if exactly one is named."""
    if paper is None:
        return None
    found: dict[int, Board] = {}
    for line in paper.lines[:_PARENT_LINES]:
        for match in SITS_UNDER.finditer(line.text):
            board = _heading_board(session, match.group("board"))
            if board is not None and board.name.casefold() != own_name.casefold():
                found[board.id or 0] = board
    return next(iter(found.values())) if len(found) == 1 else None


def proposed_board(
    findings: Findings, session: Session | None = None, paper: PaperText | None = None
) -> dict[str, Any] | None:
    """The board a paper's heading names, as a new board: its name, a short name made from it, and
    its parent when the paper's opening says where it sits ("a theme board of the Harbourside
    Partnership") and the database has that board; else no parent, for the officer to set later."""
    from commands.setup import slug_for

    heading = next((m.heading for m in findings.meetings if m.heading), None)
    name = _board_words(heading or "")
    if not name or len(name) > 120:
        return None
    name = name if not name.isupper() else name.title()  # "SAFER STREETS BOARD" → "Safer Streets Board"
    slug = slug_for(name)
    if not slug:
        return None
    parent = _parent_named(session, paper, name) if session is not None else None
    proposal = {"name": name[:200], "slug": slug, "parent": parent.slug if parent else None}
    return proposal | ({"parent_name": parent.name} if parent else {})


def _new_board(session: Session, wanted: dict[str, Any], actor: str, paper: PaperText) -> Board:
    name = str(wanted.get("name") or "").strip()[:200]
    from commands.setup import SLUG, slug_for

    slug = str(wanted.get("slug") or slug_for(name)).strip().casefold()
    if not name or not SLUG.match(slug):
        raise PaperNotImported("The new board needs a name (and a short name of letters, digits and dashes).")
    same = board_queries.board_by_slug(session, slug)
    if same is not None:
        if same.archived_at is None and same.name.casefold() == name.casefold():
            return same  # created by an earlier import of this paper
        raise PaperNotImported(f"`{slug}` is the short name of {same.name} already; choose that board or another name.")
    parent = board_queries.board_by_slug(session, str(wanted["parent"])) if wanted.get("parent") else None
    if wanted.get("parent") and (parent is None or parent.archived_at is not None):
        raise PaperNotImported(f"There is no board `{wanted['parent']}` to put the new board under.")
    has_forum = any(b.kind == "forum" for b in board_queries.active_boards(session))
    kind = "theme_board" if parent is not None or has_forum else "forum"
    if parent is not None and parent.parent_id is not None:
        kind = "sub_group"
    board = Board(
        name=name, slug=slug, parent_id=parent.id if parent else None, kind=kind, source=f"paper:{paper.name}"
    )
    return create(session, actor, board, note="named by a paper's heading; confirmed by the officer")


def which_board(
    session: Session,
    findings: Findings,
    slug: str | None,
    choices: Choices | None = None,
    actor: str = "dry-run",
    paper: PaperText | None = None,
) -> tuple[Board, dict[str, Any] | None]:
    """The board, and the new board's details when the officer chose to create the one proposed."""
    choices = choices or Choices()
    slug = choices.board or slug
    if choices.new_board and not slug and paper is not None:
        return _new_board(session, choices.new_board, actor, paper), choices.new_board
    if slug:
        board = board_queries.board_by_slug(session, slug)
        if board is None or board.archived_at is not None:
            raise PaperNotImported(f"There is no board `{slug}`; nothing was written.")
        return board, None
    headings = [m.heading for m in findings.meetings if m.heading]
    boards = {b.id: b for b in (_heading_board(session, h) for h in headings) if b is not None}
    if not headings and paper is not None:  # no meeting heading: a table's title names its board
        boards = {b.id: b for b in (_heading_board(session, t) for t in _title_parts(paper)) if b is not None}
        if not boards and _only_indicators(findings):
            boards = _board_sharing_a_name(session, findings, paper)
    if len(boards) == 1:
        return next(iter(boards.values())), None
    said = f" (its heading says “{headings[0]}”)" if headings else ""
    if len(boards) > 1:
        raise PaperNotImported(f"This paper names more than one board{said}; import it with --board to say which.")
    proposal = proposed_board(findings, session, paper)
    offer = f" or create it as a new board, {proposal['name']} (`{proposal['slug']}`)" if proposal else ""
    raise PaperNotImported(
        f"I could not tell which board this paper is for{said}, so nothing was written. "
        f"Say which with --board SLUG (or name the board in your message){offer}."
    )


def _title_parts(paper: PaperText) -> list[str]:
    """The paper's title lines, and their parts either side of a dash or colon ("Hollin Partnership
    Board – LAA indicators")."""
    lines = [line.text for line in paper.lines if line.text.strip()][:6]
    parts = [p for text in lines for p in re.split(r"\s+[–—-]\s+|:\s+", text) if p.strip()]
    return lines + [p for p in parts if p not in lines]


def _only_indicators(findings: Findings) -> bool:
    return bool(findings.indicators) and not (
        findings.meetings or findings.actions or findings.consultations or findings.papers
    )


_GENERIC = {  # words every such title has: no place in them
    "local",
    "area",
    "agreement",
    "partnership",
    "board",
    "forum",
    "council",
    "strategic",
    "performance",
    "appendix",
    "report",
    "indicators",
    "indicator",
    "targets",
    "target",
    "against",
    "quarter",
    "annual",
    "update",
    "and",
    "of",
    "the",
    "for",
    "to",
}


def _board_sharing_a_name(session: Session, findings: Findings, paper: PaperText) -> dict[int | None, Board]:
    """An indicator table whose title names a place but no board ("Ellsworth Local Area Agreement"):
    the one board whose name shares that place. Only for a paper holding nothing but indicators —
    they are not filed under the paper's board, so the choice changes nothing written — and said."""
    titles = " ".join(_title_parts(paper)[:3])
    names = {w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", titles) if w.casefold() not in _GENERIC}
    sharing = [
        b for b in board_queries.active_boards(session) if names & set(re.findall(r"\b[A-Z][a-z]{3,}\b", b.name))
    ]
    if len(sharing) != 1:
        return {}
    findings.doubt(1, f"the paper names no board; taken as {sharing[0].name}, the one board its title’s place shares")
    return {sharing[0].id: sharing[0]}


_STOP = {"the", "a", "an", "and", "of", "to", "be", "for", "on", "in", "at", "with", "that", "it", "by"}


def _words_of(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in _STOP}


def _overlap(one: set[str], other: set[str]) -> float:
    """How much of the shorter wording the other shares."""
    return len(one & other) / min(len(one), len(other)) if one and other else 0.0


def _action_refs(text: str) -> set[int]:
    """The actions a matter arising names by reference ("A-13: …")."""
    return {int(n) for n in re.findall(r"\bA-(\d{1,9})\b", text)}


def fact_key(group: str, source: str | None, text: str) -> str:
    """A fact's name in the Review form: the same paper read again gives the same keys."""
    return hashlib.sha256(f"{group}|{source}|{text}".encode()).hexdigest()[:16]


class _Builder:
    def __init__(
        self,
        session: Session,
        paper: PaperText,
        findings: Findings,
        board: Board,
        tz: ZoneInfo,
        choices: Choices | None = None,
        members: Sequence[Profile] = (),
        actor: str = "dry-run",
    ):
        self.session, self.paper, self.findings, self.board, self.tz = session, paper, findings, board, tz
        self.choices, self.members, self.actor = choices or Choices(), members, actor
        self.owners = Owners(session, findings, board)
        self.attendees = [a.name for m in findings.meetings for a in m.attendance]
        self.people: dict[str, dict[str, Any]] = {}  # written -> the uncertain name, as the summary shows it
        self.matched: dict[str, str | None] = {}  # written -> the name to record (None: leave unlinked)
        self.known: list[Any] | None = None
        self.unsure: list[tuple[int, str]] = [(u.line, u.text) for u in findings.unsure]
        self.meeting_days: set[date] = set()
        self.time_unknown: set[date] = set()  # meetings whose paper gives no start time
        self.skipped: list[str] = []
        self.unlinked_owners: list[tuple[str, str, str]] = []
        self.unlinked_attendance: list[tuple[date, dict[str, Any]]] = []  # (day, attendance entry)

    @property
    def board_id(self) -> int:
        assert self.board.id is not None  # a board read from (or just written to) the database
        return self.board.id

    def src(self, line: int) -> str:
        return self.paper.source(line)

    def doubt(self, line: int, text: str) -> None:
        if (line, text) not in self.unsure:
            self.unsure.append((line, text))

    def person(self, written: str, line: int, where: str) -> str | None:
        """The name to record for someone a paper names, through the shared matcher (issue 15):
        exact → that person (made from their Slack profile if only the workspace knows them);
        likely → whoever the officer chose, else None (left unlinked, and said); none → as
        written (a person by that name, linked to Slack when they turn up)."""
        if written in self.matched:
            if written in self.people:
                self.people[written]["where"].append(f"line {line}: {where}")
            return self.matched[written]
        if self.known is None:  # read once for all the paper's names
            self.known = everyone(self.session, self.members)
        found = match_name(self.session, written, members=self.members, attendance=self.attendees, known=self.known)
        chosen = self.choices.people.get(written)
        if found.verdict == "likely" or chosen:
            self.people[written] = self._uncertain(found, line, where, chosen)
            name = self._chosen(written, chosen) if chosen else None
            if name is None and not chosen:
                self.doubt(line, f"“{written}” may be {_names(found)}; left unlinked until you say who")
        elif found.best is not None:
            name = self._linked(found.best.person_id, found.best.slack_user_id) or written
        else:
            name = written
        self.matched[written] = name
        return name

    def _linked(self, person_id: int | None, slack_user_id: str | None) -> str | None:
        from commands.core.workspace_people import person_from_profile

        if person_id is not None:
            person = self.session.get(Person, person_id)
            return person.name if person is not None and person.archived_at is None else None
        profile = next((m for m in self.members if m.user_id == slack_user_id), None)
        return person_from_profile(self.session, self.actor, profile).name if profile is not None else None

    def _chosen(self, written: str, chosen: str) -> str | None:
        if chosen == "new":
            return written
        if chosen.startswith("p:") and chosen[2:].isdigit():
            return self._linked(int(chosen[2:]), None)
        if chosen.startswith("u:"):
            return self._linked(None, chosen[2:])
        return None  # "unlinked"

    def _uncertain(self, found: NameMatch, line: int, where: str, chosen: str | None) -> dict[str, Any]:
        candidates = [
            {
                "value": f"p:{c.person_id}" if c.person_id is not None else f"u:{c.slack_user_id}",
                "name": c.name,
                "why": c.why,
            }
            for c in found.candidates
        ]
        return {
            "written": found.written,
            "verdict": found.verdict,
            "candidates": candidates,
            "chosen": chosen,
            "where": [f"line {line}: {where}"],
        }

    def _existing(self, day: date) -> Meeting | None:
        return meeting_queries.meeting_on(self.session, self.board_id, day, self.tz)

    def meeting(self, found: FoundMeeting, papers: list[FoundPaper]) -> dict[str, Any] | None:
        existing = self._existing(found.day)
        known = existing is not None and not existing.time_unknown
        starts = found.starts or (existing.starts_at.astimezone(self.tz).time() if existing and known else None)
        if starts is None:
            # Never dropped with its attendance and minutes: the day is certain, the time is not.
            self.doubt(
                found.line,
                f"the meeting of {found.day:%-d %B %Y} has no start time in the paper; "
                "it is imported with its date and the time unknown",
            )
            self.time_unknown.add(found.day)
            starts = time(0)
        entry: dict[str, Any] = {
            "board": self.board.slug,
            "starts": datetime.combine(found.day, starts),
            "venue": found.venue,
            "address": found.address,
            "note": found.note,
            "source": self.src(found.line),
        }
        if found.ends:
            entry["ends"] = datetime.combine(found.day, found.ends)
        if found.held:
            entry["status"] = "held"
        items = [self._item(item, papers) for item in found.items]
        numbers = {item.number for item in found.items}
        for paper in papers:
            if paper.item not in numbers:  # a report for an item whose agenda is not in this paper
                items.append(self._report_item(paper, existing))
        entry["agenda"] = items
        seen: set[str] = set()
        entry["attendance"], entry["unlinked"] = [], []
        for person in found.attendance:
            if person.name.casefold() in seen:
                continue
            seen.add(person.name.casefold())
            name = self.person(person.name, person.line, f"attendance, {found.day:%-d %B %Y}")
            entry["attendance" if name else "unlinked"].append(  # unlinked: the name as written, nobody's
                {
                    "name": name or person.name,
                    "kind": person.kind,
                    "substitute_for": person.substitute_for,
                    "organisation": person.organisation,
                    "source": self.src(person.line),
                }
            )
        entry["minutes"] = [
            {
                "number": m.number,
                "title": m.title,
                "ref": m.ref,
                "discussion": m.discussion,
                "resolutions": [r.text for r in m.resolutions],
                "source": self.src(m.line),
            }
            for m in found.minutes
        ]
        self.meeting_days.add(found.day)
        return entry

    def _paper(self, paper: FoundPaper) -> dict[str, Any]:
        return {
            "title": paper.title,
            "kind": "report",
            "author": paper.author,
            "purpose": paper.purpose,
            "recommendations": paper.recommendations,
            "source": self.src(paper.line),
        }

    def _item(self, item: FoundItem, papers: list[FoundPaper]) -> dict[str, Any]:
        attached = [self._paper(p) for p in papers if p.item == item.number]
        purpose = item.purpose or next((p.for_words for p in papers if p.item == item.number and p.for_words), None)
        return {
            "number": item.number,
            "title": item.title,
            "presenter": item.presenter,
            "presenter_title": item.presenter_title,
            "purpose": purpose,
            "paper": item.paper or ("report" if attached else None),
            "papers": attached,
            "note": item.note,
            "source": self.src(item.line),
        }

    def _report_item(self, paper: FoundPaper, existing: Meeting | None) -> dict[str, Any]:
        known = None
        if existing is not None:
            known = self.session.exec(
                select(AgendaItem).where(AgendaItem.meeting_id == existing.id, AgendaItem.number == paper.item)
            ).first()
        return {
            "number": paper.item,
            "title": known.title if known else paper.title,
            "paper": "report",
            "purpose": paper.for_words,
            "papers": [self._paper(paper)],
            "source": self.src(paper.line),
        }

    def papers_without_meeting(self) -> list[dict[str, Any]]:
        """Reports for a meeting whose agenda is not in the paper, but which the database knows."""
        days = {p.meeting_day for p in self.findings.papers if p.meeting_day} - {m.day for m in self.findings.meetings}
        entries = []
        for day in sorted(days):
            existing = self._existing(day)
            papers = [p for p in self.findings.papers if p.meeting_day == day]
            if existing is None:
                for paper in papers:
                    self.doubt(
                        paper.line,
                        f"report for item {paper.item} of a meeting on {day:%-d %B %Y} that is not "
                        "in the diary; not attached",
                    )
                continue
            entry = self.meeting(FoundMeeting(heading=None, day=day, line=papers[0].line), papers)
            if entry:
                entry.pop("source")
                entries.append(entry)
        return entries

    def action(self, found: FoundAction) -> dict[str, Any] | None:
        if found.meeting_day not in self.meeting_days:
            self.skipped.append(
                f"line {found.line}: action “{found.description[:60]}”: its meeting "
                f"({found.meeting_day:%-d %B %Y}) is not in the paper"
            )
            return None
        owner, doubt = self.owners.resolve(found.owner)
        if doubt:
            self.doubt(found.line, f"action “{found.description[:60]}”: {doubt}")
        meeting = f"{self.board.slug} {found.meeting_day.isoformat()}"
        if owner:
            written, owner = owner, self.person(owner, found.line, f"owner of “{found.description[:60]}”")
            if owner is None:  # uncertain and undecided: kept as the owner's name as written, linked to nobody
                self.unlinked_owners.append((found.description, meeting, written))
        notes = list(found.notes)
        recorded = self._recorded_action(found)
        for matter in self.findings.matters_arising:
            if matter.minute == found.minute and matter.meeting_day and matter.meeting_day > found.meeting_day:
                if _action_refs(matter.text):
                    continue  # it names its action: recorded on that one (matters_arising_on_earlier_minutes)
                notes.append(f"Matters arising, {matter.meeting_day:%-d %B %Y}: {matter.text}"[:2000])
        due = found.due
        if recorded is not None:
            # What an officer has settled since (who owns it, by when) is not undone by the paper's
            # vaguer words ("officers be requested to …") or by a date it does not give.
            named = find_person(self.session, owner) if owner else None
            if recorded.owner_id is not None and named is None:
                owner = self._name_of(recorded.owner_id)
            elif recorded.owner_id is None and recorded.owner_text and named is None:
                owner = recorded.owner_text  # a role or group as the officer wrote it
            due = due or recorded.due_date
        said = {"status": found.status} if found.status else {}  # an action log's "Complete"; else left alone
        return {
            **said,
            # The action already recorded from this minute, worded since by an officer, is the same action.
            "description": recorded.description if recorded is not None else found.description,
            "owner": owner,
            "due": due,
            "notes": notes,
            "meeting": meeting,
            "minute": found.minute,
            "source": self.src(found.line),
        }

    def _matter_on_named_actions(self, text: str, day: date, line: int) -> list[tuple[int, str, str]]:
        """A matter arising that names its action ("A-12: …") and no minute: an update on that action,
        if it is the board's and from a meeting before the one the report is for."""
        updates = []
        before = datetime.combine(day, time(0), tzinfo=self.tz)
        for ref in sorted(_action_refs(text)):
            action = self.session.get(Action, ref)
            meeting = self.session.get(Meeting, action.meeting_id) if action and action.meeting_id else None
            if action is None or action.archived_at is not None or action.id is None:
                continue
            if action.board_id != self.board.id and (meeting is None or meeting.board_id != self.board.id):
                continue
            if meeting is not None and meeting.starts_at >= before:
                continue
            updates.append((action.id, f"Matters arising, {day:%-d %B %Y}: {text}"[:2000], self.src(line)))
        return updates

    def _name_of(self, person_id: int) -> str | None:
        person = self.session.get(Person, person_id)
        return person.name if person is not None else None

    def _recorded_action(self, found: FoundAction) -> Action | None:
        """The live action already recorded from the same meeting and minute whose wording is close to
        what the paper says (an officer may have reworded it since): re-importing a paper, or the
        drafted pack that quotes these minutes, updates it instead of adding a second one."""
        existing = self._existing(found.meeting_day)
        if existing is None or not found.minute:
            return None
        candidates = self.session.exec(
            select(Action)
            .join(Minute, col(Minute.id) == col(Action.minute_id))
            .where(
                col(Action.meeting_id) == existing.id,
                col(Minute.number) == found.minute,
                col(Action.archived_at).is_(None),
            )
        ).all()
        said = _words_of(found.description)
        close = [a for a in candidates if _overlap(said, _words_of(a.description)) >= 0.5]
        return close[0] if len(close) == 1 else None

    def matters_arising_on_earlier_minutes(self) -> list[tuple[int, str, str]]:
        """Matters arising about minutes not in this paper: updates to the actions already recorded."""
        updates: list[tuple[int, str, str]] = []
        minuted = {m.day for m in self.findings.meetings if m.minutes}
        for matter in self.findings.matters_arising:
            if _action_refs(matter.text) and matter.meeting_day is not None:
                updates += self._matter_on_named_actions(matter.text, matter.meeting_day, matter.line)
                continue
            if matter.meeting_day is None or any(day < matter.meeting_day for day in minuted):
                continue  # the minutes it reports on are in this paper: linked there
            previous = self.session.exec(
                select(Meeting)
                .where(
                    Meeting.board_id == self.board.id,
                    Meeting.starts_at < datetime.combine(matter.meeting_day, time(0), tzinfo=self.tz),
                    col(Meeting.archived_at).is_(None),
                    Meeting.status != "cancelled",
                )
                .order_by(col(Meeting.starts_at).desc())
            ).first()
            minute = (
                previous
                and self.session.exec(
                    select(Minute).where(Minute.meeting_id == previous.id, Minute.number == matter.minute)
                ).first()
            )
            actions = self.session.exec(select(Action).where(Action.minute_id == minute.id)).all() if minute else []
            named = _action_refs(matter.text)
            for action in actions:
                if named and action.id not in named:
                    continue  # the matter names another action of the same minute
                text = f"Matters arising, {matter.meeting_day:%-d %B %Y}: {matter.text}"[:2000]
                if action.id is not None:
                    updates.append((action.id, text, self.src(matter.line)))
        return updates

    def consultation(self, found: FoundConsultation) -> dict[str, Any]:
        owner, doubt = self.owners.resolve(found.owner) if found.owner else (None, None)
        if doubt:
            self.doubt(found.line, f"consultation “{found.title[:60]}”: {doubt}")
        return {
            "title": found.title,
            "closes": found.closes,
            "owner": owner,
            "board": self.board.slug,
            "note": found.note,
            "url": found.url,
            "source": self.src(found.line),
        }

    def indicator(self, found: FoundIndicator) -> dict[str, Any]:
        board = None
        if found.theme:
            boards = board_queries.find_boards(self.session, re.sub(r"[^\w\s&]", " ", found.theme))
            board = boards[0].slug if len(boards) == 1 else None
            if board is None:
                self.doubt(found.line, f"{found.code}: no board matches the theme “{found.theme[:50]}”")
        return {
            "code": found.code,
            "title": found.title,
            "direction": found.direction,
            "baseline": found.baseline,
            "baseline_period": found.baseline_period,
            "board": board,
            "lead": found.lead,
            "partners": found.partners,
            "targets": found.targets,
            "readings": found.readings,
            "unit": found.unit,
            "frequency": found.frequency,
            "source": self.src(found.line),
        }


def _names(found: NameMatch) -> str:
    names = [f"{c.name} ({c.why})" for c in found.candidates[:3]]
    return " or ".join(names) or "someone"


def _line_of(source: str | None) -> int | None:
    try:
        return int((source or "").rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None


def _untick(raw: dict[str, Any], builder: _Builder) -> list[dict[str, Any]]:
    """Every fact the officer may untick, with its key and any doubt read on its line; the unticked
    ones taken out of `raw` (an unticked minute takes its resolutions and actions with it)."""
    doubts: dict[int, str] = {}
    for line, text in builder.unsure:
        doubts.setdefault(line, text)
    untick, facts = builder.choices.untick, []

    def fact(group: str, entry: dict[str, Any], text: str) -> bool:
        """Whether the fact stays."""
        key = fact_key(group, entry.get("source"), text)
        line = _line_of(entry.get("source"))
        gone = key in untick
        facts.append(
            {"key": key, "group": group, "text": text[:150], "doubt": doubts.get(line or -1), "unticked": gone}
        )
        if gone:
            builder.skipped.append(
                f"line {line}: {group[:-1] if group.endswith('s') else group} “{text[:60]}”: unticked by you"
            )
        return not gone

    dropped_minutes: set[tuple[str, str]] = set()
    for meeting in raw["meetings"]:
        day = f"{meeting['starts']:%-d %b %Y}"
        meeting["agenda"] = [
            i for i in meeting["agenda"] if fact("agenda items", i, f"{day}, {i['number']}. {i['title']}")
        ]
        meeting["attendance"] = [
            a for a in meeting["attendance"] if fact("attendance", a, f"{day}: {a['name']} ({a['kind']})")
        ]
        for a in meeting.pop("unlinked", []):
            if fact("attendance", a, f"{day}: {a['name']} ({a['kind']})"):
                builder.unlinked_attendance.append((meeting["starts"].date(), a))
        kept = []
        for minute in meeting["minutes"]:
            if not fact("minutes", minute, f"{day}, minute {minute['number']} {minute['title']}"):
                dropped_minutes.add((meeting["board"] + " " + meeting["starts"].date().isoformat(), minute["number"]))
                continue
            minute["resolutions"] = [
                r
                for n, r in enumerate(minute["resolutions"], 1)
                if fact("decisions", {"source": minute.get("source")}, f"{day}, minute {minute['number']} ({n}): {r}")
            ]
            kept.append(minute)
        meeting["minutes"] = kept
    actions = []
    for action in raw["actions"]:
        if (action["meeting"], action["minute"]) in dropped_minutes:
            builder.skipped.append(f"action “{action['description'][:60]}”: its minute was unticked")
            continue
        if fact("actions", action, f"{action['description']} — {action['owner'] or 'no owner'}"):
            actions.append(action)
    raw["actions"] = actions
    raw["consultations"] = [c for c in raw["consultations"] if fact("consultations", c, c["title"])]
    raw["indicators"] = [i for i in raw["indicators"] if fact("indicators", i, f"{i['code']} {i['title']}")]
    return facts


def build(
    session: Session,
    paper: PaperText,
    findings: Findings,
    board_slug: str | None,
    tz: ZoneInfo,
    choices: Choices | None = None,
    members: Sequence[Profile] = (),
    actor: str = "dry-run",
    propose: bool = False,
) -> Built:
    """`propose`: a dry run, in which a board the heading names but the database does not have is
    created (in the rolled-back transaction) to show what importing into it would write."""
    choices = choices or Choices()
    try:
        board, new_board = which_board(session, findings, board_slug, choices, actor, paper)
    except PaperNotImported:
        proposal = proposed_board(findings, session, paper) if propose and not (board_slug or choices.board) else None
        if proposal is None or board_queries.board_by_slug(session, proposal["slug"]) is not None:
            raise
        choices = Choices(None, proposal, choices.people, choices.untick)
        board, new_board = which_board(session, findings, None, choices, actor, paper)
    builder = _Builder(session, paper, findings, board, tz, choices, members, actor)
    meetings = []
    for found in findings.meetings:
        entry = builder.meeting(found, [p for p in findings.papers if p.meeting_day == found.day])
        if entry:
            meetings.append(entry)
    meetings += builder.papers_without_meeting()
    actions = [a for a in (builder.action(found) for found in findings.actions) if a]
    raw = {
        "meetings": meetings,
        "actions": actions,
        "consultations": [builder.consultation(c) for c in findings.consultations],
        "indicators": [builder.indicator(i) for i in findings.indicators],
    }
    facts = _untick(raw, builder)
    unlinked = [u for u in builder.unlinked_owners if any(a["description"] == u[0] for a in raw["actions"])]
    try:
        data = PartnershipFile.model_validate(raw)
    except ValidationError as error:  # a reader's mistake, not the officer's: say so plainly
        problem = error.errors()[0]
        raise PaperNotImported(
            f"I read something I could not record ({'.'.join(map(str, problem['loc']))}: "
            f"{problem['msg']}); nothing was written."
        ) from None
    return Built(
        board,
        data,
        sorted(builder.unsure),
        builder.matters_arising_on_earlier_minutes(),
        builder.time_unknown,
        proposed_board=new_board,
        people=list(builder.people.values()),
        facts=facts,
        skipped=builder.skipped,
        unlinked_owners=unlinked,
        unlinked_attendance=builder.unlinked_attendance,
    )
