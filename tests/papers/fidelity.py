"""Measuring the reader on the corpus: each paper is imported the real way (`import_paper`) into
an empty database that knows only the paper's board and one other, the facts are read back from
the database, and compared with the facts written by hand in `facts.py`.

A fact is a key and a value. Found with the expected value: right. Found with another value:
wrong (an apology recorded as present, a due date a day out). Found but not in the paper: invented
(an organisation recorded as a person, a page header as a minute). Expected but not found: missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlmodel import select

from commands.imports.papers.importer import import_paper
from storage.db import make_engine, read_only, upgrade
from storage.tables import (
    Action,
    AgendaItem,
    Attendance,
    Consultation,
    Indicator,
    IndicatorReading,
    IndicatorTarget,
    Meeting,
    Minute,
    Person,
    Resolution,
)
from tests.papers.facts import Paper
from tests.papers.making import corpus_bytes
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml

Facts = dict[tuple, object]


def norm(text: object) -> str | None:
    if text is None:
        return None
    text = str(text).replace("\u2019", "'").replace("–", "-").replace("—", "-")
    return " ".join(text.split()).strip(" .;,").casefold()


def words(text: object) -> str | None:
    """A venue compared by its words: "Civic Centre, Committee Room 2" = "Civic Centre Committee Room 2"."""
    return " ".join(re.findall(r"[a-z0-9']+", norm(text) or "")) or None


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:40]


def expected_facts(paper: Paper) -> Facts:
    facts: Facts = {}
    for day, (start, end, venue) in paper.meetings.items():
        facts[("meeting", day)] = True
        facts[("start", day)] = start or "unknown"
        if end:
            facts[("end", day)] = end
        if venue:
            facts[("venue", day)] = words(venue)
    for day, rows in paper.attendance.items():
        for name, kind, substitute_for in rows:
            facts[("attendance", day, norm(name))] = (kind, norm(substitute_for))
    for day, rows in paper.minutes.items():
        for number, title in rows:
            facts[("minute", day, norm(title))] = number
    for day, rows in paper.decisions.items():
        for minute, text in rows:
            facts[("decision", day, norm(text))] = norm(minute)
    for day, phrase, owner, due in paper.actions:
        facts[("action", day, norm(phrase))] = (norm(owner), due)
    for closes, owner in paper.consultations:
        facts[("consultation", closes)] = norm(owner)
    for day, rows in paper.items.items():
        for number, title in rows:
            facts[("item", day, number)] = norm(title)
    for code, values in paper.indicators.items():
        facts[("indicator", code)] = True
        for key, value in values.items():
            if key == "baseline":
                facts[("baseline", code)] = float(value)
            elif key.startswith("reading "):  # "reading 2025/26 Q1": a figure reported for that period
                facts[("reading", code, key.removeprefix("reading "))] = float(value)
            else:
                facts[("target", code, key)] = float(value)
    return facts


def found_facts(engine, paper: Paper) -> Facts:
    facts: Facts = {}
    phrases = [(day, norm(phrase)) for day, phrase, _, _ in paper.actions]
    with read_only(engine) as session:
        people = {p.id: p.name for p in session.exec(select(Person)).all()}
        days: dict[int, str] = {}
        for meeting in session.exec(select(Meeting)).all():
            local = meeting.starts_at.astimezone(LONDON)
            day = days[meeting.id] = local.date().isoformat()
            facts[("meeting", day)] = True
            facts[("start", day)] = "unknown" if getattr(meeting, "time_unknown", False) else f"{local:%H:%M}"
            if meeting.ends_at:
                facts[("end", day)] = f"{meeting.ends_at.astimezone(LONDON):%H:%M}"
            venue = ", ".join(v for v in (meeting.venue, meeting.address) if v)
            if venue:
                facts[("venue", day)] = words(venue)
        for row in session.exec(select(Attendance)).all():
            name = norm(people.get(row.person_id) or row.name_text)
            substitute_for = norm(people.get(row.substitute_for_id) or row.substitute_for_text)
            facts[("attendance", days[row.meeting_id], name)] = (row.kind, substitute_for)
        minutes = {m.id: m for m in session.exec(select(Minute)).all()}
        expected_numbers = {norm(t): n for rows in paper.minutes.values() for n, t in rows}
        for minute in minutes.values():
            title = norm(minute.title)
            numbered = expected_numbers.get(title, "") is not None
            facts[("minute", days[minute.meeting_id], title)] = minute.number if numbered else None
        for resolution in session.exec(select(Resolution)).all():
            minute = minutes[resolution.minute_id]
            numbered = expected_numbers.get(norm(minute.title), "") is not None
            facts[("decision", days[minute.meeting_id], norm(resolution.text))] = norm(
                minute.number if numbered else minute.title
            )
        for action in session.exec(select(Action)).all():
            day = days.get(action.meeting_id or -1)
            description = norm(action.description) or ""
            key = next((p for d, p in phrases if d == day and p and p in description), description)
            owner = norm(people.get(action.owner_id) or action.owner_text)
            facts[("action", day, key)] = (owner, action.due_date.isoformat() if action.due_date else None)
        for consultation in session.exec(select(Consultation)).all():
            closes = consultation.closes.isoformat() if consultation.closes else None
            owner = people.get(consultation.response_owner_id) or consultation.response_owner_text
            facts[("consultation", closes)] = norm(owner)
        for item in session.exec(select(AgendaItem)).all():
            facts[("item", days[item.meeting_id], item.number)] = norm(item.title)
        indicators = {i.id: i for i in session.exec(select(Indicator)).all()}
        for indicator in indicators.values():
            facts[("indicator", indicator.code)] = True
            if indicator.baseline is not None:
                facts[("baseline", indicator.code)] = indicator.baseline
        for target in session.exec(select(IndicatorTarget)).all():
            facts[("target", indicators[target.indicator_id].code, target.period)] = target.value
        for reading in session.exec(select(IndicatorReading)).all():
            facts[("reading", indicators[reading.indicator_id].code, reading.period)] = reading.value
    return facts


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.found += other.found
        self.right += other.right
        self.wrong += other.wrong
        self.invented += other.invented
        self.missed += other.missed

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    def line(self, label: str) -> str:
        return (
            f"  {label:<22} recall {self.recall:6.1%} ({self.right}/{self.expected})  "
            f"precision {self.precision:6.1%} ({self.right}/{self.found})  "
            f"wrong {len(self.wrong)}  invented {len(self.invented)}"
        )


def compare(name: str, expected: Facts, found: Facts) -> Score:
    score = Score(expected=len(expected), found=len(found))
    for key, value in found.items():
        if key not in expected:
            score.invented.append(f"{name}: {key} = {value!r}")
        elif expected[key] == value:
            score.right += 1
        else:
            score.wrong.append(f"{name}: {key} = {value!r}, not {expected[key]!r}")
    score.missed += [f"{name}: {key} = {value!r}" for key, value in expected.items() if key not in found]
    return score


def measure(name: str, paper: Paper, tmp: Path) -> tuple[Score, str]:
    engine = make_engine(f"sqlite:///{tmp / (slug(name) + '.db')}")
    upgrade(engine)
    load_yaml(
        engine,
        f"boards: [{{name: {paper.board!r}, slug: {slug(paper.board)}}}, {{name: Luton Forum, slug: forum, kind: forum}}]",
        LONDON,
    )
    reply = import_paper(engine, LONDON, name, corpus_bytes(name), None, f"import:{name}")
    found = found_facts(engine, paper)
    engine.dispose()
    return compare(name, expected_facts(paper), found), reply.text if hasattr(reply, "text") else str(reply.data)


def report(scores: Iterable[tuple[str, Score]], total: Score) -> str:
    lines = [line for label, score in scores for line in [score.line(label)]]
    lines.append(total.line("TOTAL"))
    for kind, items in (("wrong", total.wrong), ("invented", total.invented), ("missed", total.missed)):
        lines += [f"  {kind}: {item}" for item in items]
    return "\n".join(lines)


def stamp() -> str:
    return datetime.now().isoformat(timespec="seconds")
