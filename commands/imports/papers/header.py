"""The head of an agenda or of minutes: the board's heading, the day, the start time, the venue
and address, and any note (a change of venue, a cancellation)."""

from __future__ import annotations

import re
from datetime import time

from commands.imports.papers.dates import FoundTime, find_dates, find_times
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
    ends = None
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
                ends, after = _after_times(text, times)
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
            ends, after = _after_times(text, times)
            rest = re.sub(r"^[\s,]*(?:at\s+)?", "", after).strip(" ,")
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
    meeting.ends = ends
    if starts is None:
        findings.doubt(day_line, f"no start time found for the meeting of {day:%-d %B %Y}")
    venue_lines = [v for v in (_venue_words(line) for line in venue_lines) if v]
    if venue_lines:
        parts = [p.strip() for line in venue_lines for p in line.split(",") if p.strip()]
        meeting.venue = parts[0][:300]
        meeting.address = ", ".join(parts[1:])[:500] or None
    meeting.note = "; ".join(notes) or None
    return meeting


_RANGE = re.compile(r"^\s*(?:[–—-]|to|until|till)\s*$", re.I)


def _after_times(text: str, times: list[FoundTime]) -> tuple[time | None, str]:
    """The end of a time range said with the start ("14:00 – 16:05", "from 10.30 to 12.40"), and the
    text after the time or range (a venue, often)."""
    if len(times) > 1 and _RANGE.match(text[times[0].end : times[1].start]):
        return times[1].at, text[times[1].end :]
    return None, text[times[0].end :]


_VENUE_LEAD = re.compile(
    r"^(?:(?:venue|place|location|where)\s*[:\t]?\s*)?"  # a label, also run into its value
    r"(?:\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*[,–-]?\s*)?"  # a start time said before the place
    r"(?:(?:venue|place|location)\s*[:\t]?\s*)?"
    r"(?:(?:at|in)\s+(?:the\s+)?)?",
    re.I,
)


def _venue_words(text: str) -> str:
    """The place as a place is written: without the time, a "Venue:" label or "in the" / "at" before
    it ("at 4.00pm in the Council Chamber" → "Council Chamber")."""
    tidy = _VENUE_LEAD.sub("", text.strip(), count=1).strip(" ,.:")
    if tidy[:1].islower() and tidy.split(" ", 1)[0] in {"the"}:
        tidy = tidy[4:]
    return tidy
