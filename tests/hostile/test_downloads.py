"""Issue 13, attacks 3 and 7: a file's download URL that redirects elsewhere, points at another port
or host, or is built to fool a host check; and an *Import* button naming a file the bot did not
answer about. Through the real bot over signed HTTP, with the stand-in Slack answering files.info
and serving (or redirecting) the download, and a second server on loopback standing for the
attacker's, recording whether the bot token ever reached it. Every one is answered; nothing is
fetched from anywhere but Slack; nothing is written."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.listeners.papers import _slack_file_url
from tests.conftest import DATA
from tests.imports.test_upload_files import counts, import_button, offer, press, upload
from tests.support.blockkit import visible_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON
from tests.support.paper_samples import PARTNERSHIP
from tests.support.partnerships import load_yaml

OFFICER, OTHER_OFFICER, MEMBER = "U0BREN001", "U0LISAJ01", "U0PETAD01"
EXAMPLE = (DATA / "issue_example.yaml").read_bytes()


class Thief:
    """The attacker's server: records every request (and the Authorization it carried)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        thief = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                thief.requests.append({"path": self.path, "authorization": self.headers.get("Authorization")})
                body = b"organisations: [{name: Stolen Ltd}]\n"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/loot.yaml"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def thief():
    server = Thief()
    yield server
    server.stop()


@pytest.fixture
def bot(engine, bot_factory):
    load_yaml(engine, PARTNERSHIP, LONDON)
    return bot_factory(engine), engine


def _info(slack, file_id: str, url: str, name: str = "partners.yaml", size: object = 100) -> None:
    slack.scripted.setdefault("files.info", []).append(
        (200, {"ok": True, "file": {"id": file_id, "name": name, "size": size, "url_private_download": url}}, {})
    )


def test_a_download_that_redirects_elsewhere_is_not_followed_and_the_token_stays_home(bot, slack, thief):
    server, engine = bot
    slack.redirects["partners.yaml"] = thief.url
    _info(slack, "F0REDIR001", slack.file_url("partners.yaml"))
    before = counts(engine)
    said = visible_text(upload(server, slack, "F0REDIR001").args["blocks"])
    assert "somewhere else" in said and "Nothing was imported" in said, said
    assert thief.requests == [] and counts(engine) == before


def _stand_in_origin_url(slack, thief) -> list[str]:
    api_port = slack.api_url.split(":")[2].split("/")[0]
    thief_port = thief.url.split(":")[2].split("/")[0]
    return [
        f"http://127.0.0.1:{thief_port}/files/partners.yaml",  # the allowed host, another port
        f"http://localhost:{thief_port}\\@files.slack.com/x",  # the host check fooled by a backslash
        f"http://localhost:{thief_port}@files.slack.com/x",
        f"http://127.0.0.1:{api_port}@127.0.0.1:{thief_port}/loot.yaml",
        f"https://127.0.0.1:{api_port}/files/partners.yaml",  # the right port, the wrong scheme
        "http://files.slack.com/files-pri/T0/partners.yaml",  # Slack's host, not over https
        "https://files.slack.com:8443/files-pri/T0/partners.yaml",  # … on another port
        "https://files.slack.com:99999/x",
        "https://files.slack.com.evil.example/x",
        "https://evil.example/files.slack.com/x",
        "https://user:secret@files.slack.com/x",
        "ftp://files.slack.com/x",
        "//files.slack.com/x",
        "https://files.slack.com /x",
        "https://fíles.slack.com/x",
        "",
    ]


def test_urls_not_exactly_slacks_are_refused_with_an_answer(bot, slack, thief):
    server, engine = bot
    before = counts(engine)
    for n, url in enumerate(_stand_in_origin_url(slack, thief)):
        file_id = f"F0BADURL{n:02d}"
        _info(slack, file_id, url)
        said = visible_text(upload(server, slack, file_id).args["blocks"])
        assert "not stored in Slack" in said and "Nothing was imported" in said, (url, said)
    assert thief.requests == [] and counts(engine) == before


@pytest.mark.parametrize(
    "info",
    [
        {"ok": True, "file": ["not", "a", "file"]},
        {"ok": True, "file": {"id": "F0ODD00001", "name": "p.yaml", "size": "lots", "url_private_download": 7}},
        {"ok": True, "file": {"id": "F0ODD00001", "name": ["p.yaml"], "size": 1e308}},
        {"ok": False, "error": "file_not_found"},
    ],
    ids=["file a list", "odd types", "huge size", "not found"],
)
def test_odd_answers_from_files_info_are_answered(bot, slack, info):
    server, engine = bot
    slack.scripted.setdefault("files.info", []).append((200, info, {}))
    said = visible_text(upload(server, slack, "F0ODD00001").args["blocks"])
    assert "Nothing was imported" in said and "went wrong" not in said, said


def test_slacks_own_file_urls_are_allowed():
    settings = settings_for_url("https://slack.com/api/")
    assert _slack_file_url("https://files.slack.com/files-pri/T0-F0/minutes.docx", settings)
    assert _slack_file_url("https://luton-forum.slack.com/files/U0/F0/minutes.docx", settings)
    assert _slack_file_url("https://files.slack.com:443/files-pri/T0-F0/minutes.docx", settings)
    assert not _slack_file_url("https://slack.com.evil.example/x", settings)


def settings_for_url(api_url: str):
    from storage.db import make_engine

    return settings_for(make_engine("sqlite://"), SLACK_API_URL=api_url)


# ---------------------------------------------------------------- the Import button's file


def test_import_naming_a_file_the_bot_did_not_preview_here_is_refused(bot, slack):
    server, engine = bot
    offer(slack, "partners.yaml", EXAMPLE, "F0MINE0001")
    value = import_button(upload(server, slack, "F0MINE0001")).get("value")
    before = counts(engine)
    offer(slack, "members.yaml", EXAMPLE, "F0THEIRS01", times=1)  # a member's file, shared in a channel
    forged = json.dumps({"file": "F0THEIRS01", "board": None})
    said = visible_text(press(server, slack, forged).args["blocks"])
    assert "only import a file I answered you about here" in said, said
    assert not [c for c in slack.calls if c.method == "/files/members.yaml"]  # not even downloaded
    assert counts(engine) == before
    # the officer's own button, in the DM it was given in, still imports
    said = visible_text(press(server, slack, value).args["blocks"])
    assert "only import" not in said and counts(engine) != before


def test_import_of_a_file_previewed_for_someone_else_is_refused(bot, slack):
    server, engine = bot
    load_yaml(engine, "people: [{name: Lisa Jerome, slack_user: U0LISAJ01, role: admin}]\n", LONDON)
    offer(slack, "partners.yaml", EXAMPLE, "F0BRENS001")
    value = import_button(upload(server, slack, "F0BRENS001")).get("value")
    before = counts(engine)
    said = visible_text(press(server, slack, value, user=OTHER_OFFICER).args["blocks"])  # another officer
    assert "only import a file I answered you about here" in said, said
    assert counts(engine) == before
