"""Requests shaped and signed exactly as Slack sends them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


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


def post(url: str, body: bytes, headers: dict) -> HttpAnswer:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return HttpAnswer(answer.status, answer.read(), dict(answer.headers))
    except urllib.error.HTTPError as error:
        return HttpAnswer(error.code, error.read(), dict(error.headers))


def get(url: str) -> HttpAnswer:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return HttpAnswer(answer.status, answer.read(), dict(answer.headers))
    except urllib.error.HTTPError as error:
        return HttpAnswer(error.code, error.read(), dict(error.headers))


def slash_command_body(text: str, user_id: str = "U0BREN001", channel_id: str = "C0GENERAL1",
                       response_url: str = "https://hooks.slack.com/commands/T0LUTON01/1/x") -> bytes:
    return urlencode({
        "token": "gIkuvaNzQIHg97ATvDxqgjtO", "team_id": "T0LUTON01", "team_domain": "luton-forum",
        "channel_id": channel_id, "channel_name": "general", "user_id": user_id, "user_name": "someone",
        "command": "/forum", "text": text, "api_app_id": "A0FORUMBOT", "is_enterprise_install": "false",
        "response_url": response_url, "trigger_id": "13345224609.738474920.8088930838d88f008e0",
    }).encode()


def signed_headers(body: bytes, secret: str = SIGNING_SECRET, timestamp: int | None = None,
                   content_type: str = "application/x-www-form-urlencoded") -> dict:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature(secret, ts, body)}
