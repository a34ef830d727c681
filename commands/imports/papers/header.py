"""The head of an agenda or of minutes: the board's heading, the day, the start time, the venue
and address, and any note (a change of venue, a cancellation)."""

from __future__ import annotations

import re
from datetime import time

from commands.imports.papers.dates import FoundTime, find_dates, find_times
from commands.imports.papers.documents import SITS_UNDER, looks_like_heading
from commands.imports.papers.found import Findings, FoundMeeting
from commands.imports.papers.text import Line

# A header line that is some other key's value ("Contact: Lisa Grant", "Clerk: …", "Chair: …").
_OTHER_KEY = re.compile(r"^(?!(?:venue|place|location|where|address)\b)[A-Za-z][A-Za-z /&'-]{1,30}\s*:\s*\S", re.I)
# What a venue's further lines look like: a number, a comma, a postcode or a place word.
_ADDRESS_LIKE = re.compile(
    r"\d|,|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b(?:road|street|lane|avenue|way|square|place|hall|centre|center|"
    r"house|room|offices?|building|chamber|court|park|close|drive|crescent|terrace|hill|green|library|hub|church|"
    r"school|college|station|headquarters|hq|suite|floor|campus|town|city|village)\b",
    re.I,
)
_FURNITURE = re.compile(
    r"^(?:media|items?|no\.?|attendance(?: details)?|documents?|agenda(?: frontsheet| reports pack)?|printed minutes|"
    r"print|share|download|contact us|minutes|decisions|webcast|declarations of interest|apologies|present)$",
    re.I,
)


def _address_line(text: str) -> bool:
    """A further line of a venue: a street, a number, a postcode or a place word — or a town's
    name alone ("Luton") — but not a page's furniture ("Media", "Items")."""
    if _FURNITURE.match(text.strip(" .:")):
        return False
    if _ADDRESS_LIKE.search(text):
        return True
    words = text.split()
    return len(words) <= 3 and all(w[:1].isupper() for w in words) and not text.endswith((".", ":"))


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
    venue_done = False
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
            named, place = title_parts(text[: found.start])
            if named:
                heading_lines.append(named)
            if place:
                venue_lines.append(place)
            after = text[found.end :]
            if times:
                starts = times[0].at
                ends, after_times = _after_times(text, times)
                # The time may come before the day ("18:00 – 19:45, Thursday 15 January 2026"):
                # the place is what follows both.
                after = after_times if len(after_times) < len(after) else after
            rest = re.sub(r"^[\s,]*(?:(?:at|in)\s+)?", "", after).strip(" ,")
            if rest:
                venue_lines.append(rest)
            continue
        if day is None:
            if SITS_UNDER.search(text):
                continue  # where the board sits ("A theme board of …") is not its name
            if looks_like_heading(line) or not heading_lines:
                named, _ = title_parts(text)
                if named:
                    heading_lines.append(named)
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
        if venue_done:
            continue
        if _OTHER_KEY.match(text) or (venue_lines and not _address_line(text)):
            venue_done = True  # "Contact: …", a page's links: the place has been said
            continue
        venue_lines.append(_VENUE_KEY.sub("", text))
    if day is None:
        return None
    meeting = FoundMeeting(heading=_one_heading(heading_lines), day=day, line=day_line, starts=starts)
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


# What a paper's title says before the board's name: "Minutes of the meeting of the", "Notes of a
# special meeting of", "MEETING OF THE", "Agenda and minutes", "Record of", "Summary of the".
_TITLE_LEAD = re.compile(
    r"^(?:(?:the\s+)?(?:draft\s+|unconfirmed\s+|confirmed\s+|approved\s+)?(?:agenda\s+and\s+minutes|agenda\s+and"
    r"\s+reports|minutes|notes|record|summary|action\s+notes|agenda|action\s+log)\b(?:\s+and\s+actions)?\s*"
    r"(?:(?:of|for|from)\s+)?)?"
    r"(?:(?:the|a|an)\s+)?"
    r"(?:(?:extraordinary|special|annual|ordinary|public|virtual|informal|joint|inaugural|additional|general|"
    r"remote|hybrid)\s+)*"
    r"(?:(?:meeting|proceedings|session|sitting)\b\s*(?:(?:of|for)\s+)?(?:the\s+)?)?",
    re.I,
)
_HELD = re.compile(r"\b(?:held|which\s+took\s+place|taking\s+place|to\s+be\s+held|that\s+took\s+place)\b", re.I)
_TRAILING = re.compile(
    r"(?:[\s,–—:-]|\b(?:on|dated?|of|at|from|in|held|meeting|minutes|agenda|notes|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)+$",
    re.I,
)


def title_parts(text: str) -> tuple[str | None, str | None]:
    """(the body a title names, the place it gives) from a title or its part before the date:
    "Minutes of the meeting of the Safer Streets Board held on" → ("Safer Streets Board", None);
    "Minutes of a meeting held at County Hall, Northmoor on" → (None, "County Hall, Northmoor");
    "MINUTES", "Notes of meeting", "Agenda" → (None, None)."""
    text = text.replace("\t", " ").strip(" -–—:|")
    lead = _TITLE_LEAD.match(text)
    rest = text[lead.end() :] if lead else text
    rest = re.sub(r"(?:\s+held)?\s+in\s+(?:public|private)\b(?:\s*\(part\s+\w+\))?", " held ", rest, flags=re.I)
    place = None
    held = _HELD.search(rest)
    if held:
        after = rest[held.end() :]
        rest = rest[: held.start()]
        where = re.match(r"^\s*(?:at|in)\s+(.+)$", after, re.I)
        if where:
            place = _TRAILING.sub("", where.group(1)).strip(" ,") or None
    named = _TRAILING.sub("", rest).strip(" ,–—:-")
    if not re.search(r"[A-Za-z]{3}", named):
        named = ""
    return named or None, place


def _one_heading(lines: list[str]) -> str | None:
    """The board a header names: its heading lines, each said once (a board's name above a title
    that repeats it is one name)."""
    kept: list[str] = []
    for line in lines:
        folded = line.casefold()
        if any(folded in other.casefold() for other in kept):
            continue
        kept = [other for other in kept if other.casefold() not in folded] + [line]
    return " ".join(kept) or None
