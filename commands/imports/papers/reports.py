"""Reports: the header (agenda item, date of meeting, author, subject), the purpose and the
recommendations — attached to their agenda item as papers. A Matters Arising report is also read
paragraph by paragraph for the earlier minutes it updates."""

from __future__ import annotations

import re
from datetime import date

from commands.imports.papers.dates import find_dates
from commands.imports.papers.documents import Document, _report_key
from commands.imports.papers.found import Findings, FoundPaper, MatterArising
from commands.imports.papers.text import Line
from commands.imports.papers.wording import paragraphs, purpose_of

_ITEM_NUMBER = re.compile(r"\bagenda\s+item(?:\s+no\.?)?\s*:?\s*(\d{1,3}(?:\.\d{1,2})?[a-z]?)\b", re.I)
_SECTION = re.compile(
    r"^(?:\d{1,2}[.)]?\s+)?(purpose(?: of (?:the )?report)?|summary|recommendations?|background|report|"
    r"introduction|next steps|financial implications|implications|appendices|conclusions?|"
    r"proposals?|evidence|consultation|risks?|options?)\s*:?$",
    re.I,
)
_MATTER = re.compile(
    r"^(?:\d{1,2}[.)]\s+)?(?P<minute>\d{1,3}[A-Z]?)\s*(?:[-–:.]\s*|\s+)(?P<title>[A-Z][^:]{2,120}?)"
    r"(?::\s+(?P<text>.+)|\s*$)"
)


_MATTER_BY_REF = re.compile(r"^(?:\d{1,2}[.)]\s+)?(?P<ref>A-\d{1,9}):\s+\S")


def read_report(document: Document, findings: Findings) -> FoundPaper | None:
    header = document.lines[:8]
    item = None
    values: dict[str, str] = {}
    body_start = 0
    for index, line in enumerate(header):
        if not line.text:
            continue
        number = _ITEM_NUMBER.search(line.text)
        if number and item is None:
            item = number.group(1)
            body_start = index + 1
            continue
        key = _report_key(line.text)
        if key is None:
            break
        value = (
            re.split(r"\s*(?::|\t)\s*", line.text, maxsplit=1)[1].strip(" \t") if re.search(r"[:\t]", line.text) else ""
        )
        values.setdefault(key, value.replace("\t", " ").strip())
        if key in ("agenda item", "item", "agenda item no", "agenda item no.") and item is None:
            number = re.match(r"\d{1,3}[a-z]?", value.strip(), re.I)
            item = number.group(0) if number else None
        body_start = index + 1
    if item is None:
        findings.doubt(document.first_line, "a report without an agenda item number; not attached to the agenda")
        return None
    subject = values.get("subject") or values.get("title") or values.get("report title") or f"Report for item {item}"
    meeting_date = values.get("date of meeting") or values.get("meeting date") or values.get("date")
    day = None
    if meeting_date:
        dates = find_dates(meeting_date, forward=False)
        day = dates[0].day if dates else None
    if day is None:
        findings.doubt(document.first_line, f"report for agenda item {item}: no meeting date I can read")
    sections = _sections(document.lines[body_start:])
    paper = FoundPaper(
        item=item,
        title=subject[:300],
        line=document.first_line,
        meeting_day=day,
        author=(
            values.get("report author")
            or values.get("author")
            or values.get("report of")
            or values.get("report by")
            or values.get("contact officer")
            or None
        ),
        purpose=sections.get("purpose") or sections.get("purpose of report") or sections.get("summary"),
        recommendations=sections.get("recommendations") or sections.get("recommendation"),
        for_words=purpose_of("for " + values["for"]) if values.get("for") else None,
    )
    if re.search(r"matters\s+arising", subject, re.I):
        _matters_arising(document.lines[body_start:], day, findings)
    return paper


def _sections(lines: list[Line]) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    current = None
    for line in lines:
        text = line.text.replace("\t", " ").strip()
        if not text:
            continue
        heading = _SECTION.match(text)
        if heading:
            current = heading.group(1).casefold()
            found.setdefault(current, [])
            continue
        if current:
            found[current].append(text)
    return {key: "\n".join(texts)[:4000] for key, texts in found.items() if texts}


def _matters_arising(lines: list[Line], day: date | None, findings: Findings) -> None:
    """Numbered updates on earlier minutes: "1. 37 Matters arising (Luton in Harmony): An update was
    circulated …" or a heading "3. Development of a Strategy for …" followed by paragraphs."""
    started = False
    current: MatterArising | None = None
    for number, text in paragraphs(lines):
        text = text.replace("\t", " ").strip()
        if not started:
            started = text.casefold() == "report"
            continue
        if re.search(r"@|\b0\d{3,4}\s?\d{5,6}\b", text):
            break  # the author's name, telephone and email: the report has ended
        by_ref = _MATTER_BY_REF.match(text)
        if by_ref:  # "4. A-12: …": an update on an action named by its reference, from no minute
            current = MatterArising("", by_ref.group("ref"), text[by_ref.start("ref") :].strip(), number, day)
            findings.matters_arising.append(current)
            continue
        match = _MATTER.match(text)
        if match and (match.group("text") or len(text) < 100):
            current = MatterArising(
                match.group("minute"),
                match.group("title").strip(" .:"),
                (match.group("text") or "").strip(),
                number,
                day,
            )
            findings.matters_arising.append(current)
            continue
        if current is not None and not re.match(r"^[A-Z][A-Za-z ]{0,40}$", text):
            paragraph = re.sub(r"^\d{1,2}[.)]\s+", "", text)
            current.text = f"{current.text}\n{paragraph}".strip()
