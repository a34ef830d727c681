"""What a command answers: which template shows it, the facts it shows, and who sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass
class Reply:
    template: str  # templates/<template>.blocks.j2 and templates/<template>.txt.j2
    data: dict[str, Any] = field(default_factory=dict)
    visibility: Literal["ephemeral", "in_channel"] = "ephemeral"
    ok: bool = True  # False when the answer is a refusal or a problem: nothing was done
    modal: bool = False  # a form to open (Slack modal) rather than a message


def message(text: str, hint: str | None = None, ok: bool = True) -> Reply:
    """A short answer in words: confirmations, "not found", "did you mean"."""
    return Reply("message", {"text": text, "hint": hint}, ok=ok)


def refusal(text: str, hint: str | None = None) -> Reply:
    """A short answer saying why nothing was done."""
    return message(text, hint, ok=False)
