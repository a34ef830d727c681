"""Minutes of a meeting: date, time and venue; attendance by section (members, substitutes "X
substituting for Y", observers, support officers, apologies); each minute (number, title, REF)
with its discussion and its decisions, split into (i), (ii)…; and the time it ended.

Minutes are headed as the genre heads them: `36`, `36.`, `Item 4:`, `Minute 12`, `24/31`, `4.1`,
with or without "(REF: 3)" / "(Agenda item 2)"; a committee web page's number alone on its line and
the title on the next; a table row (item, discussion, action); or no number at all — a heading in
capitals or marked as one. Decisions are "RESOLVED", "AGREED", "DECIDED", "Decision:", "It was
agreed that …" and "The Board noted / agreed / endorsed …"."""

from __future__ import annotations

import re

from commands.imports.papers.attendance import AttendanceReader, attendance_label
from commands.imports.papers.dates import find_times
from commands.imports.papers.documents import Document
from commands.imports.papers.found import Findings, FoundMeeting, FoundMinute, FoundResolution
from commands.imports.papers.header import read_header
from commands.imports.papers.text import Line
from commands.imports.papers.wording import JOINING_END, paragraphs

_NUMBER = r"\d{1,3}(?:/\d{1,3}|\.\d{1,2})?[A-Za-z]?"
_MINUTE = re.compile(
    r"^(?:(?:minute|item|agenda\s+item)\s+(?:no\.?\s*)?)?(?P<number>" + _NUMBER + r")(?:[.):]|\s+[-–—:])?\s+"
    r"(?P<title>.{2,200}?)\s*"
    r"(?:\((?:ref|reference|agenda\s+item|item)\.?\s*(?:no\.?)?\s*:?\s*(?P<ref>[\w.]+)\)\s*)?[.:]?$",
    re.I,
)
_NUMBER_ALONE = re.compile(r"^(?:(?:minute|item)\s+)?(" + _NUMBER + r")[.):]?$", re.I)
_RESOLVED = re.compile(
    r"^(?:it was\s+)?(?:resolved|agreed|decided|recommended|decision|decisions)\b\s*(?:unanimously\s*)?"
    r"(?:[:–—-]\s*|\s+(?=that\b)|$)",
    re.I,
)
# "It was agreed that the grants panel be reconvened." → "That the grants panel be reconvened."
_AGREED_THAT = re.compile(r"^it\s+was\s+(?:agreed|resolved|decided|unanimously\s+agreed)\s+(?=that\b)", re.I)
# "The Board noted the budget position." — the body's own decision, said as a sentence.
_BODY_DECIDED = re.compile(
    r"^the\s+(?:board|partnership|panel|committee|forum|council|executive|trust|group|authority|members)\s+"
    r"(?:noted|agreed|endorsed|approved|resolved|supported|accepted|ratified|welcomed)\b",
    re.I,
)
_LABEL = re.compile(r"^\(?((?:x{0,3})(?:ix|iv|v?i{0,3})|\d{1,2}|[a-h])\)\s*", re.I)
_INLINE_LABEL = re.compile(r"\s\((?:(?:x{0,3})(?:ix|iv|v?i{0,3})|\d{1,2}|[a-h])\)\s+(?=[Tt]hat\b)", re.I)
_ENDED = re.compile(
    r"\b(?:meeting|forum|board)\s+(?:ended|closed|finished|concluded|rose)\s+at\b|\bended at\b|\bclosed at\b", re.I
)
# A committee web page's furniture between its minutes, and a table's header row.
_FURNITURE = re.compile(
    r"^(?:minutes:|items|no\.?|attendance details|additional documents:?|"
    r"(?:no\.?|item|ref)\t.*|item\s*\t\s*discussion.*)$",
    re.I,
)
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,3}\.\d{1,2}\.?(?:\s+|\t)")
_NOT_A_HEADING = re.compile(r"^(?:resolved|agreed|decided|decision|action|actions|note|noted)\b", re.I)


def _uppercase_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _sequence(number: str) -> int:
    """The number a minute counts by: 36 of "36A", 31 of "24/31", 4 of "4.1"."""
    parts = re.findall(r"\d+", number)
    return int(parts[-1] if "/" in number else parts[0])


def _heading_like(title: str) -> bool:
    return len(title) < 100 and not title.endswith((".", ";", ",")) and title[:1].isupper()


def _minute_heading(line: Line, previous: int | None) -> tuple[str, str, str | None] | None:
    text = line.text.replace("\t", " ").strip()
    match = _MINUTE.match(text)
    if not match:
        return None
    number, title, ref = match.group("number"), match.group("title").strip(" .:–-"), match.group("ref")
    if not re.search(r"[A-Za-z]{2}", title):
        return None
    digits = _sequence(number)
    in_sequence = previous is None or digits in (previous, previous + 1)
    prefixed = bool(re.match(r"^(?:minute|item|agenda\s+item)\b", text, re.I))
    if "." in number and not (_heading_like(title) and (line.heading or _uppercase_share(title) >= 0.7 or ref)):
        return None  # "4.1 The Board noted …": a numbered paragraph, not a minute
    if ref or _uppercase_share(title) >= 0.7 or (line.heading and in_sequence) or (prefixed and _heading_like(title)):
        return number.upper(), title, ref
    if in_sequence and len(text) < 90 and _heading_like(title):
        return number.upper(), title, ref  # a Title Case heading, in its place in the sequence
    return None


def _unnumbered_heading(line: Line, text: str) -> str | None:
    """A minute headed without a number: a line in capitals, or marked as a heading, that is not
    an attendance label, a decision or a sentence."""
    text = text.replace("\t", " ").strip()
    if not (4 <= len(text) <= 100) or text.endswith((".", ";", ",")) or re.search(r":\s*\S", text):
        return None
    if attendance_label(text) is not None or _NOT_A_HEADING.match(text) or not re.search(r"[A-Za-z]{3}", text):
        return None
    if line.heading or _uppercase_share(text) >= 0.8:
        return text.strip(" :")
    return None


def _units(body: list[Line]) -> list[Line]:
    """The body as lines to read: a web page's number alone joined to the title under it, its
    furniture dropped, and a table row (item, discussion, action) parted into its cells."""
    units: list[Line] = []
    action_column: int | None = None
    pending: Line | None = None
    for line in body:
        text = line.text.strip()
        if not text:
            if pending is None:
                units.append(line)
            continue
        header = [c.strip().casefold() for c in text.split("\t")]
        if "\t" in text and any(c in ("discussion", "notes", "minutes", "summary") for c in header):
            action_column = next((i for i, c in enumerate(header) if c.startswith("action")), None)
            continue
        if pending is not None and not _FURNITURE.match(text):
            units.append(Line(pending.number, f"{pending.text} {text}", True))
            pending = None
            continue
        if _FURNITURE.match(text):
            continue
        if _NUMBER_ALONE.match(text):
            pending = Line(line.number, text.rstrip(":"), line.heading)
            continue
        cells = [c.strip() for c in text.split("\t")]
        if len(cells) > 1 and _MINUTE.match(cells[0]):
            units.append(Line(line.number, cells[0], True))
            for index, cell in enumerate(cells[1:], 1):
                if cell:
                    units.append(Line(line.number, f"ACTION: {cell}" if index == action_column else cell, False))
            continue
        units.append(line)
    if pending is not None:
        units.append(pending)
    return units


def _paragraphs(units: list[Line]) -> list[tuple[Line, str]]:
    """Each paragraph with the line it begins on (as `wording.paragraphs`, for the units of a body:
    the cells of one table row share their line's number)."""
    found: list[tuple[Line, str]] = []
    for unit in units:
        if not unit.text.strip():
            continue
        for _line, text in paragraphs([unit]):
            if found and not unit.heading and JOINING_END.search(found[-1][1]) and not _STARTS_ANEW.match(text):
                found[-1] = (found[-1][0], f"{found[-1][1]} {text}")
            else:
                found.append((unit, text))
    return found


_STARTS_ANEW = re.compile(r"^(?:[-•*]\s|\(?(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s)")


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
    numbered = unnumbered = 0
    units = _units(document.body)
    # Capitals between numbered minutes ("SUBSTITUTES FOR MEMBERS") are not minutes of their own.
    numbers_used = any(_minute_heading(line, None) for line in units if line.text.strip())
    for line, text in _paragraphs(units):
        number = line.number
        if _ENDED.search(text):
            times = find_times(text)
            if times:
                meeting.ends = times[0].at
            break
        heading = _minute_heading(line, previous) if not resolving or not _LABEL.match(text) else None
        if heading is None and not numbers_used and (minute is not None or attendance_label(text) is None):
            title = _unnumbered_heading(line, text)
            if title:
                unnumbered += 1
                heading = (str(unnumbered), title, None)
        elif heading:
            numbered += 1
        if heading:
            minute_number, title, ref = heading
            if minute_number in numbers:
                findings.doubt(
                    number,
                    f"minute {minute_number} is numbered twice; the second ({title}) is kept as {minute_number}A",
                )
                minute_number += "A"
            numbers.add(minute_number)
            previous = _sequence(minute_number)
            minute = FoundMinute(minute_number, title, number, ref)
            meeting.minutes.append(minute)
            resolving, taking_apologies = False, "apolog" in title.lower()
            continue
        if minute is None:  # the attendance lists, before the first minute
            meeting.attendance.extend(attendance.before_minutes(number, text))
            continue
        # "2.2 The Partnership noted …": a numbered paragraph of the minute, read without its number.
        text = _PARAGRAPH_NUMBER.sub("", text)
        resolved = _RESOLVED.match(text)
        if resolved:
            resolving = True
            minute.resolutions.extend(_resolutions(text[resolved.end() :], number))
            continue
        if resolving and (_LABEL.match(text) or text.lower().startswith("that ")):
            minute.resolutions.extend(_resolutions(text, number))
            continue
        resolving = False
        agreed = _AGREED_THAT.match(text)
        if agreed:
            minute.resolutions.extend(_resolutions(text[agreed.end() :], number))
            minute.paragraphs.append((number, text))
            continue
        decided = _BODY_DECIDED.match(text)
        if decided:
            agreeing = re.search(r"(?:agreed|resolved|approved)$", decided.group(0), re.I)
            that = agreeing and re.match(r"\s+that\b", text[decided.end() :], re.I)
            said = text[decided.end() + 1 :].strip() if that else text.strip()  # "agreed that X" → "That X"
            minute.resolutions.extend(_resolutions(said, number) if that else [FoundResolution(said, number)])
            minute.paragraphs.append((number, text))
            continue
        if taking_apologies:
            people, paragraph = attendance.in_apologies_minute(number, text)
            meeting.attendance.extend(people)
            if paragraph == "list":
                continue  # a line of the list of names: attendance, not discussion
            taking_apologies = paragraph != "ended"
        minute.paragraphs.append((number, text))
    if unnumbered:
        findings.doubt(
            document.first_line,
            f"the minutes of {meeting.day:%-d %B %Y} are not numbered; I numbered them 1 to {unnumbered} in order",
        )
    if not meeting.minutes:
        findings.doubt(
            document.first_line, f"the minutes of {meeting.day:%-d %B %Y} have no numbered minutes I can read"
        )
    return meeting
