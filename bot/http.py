"""The HTTP face of the bot: Slack's one events URL, calendar feeds, chart pictures, and health.
Plain WSGI, served by waitress."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from commands.calendar import feed
from commands.core import charts
from commands.core.context import Context
from settings import Settings
from storage.db import ping
from storage.types import utcnow

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


_CHART = re.compile(r"^/charts/([A-Za-z0-9_-]{1,600}\.[A-Za-z0-9_-]{1,64})\.png$")
CHART_CACHE_SIZE = 128  # rendered pictures kept, keyed by what they show; a new figure draws anew


class PictureCache:
    """A small least-recently-used store of rendered PNGs, shared by the server's threads."""

    def __init__(self, size: int = CHART_CACHE_SIZE):
        self.size, self.pictures, self.lock = size, OrderedDict[tuple[str, str], bytes](), threading.Lock()

    def get(self, key: tuple[str, str], draw: Callable[[], bytes]) -> bytes:
        with self.lock:
            if key in self.pictures:
                self.pictures.move_to_end(key)
                return self.pictures[key]
        picture = draw()  # outside the lock: templates.charts serialises drawing itself
        with self.lock:
            self.pictures[key] = picture
            while len(self.pictures) > self.size:
                self.pictures.popitem(last=False)
        return picture


def _draw(kind: str, title: str, views: list[dict[str, Any]], settings: Settings) -> bytes:
    from templates import charts as pictures

    amber, green = settings.amber_tolerance, settings.green_tolerance
    if kind == "scorecard":
        return pictures.scorecard_png(views, title, amber, green)
    if kind == "sparkline":
        return pictures.sparkline_png(views[0], amber, green)
    return pictures.indicator_png(views[0], amber, green)


def _chart(
    environ: WSGIEnvironment, start_response: StartResponse, engine: Engine, settings: Settings, cache: PictureCache
) -> list[bytes]:
    """`/charts/<token>.png`: the picture the token names, drawn from the figures as they are now.
    A token that is not one is 404; a forged, altered or expired one 403; nothing says more."""
    match = _CHART.match(environ.get("PATH_INFO", ""))
    if not match:
        return _respond(start_response, "404 Not Found", {"error": "no such chart"})
    try:
        request = charts.read_token(settings, match.group(1), utcnow())
    except charts.BadToken as refused:
        if refused.malformed:
            return _respond(start_response, "404 Not Found", {"error": "no such chart"})
        return _respond(start_response, "403 Forbidden", {"error": "this chart's address is not valid (or expired)"})
    from commands.scorecard import chart_views

    try:
        found = chart_views(Context(engine=engine, settings=settings, surface="charts"), request.kind, request.subject)
    except SQLAlchemyError as error:
        log.warning("a chart could not be read from the database (%s)", type(error).__name__)
        return _respond(start_response, "503 Service Unavailable", {"error": "temporarily unavailable"})
    if found is None:
        return _respond(start_response, "404 Not Found", {"error": "no such chart"})
    title, views = found
    shown = charts.fingerprint(
        [title, [charts.chart_figures(v) for v in views], settings.amber_tolerance, settings.green_tolerance]
    )
    try:
        body = cache.get((request.kind, shown), lambda: _draw(request.kind, title, views, settings))
    except Exception:  # a picture that cannot be drawn is our fault: logged, answered plainly
        log.exception("chart %s %r could not be drawn", request.kind, request.subject)
        return _respond(start_response, "500 Internal Server Error", {"error": "the chart could not be drawn"})
    start_response(
        "200 OK",
        [
            ("Content-Type", "image/png"),
            ("Content-Length", str(len(body))),
            # the address changes with the figures (the token carries their fingerprint), so a
            # kept copy is the picture as it was when its message was posted
            ("Cache-Control", "private, max-age=3600"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


def create_wsgi(
    app: App, engine: Engine, settings: Settings
) -> Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]:
    slack = SlackRequestHandler(app, path="/slack/events")
    pictures = PictureCache()

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
        if path.startswith("/charts/") and method in {"GET", "HEAD"}:
            return _chart(environ, start_response, engine, settings, pictures)
        return _respond(start_response, "404 Not Found", {"error": "not found"})

    return wsgi
