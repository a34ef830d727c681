"""Characters no one sees, taken out of names and titles before others are shown them (issue 13).

Zero-width characters make two names that look alike different ("Bren McGowan" and "Bren\u200bMcGowan"),
and bidirectional controls (right-to-left override, embeddings, isolates, the direction marks)
make text display in another order than it reads ("…\u202egpj.exe" shows as "…exe.jpg"). Neither
belongs in a meeting's venue, an action's description or a person's name, so they are removed.
The two joiners (ZWJ, ZWNJ) are kept only between non-Latin letters or symbols, where they do
work: Persian and Indic spellings, and emoji sequences like 👩‍💻.
"""

from __future__ import annotations

import re

_ALWAYS = re.compile("[\u200b\u2060\u2061-\u2064\ufeff\u180e\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_JOINER = re.compile("[\u200c\u200d]")
_ANY = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u180e\u061c\u202a-\u202e\u2066-\u2069]")


def _works_here(text: str, at: int) -> bool:
    """A joiner at `at` does work if both neighbours are non-ASCII, non-space characters."""
    before, after = text[at - 1 : at], text[at + 1 : at + 2]
    return bool(before and after) and not (before.isascii() or after.isascii() or before.isspace() or after.isspace())


def visible(text: str) -> str:
    """`text` without zero-width characters and bidirectional controls (joiners kept where they join)."""
    if not _ANY.search(text):  # the usual case, at the cost of one scan
        return text
    text = _ALWAYS.sub("", text)
    if not _JOINER.search(text):
        return text
    return "".join(c for i, c in enumerate(text) if not _JOINER.match(c) or _works_here(text, i))
