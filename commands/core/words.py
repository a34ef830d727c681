"""Splitting power-user shortcuts into their parts: quoted text, mentions, keyword clauses.

`add action "Report comments" <@U0BREN001> due next friday board forum` →
quoted=["Report comments"], mentions=["U0BREN001"], people=["<@U0BREN001>"],
clauses={"due": "next friday", "board": "forum"}. A typed `@Lisa Jerome` (not picked from Slack's
autocomplete, so plain text) gives people=["@Lisa Jerome"]: the words after the `@` up to the next
keyword or quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commands.core import mentions

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


@dataclass
class Parts:
    quoted: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)  # Slack user ids of encoded mentions
    people: list[str] = field(default_factory=list)  # every mention as typed, for resolve_person
    clauses: dict[str, str] = field(default_factory=dict)
    loose: list[str] = field(default_factory=list)  # words before any keyword


def split(text: str, keywords: set[str]) -> Parts:
    parts = Parts()
    current: str | None = None
    typing_name = False  # inside a typed `@Full Name`
    for match in _TOKEN.finditer(text):
        quoted: str | None = match.group(1)
        if quoted is not None:
            parts.quoted.append(quoted.strip())
            current, typing_name = None, False
            continue
        word = str(match.group(2)).strip('"')  # a quote left open ("Book the room) is not part of the words
        if not word:
            continue
        if slack_id := mentions.user_id(word):
            parts.mentions.append(slack_id)
            parts.people.append(word)
            current, typing_name = None, False
            continue
        if mentions.typed_name(word):
            parts.people.append(word)
            current, typing_name = None, True
            continue
        if word.casefold() in keywords:
            current, typing_name = word.casefold(), False
            parts.clauses.setdefault(current, "")
            continue
        if typing_name:
            parts.people[-1] = f"{parts.people[-1]} {word}"
        elif current is None:
            parts.loose.append(word)
        else:
            parts.clauses[current] = f"{parts.clauses[current]} {word}".strip()
    return parts


def parse_time(text: str) -> tuple[int, int] | None:
    """ "14:00", "2pm", "2:00 pm", "2.00 pm" → (14, 0); None when it isn't a time of day."""
    match = _TIME.match(text.strip().replace(" ", "") if text else "")
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group(2) is None:
        return None  # a bare "2" is not a time
    if hour > 23 or minute > 59:
        return None
    return hour, minute
