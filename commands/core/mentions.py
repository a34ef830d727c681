"""Mentions in command text, in every form people send them.

Slack encodes a mention picked from the autocomplete (`<@U0BREN001>`, `<@U0BREN001|bren>`; the manifest
turns on escaping for /forum); an `@Bren` or `@Bren McGowan` typed without picking arrives as plain text,
and people with no Slack account can only ever be typed.
"""

from __future__ import annotations

import re

USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$")
CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")
TYPED = re.compile(r"^@([^\s@<>]+)$")


def user_id(word: str) -> str | None:
    match = USER.match(word.strip())
    return match.group(1) if match else None


def user_label(word: str) -> str | None:
    """The name Slack put after the `|` of an encoded mention, if any: `<@U0X|bren>` → "bren"."""
    match = USER.match(word.strip())
    if match is None or not match.group(2):
        return None
    return match.group(2).strip() or None


def typed_name(word: str) -> str | None:
    """`@Bren` → "Bren"; None for a word that is not a typed mention."""
    match = TYPED.match(word.strip())
    return match.group(1) if match else None


def is_mention(word: str) -> bool:
    return bool(user_id(word) or typed_name(word))


def without_at(words: str) -> str:
    """ "@Bren McGowan" → "Bren McGowan": the name a typed mention gives."""
    return words.strip().lstrip("@").strip()


def channel_id(word: str) -> str | None:
    match = CHANNEL.match(word.strip())
    return match.group(1) if match else None
