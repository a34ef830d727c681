"""Actions: what a resolution, or a line beginning ACTION, asks someone to do — with the owner and
the date when the paper states them — and deadlines for responses written into resolutions.

- "That the LSP Manager report back on …" → the LSP Manager (a person later, if the role is known)
- "That the Chair of the … Group be requested to convene a working party" → that chair
- "That partner organisations be requested to respond to the consultation" → partner organisations
- "Dean advised he would distribute an update to all partners" → Dean (Stokes, from the attendance)
- "… any responses to the document be forwarded to Sarah Allen … by 4th March" → a consultation
  closing that day (in the meeting's year), with Sarah Allen as the contact.
A resolution that only notes, receives, supports or agrees something is not an action.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from commands.imports.papers.dates import find_dates
from commands.imports.papers.found import Findings, FoundAction, FoundConsultation, FoundMeeting, FoundMinute
from commands.imports.papers.wording import leading_name, looks_like_name, sentences

_VERBS = (
    r"report|bring|circulate|distribute|prepare|provide|arrange|convene|write|submit|send|draft|develop|"
    r"produce|contact|consult|review|update|liaise|investigate|explore|ensure|organise|organize|seek|present|"
    r"respond|establish|set\s+up|look\s+into|follow\s+up|meet|identify|confirm|share|invite|progress|"
    r"take\s+forward|feed\s+back|co-?ordinate|compile|collate|monitor|consider|lead|approach|write\s+to|"
    r"nominate|appoint|publish|check|clarify|obtain|request|pursue|raise|recommend|draw\s+up"
)
_REQUEST = re.compile(
    r"^(?:that\s+)?(?P<owner>.+?)\s+(?:be|are|is|were)\s+(?:requested|asked|instructed|invited|"
    r"authori[sz]ed|tasked|charged|delegated\s+authority|empowered|encouraged|urged)\s+to\s+(?P<what>.+)$",
    re.I,
)
_SUBJUNCTIVE = re.compile(
    rf"^(?:[Tt]hat\s+)?(?P<owner>(?:the\s+)?[A-Z][\w'.-]*(?:\s+(?:of\s+the\s+|of\s+|and\s+|for\s+|&\s+)?"
    rf"[A-Z][\w'.-]*){{0,8}})\s+(?P<what>(?:{_VERBS})\b.+)$"
)
_SAID_WOULD = re.compile(
    r"(?P<who>(?:the\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})(?:,[^,]{0,120},)?\s+(?:advised|said|stated|"
    r"confirmed|agreed|undertook|offered|indicated|explained|added|reported|promised)\s+(?:that\s+)?"
    r"(?:he|she|they|it|the\s+\w+)\s+would\s+(?P<what>[^.;]+)"
)
_AGREED_TO = re.compile(
    r"(?P<who>(?:the\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})\s+(?:agreed|undertook|offered|volunteered|"
    r"promised)\s+to\s+(?P<what>[^.;]+)"
)
_ACTION_LINE = re.compile(r"^actions?\s*(?:point)?\s*[:–—-]\s*(?P<text>.+)$|^action\s+(?=[A-Z])(?P<text2>.+)$", re.I)
_RESPONSES = re.compile(
    r"\b(?:responses?|comments?|concerns?|views?|feedback|suggestions?|observations?|"
    r"representations?|amendments?|issues)\b",
    re.I,
)
_SENT_TO = re.compile(
    r"\bbe\s+(?:forwarded|sent|submitted|returned|e-?mailed|given|passed|made|provided|directed|"
    r"addressed|fed\s+back)\s+to\s+(?P<to>.+?)\s+(?=(?:by|before|no\s+later\s+than|not\s+later\s+than)\b)",
    re.I,
)
_DUE = re.compile(
    r"\b(?:by|before|no\s+later\s+than|not\s+later\s+than|due(?:\s+on)?|deadline(?:\s+of)?)\s+(?:the\s+)?$", re.I
)
_WITHIN = re.compile(r"\bwithin\s+(?P<n>\d+|one|two|three|four|six|eight)\s+(?P<unit>weeks?|days?)\b", re.I)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8}
_NOT_OWNERS = re.compile(
    r"^(?:the\s+)?(?:report|minutes|presentation|recommendations?|proposals?|update|work|"
    r"current|development|forum's|thanks)\b",
    re.I,
)


def title_case(text: str) -> str:
    """ "DEVELOPMENT OF STRATEGY FOR EQUALITY" → "Development of Strategy for Equality"."""
    if sum(c.isupper() for c in text) < 0.7 * sum(c.isalpha() for c in text):
        return text
    small = {"of", "for", "and", "the", "to", "in", "on", "a", "an", "at", "by", "with", "or"}
    words = text.lower().split()
    out = [w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words)]
    return re.sub(r"(?<=')S\b", "s", " ".join(out)).replace("Lsp", "LSP").replace("Laa", "LAA").replace("Jsna", "JSNA")


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;.")
    return text[:1].upper() + text[1:] + "." if text else text


def due_date(text: str, meeting_day: date) -> date | None:
    """The day a clause gives for doing it: "by 4th March", "no later than 1 April 2011",
    "within two weeks" (of the meeting)."""
    for found in find_dates(text, meeting_day, forward=True):
        if found.day and _DUE.search(text[: found.start]):
            return found.day
    within = _WITHIN.search(text)
    if within:
        n = _NUMBERS.get(within.group("n").lower()) or int(within.group("n"))
        return meeting_day + (
            timedelta(weeks=n) if within.group("unit").lower().startswith("week") else timedelta(days=n)
        )
    return None


def _clauses(resolution: str) -> list[str]:
    """ "That the report be noted and that any responses …" → two clauses."""
    return [c.strip() for c in re.split(r"[,;]?\s+(?:and|but)\s+that\s+", resolution, flags=re.I) if c.strip()]


def _owner(text: str) -> str:
    text = re.sub(r"^that\s+", "", text.strip(), flags=re.I).strip(" ,")
    return text[:1].lower() + text[1:] if text.lower().startswith("the ") else text


def _deadline(clause: str, minute: FoundMinute, meeting: FoundMeeting, line: int) -> FoundConsultation | None:
    sent = _SENT_TO.search(clause)
    if not sent or not _RESPONSES.search(clause[: sent.start()]):
        return None
    closes = due_date(clause[sent.end() :], meeting.day)
    to = sent.group("to").strip(" ,")
    contact = to.split(",")[0].strip() if looks_like_name(to.split(",")[0]) else to
    return FoundConsultation(
        title=title_case(minute.title),
        line=line,
        closes=closes,
        meeting_day=meeting.day,
        owner=contact,
        note=f"Responses to {to}" + (f" by {closes:%-d %B %Y}" if closes else ""),
    )


def read_actions(meeting: FoundMeeting, findings: Findings) -> None:
    for minute in meeting.minutes:
        for resolution in minute.resolutions:
            for clause in _clauses(resolution.text):
                consultation = _deadline(clause, minute, meeting, resolution.line)
                if consultation:
                    findings.consultations.append(consultation)
                    if consultation.closes is None:
                        findings.doubt(
                            resolution.line,
                            f"minute {minute.number}: responses are asked for, but I could not read by when",
                        )
                    continue
                _resolution_action(clause, minute, meeting, resolution.line, findings)
        for number, paragraph in minute.paragraphs:
            for sentence in sentences(paragraph):
                _discussion_action(sentence, minute, meeting, number, findings)


def _resolution_action(clause: str, minute: FoundMinute, meeting: FoundMeeting, line: int, findings: Findings) -> None:
    match = _REQUEST.match(clause) or _SUBJUNCTIVE.match(clause)
    if not match or _NOT_OWNERS.match(match.group("owner").strip()):
        return
    what = match.group("what")
    owner = _owner(match.group("owner"))
    findings.actions.append(
        FoundAction(_sentence(what), line, meeting.day, minute.number, owner, due_date(what, meeting.day))
    )


def _discussion_action(
    sentence: str, minute: FoundMinute, meeting: FoundMeeting, line: int, findings: Findings
) -> None:
    action_line = _ACTION_LINE.match(sentence)
    if action_line:
        text = action_line.group("text") or action_line.group("text2")
        owner = None
        tail = re.search(
            r"(?:\s+[–—-]\s+|\(|\bowner\s*:\s*|\blead\s*:\s*)(?P<who>[A-Z][^()–—]+?)\)?\s*(?:[–—-]|$|,|\bby\b)", text
        )
        if tail and (looks_like_name(tail.group("who")) or tail.group("who").lower().startswith("the ")):
            owner = tail.group("who").strip()
        else:
            head = re.match(r"^(?P<who>(?:the\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})\s+to\s+", text)
            owner = head.group("who") if head else None
            if head:
                text = text[head.end() :]  # "Bren McGowan to add …" → "Add …", owned by Bren McGowan
        findings.actions.append(
            FoundAction(_sentence(text), line, meeting.day, minute.number, owner, due_date(text, meeting.day))
        )
        if owner is None:
            findings.doubt(line, f"minute {minute.number}: an ACTION without an owner I can find")
        return
    match = _SAID_WOULD.search(sentence) or _AGREED_TO.search(sentence)
    if not match:
        return
    who = match.group("who")
    if not (
        looks_like_name(who) or leading_name(who) or re.match(r"^[A-Z][a-z]+$", who) or who.lower().startswith("the ")
    ):
        return
    findings.actions.append(
        FoundAction(
            _sentence(match.group("what")),
            line,
            meeting.day,
            minute.number,
            _owner(who),
            due_date(match.group("what"), meeting.day),
        )
    )
