"""One file usually holds several documents: an agenda, the minutes of the last meeting, reports
with their appendices. This finds where each begins.

The anchors are what every council paper has, however it is laid out:
- an agenda: a line reading AGENDA, below a heading (the board), a date, a time and a venue;
- minutes: a line beginning PRESENT (or "Members present"), below a heading and a date;
- a report: a header block — AGENDA ITEM, DATE OF MEETING, REPORT AUTHOR, SUBJECT — in a table
  or as "Key: value" lines.
Everything from one anchor's header to the next belongs to that document (a report's
appendices and response forms belong to the report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commands.imports.papers.dates import find_dates, find_times
from commands.imports.papers.text import Line

_AGENDA = re.compile(r"^(?:the\s+)?agenda:?$", re.I)
_PRESENT = re.compile(
    r"^(?:(?:board|committee|panel|forum|partnership)\s+)?members\s+present\b|^present\b[\s:]*|^in attendance:?$"
    r"|^attendance:?$|^attendees\b|^panel\s*:",
    re.I,
)
_MINUTES_TITLE = re.compile(
    r"^(?:(?:draft|unconfirmed|confirmed|approved)\s+)?(?:minutes|notes|record|summary)\s+(?:of|from)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:extraordinary|special|annual|ordinary|public|virtual|informal|joint|inaugural|additional|general)\s+)*"
    r"(?:meeting|proceedings)\b",
    re.I,
)
# A title line that holds the meeting's day: header, however long ("Minutes of the meeting of the
# … held on Wednesday 9 September 2009 at 10.00am at …").
_DATED_TITLE = re.compile(r"^(?:.{0,160}\b(?:minutes|notes|meeting|agenda)\b)", re.I)
_AGENDA_ITEM = re.compile(r"\bagenda\s+item(?:\s+no\.?)?\s*:?\s*(\d{1,3}(?:\.\d{1,2})?[a-z]?)\b", re.I)
_REPORT_KEY = re.compile(
    r"^(agenda item(?: no\.?)?|item(?: no\.?)?|date of meeting|meeting date|date|report author|author|report of|"
    r"report by|report from|contact officer|lead officer|subject|title|report title|meeting|report to|for)\s*(?::|\t)",
    re.I,
)
_STRONG_KEYS = {
    "agenda item",
    "agenda item no",
    "agenda item no.",
    "subject",
    "report author",
    "report title",
    "date of meeting",
    "report of",
    "report by",
}
HEADER_REACH = 16  # how far above AGENDA / PRESENT a document's heading may be


@dataclass
class Document:
    kind: str  # agenda | minutes | report | other
    lines: list[Line]
    start: int  # index in the paper's lines where it begins
    anchor: int  # index (in `lines`) of the anchor line: AGENDA, PRESENT, or the report header's first line
    notes: list[str] = field(default_factory=list)
    titled: bool = False  # anchored on a title line that holds the date itself ("Minutes of … held on …")
    below: int = 0  # header lines after the anchor: "AGENDA", then the date, time and venue under it

    @property
    def header(self) -> list[Line]:
        above = self.lines[: self.anchor + (1 if self.titled else 0)]
        under = self.lines[self.anchor + 1 : self.anchor + 1 + self.below]
        return [line for line in above + under if line.text]

    @property
    def body(self) -> list[Line]:
        # Minutes anchored on their attendance list keep that line: "Present: A, B, C" holds names.
        keep = self.kind == "minutes" and not self.titled
        return self.lines[self.anchor + (0 if keep else 1 + self.below) :]

    @property
    def first_line(self) -> int:
        return self.lines[0].number if self.lines else 0


def _report_key(text: str) -> str | None:
    match = _REPORT_KEY.match(text)
    return match.group(1).casefold() if match else None


def _report_header_at(lines: list[Line], i: int) -> int | None:
    """If a report's header block begins at line i, the number of lines it spans."""
    text = lines[i].text
    if not text:
        return None
    # "12. Knife crime (Agenda item 3)" is a minute's heading naming its agenda item, not a report's header.
    minute_heading = bool(re.match(r"^(?:minute\s+)?\d{1,3}[.):]?\s+[A-Za-z]", text, re.I))
    in_table = bool(_AGENDA_ITEM.search(text)) and ("\t" in text or len(text) < 60) and not minute_heading
    key = _report_key(text)
    if not in_table and key is None:
        return None
    keys, strong, end = [], in_table, i
    for j in range(i, min(len(lines), i + 8)):
        candidate = lines[j].text
        if not candidate:
            continue
        found = _report_key(candidate) or ("agenda item" if _AGENDA_ITEM.search(candidate) and j == i else None)
        if found is None:
            break
        keys.append(found)
        strong = strong or found in _STRONG_KEYS
        end = j
    if strong and (len(keys) >= 2 or in_table):
        return end - i + 1
    return None


def _has_date(lines: list[Line]) -> bool:
    return any(find_dates(line.text, forward=False) for line in lines)


# Where a paper says its board sits: "a theme board of the Harbourside Partnership", "reporting to
# the Health and Wellbeing Board", "Sub-group of the Safer Harbourside Board".
SITS_UNDER = re.compile(
    r"\b(?:sub[- ]?(?:group|board|committee)|(?:theme|thematic|delivery|task(?: and finish)?|working)"
    r"\s+(?:board|group|partnership)|reporting|reports|accountable|answerable)\s+(?:of|to)\s+(?:the\s+)?"
    r"(?P<board>[A-Z][\w&'’ -]{2,80}?)\s*(?=[.,;:()\[\]–—]|\s(?:and|on|for|which|who|at|in)\s|$)",
    re.I,
)


def _heading_start(lines: list[Line], anchor: int, floor: int) -> int:
    """Walk up from an anchor to the first line of its header (heading, date, time, venue)."""
    start = anchor
    blank_run = 0
    for i in range(anchor - 1, max(floor, anchor - HEADER_REACH) - 1, -1):
        text = lines[i].text
        if not text:
            blank_run += 1
            if blank_run > 2:
                break
            continue
        blank_run = 0
        long_title = len(text) <= 400 and _DATED_TITLE.match(text) and find_dates(text, forward=False)
        # Prose, a numbered item or a table's row (an agenda's items above the minutes): not a header.
        if (len(text) > 160 and not long_title) or re.match(r"^\d{1,3}(?:[.)]\s|\t)", text):
            break
        if "\t" in text and not _VENUE_LABEL.match(text):
            break
        start = i
    # The header proper begins at its date, with the heading lines (the board's name, "MINUTES")
    # straight above it; anything higher up is the end of the previous document.
    for i in range(start, anchor):
        if find_dates(lines[i].text, forward=False):
            first = i
            while first - 1 >= start and (
                not lines[first - 1].text
                or looks_like_heading(lines[first - 1])
                or SITS_UNDER.search(lines[first - 1].text)  # "A theme board of …" under the board's name
            ):
                first -= 1
            while first < i and not lines[first].text:
                first += 1
            return first
    return start


_GENRE_TITLE = re.compile(
    r"^(?:(?:draft|unconfirmed)\s+)?(?:minutes|notes|agenda|action\s+notes|record|summary)"
    r"(?:\s+(?:of|from)\s+(?:the\s+|a\s+)?(?:\w+\s+)?meeting)?:?$",
    re.I,
)
_TITLE_START = re.compile(
    r"^(?:(?:draft|unconfirmed|confirmed|approved)\s+)?(?:minutes|notes|record|summary|agenda|action\s+notes)\s+"
    r"(?:of|from|for)\s+\S",
    re.I,
)
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "&", "to", "a", "at"}


def looks_like_heading(line: Line) -> bool:
    """A heading: marked as one, in capitals, or a short line in Title Case ("Stourton Housing
    Partnership") — a board's name as papers print it above the title."""
    text = line.text.strip()
    letters = [c for c in text if c.isalpha()]
    if letters and len(text) <= 160 and _TITLE_START.match(text) and not text.endswith((".", ",", ";")):
        return True  # "Notes of the … meeting held in public": a title, however worded
    if not letters or len(text) > 90 or text.endswith((".", ",", ";", ":")):
        return False
    if line.heading or sum(c.isupper() for c in letters) >= 0.6 * len(letters) or _GENRE_TITLE.match(text):
        return True
    words = re.findall(r"[A-Za-z'’&]+", text)
    significant = [w for w in words if w.casefold() not in _SMALL_WORDS]
    return 2 <= len(words) <= 12 and not re.search(r"\d|[,;\t]", text) and all(w[:1].isupper() for w in significant)


def _present_label(text: str) -> bool:
    """A line that opens an attendance list: "PRESENT" alone, or "Present: names…"."""
    return bool(_PRESENT.match(text)) and (len(text) < 40 or bool(re.match(r"^[\w ]{3,25}:", text)))


def _header_below(lines: list[Line], anchor: int) -> int:
    """How many lines under an AGENDA (or MINUTES) line are still its header: the date, time and
    venue printed below the word, up to the first item or list. 0 when no date is there."""
    seen_date = False
    end = anchor
    for j in range(anchor + 1, min(len(lines), anchor + 1 + 8)):
        text = lines[j].text
        if not text:
            if seen_date and end > anchor and lines[end].text:
                break  # the date's block ends at a blank line
            continue
        if (
            re.match(r"^(?:item\s+)?\d{1,3}(?:\.\d{1,2})?[.):]?\s", text, re.I)
            or _present_label(text)
            or len(text) > 160
        ):
            break
        if find_dates(text, forward=False):
            seen_date = True
        elif seen_date and not (find_times(text) or _VENUE_LABEL.match(text) or j - end == 1):
            break
        end = j
    return end - anchor if seen_date else 0


_VENUE_LABEL = re.compile(r"^(?:venue|place|location|where|time|date)\s*[:\t]", re.I)


def _titled_start(lines: list[Line], anchor: int, floor: int) -> int:
    """A dated title's header also holds the heading lines straight above it (the board's name)."""
    start, k, taken = anchor, anchor - 1, 0
    while k >= floor and taken < 3:
        if not lines[k].text:
            if anchor - k > 3 and taken == 0:
                break
            k -= 1
            continue
        if not looks_like_heading(lines[k]):
            break
        start, taken, k = k, taken + 1, k - 1
    return start


def split_documents(lines: list[Line]) -> list[Document]:
    anchors: list[tuple[int, str, int, int]] = []  # (header start, kind, anchor index, header lines below)
    i = 0
    while i < len(lines):
        text = lines[i].text
        floor = anchors[-1][2] + 1 + anchors[-1][3] if anchors else 0
        span = _report_header_at(lines, i)
        if span:
            anchors.append((i, "report", i, 0))
            i += span
            continue
        if _AGENDA.match(text):
            start = _heading_start(lines, i, floor)
            header = lines[start:i]
            if _has_date(header) or any(find_times(line.text) for line in header):
                anchors.append((start, "agenda", i, 0))
            elif below := _header_below(lines, i):
                anchors.append((start, "agenda", i, below))
                i += below
        elif _present_label(text):
            start = _heading_start(lines, i, floor)
            if _has_date(lines[start:i]):
                anchors.append((start, "minutes", i, 0))
        elif (
            _MINUTES_TITLE.match(text)
            and find_dates(text, forward=False)
            and not any(_present_label(line.text) for line in lines[i + 1 : i + 16])
        ):
            # minutes with no PRESENT list: the title line is the anchor
            anchors.append((_titled_start(lines, i, floor), "titled", i, 0))
        i += 1
    documents: list[Document] = []
    if not anchors or anchors[0][0] > 0:
        end = anchors[0][0] if anchors else len(lines)
        if any(line.text for line in lines[:end]):
            documents.append(Document("other", lines[:end], 0, 0))
    for number, (start, kind, anchor, below) in enumerate(anchors):
        if documents and documents[-1].kind != "other" and start < documents[-1].start + len(documents[-1].lines):
            start = documents[-1].start + len(documents[-1].lines)  # headers never overlap the previous document
        end = anchors[number + 1][0] if number + 1 < len(anchors) else len(lines)
        if documents and documents[-1].kind == "other" and documents[-1].start + len(documents[-1].lines) > start:
            documents[-1].lines = documents[-1].lines[: start - documents[-1].start]
        titled = kind == "titled"
        kind = "minutes" if titled else kind
        documents.append(Document(kind, lines[start:end], start, anchor - start, titled=titled, below=below))
    return documents
