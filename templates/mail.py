"""A reply as an e-mail's HTML part (issue 18): the Block Kit the Slack message is built from, drawn
as simple HTML by one layout (templates/email.html.j2), so an e-mail says what the DM says.

The blocks' mrkdwn is already escaped for Slack (&, < and > are entities), which is escaped for
HTML too; only its links (`<url|words>`) and its *bold*, _italic_, ~struck~ and `code` are turned
into tags here. A link goes only to http(s) and mailto addresses. Buttons that open something in
Slack have no meaning in an e-mail and are left out; a button with an address (*Add to calendar*)
becomes a link.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from commands.core.reply import Reply
from templates import HERE, render_blocks

EMOJI = {
    "alarm_clock": "⏰",
    "bar_chart": "📊",
    "bust_in_silhouette": "👤",
    "classical_building": "🏛",
    "dart": "🎯",
    "double_vertical_bar": "⏸",
    "grey_question": "❔",
    "hourglass": "⌛",
    "large_green_circle": "🟢",
    "large_orange_circle": "🟠",
    "memo": "📝",
    "red_circle": "🔴",
    "round_pushpin": "📍",
    "warning": "⚠️",
    "white_circle": "⚪",
    "x": "❌",
}
_ANGLED = re.compile(r"<([^<>]*)>")
_EMOJI = re.compile(r":([a-z0-9_+-]+):")
_STYLES = [
    (re.compile(r"`([^`\n]+)`"), "code"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), "strong"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), "em"),
    (re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])"), "s"),
]


def _safe_url(url: str) -> str | None:
    url = html.unescape(url).strip()
    return url if re.match(r"(?i)^(https?://|mailto:)", url) else None


def _styled(text: str) -> str:
    """A stretch of escaped mrkdwn with no links in it, as HTML."""
    text = _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)
    for pattern, tag in _STYLES:
        text = pattern.sub(rf"<{tag}>\1</{tag}>", text)
    return text.replace("\n", "<br>\n")


def _link(inside: str) -> str:
    target, _, words = inside.partition("|")
    if target.startswith(("@", "#", "!")):  # a mention: its words, else nothing to show
        return _styled(words) if words else ""
    url = _safe_url(target)
    shown = _styled(words) if words else html.escape(html.unescape(target))
    return f'<a href="{html.escape(url, quote=True)}">{shown}</a>' if url else shown


def mrkdwn_html(text: str) -> Markup:
    """Slack mrkdwn (as the block templates write it, user text escaped) as HTML."""
    out, last = [], 0
    for match in _ANGLED.finditer(text):
        out.append(_styled(text[last : match.start()]))
        out.append(_link(match.group(1)))
        last = match.end()
    out.append(_styled(text[last:]))
    # Whatever was not a link or a style is text, with no raw < or > (mrkdwn escaped them).
    return Markup("".join(out))


def _text(element: dict[str, Any] | None) -> Markup:
    if not element:
        return Markup("")
    if element.get("type") == "mrkdwn":
        return mrkdwn_html(str(element.get("text", "")))
    return Markup.escape(str(element.get("text", "")))


def _image(element: dict[str, Any]) -> dict[str, Any] | None:
    url = _safe_url(str(element.get("image_url", "")))
    return {"url": url, "alt": str(element.get("alt_text") or "")} if url else None


def html_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Block Kit as the layout's simple shapes: header, text (with fields), note, rule, links, image."""
    shown: list[dict[str, Any]] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            shown.append({"kind": "header", "html": _text(block.get("text"))})
        elif kind == "section":
            accessory = block.get("accessory") or {}
            links = [accessory] if accessory.get("type") == "button" and accessory.get("url") else []
            shown.append(
                {
                    "kind": "text",
                    "html": _text(block.get("text")),
                    "fields": [_text(f) for f in block.get("fields") or []],
                    "image": _image(accessory) if accessory.get("type") == "image" else None,
                }
            )
            if links:
                shown.append(_links(links))
        elif kind == "context":
            notes = [_text(e) for e in block.get("elements") or [] if e.get("type") != "image"]
            shown.append({"kind": "note", "html": Markup(" · ").join(notes)})
        elif kind == "divider":
            shown.append({"kind": "rule"})
        elif kind == "actions":
            with_urls = [e for e in block.get("elements") or [] if e.get("type") == "button" and e.get("url")]
            if with_urls:
                shown.append(_links(with_urls))
        elif kind == "image" and (image := _image(block)):
            shown.append({"kind": "image", **image})
    return [
        b for b in shown if b.get("kind") in ("rule", "image") or b.get("html") or b.get("links") or b.get("fields")
    ]


def _links(buttons: list[dict[str, Any]]) -> dict[str, Any]:
    found = []
    for button in buttons:
        url = _safe_url(str(button.get("url", "")))
        if url:
            found.append({"url": url, "text": str((button.get("text") or {}).get("text", url))})
    return {"kind": "links", "links": found}


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(HERE)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def render_html(reply: Reply, subject: str, footer: str | None = None) -> str:
    """The reply as an HTML e-mail body; `footer`: a line of plain words below it."""
    return (
        environment()
        .get_template("email.html.j2")
        .render(subject=subject, blocks=html_blocks(render_blocks(reply)), footer=footer)
    )
