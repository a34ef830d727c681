"""Who was at a meeting, as minutes and notes record it: the attendance labels of the genre and
the people listed under them — members, substitutes ("X substituting for Y"), observers, officers
and apologies."""

from __future__ import annotations

import re

from commands.imports.papers.found import FoundAttendance
from commands.imports.papers.wording import bare_name, leading_name, looks_like_name, person_line, sentences

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


RECEIVED = re.compile(
    r"apologies(?: for absence)?.*?\breceived\b(?:\s+and\s+(?:accepted|noted|approved))?(?:\s+(?:from|on behalf of))?"
    r"\s*:?\s*",
    re.I,
)
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


# A table's header cells: which column holds the name, the organisation, or a kind of attendance.
_NAME_HEADERS = {"name", "names", "member", "members", "attendee", "attendees", "person"}
_DETAIL_HEADERS = {
    "organisation",
    "organization",
    "representing",
    "agency",
    "partner",
    "body",
    "role",
    "title",
    "position",
    "job title",
    "designation",
    "sector",
    "organisation/role",
    "role/organisation",
}
# "Lisa Tran (for Martin Hale)", "Jo Bell (JB for Dave Rich)": a substitute, and whom they stand for.
_FOR_IN_BRACKETS = re.compile(r"\((?:[A-Z]{1,4}\s+)?for\s+([^()]+)\)", re.I)
# "Ben Ward – Jim Ogden substituted": the member, then who came instead.
_SUBSTITUTED = re.compile(
    r"^(?P<member>.+?)\s+[–—-]\s+(?P<substitute>.+?)\s+(?:substituted|substituting|deputised|attended)\.?$", re.I
)
_ATTENDED_FOR = re.compile(
    r"^(?P<substitute>.+?)\s+(?:attended|was\s+present)\s+as\s+(?:a\s+)?(?:substitute|deputy)\s+for\s+(?P<member>.+?)\.?$",
    re.I,
)


def _substitute(text: str, number: int) -> FoundAttendance | None:
    """One person standing in for another, however the genre writes it; None if the text says no such thing."""
    bracket = _FOR_IN_BRACKETS.search(text)
    if bracket:
        person = person_line(_FOR_IN_BRACKETS.sub("", text, count=1))
        member = leading_name(bracket.group(1)) or bare_name(bracket.group(1))
        if person and looks_like_name(member):
            return FoundAttendance(person[0], "substitute", number, substitute_for=member, organisation=person[1])
    for pattern in (_SUBSTITUTED, _ATTENDED_FOR):
        match = pattern.match(text.strip())
        if match:
            substitute = leading_name(match.group("substitute")) or bare_name(match.group("substitute"))
            member = leading_name(match.group("member")) or bare_name(match.group("member"))
            if looks_like_name(substitute) and looks_like_name(member):
                return FoundAttendance(substitute, "substitute", number, substitute_for=member)
    return None


_BROKEN_NAME = re.compile(
    r"(?:[,;]|\band)\s+((?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Prof|Sir|Dame)\.?\s+)?[A-Z][A-Za-z'’-]+)$"
)


class AttendanceReader:
    """The attendance a set of minutes records, paragraph by paragraph: the lists under their labels
    before the first minute — lines, comma lists, sentences, or a table's rows — and the names an
    apologies minute gives."""

    def __init__(self) -> None:
        self.kind = "present"
        self.carry = ""  # the first part of a name the line broke
        self.columns: list[str | None] | None = None  # a table's columns: "name", "detail", a kind, or None

    def before_minutes(self, number: int, text: str) -> list[FoundAttendance]:
        """The people in one paragraph before the first minute (a label sets the kind that follows)."""
        if "\t" in text:
            return self._row(number, [c.strip() for c in text.split("\t")])
        self.columns = None
        label = attendance_label(text) if self.kind != "stop" else None
        if label:
            self.kind, text = label
            self.carry = ""
            if not text:
                return []
        if self.kind in ("absent", "stop"):
            return []
        text, self.carry = f"{self.carry} {text}".strip(), ""
        # A name broken across lines ("…; Annette" / "Baird (AB), …"): its first part waits for the rest.
        broken = _BROKEN_NAME.search(text)
        if broken and len(bare_name(broken.group(1)).split()) == 1:
            text, self.carry = text[: broken.start(1)].rstrip(" ,;"), broken.group(1)
        return self._people(number, text, self.kind)

    def _people(self, number: int, text: str, kind: str) -> list[FoundAttendance]:
        found: list[FoundAttendance] = []
        for sentence in sentences(text) if re.search(r"[a-z]\.\s+[A-Z]", text) else [text]:
            standing_in = _substitute(sentence, number)
            if standing_in is not None:
                found.append(standing_in)
                continue
            received = RECEIVED.search(sentence)
            if received:
                sentence, kind = sentence[received.end() :], "apologies"
            for piece in re.split(r";\s*", sentence.strip(" .")):
                for person in people_in(and_list(piece), kind, number):
                    found.append(_substitute(piece, number) or person if "for" in piece else person)
        return found

    def _row(self, number: int, cells: list[str]) -> list[FoundAttendance]:
        """A table row: a header row says what each column holds; a label in the first cell sets the
        kind; otherwise the name cell is the person and the next cell their organisation or role."""
        heads = [c.casefold().strip(" :") for c in cells]
        kinds = [attendance_label(c) for c in cells]
        if any(heads) and all(
            h in _NAME_HEADERS | _DETAIL_HEADERS or (k and not k[1]) or not h for h, k in zip(heads, kinds, strict=True)
        ):
            self.columns = [
                "name" if h in _NAME_HEADERS else "detail" if h in _DETAIL_HEADERS else (k[0] if k else None)
                for h, k in zip(heads, kinds, strict=True)
            ]
            named_kinds = [c for c in self.columns if c not in ("name", "detail", None)]
            if len(named_kinds) == 1 and "detail" in self.columns:  # "Present\tOrganisation"
                self.kind = named_kinds[0]
                self.columns = ["name" if c == self.kind else c for c in self.columns]
            return []
        if self.kind in ("absent", "stop") and not (kinds[0] and kinds[0][0] not in ("absent", "stop")):
            return []
        if kinds[0] is not None and self.columns is None:
            self.kind = kinds[0][0]
            rest = [kinds[0][1], *cells[1:]]
            return self._people(number, ", ".join(c for c in rest if c), self.kind) if any(rest) else []
        columns = self.columns or ["name", "detail"]
        found: list[FoundAttendance] = []
        kind_columns = [(i, c) for i, c in enumerate(columns) if c not in ("name", "detail", None)]
        if kind_columns and "name" not in columns:  # "Present\tApologies": each column a kind
            for i, kind in kind_columns:
                if i < len(cells) and cells[i] and kind not in ("absent", "stop"):
                    found.extend(self._people(number, cells[i], kind))
            return found
        name_at = columns.index("name") if "name" in columns else 0
        if name_at >= len(cells) or not cells[name_at]:
            return []
        detail = next((cells[i] for i, c in enumerate(columns) if c == "detail" and i < len(cells) and cells[i]), None)
        people = self._people(number, cells[name_at], self.kind)
        if len(people) == 1 and detail and not people[0].organisation:
            people[0].organisation = detail
        return people

    def in_apologies_minute(self, number: int, text: str) -> tuple[list[FoundAttendance], str]:
        """The people sending apologies in one paragraph of an apologies minute, and what the paragraph
        is: "list" (only names), "sentence" (apologies were received from …: discussion too, and the
        names may follow) or "ended" (the minute has moved on to discussion)."""
        if RECEIVED.search(text):
            return self._people(number, text, "apologies"), "sentence"
        standing_in = _substitute(text.strip(), number)
        if standing_in is not None:
            return [standing_in], "sentence"
        names_text = text
        people = people_in(and_list(names_text.strip(" .:")), "apologies", number) if names_text.strip() else []
        if people and looks_like_name(bare_name(re.split(r"\s+[–—-]\s+|,", names_text)[0])):
            return people, "list"
        return [], "ended"
