"""Small readers shared by the paper parsers: paragraphs, sentences, people's names, purposes."""

from __future__ import annotations

import re

from commands.imports.papers.text import Line

JOINING_END = re.compile(
    r"(?:\b(?:for|of|the|and|to|a|an|in|on|with|by|at|from|as|or|that|which|be|is|are|was|"
    r"were|its|their|his|her|this|these|across|between|into|than)|[,;–-])$",
    re.I,
)


def paragraphs(lines: list[Line]) -> list[tuple[int, str]]:
    """(first line, text) for each paragraph: a non-empty line, joined with the next one when a
    page break or a converter cut a sentence in two ("…marketing for" / "Luton in Harmony would…")."""
    found: list[tuple[int, str]] = []
    broken = False
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if found and broken and not re.match(r"^(?:[-•*]\s|\(?(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s)", text):
            number, previous = found[-1]
            found[-1] = (number, f"{previous} {text}")
        else:
            found.append((line.number, text))
        last = found[-1][1]
        broken = bool(JOINING_END.search(last))
    return found


_SENTENCE_END = re.compile(r"(?<=[.!?])[)\"']?\s+(?=[A-Z(\"'])")
_ABBREVIATIONS = re.compile(r"\b(?:Cllr|Dr|Mr|Mrs|Ms|Prof|St|No|Co|Ltd|approx|e\.g|i\.e|etc|para|paras|Ref)\.$", re.I)


def sentences(text: str) -> list[str]:
    parts, current = [], ""
    for piece in _SENTENCE_END.split(text):
        current = f"{current} {piece}".strip() if current else piece
        if _ABBREVIATIONS.search(current) or re.search(r"\b[A-Z]\.$", current):
            continue  # "D. Reed", "Cllr. Davis": not the end of a sentence
        parts.append(current)
        current = ""
    if current:
        parts.append(current)
    return parts


# --- people -------------------------------------------------------------------------------

# Titles and ranks written before a name: civic, academic, religious, police and fire ranks.
_HONORIFIC = re.compile(
    r"^(?:(?:cllr|cllrs|councillor|councillors|county\s+cllr|county\s+councillor|district\s+cllr|"
    r"district\s+councillor|borough\s+cllr|parish\s+cllr|dr|prof|professor|mr|mrs|ms|miss|mx|sir|dame|"
    r"rev|revd|reverend|rt\s+revd|canon|father|the\s+rt\s+hon|rt\s+hon|lord|lady|baroness|baron|"
    r"chief\s+superintendent|superintendent|chief\s+inspector|inspector|chief\s+constable|"
    r"deputy\s+chief\s+constable|assistant\s+chief\s+constable|ch\s+supt|c/supt|supt|det\s+supt|"
    r"det\s+ch\s+supt|det\s+insp|insp|sgt|sergeant|pcso|pc|dc|ds|di|dci|dcs|acc|dcc|"
    r"chief\s+fire\s+officer|deputy\s+chief\s+fire\s+officer|assistant\s+chief\s+fire\s+officer|"
    r"cfo|dcfo|acfo|alderman|ald)\.?\s+)+",
    re.I,
)
_POSTNOMINAL = re.compile(
    r"(?:,?\s+(?:MBE|OBE|CBE|KBE|DBE|QC|KC|JP|QPM|MP|MEP|MSP|AM|DL|BEM|FRSA|FRCP|FRCS|FRCGP|FCA|PhD|MA|BA|BSc|MSc|"
    r"MPhil|MD|RGN|RN))+$"
)
# Words that name an organisation or a place of work, never part of a person's name: an
# organisation or a heading is never a person ("Jobcentre Plus", "Kelby Voluntary Action").
ORGANISATION_WORDS = frozenset(
    [
        "action",
        "plus",
        "society",
        "connexions",
        "homes",
        "housing",
        "agency",
        "centre",
        "center",
        "college",
        "colleges",
        "school",
        "schools",
        "academy",
        "service",
        "services",
        "trust",
        "trusts",
        "police",
        "constabulary",
        "fire",
        "rescue",
        "probation",
        "council",
        "councils",
        "cvs",
        "pct",
        "ccg",
        "icb",
        "nhs",
        "university",
        "hospital",
        "hospitals",
        "association",
        "network",
        "chamber",
        "commerce",
        "enterprise",
        "enterprises",
        "foundation",
        "group",
        "herald",
        "age",
        "concern",
        "jobcentre",
        "sport",
        "sports",
        "music",
        "heritage",
        "arts",
        "museum",
        "library",
        "libraries",
        "friends",
        "earth",
        "natural",
        "environment",
        "landlords",
        "shelter",
        "forum",
        "partnership",
        "board",
        "panel",
        "committee",
        "authority",
        "office",
        "offices",
        "department",
        "directorate",
        "unit",
        "team",
        "advice",
        "citizens",
        "healthwatch",
        "mind",
        "bank",
        "food",
        "women's",
        "men's",
        "youth",
        "children's",
        "carers",
        "carers'",
        "ltd",
        "limited",
        "plc",
        "cic",
        "charity",
        "alliance",
        "federation",
        "union",
        "commission",
        "commissioner",
        "company",
        "co-operative",
        "cooperative",
        "district",
        "borough",
        "county",
        "city",
        "town",
        "village",
        "metropolitan",
        "regional",
        "national",
        "local",
        "community",
        "communities",
        "voluntary",
        "care",
        "health",
        "wellbeing",
        "well-being",
        "safety",
        "safer",
        "public",
        "ambulance",
        "prison",
        "prisons",
        "courts",
        "tribunal",
        "clinic",
        "surgery",
        "practice",
        "pharmacy",
        "business",
        "businesses",
        "industry",
        "industries",
        "government",
        "ministry",
        "uk",
        "gb",
    ]
)
ROLE_WORDS = frozenset(
    {
        "manager",
        "chair",
        "chairs",
        "chairman",
        "chairwoman",
        "officer",
        "officers",
        "group",
        "board",
        "boards",
        "partners",
        "partner",
        "services",
        "service",
        "director",
        "team",
        "council",
        "forum",
        "assembly",
        "partnership",
        "lsp",
        "head",
        "executive",
        "chief",
        "leader",
        "members",
        "member",
        "coordinator",
        "co-ordinator",
        "lead",
        "secretary",
        "clerk",
        "trust",
        "authority",
        "police",
        "nhs",
        "pct",
        "college",
        "university",
        "committee",
        "network",
        "association",
        "organisations",
        "organisation",
        "agencies",
        "agency",
        "all",
        "each",
        "every",
        "engagement",
        "community",
        "consultation",
        "development",
        "democratic",
        "strategic",
        "planning",
        "policy",
        "performance",
        "public",
        "health",
        "deputy",
        "principal",
        "senior",
        "representative",
        "representatives",
        "commission",
        "department",
        "unit",
        "sub",
        "working",
        "steering",
        "luton",
        "bedfordshire",
        "government",
        "advisor",
        "adviser",
        "advisors",
        "advisers",
        "support",
        "vice-chair",
        "vice",
        "substituting",
        "for",
    }
)


def bare_name(text: str) -> str:
    """ "Councillor Hazel Simmons", "Neville White MBE", "Cllr Hazel Simmons (Chair)" → the name."""
    text = re.sub(r"\s*\([^)]*\)\s*", " ", text).strip(" ,;.:–-")
    text = _HONORIFIC.sub("", text)
    return _POSTNOMINAL.sub("", text).strip(" ,;.:–-")


_FUNCTION_WORDS = frozenset(
    [
        "that",
        "the",
        "and",
        "of",
        "to",
        "in",
        "on",
        "at",
        "with",
        "by",
        "from",
        "a",
        "an",
        "as",
        "it",
        "this",
        "these",
        "those",
        "was",
        "were",
        "is",
        "be",
    ]
)


def looks_like_name(text: str) -> bool:
    """A person's name ("Sarah Allen", "D. Reed", "R J Davis", "David Oakley-Hill", "Bren McGowan"),
    not a role or a group ("the LSP Manager", "Chairs of Theme Board", "Luton Assembly")."""
    words = bare_name(text).split()
    if not 2 <= len(words) <= 4:
        return False
    if {w.casefold().strip(".,") for w in words} & ROLE_WORDS:
        return False
    if {w.casefold().strip(".,") for w in words} & (ORGANISATION_WORDS | _FUNCTION_WORDS):
        return False  # "Jobcentre Plus", "Kelby Voluntary Action": an organisation; "That Dr …": a sentence
    return all(
        re.match(r"^(?:[A-Z]\.?|[A-Z][a-z]*(?:[A-Z'][a-z]+)*(?:-[A-Z][a-z]+)*\.?|O'[A-Z][a-z]+)$", w) for w in words
    ) and not all(re.match(r"^[A-Z]\.?$", w) for w in words)


def is_organisation(text: str) -> bool:
    """ "Harrowfield Council", "Age Concern Harrowfield", "NHS Tarnside": written as an
    organisation (one of its words names a kind of organisation, or it is in capitals)."""
    words = [w.casefold().strip(".,()") for w in bare_name(text).split()]
    return bool(set(words) & (ORGANISATION_WORDS | ROLE_WORDS)) or bool(re.fullmatch(r"[A-Z]{2,6}", text.strip()))


def leading_name(text: str) -> str | None:
    """The name a phrase begins with: "Gerry Taylor Director of Public Health" → "Gerry Taylor"."""
    words = bare_name(text).split()
    taken: list[str] = []
    for word in words:
        if word.casefold().strip(".,") in ROLE_WORDS or not re.match(r"^[A-Z][\w'.-]*$", word):
            break
        taken.append(word.strip(","))
        if word.endswith(",") or len(taken) == 4:
            break
    name = " ".join(taken)
    return name if looks_like_name(name) else None


_DASH = re.compile(r"\s+[–—-]\s+|\s+[–—]|[–—]\s+")


def person_line(text: str) -> tuple[str, str | None, str | None] | None:
    """ "Name – Organisation – Role", "Name - Role, Organisation", "Name (Chair)": (name, organisation
    or role text, what was in brackets); None if the line does not begin with a person's name."""
    bracket = re.search(r"\(([^)]*)\)", text)
    parts = [p.strip(" ,;.") for p in _DASH.split(text) if p.strip(" ,;.")]
    if not parts:
        return None
    head = parts[0]
    if "," in head and not looks_like_name(head):
        head, rest = head.split(",", 1)
        parts = [head, rest.strip(), *parts[1:]]
    name = bare_name(head)
    if not looks_like_name(name):
        name = leading_name(head) or ""
        if not name:
            return None
    detail = " – ".join(parts[1:]) or None
    if detail:
        detail = re.sub(r"\s*\([^)]*\)", "", detail).strip() or None
    return name, detail, bracket.group(1).strip() if bracket else None


# --- purposes and papers --------------------------------------------------------------------

_PURPOSE_WORDS = {
    "information": "information",
    "noting": "information",
    "note": "information",
    "discussion": "discussion",
    "comment": "discussion",
    "comments": "discussion",
    "consideration": "discussion",
    "debate": "discussion",
    "consultation": "discussion",
    "decision": "decision",
    "agreement": "decision",
    "approval": "decision",
    "endorsement": "decision",
    "adoption": "decision",
    "ratification": "decision",
    "action": "decision",
}
_RANK = {"information": 0, "discussion": 1, "decision": 2}
_PURPOSE = re.compile(
    r"\bfor\s*:?\s+((?:(?:information|noting|discussion|comments?|consideration|debate|consultation|"
    r"decision|agreement|approval|endorsement|adoption|ratification)\b(?:\s*(?:,|and|/|&|or)\s*)?)+)",
    re.I,
)


def purpose_of(text: str) -> str | None:
    """ "For information and discussion." → discussion; "For discussion and agreement" → decision:
    the most a paper asks of the meeting. None when it names none, or offers all three as a form
    ("FOR: Decision / Discussion / Information")."""
    match = _PURPOSE.search(text)
    if not match:
        return None
    found = {
        _PURPOSE_WORDS[w.casefold()] for w in re.findall(r"[A-Za-z]+", match.group(1)) if w.casefold() in _PURPOSE_WORDS
    }
    if not found or ("/" in match.group(1) and len(found) == 3):
        return None
    return max(found, key=_RANK.__getitem__)


def paper_kind(text: str) -> str | None:
    """The paper that goes with an item, from "(Report attached)", "(Presentation)", "(Report to
    follow)", "(Minutes attached)", "verbal update"."""
    lowered = text.casefold()
    if "to follow" in lowered:
        return "to_follow"
    if re.search(r"\b(?:verbal|oral)\b", lowered):
        return "verbal"
    if re.search(r"\bpresentation\b", lowered) and not re.search(r"\b(?:report|minutes|paper)s?\b", lowered):
        return "presentation"
    if re.search(r"\b(?:attached|enclosed|report|minutes|paper|circulated)\b", lowered):
        return "report"
    return None
