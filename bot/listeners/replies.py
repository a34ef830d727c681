"""Turning a Reply into what Slack's calls take."""

from __future__ import annotations

from commands.reply import Reply
from templates import render_blocks, render_text


def message_args(reply: Reply) -> dict:
    return {"blocks": render_blocks(reply), "text": render_text(reply)[:3000]}
