"""Read a whole paper: find its documents and read each, into one set of findings."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from commands.imports.papers.action_logs import read_action_logs
from commands.imports.papers.actions import read_actions
from commands.imports.papers.agenda import read_agenda
from commands.imports.papers.consultations import read_consultations
from commands.imports.papers.dates import find_times
from commands.imports.papers.documents import Document, split_documents
from commands.imports.papers.found import Findings, FoundConsultation, FoundMeeting, FoundMinute
from commands.imports.papers.indicators import read_indicator_tables
from commands.imports.papers.minutes import read_minutes
from commands.imports.papers.reports import read_report
from commands.imports.papers.text import PaperText


def _always(subject: str | None) -> Callable[[int], str | None]:
    """Every consultation in a report is about the report's subject, whatever line names it."""
    return lambda _line: subject


def _merge(findings: Findings, meeting: FoundMeeting) -> None:
    """Two documents about one meeting (its agenda and its minutes) make one meeting."""
    existing = findings.meeting_on(meeting.day)
    if existing is None:
        findings.meetings.append(meeting)
        return
    for name in ("heading", "starts", "ends", "venue", "address", "note"):
        if getattr(existing, name) is None:
            setattr(existing, name, getattr(meeting, name))
    existing.held = existing.held or meeting.held
    existing.items += meeting.items
    existing.attendance += meeting.attendance
    existing.minutes += meeting.minutes


def read_findings(paper: PaperText) -> Findings:
    findings = Findings()
    documents = split_documents(paper.lines)
    for index, document in enumerate(documents):
        findings.documents.append((document.kind, document.first_line))
        if document.kind == "agenda":
            meeting = read_agenda(document, findings)
            if meeting:
                _merge(findings, meeting)
        elif document.kind == "minutes":
            meeting = read_minutes(document, findings)
            if meeting and meeting.starts is None:
                _started(document, meeting, findings)
            if meeting:
                _merge(findings, meeting)
                _minutes_consultations(document, meeting, findings, index)
        elif document.kind == "report":
            report = read_report(document, findings)
            if report:
                findings.papers.append(report)
                read_consultations(document.lines, _always(report.title), report.meeting_day, findings, index)
        else:
            read_action_logs(document, findings)
            reference = max((m.day for m in findings.meetings), default=None)
            read_consultations(document.lines, lambda _line: None, reference, findings, index)
        read_indicator_tables(document.lines, findings)
    _one_each(findings)
    return findings


_STARTED = re.compile(
    r"\b(?:meeting|board|forum|panel|committee|partnership|it)\s+(?:commenced|started|began|opened|was\s+opened)"
    r"\s+at\b|\b(?:commenced|started|began)\s+at\b",
    re.I,
)


def _started(document: Document, meeting: FoundMeeting, findings: Findings) -> None:
    """Minutes whose head gives no time but whose body says when the meeting began ("The meeting
    commenced at 2.00 pm")."""
    for line in document.body:
        found = _STARTED.search(line.text)
        if found:
            times = [t for t in find_times(line.text) if t.start >= found.start()]
            if times:
                meeting.starts = times[0].at
                findings.unsure = [
                    u for u in findings.unsure if not (u.line == meeting.line and u.text.startswith("no start time"))
                ]
            return


def _minutes_consultations(document: Document, meeting: FoundMeeting, findings: Findings, index: int) -> None:
    read_actions(meeting, findings)
    starts = [minute.line for minute in meeting.minutes]
    titles = [minute.title for minute in meeting.minutes]

    def minute_at(line: int) -> FoundMinute | None:
        position = bisect.bisect_right(starts, line) - 1
        return meeting.minutes[position] if position >= 0 else None

    resolution_lines = {r.line for minute in meeting.minutes for r in minute.resolutions}
    read_consultations(
        document.body,
        lambda line: titles[bisect.bisect_right(starts, line) - 1] if bisect.bisect_right(starts, line) else None,
        meeting.day,
        findings,
        index,
        resolution_lines,
    )
    # "partner organisations be requested to respond to the consultation": by the day the same
    # minute says the consultation closes.
    for action in findings.actions:
        if (
            action.due is None
            and action.meeting_day == meeting.day
            and re.search(r"\bconsultation\b", action.description, re.I)
        ):
            minute = next((m for m in meeting.minutes if m.number == action.minute), None)
            closing = [c for c in findings.consultations if c.closes and minute_at(c.line) is minute]
            if minute is not None and len(closing) == 1:
                action.due = closing[0].closes
                action.notes.append(
                    f"Due when the consultation closes ({closing[0].closes:%-d %B %Y}), as minute {minute.number} says."
                )


def _one_each(findings: Findings) -> None:
    """A consultation named twice in one paper is one consultation; a report's own sentence about a
    closing date gives way to the response forms attached to it that name the same date."""
    kept: list[FoundConsultation] = []
    for consultation in findings.consultations:
        if any(other.title.casefold() == consultation.title.casefold() for other in kept):
            continue
        if not consultation.from_heading and any(
            other.from_heading and other.document == consultation.document and other.closes == consultation.closes
            for other in findings.consultations
        ):
            continue
        kept.append(consultation)
        if consultation.doubt:
            findings.doubt(consultation.line, consultation.doubt)
    findings.consultations = kept
