"""From what a paper says to a partnership file: the findings matched to the board and the
meetings already known, written as the same validated entries a YAML import produces, each with
the paper and line it came from. Loaded in merge mode, re-importing a paper (or a corrected one)
updates records by their natural keys instead of duplicating them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlmodel import Session, select

from commands.imports.papers.found import Findings, FoundMeeting, FoundPaper
from commands.imports.papers.owners import Owners
from commands.imports.papers.text import PaperText
from commands.imports.partnership_file import PartnershipFile
from storage import boards as board_queries
from storage import meetings as meeting_queries
from storage.tables import Action, AgendaItem, Board, Meeting, Minute


class PaperNotImported(ValueError):
    """Why nothing from this paper can be written (e.g. which board it is for is unknown)."""


@dataclass
class Built:
    board: Board
    data: PartnershipFile
    unsure: list[tuple[int, str]]
    updates: list[tuple[int, str, str]] = field(default_factory=list)  # (action id, text, source): matters arising
    time_unknown: set[date] = field(default_factory=set)  # days of meetings imported without a start time


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


def which_board(session: Session, findings: Findings, slug: str | None) -> Board:
    if slug:
        board = board_queries.board_by_slug(session, slug)
        if board is None or board.archived_at is not None:
            raise PaperNotImported(f"There is no board `{slug}`; nothing was written.")
        return board
    headings = [m.heading for m in findings.meetings if m.heading]
    boards = {b.id: b for b in (_heading_board(session, h) for h in headings) if b is not None}
    if len(boards) == 1:
        return next(iter(boards.values()))
    said = f" (its heading says “{headings[0]}”)" if headings else ""
    if len(boards) > 1:
        raise PaperNotImported(f"This paper names more than one board{said}; import it with --board to say which.")
    raise PaperNotImported(
        f"I could not tell which board this paper is for{said}, so nothing was written. "
        "Say which with --board SLUG (or name the board in your message)."
    )


class _Builder:
    def __init__(self, session: Session, paper: PaperText, findings: Findings, board: Board, tz: ZoneInfo):
        self.session, self.paper, self.findings, self.board, self.tz = session, paper, findings, board, tz
        self.owners = Owners(session, findings, board)
        self.unsure: list[tuple[int, str]] = [(u.line, u.text) for u in findings.unsure]
        self.meeting_days: set[date] = set()
        self.time_unknown: set[date] = set()  # meetings whose paper gives no start time

    def src(self, line: int) -> str:
        return self.paper.source(line)

    def doubt(self, line: int, text: str) -> None:
        if (line, text) not in self.unsure:
            self.unsure.append((line, text))

    def _existing(self, day: date) -> Meeting | None:
        return meeting_queries.meeting_on(self.session, self.board.id, day, self.tz)

    def meeting(self, found: FoundMeeting, papers: list[FoundPaper]) -> dict | None:
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
        entry: dict = {
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
        entry["attendance"] = []
        for person in found.attendance:
            if person.name.casefold() in seen:
                continue
            seen.add(person.name.casefold())
            entry["attendance"].append(
                {
                    "name": person.name,
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

    def _paper(self, paper: FoundPaper) -> dict:
        return {
            "title": paper.title,
            "kind": "report",
            "author": paper.author,
            "purpose": paper.purpose,
            "recommendations": paper.recommendations,
            "source": self.src(paper.line),
        }

    def _item(self, item, papers: list[FoundPaper]) -> dict:
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

    def _report_item(self, paper: FoundPaper, existing: Meeting | None) -> dict:
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

    def papers_without_meeting(self) -> list[dict]:
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

    def action(self, found) -> dict | None:
        if found.meeting_day not in self.meeting_days:
            return None
        owner, doubt = self.owners.resolve(found.owner)
        if doubt:
            self.doubt(found.line, f"action “{found.description[:60]}”: {doubt}")
        notes = list(found.notes)
        for matter in self.findings.matters_arising:
            if matter.minute == found.minute and matter.meeting_day and matter.meeting_day > found.meeting_day:
                notes.append(f"Matters arising, {matter.meeting_day:%-d %B %Y}: {matter.text}"[:2000])
        return {
            "description": found.description,
            "owner": owner,
            "due": found.due,
            "notes": notes,
            "meeting": f"{self.board.slug} {found.meeting_day.isoformat()}",
            "minute": found.minute,
            "source": self.src(found.line),
        }

    def matters_arising_on_earlier_minutes(self) -> list[tuple[int, str, str]]:
        """Matters arising about minutes not in this paper: updates to the actions already recorded."""
        updates = []
        minuted = {m.day for m in self.findings.meetings if m.minutes}
        for matter in self.findings.matters_arising:
            if matter.meeting_day is None or any(day < matter.meeting_day for day in minuted):
                continue  # the minutes it reports on are in this paper: linked there
            previous = self.session.exec(
                select(Meeting)
                .where(
                    Meeting.board_id == self.board.id,
                    Meeting.starts_at < datetime.combine(matter.meeting_day, time(0), tzinfo=self.tz),
                    Meeting.archived_at.is_(None),  # type: ignore[union-attr]
                    Meeting.status != "cancelled",
                )
                .order_by(Meeting.starts_at.desc())
            ).first()  # type: ignore[attr-defined]
            minute = (
                previous
                and self.session.exec(
                    select(Minute).where(Minute.meeting_id == previous.id, Minute.number == matter.minute)
                ).first()
            )
            actions = self.session.exec(select(Action).where(Action.minute_id == minute.id)).all() if minute else []
            for action in actions:
                text = f"Matters arising, {matter.meeting_day:%-d %B %Y}: {matter.text}"[:2000]
                updates.append((action.id, text, self.src(matter.line)))
        return updates

    def consultation(self, found) -> dict:
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

    def indicator(self, found) -> dict:
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
            "unit": found.unit,
            "source": self.src(found.line),
        }


def build(session: Session, paper: PaperText, findings: Findings, board_slug: str | None, tz: ZoneInfo) -> Built:
    board = which_board(session, findings, board_slug)
    builder = _Builder(session, paper, findings, board, tz)
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
    try:
        data = PartnershipFile.model_validate(raw)
    except ValidationError as error:  # a reader's mistake, not the officer's: say so plainly
        problem = error.errors()[0]
        raise PaperNotImported(
            f"I read something I could not record ({'.'.join(map(str, problem['loc']))}: "
            f"{problem['msg']}); nothing was written."
        ) from None
    return Built(
        board, data, sorted(builder.unsure), builder.matters_arising_on_earlier_minutes(), builder.time_unknown
    )
