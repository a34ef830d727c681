"""What a command answers: which template shows it, the facts it shows, and who sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass
class Reply:
    template: str  # templates/<template>.blocks.j2 and templates/<template>.txt.j2
    data: dict[str, Any] = field(default_factory=dict)
    visibility: Literal["ephemeral", "in_channel"] = "ephemeral"


def message(text: str, hint: str | None = None) -> Reply:
    """A short answer in words: refusals, "not found", "did you mean"."""
    return Reply("message", {"text": text, "hint": hint})
