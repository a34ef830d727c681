"""Jinja2 templates that turn a Reply into Block Kit (for Slack) and plain text (console, fallbacks).

Block templates build Python lists of blocks and end in `blocks | tojson`, so user text is never
pasted into JSON by hand; every string shown as mrkdwn goes through the `mrkdwn` filter first.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from commands.core.invisible import visible
from commands.core.reply import Reply
from templates.blocks import BUILDERS

HERE = Path(__file__).parent
SECTION_LIMIT = 3000  # Block Kit's limit on a section's text
HEADER_LIMIT = 150  # … and on a header's


def mrkdwn(value: object) -> str:
    """Escape text for Slack mrkdwn: &, < and > are the control characters (links, mentions); and
    zero-width and right-to-left override characters are taken out (commands/core/invisible.py)."""
    text = visible(str(value if value is not None else ""))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str | None, title: str) -> str:
    if not url:
        return mrkdwn(title)
    return f"<{mrkdwn(url).replace('|', '%7C')}|{mrkdwn(title)}>"


def target_text(figure: dict[str, Any]) -> str:
    """{"period": "2010/11", "value": 0.72} → "0.72 (2010/11)"."""
    return f"{figure['value']:g} ({figure['period']})"


def plain(value: object, limit: int = HEADER_LIMIT) -> str:
    text = visible(str(value if value is not None else ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sections(lines: list[str], separator: str = "\n", limit: int = SECTION_LIMIT) -> list[str]:
    """Pack lines into as few texts as fit Block Kit's section limit, splitting none silently:
    a line too long for one section is carried on in the next."""
    packed: list[str] = []
    current = ""
    for line in lines:
        while len(line) > limit:
            if current:
                packed.append(current)
                current = ""
            packed.append(line[: limit - 1] + "…")
            line = "…" + line[limit - 1 :]
        candidate = f"{current}{separator}{line}" if current else line
        if len(candidate) > limit:
            packed.append(current)
            current = line
        else:
            current = candidate
    if current:
        packed.append(current)
    return packed


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE)),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
        auto_reload=False,  # templates ship with the code: no stat() of every file on every render
    )
    env.filters.update(
        mrkdwn=mrkdwn, link=link, plain=plain, sections=sections, fromjson=json.loads, target_text=target_text
    )
    env.globals.update(BUILDERS)  # Block Kit's shapes by name: templates/blocks.py
    return env


def render_blocks(reply: Reply) -> list[dict[str, Any]]:
    text = environment().get_template(f"{reply.template}.blocks.j2").render(**reply.data)
    blocks: list[dict[str, Any]] = json.loads(text)  # the templates end in `blocks | tojson`
    return blocks


def render_text(reply: Reply) -> str:
    return environment().get_template(f"{reply.template}.txt.j2").render(**reply.data).strip()
