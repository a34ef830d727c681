"""Documents out for consultation and their closing dates, in whatever words the paper uses:
"the draft consultation continued until 21st January 2010", "complete and return this response
form by 21 January 2010", "consultation would continue until the end of February 2010", "The
consultation on the JSNA … closed on 15 April".

The title is the one the sentence gives ("consultation on the X"), else the heading of the
response form it sits in, else the minute or report it is part of.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from commands.imports.papers.actions import title_case
from commands.imports.papers.dates import find_dates
from commands.imports.papers.found import Findings, FoundConsultation
from commands.imports.papers.text import Line
from commands.imports.papers.wording import leading_name, paragraphs, sentences

_ABOUT = re.compile(r"\bconsult|\bresponse form\b|\bresponses?\b|\bcomments\b", re.I)
_CLOSING = re.compile(
    r"\b(?:closes?|closed|closing(?:\s+date)?|will\s+close|deadline(?:\s+for\s+(?:responses|comments))?|"
    r"until|till|runs?\s+(?:to|until)|ends?|ended|by|before|no\s+later\s+than)\s+(?:on\s+|is\s+|was\s+|"
    r"of\s+)?(?:the\s+)?$",
    re.I,
)
_BY = re.compile(r"\b(?:by|before|no\s+later\s+than)\s+(?:the\s+)?$", re.I)
_ON = re.compile(
    r"\bconsultation\s+(?:on|about|regarding)\s+(?:the\s+)?(?P<title>.+?)(?=\s*(?:,|;|\.\s|$|\s+(?:which|that|"
    r"closes|closed|will|is|was|runs|continues|continued|ends|ended|until|by|has|have)\b))",
    re.I,
)
_OUT_FOR = re.compile(
    r"^(?:the\s+)?(?P<title>.+?)\s+(?:is|are|was|were|has been|have been)\s+(?:currently\s+)?"
    r"(?:out|put out|issued|published)\s+(?:for|to)\s+consultation\b",
    re.I,
)
_TO_PERSON = re.compile(r"\bto\s+(?P<who>[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,3})")


def _title_in(sentence: str) -> str | None:
    for pattern in (_ON, _OUT_FOR):
        match = pattern.search(sentence)
        if match:
            title = match.group("title").strip(" ,;.")
            if 3 <= len(title) <= 200 and not re.match(r"^(?:it|this|that|these|them|the\s+above)\b", title, re.I):
                return title[:1].upper() + title[1:]
    return None


def _heading_above(lines: list[Line], index: int) -> str | None:
    """A response form's own heading ("Consultation on the … Code of Good Practice on Consultation")."""
    for line in reversed(lines[max(0, index - 12) : index]):
        if line.heading and "consult" in line.text.lower() and len(line.text) < 200:
            return line.text.strip()
    return None


def read_consultations(
    lines: list[Line],
    context: Callable[[int], str | None],
    reference: date | None,
    findings: Findings,
    document: int,
    skip_lines: set[int] | None = None,
) -> None:
    """Closing dates in a run of lines (a report, minutes, a bulletin). `context(line)` names what
    the line is about (a report's subject, a minute's title) when a sentence does not."""
    index_of = {line.number: i for i, line in enumerate(lines)}
    for number, paragraph in paragraphs(lines):
        if skip_lines and number in skip_lines:
            continue
        for sentence in sentences(paragraph):
            if not _ABOUT.search(sentence):
                continue
            for found in find_dates(sentence, reference):
                before = sentence[: found.start]
                if not _CLOSING.search(before):
                    continue
                if _BY.search(before) and not re.search(r"\b(?:return|respon|comment|submi|send|sent)", before, re.I):
                    continue
                if found.day is None:
                    findings.doubt(number, f"a consultation closing date I could not read: {found.problem}")
                    continue
                heading = _heading_above(lines, index_of.get(number, 0))
                about = context(number)
                title = _title_in(sentence) or heading or (title_case(about) if about else None)
                if title is None:
                    findings.doubt(
                        number, f"a consultation closing {found.day:%-d %B %Y}, but I could not tell on what"
                    )
                    continue
                who = _TO_PERSON.search(sentence[found.end :]) or _TO_PERSON.search(before)
                owner = leading_name(who.group("who")) if who else None
                findings.consultations.append(
                    FoundConsultation(
                        title=title[:300],
                        line=number,
                        closes=found.day,
                        meeting_day=reference,
                        owner=owner,
                        from_heading=heading is not None and title == heading,
                        document=document,
                        doubt=None
                        if found.had_year
                        else f"“{found.words.rstrip('.')}” has no year: read as {found.day:%-d %B %Y}",
                    )
                )
                break
