"""An agenda: the board, date, start time, venue and address, then numbered items — each with its
title, its paper (report attached, presentation, report to follow), who presents it and why
(for information, discussion, decision or agreement)."""

from __future__ import annotations

import re

from commands.imports.papers.documents import Document
from commands.imports.papers.found import Findings, FoundItem, FoundMeeting
from commands.imports.papers.header import read_header
from commands.imports.papers.text import Line
from commands.imports.papers.wording import looks_like_name, paper_kind, purpose_of, sentences

_ITEM = re.compile(r"^(?:[-•*]\s*)?(?:item\s+)?(\d{1,2})[.):]?\s+(?=[A-Za-z\"'(])(.+)$", re.I)
_SUB_ITEM = re.compile(r"^(?:[-•*]\s*)?(\d{1,2})\.(\d{1,2})\.?\s+(.+)$")
_PARENTHETICAL = re.compile(r"\(([^()]{2,80})\)")
_PRESENTS = re.compile(r"\b(?:to\s+present|to\s+introduce|to\s+report|presenting|will\s+present|to\s+lead)\b", re.I)
_PRESENTER_KEY = re.compile(r"^(?:presenter|presented by|lead officer|lead|officer)\s*[:\t]\s*(.+)$", re.I)


def _split_presenters(text: str) -> list[str]:
    """ "A, Title, Org, and B, Title" → ["A, Title, Org", "B, Title"]; an "and" inside a title
    ("Consultation and Community Engagement Manager") is not a split."""
    pieces = re.split(r",?\s+(?:and|&)\s+", text)
    people: list[str] = []
    for piece in pieces:
        head = piece.split(",")[0].strip()
        if people and not looks_like_name(head):
            people[-1] = f"{people[-1]} and {piece}"
        else:
            people.append(piece)
    return people


def _presenter(item: FoundItem, text: str) -> None:
    for sentence in sentences(text):
        key = _PRESENTER_KEY.match(sentence)
        presents = _PRESENTS.search(sentence)
        if key:
            who = key.group(1)
        elif presents:
            who = sentence[: presents.start()]
        else:
            continue
        who = who.strip(" .,;:").lstrip(".").strip()
        if not who:
            continue
        people = _split_presenters(who)
        names = [p.split(",")[0].strip() for p in people]
        item.presenters = [n for n in names if looks_like_name(n)]
        first = names[0]
        if looks_like_name(first):
            item.presenter = first
            rest = who[len(people[0].split(",")[0]) :].strip(" ,")
            item.presenter_title = rest or None
        else:
            item.presenter = who
        return


_PURPOSE_TAIL = re.compile(
    r"\s*[–—:-]\s*(?:for\s+)?(?:decision|approval|discussion|information|noting|note|agreement|comment|endorsement|"
    r"assurance|consideration|debate|update)\b[\s.]*$",
    re.I,
)
_ROLE = re.compile(
    r"\b(?:chair(?:man|woman|person)?|vice[- ]chair|clerk|officer|manager|director|head\s+of|lead|executive|"
    r"secretary|coordinator|co-ordinator|all|members|partners)\b|\bto\s+(?:present|introduce|report|lead)\b",
    re.I,
)


def _title_and_lead(title: str) -> tuple[str, str | None]:
    """An item's title without who leads it and why, said on the same line ("Neighbourhood plan
    (Kath Price, Planning Officer) – for discussion" → "Neighbourhood plan"), and those words, as a
    sentence the presenter and purpose are read from."""
    said: list[str] = []
    tail = _PURPOSE_TAIL.search(title)
    if tail and tail.start() > 3:
        said.append(title[tail.start() :].strip(" –—:-"))
        title = title[: tail.start()].rstrip()
    last = re.search(r"\s*\(([^()]{2,120})\)\s*$", title)
    if last and last.start() > 3:
        inside = last.group(1).strip()
        head = inside.split(",")[0].strip()
        if _ROLE.search(inside) or looks_like_name(head):
            who = inside if _PRESENTS.search(inside) else f"{inside} to present"
            said.insert(0, f"{who}.")
            title = title[: last.start()].rstrip(" .:;-–")
    return title, " ".join(said) or None


def read_agenda(document: Document, findings: Findings) -> FoundMeeting | None:
    meeting = read_header(document.header, findings, "agenda")
    if meeting is None:
        findings.doubt(document.first_line, "an agenda without a date I can read; its items were not imported")
        return None
    blocks: list[tuple[Line, list[str]]] = []
    for line in document.body:
        text = line.text.strip()  # tabs kept: an agenda may be a table
        if not text:
            continue
        sub = _SUB_ITEM.match(text)
        match = None if sub else _ITEM.match(text)
        if match and int(match.group(1)) <= 60:
            blocks.append((line, [text]))
        elif blocks:
            blocks[-1][1].append(text.replace("\t", " "))
    expected = 1
    for line, texts in blocks:
        item_match = _ITEM.match(texts[0])
        assert item_match is not None  # blocks begin only at lines _ITEM matched
        number, title = item_match.group(1, 2)
        if "\t" in title:  # an agenda laid out as a table: title, then lead and purpose columns
            cells = [c.strip() for c in title.split("\t") if c.strip()]
            title = cells[0]
            for cell in cells[1:]:
                if purpose_of(cell) or paper_kind(cell) and cell.startswith("("):
                    texts.append(cell)
                else:
                    texts.append(f"{cell} to present.")
        if int(number) != expected:
            findings.doubt(line.number, f"agenda item {number} follows item {expected - 1}")
        expected = int(number) + 1
        kinds = [paper_kind(m) for m in _PARENTHETICAL.findall(" ".join(texts))]
        kinds = [k for k in kinds if k]
        title = _PARENTHETICAL.sub(lambda m: "" if paper_kind(m.group(1)) else m.group(0), title)
        title = re.sub(r"\s+", " ", title).strip(" .:;-–")
        title, said = _title_and_lead(title)
        if said:
            texts.append(said)
        rest = " ".join(
            _PARENTHETICAL.sub(lambda m: "" if paper_kind(m.group(1)) else m.group(0), t) for t in texts[1:]
        )
        item = FoundItem(number=number, title=title[:500] or f"Item {number}", line=line.number)
        item.paper = kinds[0] if kinds else paper_kind(rest) if re.search(r"\b(?:verbal|oral)\b", rest, re.I) else None
        item.purpose = purpose_of(" ".join(texts))
        _presenter(item, rest)
        extras = [t for t in texts[1:] if _SUB_ITEM.match(t)]
        if not item.presenter and not item.purpose and len(rest) <= 300 and rest.strip(" ."):
            extras.append(rest.strip())
        item.note = "; ".join(extras)[:1000] or None
        meeting.items.append(item)
    if not meeting.items:
        findings.doubt(document.first_line, f"the agenda for {meeting.day:%-d %B %Y} has no numbered items I can read")
    return meeting
