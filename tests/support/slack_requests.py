"""Requests shaped and signed exactly as Slack sends them."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TRIGGER_PREFIX = "13345224609.738474920."
_sent = itertools.count(1)


def trigger_id() -> str:
    """Slack gives every invocation its own trigger id (so no two real requests are identical,
    and the bot ignores an identical one as a replay)."""
    return f"{TRIGGER_PREFIX}{next(_sent):08x}8088930838d88f008e0"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class HttpAnswer:
    status: int
    body: bytes
    headers: dict

    def json(self):
        return json.loads(self.body)


def post(url: str, body: bytes, headers: dict, timeout: float = 10) -> HttpAnswer:
    """`timeout=3` is Slack's own: an answer later than that is shown as "the app did not respond"."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return HttpAnswer(answer.status, answer.read(), dict(answer.headers))
    except urllib.error.HTTPError as error:
        return HttpAnswer(error.code, error.read(), dict(error.headers))


def get(url: str) -> HttpAnswer:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return HttpAnswer(answer.status, answer.read(), dict(answer.headers))
    except urllib.error.HTTPError as error:
        return HttpAnswer(error.code, error.read(), dict(error.headers))


def slash_command_body(
    text: str,
    user_id: str = "U0BREN001",
    channel_id: str = "C0GENERAL1",
    response_url: str = "https://hooks.slack.com/commands/T0LUTON01/1/x",
) -> bytes:
    return urlencode(
        {
            "token": "gIkuvaNzQIHg97ATvDxqgjtO",
            "team_id": "T0LUTON01",
            "team_domain": "luton-forum",
            "channel_id": channel_id,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": "someone",
            "command": "/forum",
            "text": text,
            "api_app_id": "A0FORUMBOT",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id(),
        }
    ).encode()


def signed_headers(
    body: bytes,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(secret, ts, body),
    }


def interaction_body(payload: dict) -> bytes:
    """block_actions / view_submission: Slack posts the JSON as a form field called payload."""
    return urlencode({"payload": json.dumps(payload)}).encode()


def block_action(
    action_id: str,
    value: str,
    user_id: str = "U0BREN001",
    channel_id: str = "C0FORUM01",
    response_url: str = "https://hooks.slack.com/actions/T0LUTON01/1/x",
    view: dict | None = None,
    url: str | None = None,
) -> dict:
    """A block_actions payload as Slack sends it for a button pressed on an ephemeral message."""
    action = {
        "action_id": action_id,
        "block_id": "b1",
        "text": {"type": "plain_text", "text": "Button"},
        "value": value,
        "type": "button",
        "action_ts": f"{time.time():.6f}",
    }
    if url:
        action["url"] = url
    payload = {
        "type": "block_actions",
        "user": {"id": user_id, "username": "someone", "name": "someone", "team_id": "T0LUTON01"},
        "api_app_id": "A0FORUMBOT",
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "container": {
            "type": "message",
            "message_ts": "1700000000.000100",
            "channel_id": channel_id,
            "is_ephemeral": True,
        },
        "trigger_id": trigger_id(),
        "team": {"id": "T0LUTON01", "domain": "luton-forum"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": "forum"},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [action],
    }
    if view is not None:
        payload["view"] = view
        payload["container"] = {"type": "view", "view_id": view.get("id", "V0HOME")}
        payload.pop("channel")
        payload.pop("response_url")
    return payload


def view_submission(callback_id: str, private_metadata: str, values: dict, user_id: str = "U0BREN001") -> dict:
    return {
        "type": "view_submission",
        "team": {"id": "T0LUTON01", "domain": "luton-forum"},
        "user": {"id": user_id, "username": "someone", "name": "someone", "team_id": "T0LUTON01"},
        "api_app_id": "A0FORUMBOT",
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "trigger_id": trigger_id(),
        "view": {
            "id": "V0MODAL",
            "team_id": "T0LUTON01",
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "blocks": [],
            "hash": "1700000000.abc",
            "state": {"values": values},
            "app_id": "A0FORUMBOT",
            "bot_id": "B0FORUMBOT",
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def event_callback(event: dict, event_id: str | None = None) -> bytes:
    """Each event has its own id (Slack's retries of one event keep it)."""
    return json.dumps(
        {
            "token": "gIkuvaNzQIHg97ATvDxqgjtO",
            "team_id": "T0LUTON01",
            "api_app_id": "A0FORUMBOT",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev0{next(_sent):09d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0LUTON01", "user_id": "U0FORUMBOT", "is_bot": True}],
        }
    ).encode()
