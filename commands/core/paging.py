"""Long lists shown a page at a time in Slack, with a *More* button; whole in the console.

Block Kit allows 50 blocks a message (100 on Home) and 3000 characters a text: a page is kept
well inside that, and the button carries the command and the next page number, so pressing it
re-runs the same command for the next page. Nothing is cut off silently.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from commands.core.context import Context

PER_PAGE = 15


@dataclass
class Page:
    items: list[Any]
    number: int
    first: int  # 1-based position of the first item shown
    total: int
    more: str | None  # the *More* button's value, when there is more

    def view(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "first": self.first,
            "last": self.first + len(self.items) - 1,
            "total": self.total,
            "more": self.more,
        }


def page_of(ctx: Context, items: Sequence[Any], per_page: int = PER_PAGE) -> Page:
    if ctx.surface == "console":
        return Page(list(items), 1, 1, len(items), None)
    number = max(1, ctx.page)
    start = (number - 1) * per_page
    if start >= len(items) and items:
        number, start = 1, 0  # a stale button for a list that has since shrunk: start again
    shown = list(items[start : start + per_page])
    more = None
    if start + per_page < len(items):
        more = more_value(ctx.text, number + 1)
    return Page(shown, number, start + 1, len(items), more)


def more_value(text: str, page: int) -> str:
    return json.dumps({"text": text, "page": page})


MAX_PAGE = 10_000  # far past any list's end; a button asking for more was not made by us


def read_more_value(value: str) -> tuple[str, int] | None:
    """The command and page a *More* button carries; None for a value the bot did not make (a page
    that is not a whole number from 1 to MAX_PAGE: `Infinity`, `1e400`, 2^63, "2")."""
    try:
        data = json.loads(value)
        text, page = data["text"], data["page"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    if not isinstance(text, str) or isinstance(page, bool) or not isinstance(page, int):
        return None
    if not 1 <= page <= MAX_PAGE:
        return None
    return text[:1000], page
