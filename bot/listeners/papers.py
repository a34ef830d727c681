"""Files uploaded to the bot: an officer drops a paper (agenda pack, minutes), a partnership file
(.yaml) or a spreadsheet (.csv) into the bot's DM; the bot replies with the dry-run summary and an
*Import* button. What each kind of file means is commands.imports.uploads' business; this module only
fetches the file from Slack (again when *Import* is pressed: the button carries its id) and posts.

Both `file_shared` and `message` (subtype `file_share`) announce the same upload, so each file is
handled once. Reading a file can take a moment, so these are lazy listeners: Slack gets its
acknowledgement first. Only DMs with the bot are answered — a file shared in a board's channel is
the members' business, not a request to import it. The officer check is made again when *Import*
is pressed: roles can change in between.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from urllib.parse import urlsplit

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.listeners.replies import message_args
from bot.replays import remember_preview, was_previewed
from commands.core.context import Context
from commands.core.reply import Reply, message, refusal
from commands.imports.papers.text import MAX_BYTES
from commands.imports.uploads import (
    IMPORT_TEMPLATES,
    NOTHING,
    board_named,
    import_refused,
    import_upload,
    kinds_of,
    preview_upload,
)
from settings import Settings

log = logging.getLogger(__name__)


class _Recent:
    """File ids seen in the last few minutes: one upload, two events, one answer."""

    def __init__(self, keep_seconds: float = 600):
        self.keep, self.seen, self.lock = keep_seconds, {}, threading.Lock()

    def first_time(self, key: str) -> bool:
        now = time.monotonic()
        with self.lock:
            self.seen = {k: t for k, t in self.seen.items() if now - t < self.keep}
            if key in self.seen:
                return False
            self.seen[key] = now
            return True


class _FetchFailed(Exception):
    pass


_SLACK_FILE_HOSTS = ("files.slack.com",)  # where Slack serves url_private_download (and *.slack.com)
_ODD = frozenset("\\@ \t\r\n")  # never in a file URL of Slack's; `@` is how user info fools a host check


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is not followed: the bot token would go with it to wherever it points."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise _FetchFailed("Slack sent me somewhere else for that file, so I did not fetch it.")


_DOWNLOAD = urllib.request.build_opener(_NoRedirects)


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a plain absolute http(s) URL; None for anything unusual — user info
    (`http://localhost:P\\@files.slack.com/x`), backslashes, spaces, non-ASCII, a port that is not a
    number, no host."""
    if not url or not url.isascii() or not url.isprintable() or _ODD.intersection(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or not parts.hostname or "@" in parts.netloc:
        return None
    return parts.scheme, parts.hostname, port if port is not None else (443 if parts.scheme == "https" else 80)


def _slack_file_url(url: str, settings: Settings) -> str | None:
    """`url` if the bot may send its token there: Slack's own file hosts over https on the default
    port, or exactly the origin (scheme, host and port) the bot's Web API is configured at
    (SLACK_API_URL: the stand-in Slack in tests). None otherwise."""
    found = _origin(url)
    if found is None:
        return None
    scheme, host, port = found
    if scheme == "https" and port == 443 and (host in _SLACK_FILE_HOSTS or host.endswith(".slack.com")):
        return url
    return url if found == _origin(settings.slack_api_url) else None


def _fetch(client: WebClient, settings: Settings, file_id: str) -> tuple[str, bytes]:
    """The file's name and bytes, downloaded with the bot token — only from Slack itself, with no
    redirect followed. Every failure is a _FetchFailed, whose words the officer is shown."""
    try:
        info = client.files_info(file=file_id).get("file") or {}
    except SlackApiError as error:
        raise _FetchFailed(f"Slack would not give me that file ({error.response.get('error', 'error')}).") from None
    except Exception as error:  # noqa: BLE001 - Slack unreachable, or an answer that is not Slack's
        log.warning("files.info failed (%s)", type(error).__name__)
        raise _FetchFailed("I could not reach Slack for that file; please try again.") from None
    if not isinstance(info, dict):
        raise _FetchFailed("Slack did not describe that file, so I did not fetch it.")
    name = str(info.get("name") or info.get("title") or "paper")[:200]
    size = info.get("size")
    if isinstance(size, (int, float)) and not isinstance(size, bool) and size > MAX_BYTES:
        raise _FetchFailed(
            f"{name} is {size / 1024 / 1024:.1f} MB; {kinds_of(name)} up to "
            f"{MAX_BYTES // 1024 // 1024} MB can be imported."
        )
    url = _slack_file_url(str(info.get("url_private_download") or info.get("url_private") or ""), settings)
    if url is None:
        raise _FetchFailed("That file is not stored in Slack, so I did not fetch it.")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {settings.slack_bot_token}"})
    try:
        with _DOWNLOAD.open(request, timeout=20) as answer:
            data = answer.read(MAX_BYTES + 1)
    except _FetchFailed:
        raise
    except Exception:  # noqa: BLE001 - refused, timed out, a 4xx or 5xx, a malformed answer: all "could not"
        raise _FetchFailed("I could not download that file from Slack; please try again.") from None
    if len(data) > MAX_BYTES:
        raise _FetchFailed(f"{name} is larger than {MAX_BYTES // 1024 // 1024} MB; it was not imported.")
    return name, data


def _not_previewed_here(engine: Engine, user_id: str, channel_id: str | None, file_id: str) -> Reply | None:
    """*Import* imports only the file the bot itself answered this officer about, in this DM: a
    button value naming any other file (a member's, shared in a channel) is refused (issue 13)."""
    if was_previewed(engine, user_id, channel_id, file_id):
        return None
    return refusal("I can only import a file I answered you about here; send it to me in this DM again.", NOTHING)


def register(app: App, engine: Engine, settings: Settings) -> None:
    recent = _Recent()

    def acknowledge(ack: Ack) -> None:
        ack()

    def answer_upload(
        client: WebClient, user_id: str | None, channel_id: str | None, file_id: str | None, text: str = ""
    ) -> None:
        if not (user_id and channel_id and file_id) or not channel_id.startswith("D"):
            return
        if not recent.first_time(file_id):
            return
        ctx = Context(engine=engine, settings=settings, user_id=user_id, channel_id=channel_id, surface="slack")
        reply = import_refused(engine, ctx)
        if reply is None:
            try:
                name, data = _fetch(client, settings, file_id)
            except _FetchFailed as error:
                reply = refusal(str(error), NOTHING)
            else:
                board = board_named(engine, text)
                reply = preview_upload(engine, settings.tz, name, data, board)
                if reply.ok and reply.template in IMPORT_TEMPLATES:
                    reply.data["button"] = json.dumps({"file": file_id, "board": board})
                    remember_preview(engine, user_id, channel_id, file_id)  # its *Import* may name this file
        client.chat_postMessage(channel=channel_id, **message_args(reply), unfurl_links=False)

    def file_shared(event: dict, client: WebClient) -> None:
        answer_upload(
            client,
            event.get("user_id"),
            event.get("channel_id"),
            event.get("file_id") or (event.get("file") or {}).get("id"),
        )

    def file_message(event: dict, client: WebClient) -> None:
        if event.get("bot_id"):
            return
        for file in (event.get("files") or [])[:1]:  # one file at a time
            answer_upload(client, event.get("user"), event.get("channel"), file.get("id"), event.get("text") or "")

    app.event("file_shared")(ack=acknowledge, lazy=[file_shared])
    app.event({"type": "message", "subtype": "file_share"})(ack=acknowledge, lazy=[file_message])

    def import_pressed(body: dict, client: WebClient, respond: Respond) -> None:
        user_id = body["user"]["id"]
        channel_id = (body.get("channel") or {}).get("id")
        ctx = Context(engine=engine, settings=settings, user_id=user_id, channel_id=channel_id, surface="slack")
        try:
            value = json.loads(body["actions"][0].get("value") or "{}")
            file_id, board = str(value["file"]), value.get("board")
        except (ValueError, KeyError, TypeError, IndexError):
            return respond(
                replace_original=False,
                response_type="ephemeral",
                **message_args(message("That button has expired; send the file again.")),
            )
        reply = import_refused(engine, ctx) or _not_previewed_here(engine, user_id, channel_id, file_id)
        if reply is None:
            try:
                name, data = _fetch(client, settings, file_id)
            except _FetchFailed as error:
                reply = refusal(str(error), NOTHING)
            else:
                reply = import_upload(engine, settings.tz, name, data, board, user_id)
        respond(replace_original=reply.ok, **message_args(reply))

    app.action("paper_import")(ack=acknowledge, lazy=[import_pressed])
