"""Turning a Reply into what Slack's calls take."""

from __future__ import annotations

from commands.core.reply import Reply
from templates import mrkdwn, render_blocks, render_text


def fallback_text(reply: Reply) -> str:
    """The notification text beside the blocks. Slack reads it as mrkdwn too, so user text in it is
    escaped: a description reading `<!channel>` must not ping a channel."""
    return mrkdwn(render_text(reply))[:3000]


def message_args(reply: Reply) -> dict:
    return {"blocks": render_blocks(reply), "text": fallback_text(reply)}
