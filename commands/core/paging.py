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

    def view(self) -> dict:
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


def read_more_value(value: str) -> tuple[str, int] | None:
    try:
        data = json.loads(value)
        return str(data["text"])[:1000], max(1, int(data["page"]))
    except (ValueError, KeyError, TypeError):
        return None
