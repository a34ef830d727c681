"""The workspace commands ask about (commands/core/workspace.py), answered from Slack's Web API.

`users.list` is read whole (paged) and kept for a short while: matching names to people asks it
for every name in a paper, and a workspace's membership changes slowly. Errors from Slack are logged
and answered as "not known", never raised into a command.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from commands.core.workspace import Profile

log = logging.getLogger(__name__)

MEMBERS_TTL = 300.0  # seconds users.list is kept
MAX_MEMBERS = 20_000  # a partnership's workspace is far smaller; bounded all the same
MAX_CHANNEL_MEMBERS = 5_000

_members_kept: dict[str, tuple[float, list[Profile]]] = {}  # bot token -> (when read, members)
_lock = threading.Lock()


def profile_from_slack(user: dict[str, Any]) -> Profile:
    """A Slack user object (users.info, users.list) → Profile."""
    profile = user.get("profile") or {}
    fields: dict[str, str] = {}
    for value in (profile.get("fields") or {}).values():
        if isinstance(value, dict) and value.get("label") and value.get("value"):
            fields[str(value["label"])] = str(value["value"])
    return Profile(
        user_id=str(user.get("id") or ""),
        real_name=str(profile.get("real_name") or user.get("real_name") or ""),
        display_name=str(profile.get("display_name") or ""),
        title=str(profile.get("title") or ""),
        email=str(profile.get("email") or ""),
        is_admin=bool(user.get("is_admin")),
        is_owner=bool(user.get("is_owner") or user.get("is_primary_owner")),
        is_bot=bool(user.get("is_bot")),
        deleted=bool(user.get("deleted")),
        fields=fields,
    )


class SlackWorkspace:
    def __init__(self, client: WebClient):
        self.client = client

    def profile(self, user_id: str) -> Profile | None:
        try:
            answer = self.client.users_info(user=user_id)
        except SlackApiError as error:
            log.warning("users.info %s: %s", user_id, error.response.get("error"))
            return None
        user = answer.get("user")
        return profile_from_slack(user) if isinstance(user, dict) else None

    def channel_members(self, channel_id: str) -> list[str] | None:
        members: list[str] = []
        cursor = None
        try:
            while len(members) < MAX_CHANNEL_MEMBERS:
                answer = self.client.conversations_members(channel=channel_id, limit=200, cursor=cursor)
                members += [str(m) for m in answer.get("members") or []]
                cursor = (answer.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except SlackApiError as error:
            log.warning("conversations.members %s: %s", channel_id, error.response.get("error"))
            return None
        return members[:MAX_CHANNEL_MEMBERS]

    def members(self) -> list[Profile]:
        key = f"{self.client.base_url}|{self.client.token}"
        now = time.monotonic()
        with _lock:
            kept = _members_kept.get(key)
        if kept is not None and now - kept[0] < MEMBERS_TTL:
            return kept[1]
        found: list[Profile] = []
        cursor = None
        try:
            while len(found) < MAX_MEMBERS:
                answer = self.client.users_list(limit=200, cursor=cursor)
                found += [profile_from_slack(u) for u in answer.get("members") or [] if isinstance(u, dict)]
                cursor = (answer.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except SlackApiError as error:
            log.warning("users.list: %s", error.response.get("error"))
            return kept[1] if kept else []
        people = [p for p in found if p.is_person]
        with _lock:
            _members_kept[key] = (now, people)
        return people


def forget_members() -> None:
    """Drop the kept users.list (tests; and when someone joins, so they are matched at once)."""
    with _lock:
        _members_kept.clear()
