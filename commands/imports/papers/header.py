"""The head of an agenda or of minutes: the board's heading, the day, the start time, the venue
and address, and any note (a change of venue, a cancellation)."""

from __future__ import annotations

import re

from commands.imports.papers.dates import find_dates, find_times
from commands.imports.papers.documents import looks_like_heading
from commands.imports.papers.found import Findings, FoundMeeting
from commands.imports.papers.text import Line

_NOTE = re.compile(r"please note|note:|change of venue|new venue|cancelled|postponed", re.I)
_VENUE_KEY = re.compile(r"^(?:venue|place|location|where)\s*[:\t]\s*", re.I)
_TIME_KEY = re.compile(r"^(?:date|time|date and time|when)\s*[:\t]\s*", re.I)


def read_header(header: list[Line], findings: Findings, kind: str) -> FoundMeeting | None:
    """Board heading, day, start time, venue and address, from the lines above AGENDA / PRESENT."""
    heading_lines: list[str] = []
    day = None
    starts = None
    day_line = 0
    venue_lines: list[str] = []
    notes: list[str] = []
    for line in header:
        text = _TIME_KEY.sub("", line.text.replace("\t", " ")).strip()
        dates = list(find_dates(text, forward=False))
        times = find_times(text)
        if day is None and dates:
            found = dates[0]
            if found.problem:
                findings.doubt(line.number, f"{kind} date: {found.problem}")
            if found.day is None:
                continue
            day, day_line = found.day, line.number
            after = text[found.end :]
            if times:
                starts = times[0].at
                after = text[times[0].end :]
            rest = re.sub(r"^[\s,]*(?:at\s+)?", "", after).strip(" ,")
            if rest:
                venue_lines.append(rest)
            continue
        if day is None:
            if looks_like_heading(line) or not heading_lines:
                heading_lines.append(re.sub(r"\b(?:meeting|minutes|agenda)\b", "", text, flags=re.I).strip(" -–:"))
            continue
        if times and starts is None:
            starts = times[0].at
            rest = re.sub(r"^[\s,]*(?:at\s+)?", "", text[times[0].end :]).strip(" ,")
            if rest:
                venue_lines.append(rest)
            continue
        if _NOTE.search(text) and len(text) < 80:
            notes.append(text.strip("() "))
            continue
        venue_lines.append(_VENUE_KEY.sub("", text))
    if day is None:
        return None
    meeting = FoundMeeting(
        heading=" ".join(h for h in heading_lines if h) or None, day=day, line=day_line, starts=starts
    )
    if starts is None:
        findings.doubt(day_line, f"no start time found for the meeting of {day:%-d %B %Y}")
    if venue_lines:
        parts = [p.strip() for line in venue_lines for p in line.split(",") if p.strip()]
        meeting.venue = parts[0][:300]
        meeting.address = ", ".join(parts[1:])[:500] or None
    meeting.note = "; ".join(notes) or None
    return meeting
