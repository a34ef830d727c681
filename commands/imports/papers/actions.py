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


_END_OF_MONTH = re.compile(r"\b(?:by|before)\s+the\s+end\s+of\s+(?:the|this)\s+month\b", re.I)
_NEXT_MEETING = re.compile(r"\b(?:by|before|to|at|for)\s+(?:the\s+)?next\s+(?:meeting|board|forum|panel)\b", re.I)
_NEXT_MEETING_DAY = re.compile(
    r"\b(?:date\s+of\s+(?:the\s+)?next\s+meeting|next\s+meeting\s*(?:will\s+be\s+held\s+on|is\s+on|is|on|:|[–—-])|"
    r"next\s+meeting\s+to\s+be\s+held\s+on)",
    re.I,
)


def next_meeting_day(meeting: FoundMeeting, findings: Findings) -> date | None:
    """When the board next meets, as the paper says: "Date of next meeting: 21 September 2010", "The next
    meeting will be held on …", or the next meeting the paper itself holds (an agenda before these minutes)."""
    for minute in meeting.minutes:
        for _, paragraph in minute.paragraphs:
            said = _NEXT_MEETING_DAY.search(paragraph)
            if said:
                days = [f.day for f in find_dates(paragraph[said.end() :], meeting.day, forward=True) if f.day]
                if days and days[0] > meeting.day:
                    return days[0]
    later = sorted(m.day for m in findings.meetings if m.day > meeting.day)
    return later[0] if later else None


def due_date(text: str, meeting_day: date, next_meeting: date | None = None) -> date | None:
    """The day a clause gives for doing it: "by 4th March", "no later than 1 April 2011",
    "within two weeks" (of the meeting), "by the end of the month", "by the next meeting" (when the
    paper says when that is)."""
    for found in find_dates(text, meeting_day, forward=True):
        if found.day and _DUE.search(text[: found.start]):
            return found.day
    if _END_OF_MONTH.search(text):
        following = (meeting_day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    if _NEXT_MEETING.search(text):
        return next_meeting
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
    upcoming = next_meeting_day(meeting, findings)  # for "by the next meeting"
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
                _resolution_action(clause, minute, meeting, resolution.line, findings, upcoming)
        columns: dict[str, int] | None = None
        for number, paragraph in minute.paragraphs:
            if "\t" in paragraph:
                cells = [c.strip() for c in paragraph.split("\t")]
                heads = {c.casefold().strip(" :"): i for i, c in enumerate(cells)}
                if "action" in heads or "actions" in heads:
                    columns = {
                        "action": heads.get("action", heads.get("actions", 0)),
                        "owner": next((i for h, i in heads.items() if h in _OWNER_HEADS), -1),
                        "due": next((i for h, i in heads.items() if h in _DUE_HEADS), -1),
                    }
                    continue
                if columns is not None:
                    _table_action(cells, columns, minute, meeting, number, findings, upcoming)
                    continue
            columns = None
            owner_only = _OWNER_ONLY.match(paragraph.strip())
            if owner_only and minute.resolutions:
                _owned_resolution(owner_only.group("who"), minute, meeting, number, findings, upcoming)
                continue
            for sentence in sentences(paragraph):
                _discussion_action(sentence, minute, meeting, number, findings, upcoming)


_OWNER_HEADS = {"owner", "who", "lead", "by whom", "responsible", "responsibility", "officer", "lead officer"}
_DUE_HEADS = {"due", "by when", "deadline", "date", "target date", "when", "due date", "timescale"}
_INITIALS = r"[A-Z]{2,4}"
_ONE_OWNER = rf"(?:{_INITIALS}|(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,3}})"
# "Action: RK", an ACTION column's "Cath North": who takes the minute's decision forward.
_OWNER_ONLY = re.compile(rf"^(?i:actions?)\s*[:–—-]\s*(?P<who>{_ONE_OWNER}(?:\s*(?:,|and|&)\s*{_ONE_OWNER})*)\.?$")
# "Sarah Quinn to draft …", "Keith Marr and Olu Adeyemi to arrange …", "Claire Dunn will report …", "JB to …"
_TO_DO = re.compile(
    rf"^(?:[-•*]\s*)?(?P<who>{_ONE_OWNER}(?:\s*(?:,|and|&)\s*{_ONE_OWNER})*)\s+(?:to|will|is\s+to|are\s+to)\s+"
    rf"(?P<what>(?:{_VERBS})\b.+)$"
)


def _owners_said(who: str) -> bool:
    """Every part of "A and B" is a person's name, their initials, or a role ("the Clerk")."""
    parts = [p.strip() for p in re.split(r"\s*(?:,|\band\b|&)\s*", who) if p.strip()]
    return bool(parts) and all(
        looks_like_name(p) or re.fullmatch(_INITIALS, p) or (p.lower().startswith("the ") and len(p.split()) <= 5)
        for p in parts
    )


def _owned_resolution(
    who: str, minute: FoundMinute, meeting: FoundMeeting, line: int, findings: Findings, upcoming: date | None
) -> None:
    """ "Action: RK" under a decision: the decision is the action, and RK its owner."""
    if not _owners_said(who):
        return
    resolution = minute.resolutions[-1]
    if any(a.line == resolution.line for a in findings.actions):
        return  # the decision already asked someone to act
    what = re.sub(r"^that\s+", "", resolution.text.strip(), flags=re.I)
    findings.actions.append(
        FoundAction(
            _sentence(what), line, meeting.day, minute.number, who.strip(), due_date(what, meeting.day, upcoming)
        )
    )


def _table_action(
    cells: list[str],
    columns: dict[str, int],
    minute: FoundMinute,
    meeting: FoundMeeting,
    line: int,
    findings: Findings,
    upcoming: date | None,
) -> None:
    """A row of an actions table under a minute: action, owner, due."""

    def cell(name: str) -> str:
        at = columns[name]
        return cells[at] if 0 <= at < len(cells) else ""

    what = cell("action")
    if not re.search(r"[A-Za-z]{3}", what):
        return
    owner = cell("owner") or None
    due = due_date(f"by {cell('due')}", meeting.day, upcoming) if cell("due") else None
    findings.actions.append(FoundAction(_sentence(what), line, meeting.day, minute.number, owner, due))


def _resolution_action(
    clause: str, minute: FoundMinute, meeting: FoundMeeting, line: int, findings: Findings, upcoming: date | None
) -> None:
    match = _REQUEST.match(clause) or _SUBJUNCTIVE.match(clause)
    if not match or _NOT_OWNERS.match(match.group("owner").strip()):
        return
    what = match.group("what")
    if re.match(r"^(?:the|a|an|this|that|its|their|next|future|meetings?)\b", what, re.I):
        return  # "be invited to the next meeting": asked along, not asked to act
    owner = _owner(match.group("owner"))
    findings.actions.append(
        FoundAction(_sentence(what), line, meeting.day, minute.number, owner, due_date(what, meeting.day, upcoming))
    )


def _discussion_action(
    sentence: str, minute: FoundMinute, meeting: FoundMeeting, line: int, findings: Findings, upcoming: date | None
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
            FoundAction(_sentence(text), line, meeting.day, minute.number, owner, due_date(text, meeting.day, upcoming))
        )
        if owner is None:
            findings.doubt(line, f"minute {minute.number}: an ACTION without an owner I can find")
        return
    to_do = _TO_DO.match(sentence.strip())
    if to_do and _owners_said(to_do.group("who")):
        what = to_do.group("what")
        findings.actions.append(
            FoundAction(
                _sentence(what),
                line,
                meeting.day,
                minute.number,
                to_do.group("who").strip(),
                due_date(what, meeting.day, upcoming),
            )
        )
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
            due_date(match.group("what"), meeting.day, upcoming),
        )
    )
