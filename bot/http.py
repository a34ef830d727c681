"""The HTTP face of the bot: Slack's one events URL, plus health. Plain WSGI, served by waitress."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from commands.calendar import feed
from commands.core.context import Context
from settings import Settings
from storage.db import ping

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000  # Slack's payloads are far smaller; anything bigger is refused unread


def _respond(
    start_response: StartResponse, status: str, body: dict[str, Any] | str, content_type: str = "application/json"
) -> list[bytes]:
    data = (json.dumps(body) if isinstance(body, dict) else body).encode()
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # seconds since 1970, as Slack sends them
_BOARD_FEED = re.compile(r"^/calendar/([a-z0-9][a-z0-9-]{0,59})\.ics$")
_MEETING_FEED = re.compile(r"^/calendar/meeting/(\d{1,12})\.ics$")


def _calendar(
    environ: WSGIEnvironment, start_response: StartResponse, engine: Engine, settings: Settings
) -> list[bytes]:
    path = environ.get("PATH_INFO", "")
    ctx = Context(engine=engine, settings=settings, surface="calendar")
    if path == "/calendar.ics":
        body = feed(ctx)
    elif match := _MEETING_FEED.match(path):
        body = feed(ctx, meeting_id=int(match.group(1)))
    elif match := _BOARD_FEED.match(path):
        body = feed(ctx, board_slug=match.group(1))
    else:
        body = None
    if body is None:
        return _respond(start_response, "404 Not Found", {"error": "no such calendar"})
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "max-age=300"),
        ],
    )
    return [body]


def create_wsgi(
    app: App, engine: Engine, settings: Settings
) -> Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]:
    slack = SlackRequestHandler(app, path="/slack/events")

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/slack/events":
            if method != "POST":
                return _respond(start_response, "405 Method Not Allowed", {"error": "POST only"})
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY:
                return _respond(start_response, "413 Payload Too Large", {"error": "body too large"})
            if not _TIMESTAMP.fullmatch(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")):
                # Slack's are ASCII seconds; bolt would fail on int() of anything else ("²" passes
                # str.isdigit()), and no such request is Slack's
                return _respond(start_response, "401 Unauthorized", {"error": "invalid request"})
            try:
                return slack(environ, start_response)
            except Exception as error:  # noqa: BLE001 - whatever bolt raised on it, the body was not Slack's
                # outside input, not our fault: one short line, no traceback for each such request
                log.warning("a body bolt could not read was refused (%s)", type(error).__name__)
                return _respond(start_response, "400 Bad Request", {"error": "not a request from Slack"})
        if path == "/healthz":
            if ping(engine):
                return _respond(start_response, "200 OK", {"ok": True, "database": "reachable"})
            return _respond(start_response, "503 Service Unavailable", {"ok": False, "database": "unreachable"})
        if path.startswith("/calendar") and method in {"GET", "HEAD"}:
            return _calendar(environ, start_response, engine, settings)
        return _respond(start_response, "404 Not Found", {"error": "not found"})

    return wsgi
