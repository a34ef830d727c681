"""The Slack workspace as commands see it: who someone is (their profile), who is in a channel, who
is in the workspace. bot/workspace.py answers these from Slack's Web API; commands never import Slack.

A command given no workspace (the console, the command line) says what it cannot do there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Profile:
    """What Slack's `users.info` / `users.list` tell of a person (issue 15)."""

    user_id: str
    real_name: str = ""
    display_name: str = ""
    title: str = ""
    email: str = ""
    is_admin: bool = False  # a workspace admin …
    is_owner: bool = False  # … or owner may claim a partnership that has no admin yet
    is_bot: bool = False
    deleted: bool = False
    fields: dict[str, str] = field(default_factory=dict)  # custom profile fields: label -> value

    @property
    def name(self) -> str:
        """The name a partnership would write: the real name, else the display name."""
        return (self.real_name or self.display_name).strip()

    @property
    def is_person(self) -> bool:
        return not (self.is_bot or self.deleted or self.user_id == "USLACKBOT")


class Workspace(Protocol):
    def profile(self, user_id: str) -> Profile | None:
        """`users.info`: None if Slack does not know the user (or cannot be asked)."""
        ...

    def channel_members(self, channel_id: str) -> list[str] | None:
        """`conversations.members`: the user ids, or None if the bot may not see the channel."""
        ...

    def members(self) -> list[Profile]:
        """`users.list`: everyone in the workspace (kept for a short while; empty if it cannot be read)."""
        ...
