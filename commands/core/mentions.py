"""Slack's encoded mentions in command text (the manifest turns on escaping for /forum)."""

from __future__ import annotations

import re

USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")


def user_id(word: str) -> str | None:
    match = USER.match(word.strip())
    return match.group(1) if match else None


def channel_id(word: str) -> str | None:
    match = CHANNEL.match(word.strip())
    return match.group(1) if match else None
