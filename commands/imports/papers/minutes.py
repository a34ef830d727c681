"""Minutes of a meeting: date, time and venue; attendance by section (members, substitutes "X
substituting for Y", observers, support officers, apologies); each minute (number, title, REF)
with its discussion and its resolutions, split into (i), (ii)…; and the time it ended."""

from __future__ import annotations

import re

from commands.imports.papers.attendance import AttendanceReader
from commands.imports.papers.dates import find_times
from commands.imports.papers.documents import Document
from commands.imports.papers.found import Findings, FoundMeeting, FoundMinute, FoundResolution
from commands.imports.papers.header import read_header
from commands.imports.papers.wording import paragraphs

_MINUTE = re.compile(
    r"^(?:minute\s+)?(\d{1,3}[A-Za-z]?)[.)]?\s+(.{3,200}?)\s*(?:\((?:ref|reference|item)\.?\s*:?\s*([\w.]+)\)\s*)?$",
    re.I,
)
_RESOLVED = re.compile(
    r"^(?:it was\s+)?(?:resolved|agreed|decided|recommended)\b\s*(?:unanimously\s*)?(?:[:–—-]\s*|\s+(?=that\b)|$)", re.I
)
_LABEL = re.compile(r"^\(?((?:x{0,3})(?:ix|iv|v?i{0,3})|\d{1,2}|[a-h])\)\s*", re.I)
_INLINE_LABEL = re.compile(r"\s\((?:(?:x{0,3})(?:ix|iv|v?i{0,3})|\d{1,2}|[a-h])\)\s+(?=[Tt]hat\b)", re.I)
_ENDED = re.compile(
    r"\b(?:meeting|forum|board)\s+(?:ended|closed|finished|concluded|rose)\s+at\b|\bended at\b|\bclosed at\b", re.I
)


def _uppercase_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _minute_heading(line, previous: int | None) -> tuple[str, str, str | None] | None:
    text = line.text.replace("\t", " ").strip()
    match = _MINUTE.match(text)
    if not match:
        return None
    number, title, ref = match.group(1), match.group(2).strip(" .:–-"), match.group(3)
    digits = int(re.match(r"\d+", number).group(0))
    in_sequence = previous is None or digits in (previous, previous + 1)
    if ref or _uppercase_share(title) >= 0.7 or (line.heading and in_sequence):
        return number.upper(), title, ref
    if in_sequence and len(text) < 90 and not text.endswith(".") and title[:1].isupper():
        return number.upper(), title, ref  # a Title Case heading, in its place in the sequence
    return None


def _resolutions(text: str, number: int) -> list[FoundResolution]:
    parts = _INLINE_LABEL.split(f" {text}")
    return [FoundResolution(_tidy_resolution(p), number) for p in parts if p.strip()]


def _tidy_resolution(text: str) -> str:
    text = _LABEL.sub("", text.strip()).strip()
    return text[:1].upper() + text[1:] if text.lower().startswith("that") else text


def read_minutes(document: Document, findings: Findings) -> FoundMeeting | None:
    meeting = read_header(document.header, findings, "minutes")
    if meeting is None:
        findings.doubt(document.first_line, "minutes without a meeting date I can read; they were not imported")
        return None
    meeting.held = True
    attendance = AttendanceReader()
    minute: FoundMinute | None = None
    previous: int | None = None
    resolving = False
    taking_apologies = False
    numbers: set[str] = set()
    for number, text in paragraphs(document.body):
        line = next(line for line in document.body if line.number == number)
        if _ENDED.search(text):
            times = find_times(text)
            if times:
                meeting.ends = times[0].at
            break
        heading = _minute_heading(line, previous) if not resolving or not _LABEL.match(text) else None
        if heading:
            minute_number, title, ref = heading
            if minute_number in numbers:
                findings.doubt(
                    number,
                    f"minute {minute_number} is numbered twice; the second ({title}) is kept as {minute_number}A",
                )
                minute_number += "A"
            numbers.add(minute_number)
            previous = int(re.match(r"\d+", minute_number).group(0))
            minute = FoundMinute(minute_number, title, number, ref)
            meeting.minutes.append(minute)
            resolving, taking_apologies = False, "apolog" in title.lower()
            continue
        if minute is None:  # the attendance lists, before the first minute
            meeting.attendance.extend(attendance.before_minutes(number, text))
            continue
        resolved = _RESOLVED.match(text)
        if resolved:
            resolving = True
            minute.resolutions.extend(_resolutions(text[resolved.end() :], number))
            continue
        if resolving and (_LABEL.match(text) or text.lower().startswith("that ")):
            minute.resolutions.extend(_resolutions(text, number))
            continue
        resolving = False
        if taking_apologies:
            people, paragraph = attendance.in_apologies_minute(number, text)
            meeting.attendance.extend(people)
            if paragraph == "list":
                continue  # a line of the list of names: attendance, not discussion
            taking_apologies = paragraph != "ended"
        minute.paragraphs.append((number, text))
    if not meeting.minutes:
        findings.doubt(
            document.first_line, f"the minutes of {meeting.day:%-d %B %Y} have no numbered minutes I can read"
        )
    return meeting
