"""Finding the indicator someone means: `NI 151`, `ni151`, `151`, `NI 0151`, `LI 1` or words of its
title (`employment rate`, `antisocial`), and close guesses when nothing matches."""

from __future__ import annotations

import difflib
import re

from storage.tables import Indicator

# A code as people type it: letters (or none) then a number, leading zeros and spaces optional.
_CODE = re.compile(r"^([a-z]{1,5})?\s*-?\s*0*(\d{1,6})$", re.IGNORECASE)
# Words too common in titles to tell indicators apart; used only when the query has others.
_COMMON = {"the", "of", "and", "a", "an", "in", "for", "to", "by", "per", "on", "rate", "ni", "indicator"}


def code_parts(code: str) -> tuple[str, int] | None:
    """ "NI 151" → ("NI", 151), "LI 01" → ("LI", 1); None for a code not shaped so."""
    match = _CODE.match(code.strip())
    return ((match[1] or "").upper(), int(match[2])) if match else None


def code_order(code: str) -> tuple[int, str, int, str]:
    """NI 15 before NI 151 before NI 16: numbers in order, not as text."""
    parts = code_parts(code)
    return (0, parts[0], parts[1], "") if parts else (1, "", 0, code.casefold())


def _words(text: str) -> set[str]:
    """A title's words, and each hyphenated pair joined too, so `antisocial` finds `anti-social`."""
    text = text.casefold()
    return set(re.findall(r"\w+", text)) | set(re.findall(r"\w+", text.replace("-", "")))


def tokens_of(query: str) -> list[str]:
    tokens = re.findall(r"\w+", query.casefold())
    telling = [t for t in tokens if t not in _COMMON]
    return telling or tokens


def find(indicators: list[Indicator], query: str) -> list[Indicator]:
    """Every indicator the query could mean: one, several (the caller asks which), or none."""
    query = " ".join(query.split())
    wanted = code_parts(query)
    if wanted:
        prefix, number = wanted
        same = [
            i
            for i in indicators
            if (parts := code_parts(i.code)) and parts[1] == number and (not prefix or parts[0] == prefix)
        ]
        # A bare number, or a number after a prefix codes have, is only ever a code: "1" and "NI 1"
        # must not find every title with a 1 in it.
        if same or not prefix or prefix in {p[0] for i in indicators if (p := code_parts(i.code))}:
            return same
    exact = [i for i in indicators if " ".join(i.code.split()).casefold() == query.casefold()]
    if exact:
        return exact
    tokens = tokens_of(query)
    if not tokens:
        return []
    return [
        i
        for i in indicators
        if all(
            any(word.startswith(t) for word in _words(f"{i.code} {''.join(i.code.split())} {i.title}")) for t in tokens
        )
    ]


def suggestions(indicators: list[Indicator], query: str, limit: int = 3) -> list[Indicator]:
    """Indicators whose titles have words close to the query's (a typo, a near miss), best first."""
    tokens = [t for t in tokens_of(re.sub(r"<[^>]*>", " ", query)) if len(t) > 3]  # not a pasted mention
    scored = []
    for indicator in indicators:
        words = [w for w in _words(indicator.title) if len(w) > 3]
        score = sum(1 for t in tokens if difflib.get_close_matches(t, words, n=1, cutoff=0.75))
        if score:
            scored.append((-score, code_order(indicator.code), indicator))
    best = min((s[0] for s in scored), default=0)  # only the closest: two words right beat one
    return [indicator for score, _, indicator in sorted(scored, key=lambda s: s[:2]) if score == best][:limit]
