"""Files uploaded to the bot: an officer drops a paper (agenda pack, minutes), a partnership file
(.yaml) or a spreadsheet (.csv) into the bot's DM; the bot replies with the dry-run summary and an
*Import* and *Review* buttons. What each kind of file means is commands.imports.uploads' business;
this module only fetches the file from Slack (again when *Import* is pressed, and after the Review
form is saved) and posts. The buttons and the form carry only the review's id (a `paper_review` row,
checked there against the officer and the DM); the file's bytes are checked against its hash.

Both `file_shared` and `message` (subtype `file_share`) announce the same upload, so each file is
handled once. Reading a file can take a moment, so these are lazy listeners: Slack gets its
acknowledgement first. Only DMs with the bot are answered — a file shared in a board's channel is
the members' business, not a request to import it. The officer check is made again when *Import*
is pressed: roles can change in between.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.listeners.replies import message_args, view_of
from bot.workspace import SlackWorkspace
from commands.core.context import Context
from commands.core.reply import Reply, refusal
from commands.imports.papers.text import MAX_BYTES
from commands.imports.uploads import (
    NOTHING,
    import_refused,
    import_reviewed,
    kinds_of,
    review_file,
    review_form,
    review_id,
    review_upload,
    reviewed_again,
    save_review,
)
from settings import Settings

log = logging.getLogger(__name__)


class _Recent:
    """File ids seen in the last few minutes: one upload, two events, one answer."""

    def __init__(self, keep_seconds: float = 600):
        self.keep, self.lock = keep_seconds, threading.Lock()
        self.seen: dict[str, float] = {}

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


def _form_values(view: dict[str, Any]) -> dict[str, Any]:
    """{block_id: the value chosen, or the list of values ticked} from a submitted Review form."""
    values: dict[str, Any] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        for element in (elements or {}).values():
            if element.get("type") == "checkboxes":
                values[block_id] = [str(o.get("value")) for o in element.get("selected_options") or []]
            elif element.get("type") == "static_select":
                values[block_id] = (element.get("selected_option") or {}).get("value")
    return values


def _ephemeral(respond: Respond, reply: Reply) -> None:
    respond(replace_original=False, response_type="ephemeral", **message_args(reply))


def register(app: App, engine: Engine, settings: Settings) -> None:
    recent = _Recent()

    def acknowledge(ack: Ack) -> None:
        ack()

    def context(client: WebClient, user_id: str | None, channel_id: str | None) -> Context:
        return Context(
            engine=engine,
            settings=settings,
            user_id=user_id,
            channel_id=channel_id,
            surface="slack",
            workspace=SlackWorkspace(client),
        )

    def answer_upload(
        client: WebClient, user_id: str | None, channel_id: str | None, file_id: str | None, text: str = ""
    ) -> None:
        if not (user_id and channel_id and file_id) or not channel_id.startswith("D"):
            return
        if not recent.first_time(file_id):
            return
        ctx = context(client, user_id, channel_id)
        reply = import_refused(engine, ctx)
        if reply is None:
            try:
                name, data = _fetch(client, settings, file_id)
            except _FetchFailed as error:
                reply = refusal(str(error), NOTHING)
            else:
                reply = review_upload(ctx, file_id, name, data, text)  # the partnership's time zone: ctx.tz
        client.chat_postMessage(channel=channel_id, **message_args(reply), unfurl_links=False)

    def file_shared(event: dict[str, Any], client: WebClient) -> None:
        answer_upload(
            client,
            event.get("user_id"),
            event.get("channel_id"),
            event.get("file_id") or (event.get("file") or {}).get("id"),
        )

    def file_message(event: dict[str, Any], client: WebClient) -> None:
        if event.get("bot_id"):
            return
        for file in (event.get("files") or [])[:1]:  # one file at a time
            answer_upload(client, event.get("user"), event.get("channel"), file.get("id"), event.get("text") or "")

    app.event("file_shared")(ack=acknowledge, lazy=[file_shared])
    app.event({"type": "message", "subtype": "file_share"})(ack=acknowledge, lazy=[file_message])

    def pressed(body: dict[str, Any], client: WebClient) -> tuple[Context, int | None]:
        ctx = context(client, body["user"]["id"], (body.get("channel") or {}).get("id"))
        return ctx, review_id((body.get("actions") or [{}])[0].get("value"))

    def import_pressed(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ctx, review = pressed(body, client)
        reply = import_refused(engine, ctx)
        found = review_file(ctx, review) if reply is None else reply
        if isinstance(found, Reply):
            return _ephemeral(respond, found)
        try:
            name, data = _fetch(client, settings, found[0])
        except _FetchFailed as error:
            reply = refusal(str(error), NOTHING)
        else:
            reply = import_reviewed(ctx, review, name, data)
        respond(replace_original=reply.ok, **message_args(reply))

    app.action("paper_import")(ack=acknowledge, lazy=[import_pressed])

    @app.action("paper_review")
    def review_pressed(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        ctx, review = pressed(body, client)
        reply = review_form(ctx, review)
        if not reply.modal:
            return _ephemeral(respond, reply)
        client.views_open(trigger_id=body["trigger_id"], view=view_of(reply))

    def review_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = _form_values(view)
        user_id: str = body["user"]["id"]
        ctx = context(client, user_id, None)
        outcome = save_review(ctx, _number(view.get("private_metadata")), values)
        if isinstance(outcome, dict):
            ack(response_action="errors", errors={k: v[:150] for k, v in outcome.items()})
            return
        ack()
        if isinstance(outcome, Reply):
            client.chat_postMessage(channel=user_id, **message_args(outcome))

    def review_redrawn(body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        """The dry run again, as the officer's choices make it, with its buttons, in their DM."""
        ctx = context(client, body["user"]["id"], None)
        review = _number(view.get("private_metadata"))
        found = review_file(ctx, review, in_dm=False)
        if isinstance(found, Reply):
            return  # refused in review_saved already
        file_id, ctx.channel_id = found
        try:
            _, data = _fetch(client, settings, file_id)
        except _FetchFailed as error:
            reply = refusal(str(error), NOTHING)
        else:
            reply = reviewed_again(ctx, review, data)
        client.chat_postMessage(channel=ctx.channel_id, **message_args(reply), unfurl_links=False)

    app.view("paper_review")(ack=review_saved, lazy=[review_redrawn])


def _number(text: object) -> int | None:
    value = str(text or "")
    return int(value) if value.isdigit() and len(value) < 11 else None
