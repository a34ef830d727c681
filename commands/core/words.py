"""Splitting power-user shortcuts into their parts: quoted text, mentions, keyword clauses.

`add action "Report comments" @bren due next friday board forum` →
quoted=["Report comments"], mentions=["U0BREN001"], clauses={"due": "next friday", "board": "forum"}.
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
    mentions: list[str] = field(default_factory=list)
    clauses: dict[str, str] = field(default_factory=dict)
    loose: list[str] = field(default_factory=list)  # words before any keyword


def split(text: str, keywords: set[str]) -> Parts:
    parts = Parts()
    current: str | None = None
    for match in _TOKEN.finditer(text):
        quoted, word = match.group(1), match.group(2)
        if quoted is not None:
            parts.quoted.append(quoted.strip())
            current = None
            continue
        if mentions.user_id(word):
            parts.mentions.append(mentions.user_id(word))
            current = None
            continue
        if word.casefold() in keywords:
            current = word.casefold()
            parts.clauses.setdefault(current, "")
            continue
        if current is None:
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
