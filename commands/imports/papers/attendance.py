"""Who was at a meeting, as minutes and notes record it: the attendance labels of the genre and
the people listed under them — members, substitutes ("X substituting for Y"), observers, officers
and apologies."""

from __future__ import annotations

import re

from commands.imports.papers.found import FoundAttendance
from commands.imports.papers.wording import bare_name, leading_name, looks_like_name, person_line

# The genre's attendance labels, each alone on its line or followed by the names on the same
# line ("Apologies: A, B"): the label decides the kind, so nobody under Apologies is ever present.
_LABELS = [
    (r"apologies(?:\s+for\s+absence)?(?:\s+(?:were\s+)?received\s+from)?", "apologies"),
    (r"absent", "absent"),  # absent without apologies: not attendance the paper records
    (r"substitutes?(?:\s+(?:for\s+)?members?)?|substitute\s+members?|deputies", "substitute"),
    (r"observers?", "observer"),
    (
        r"in\s+attendance|also\s+(?:present|in\s+attendance|attending)|(?:support\s+)?officers?(?:\s+in\s+attendance"
        r"|\s+present)?|officials?|advis[eo]rs?|support\s+officers?/advis[eo]rs",
        "officer",
    ),
    (
        r"(?:(?:board|committee|panel|forum|partnership)\s+)?members?(?:\s+present)?|present|attendees|attendance"
        r"|panel",
        "present",
    ),
    (r"cc|distribution|copy\s+to|circulation(?:\s+list)?", "stop"),
]
_SECTION = re.compile(
    r"^(?:" + "|".join(f"(?P<k{i}>{pattern})" for i, (pattern, _) in enumerate(_LABELS)) + r")\b\s*(?:[:–—-]\s*|$)",
    re.I,
)


def attendance_label(text: str) -> tuple[str, str] | None:
    """(kind, what follows the label on the line) when a line begins with an attendance label."""
    match = _SECTION.match(text.strip())
    if not match:
        return None
    kind = next(_LABELS[i][1] for i in range(len(_LABELS)) if match.group(f"k{i}"))
    rest = text.strip()[match.end() :].strip(" :–—-")
    if not rest and not re.search(r"[:–—-]\s*$", text.strip()) and len(text.strip()) > 40:
        return None
    return kind, rest


RECEIVED = re.compile(r"apologies(?: for absence)?.*?\breceived\b(?:\s+(?:from|on behalf of))?\s*:?\s*", re.I)
_SUBSTITUTING = re.compile(
    r"\s+(?:substituting|deputising|standing in)\s+for\s+|\s+\(sub(?:stitute)?\.?\s+for\s+", re.I
)


def people_in(text: str, kind: str, number: int) -> list[FoundAttendance]:
    """People in one attendance line or a paragraph listing several ("A – Org, B – Org, Cllr C")."""
    found: list[FoundAttendance] = []
    if "substitut" in text.lower() or "deputis" in text.lower() or "standing in" in text.lower():
        parts = _SUBSTITUTING.split(text, maxsplit=1)
        if len(parts) == 2:
            substitute = person_line(parts[0])
            absent = leading_name(parts[1]) or (person_line(parts[1]) or (None,))[0]
            if substitute:
                detail = parts[1][len(absent) :].strip(" –-,") if absent and parts[1].startswith(absent) else None
                found.append(
                    FoundAttendance(
                        substitute[0], "substitute", number, substitute_for=absent, organisation=detail or substitute[1]
                    )
                )
                return found
    pieces = [text] if text.count(",") == 0 else _comma_people(text)
    for piece in pieces:
        person = person_line(piece)
        if person:
            name, detail, bracket = person
            found.append(FoundAttendance(name, kind, number, organisation=detail, title=bracket))
    return found


def and_list(text: str) -> str:
    """ "A, B and C" → "A, B, C": the last name of a list joined by "and" is a name of its own."""
    return re.sub(r"\s+(?:and|&)\s+(?=(?:Cllr|Councillor|Dr|Prof|Mr|Mrs|Ms)?\.?\s*[A-Z][a-z])", ", ", text)


def _comma_people(text: str) -> list[str]:
    """Split a list of people at the commas that begin a new name ("Trevor Holden – Chief
    Executive, Luton Borough Council, Councillor R J Davis, …": the Council is not a person)."""
    pieces: list[str] = []
    for piece in (p.strip() for p in text.split(",")):
        if not piece:
            continue
        head = re.split(r"\s+[–—-]\s+|\s+\(", piece)[0]
        if pieces and not looks_like_name(bare_name(head)):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        else:
            pieces.append(piece)
    return pieces


class AttendanceReader:
    """The attendance a set of minutes records, paragraph by paragraph: the lists under their labels
    before the first minute, and the names an apologies minute gives."""

    def __init__(self) -> None:
        self.kind = "present"

    def before_minutes(self, number: int, text: str) -> list[FoundAttendance]:
        """The people in one paragraph before the first minute (a label sets the kind that follows)."""
        label = attendance_label(text) if self.kind != "stop" else None
        if label:
            self.kind, text = label
            if not text:
                return []
        if self.kind in ("absent", "stop"):
            return []
        found: list[FoundAttendance] = []
        for piece in re.split(r";\s*", text):
            found.extend(people_in(and_list(piece), self.kind, number))
        return found

    def in_apologies_minute(self, number: int, text: str) -> tuple[list[FoundAttendance], str]:
        """The people sending apologies in one paragraph of an apologies minute, and what the paragraph
        is: "list" (only names), "sentence" (apologies were received from …: discussion too, and the
        names may follow) or "ended" (the minute has moved on to discussion)."""
        received = RECEIVED.search(text)
        names_text = text[received.end() :] if received else text
        people = people_in(and_list(names_text.strip(" .:")), "apologies", number) if names_text.strip() else []
        if received:
            return people, "sentence"
        if people and looks_like_name(bare_name(re.split(r"\s+[–—-]\s+|,", names_text)[0])):
            return people, "list"
        return [], "ended"
