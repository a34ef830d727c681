"""Turning a Reply into what Slack's calls take."""

from __future__ import annotations

from typing import Any, cast

from commands.core.reply import Reply
from templates import mrkdwn, render_blocks, render_text


def fallback_text(reply: Reply) -> str:
    """The notification text beside the blocks. Slack reads it as mrkdwn too, so user text in it is
    escaped: a description reading `<!channel>` must not ping a channel."""
    return mrkdwn(render_text(reply))[:3000]


def message_args(reply: Reply) -> dict[str, Any]:
    return {"blocks": render_blocks(reply), "text": fallback_text(reply)}


def view_of(reply: Reply) -> dict[str, Any]:
    """A form's reply as the view Slack opens: a modal's template renders one view, not a list of blocks."""
    return cast(dict[str, Any], render_blocks(reply))
