"""A stand-in for Slack's Web API on loopback: records every call the bot makes and answers it.

Tests point the bot at it with SLACK_API_URL and assert on `calls`. Answers can be scripted per
method (e.g. a 429 with Retry-After, a 500, an error like channel_not_found). Messages posted with
chat.postMessage are kept per channel, with their metadata, and conversations.history reads them
back as Slack does (newest first, after `oldest`, metadata only when asked for, paged by cursor).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class Call:
    method: str  # Web API method, e.g. "chat.postMessage"; or the path for response_url posts
    args: dict
    headers: dict
    at: float = field(default_factory=time.time)


DEFAULT_ANSWERS = {
    "auth.test": {
        "ok": True,
        "url": "https://luton-forum.slack.com/",
        "team": "Luton Forum",
        "user": "forumbot",
        "team_id": "T0LUTON01",
        "user_id": "U0FORUMBOT",
        "bot_id": "B0FORUMBOT",
    },
    "chat.postMessage": {"ok": True, "channel": "C0FORUM01", "ts": "1700000000.000100"},
    "chat.postEphemeral": {"ok": True, "message_ts": "1700000000.000200"},
    "views.publish": {"ok": True, "view": {"id": "V0HOME"}},
    "views.open": {"ok": True, "view": {"id": "V0MODAL"}},
    "views.update": {"ok": True, "view": {"id": "V0MODAL"}},
    "conversations.open": {"ok": True, "channel": {"id": "D0DIRECT01"}},
    "views.push": {"ok": True, "view": {"id": "V0PUSHED"}},
}


class SlackStandIn:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        # method -> list of (status, body, headers) answered in turn before falling back to the default
        self.scripted: dict[str, list[tuple[int, dict, dict]]] = {}
        # Uploaded files served at /files/<name> (url_private_download), as Slack serves them to the bot.
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}  # file name -> where its download answers 302 to (issue 13)
        self.messages: dict[str, list[dict]] = {}  # channel -> messages posted there, oldest first
        # The workspace's people (users.info, users.list) and who is in which channel (conversations.members).
        self.users: dict[str, dict] = {}
        self.channel_members: dict[str, list[str]] = {}
        # Files the bot uploaded (files.getUploadURLExternal, the upload, files.completeUploadExternal):
        # file id -> {"data", "filename", "title", "channel", "initial_comment"}.
        self.uploads: dict[str, dict] = {}
        self._posts = 0
        self._lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                if self.path.startswith("/api/"):  # read methods (conversations.history) come as GET
                    path, _, query = self.path.partition("?")
                    args = {k: v[0] for k, v in parse_qs(query).items()}
                    return self._send(*standin._answer(path.removeprefix("/api/").strip("/"), args, dict(self.headers)))
                with standin._lock:
                    standin.calls.append(Call(self.path, {}, dict(self.headers)))
                if (elsewhere := standin.redirects.get(self.path.removeprefix("/files/"))) is not None:
                    self.send_response(302)
                    self.send_header("Location", elsewhere)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = standin.files.get(self.path.removeprefix("/files/"))
                self.send_response(200 if data is not None else 404)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data or b"")))
                self.end_headers()
                self.wfile.write(data or b"")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                if self.path.startswith("/upload/"):  # a file's bytes, sent to the URL Slack gave for it
                    data = self.rfile.read(length)
                    file_id = self.path.removeprefix("/upload/")
                    with standin._lock:
                        standin.calls.append(Call("upload", {"file_id": file_id}, dict(self.headers)))
                        known = file_id in standin.uploads
                        if known:
                            standin.uploads[file_id]["data"] = data
                    self.send_response(200 if known else 404)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"OK")
                    return
                raw = self.rfile.read(length).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = {k: v[0] for k, v in parse_qs(raw).items()}
                    for key in ("blocks", "view", "attachments"):
                        if isinstance(args.get(key), str):
                            args[key] = json.loads(args[key])
                method = self.path.removeprefix("/api/").strip("/")
                self._send(*standin._answer(method, args, dict(self.headers)))

            def _send(self, status: int, body: dict, headers: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def _answer(self, method: str, args: dict, headers: dict) -> tuple[int, dict, dict]:
        with self._lock:
            self.calls.append(Call(method, args, headers))
            queue = self.scripted.get(method)
            if queue:
                return queue.pop(0)
            if method == "chat.postMessage" and args.get("channel"):
                ts = self._next_ts()
                self.messages.setdefault(args["channel"], []).append(
                    {"type": "message", "ts": ts, "text": args.get("text", ""), "metadata": args.get("metadata")}
                )
                return 200, {"ok": True, "channel": args["channel"], "ts": ts}, {}
            if method == "conversations.history":
                return 200, self._history(args), {}
            if method in ("users.info", "users.list", "conversations.members"):
                return 200, self._directory(method, args), {}
            if method == "files.getUploadURLExternal":
                file_id = f"F0UPLOAD{len(self.uploads) + 1:03d}"
                self.uploads[file_id] = {"data": None, "filename": args.get("filename"), "length": args.get("length")}
                url = f"http://127.0.0.1:{self.server.server_address[1]}/upload/{file_id}"
                return 200, {"ok": True, "upload_url": url, "file_id": file_id}, {}
            if method == "files.completeUploadExternal":
                files = args.get("files")
                files = json.loads(files) if isinstance(files, str) else files or []
                for f in files:
                    if f.get("id") in self.uploads:
                        self.uploads[f["id"]].update(
                            title=f.get("title"),
                            channel=args.get("channel_id"),
                            initial_comment=args.get("initial_comment"),
                        )
                return 200, {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}, {}
        return 200, DEFAULT_ANSWERS.get(method, {"ok": True}), {}

    def add_user(
        self,
        user_id: str,
        real_name: str,
        *,
        display_name: str = "",
        title: str = "",
        email: str = "",
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        fields: dict[str, str] | None = None,
        channels: tuple[str, ...] = (),
    ) -> dict:
        """A workspace member as users.info answers for them; in `channels` too."""
        user = {
            "id": user_id,
            "team_id": "T0LUTON01",
            "name": (display_name or real_name).casefold().replace(" ", "."),
            "real_name": real_name,
            "deleted": False,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_bot": is_bot,
            "profile": {
                "real_name": real_name,
                "display_name": display_name,
                "title": title,
                "email": email,
                "fields": {
                    f"Xf{n:08d}": {"value": value, "alt": "", "label": label}
                    for n, (label, value) in enumerate((fields or {}).items())
                },
            },
        }
        self.users[user_id] = user
        for channel in channels:
            self.channel_members.setdefault(channel, []).append(user_id)
        return user

    def _directory(self, method: str, args: dict) -> dict:
        """users.info, users.list and conversations.members, paged by cursor as Slack pages them."""
        if method == "users.info":
            user = self.users.get(args.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "conversations.members":
            if args.get("channel") not in self.channel_members:
                return {"ok": False, "error": "channel_not_found"}
            everyone: list = self.channel_members[args["channel"]]
            key = "members"
        else:
            everyone, key = list(self.users.values()), "members"
        limit = int(args.get("limit") or 100)
        start = int(args.get("cursor") or 0)
        more = start + limit < len(everyone)
        return {
            "ok": True,
            key: everyone[start : start + limit],
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _next_ts(self) -> str:
        """A message's ts: its time, made unique (as Slack's are within a channel)."""
        self._posts += 1
        return f"{int(time.time())}.{self._posts:06d}"

    def _history(self, args: dict) -> dict:
        oldest = float(args.get("oldest") or 0)
        limit = int(args.get("limit") or 100)
        start = int(args.get("cursor") or 0)
        with_metadata = str(args.get("include_all_metadata")).lower() in ("1", "true")
        found = [m for m in reversed(self.messages.get(args.get("channel", ""), [])) if float(m["ts"]) > oldest]
        page = [
            {k: v for k, v in m.items() if k != "metadata" or (with_metadata and v)}
            for m in found[start : start + limit]
        ]
        more = start + limit < len(found)
        return {
            "ok": True,
            "messages": page,
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    @property
    def response_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/response/T0LUTON01/1234/abcd"

    def file_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/files/{name}"

    def responses(self) -> list[Call]:
        """Posts the bot made to a response_url (replies to commands and buttons)."""
        return [call for call in self.calls if call.method.startswith("response/")]

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def start(self) -> SlackStandIn:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
