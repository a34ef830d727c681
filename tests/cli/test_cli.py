"""The `forum` command as a user runs it: import, demo, console, ask, serve, db upgrade."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from storage.db import is_current, make_engine
from storage.tables import Meeting
from tests.conftest import DATA
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.serving import serve_environment, start_serve
from tests.support.slack_requests import post, signed_headers, slash_command_body

ROOT = Path(__file__).resolve().parents[2]


def forum(tmp_path: Path, *args: str, stdin: str = "", env: dict | None = None, db: str | None = None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "FORUM_"))}
    environment.update({"DATABASE_URL": db or f"sqlite:///{tmp_path / 'forum.db'}", "PYTHONPATH": str(ROOT)})
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=120,
    )


def test_import_twice_leaves_one_copy(tmp_path):
    first = forum(tmp_path, "import", str(DATA / "issue_example.yaml"))
    assert first.returncode == 0, first.stderr
    assert "2 meeting" in first.stdout
    second = forum(tmp_path, "import", str(DATA / "issue_example.yaml"))
    assert second.returncode == 0 and "Nothing to change" in second.stdout
    engine = make_engine(f"sqlite:///{tmp_path / 'forum.db'}")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Meeting)).scalar_one() == 2


def test_a_dry_run_of_a_partnership_file_says_what_it_would_write_and_writes_nothing(tmp_path):
    result = forum(tmp_path, "import", "--dry-run", str(DATA / "issue_example.yaml"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Dry run, nothing was written.") and "2 meeting" in result.stdout
    engine = make_engine(f"sqlite:///{tmp_path / 'forum.db'}")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Meeting)).scalar_one() == 0


def test_a_bad_import_says_where_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((DATA / "issue_example.yaml").read_text().replace("2011-02-17 14:00", "2011-02-31 14:00"))
    result = forum(tmp_path, "import", str(bad))
    assert result.returncode == 1
    assert "nothing was imported" in result.stderr and "meetings #2 (forum 2011-02-31 14:00)" in result.stderr
    assert "Traceback" not in result.stderr
    engine = make_engine(f"sqlite:///{tmp_path / 'forum.db'}")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Meeting)).scalar_one() == 0


def test_a_binary_file_is_refused(tmp_path):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(bytes(range(256)) * 10)
    result = forum(tmp_path, "import", str(junk))
    assert result.returncode == 1 and "nothing was imported" in result.stderr and "Traceback" not in result.stderr


def test_first_run_loads_the_demo_and_the_console_answers_next_meeting(tmp_path):
    result = forum(tmp_path, stdin="next-meeting\n")
    assert result.returncode == 0, result.stderr
    assert "loading the demo partnership" in result.stderr and "console mode" in result.stderr
    out = result.stdout
    assert "Next meeting: Luton Forum" in out
    assert " at 2:00 pm " in out  # the Forum meets at 2:00 pm, UK time
    assert "Agenda" in out and "Introductions and Apologies" in out
    # a second start finds the demo there and does not load it again
    again = forum(tmp_path, stdin="")
    assert "loading the demo" not in again.stderr


def test_ask_answers_one_command_and_exits(tmp_path):
    forum(tmp_path, "demo")
    result = forum(tmp_path, "ask", "next-meeting safer")
    assert result.returncode == 0 and "Stronger and Safer" in result.stdout


def test_db_upgrade_on_an_empty_postgres_database(tmp_path, postgres_url):
    result = forum(tmp_path, "db", "upgrade", db=postgres_url)
    assert result.returncode == 0, result.stderr
    engine = make_engine(postgres_url)
    assert is_current(engine)
    engine.dispose()


def test_forum_serve_answers_signed_requests_and_refuses_forged_ones(tmp_path, slack):
    forum(tmp_path, "import", str(DATA / "issue_example.yaml"))
    forum(tmp_path, "import", str(_future_meeting(tmp_path)))
    server, url = start_serve(tmp_path, serve_environment(tmp_path, slack))
    try:
        body = slash_command_body("next-meeting")
        answer = post(url + "/slack/events", body, signed_headers(body))
        assert answer.status == 200
        blocks = answer.json()["blocks"]
        assert_valid_blocks(blocks)
        text = visible_text(blocks)
        assert "*Thursday 6 January 2050* at *2:00 pm* GMT" in text and "Hat Factory" in text
        assert "1. Apologies" in text and "2. Budget" in text
        forged = dict(signed_headers(body), **{"X-Slack-Signature": "v0=" + "1" * 64})
        assert post(url + "/slack/events", body, forged).status == 401
        assert slack.calls_to("auth.test"), "the bot checked its token with (stand-in) Slack"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _future_meeting(tmp_path: Path) -> Path:
    path = tmp_path / "future.yaml"
    path.write_text("""
boards: [{name: Luton Forum, slug: forum, channel: C0FORUM01}]
meetings:
  - board: forum
    starts: 2050-01-06 14:00
    venue: Hat Factory
    agenda: [{title: Apologies}, {title: Budget, purpose: decision}]
""")
    return path


def test_spreadsheets_round_trip_through_the_command_line(tmp_path):
    """An officer exports actions, edits one due date in the sheet, imports it back: one change;
    a sheet with a bad row names its line and writes nothing."""
    forum(tmp_path, "demo")
    exported = forum(tmp_path, "export", "actions", "--csv", str(tmp_path / "actions.csv"))
    assert exported.returncode == 0, exported.stderr
    assert "Wrote" in exported.stderr and "actions" in exported.stderr
    data = (tmp_path / "actions.csv").read_text(encoding="utf-8-sig")
    unchanged = forum(tmp_path, "import", str(tmp_path / "actions.csv"))
    assert unchanged.returncode == 0, unchanged.stderr
    assert "Nothing to change" in unchanged.stdout

    rows = list(csv.reader(io.StringIO(data, newline="")))
    due = next(i for i, heading in enumerate(rows[0]) if heading.casefold().startswith("due"))
    bad = [list(row) for row in rows]
    bad[2][due] = "31/02/2027"  # line 3 of the file
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(bad)
    (tmp_path / "bad.csv").write_text(out.getvalue(), encoding="utf-8")
    refused = forum(tmp_path, "import", str(tmp_path / "bad.csv"))
    assert refused.returncode == 1 and "nothing was imported" in refused.stderr and "line 3" in refused.stderr
    assert "Traceback" not in refused.stderr
    again = forum(tmp_path, "export", "actions", "--csv", "-")
    assert again.stdout.lstrip("\ufeff") == data, "the refused sheet changed something"


def test_admin_grant_of_a_new_person_says_they_were_added_not_already_there(tmp_path):
    """`forum admin grant U… member --name …` for someone new said "already a member" (issue 12)."""
    assert forum(tmp_path, "demo").returncode == 0
    added = forum(tmp_path, "admin", "grant", "U0NADIA01", "member", "--name", "Nadia Khan")
    assert (
        added.returncode == 0
        and added.stdout.strip() == "Nadia Khan (U0NADIA01) is added to the partnership as a member."
    )
    again = forum(tmp_path, "admin", "grant", "U0NADIA01", "member")
    assert again.stdout.strip() == "Nadia Khan is already a member."
    mine = forum(tmp_path, "ask", "--as", "U0NADIA01", "actions mine")
    assert mine.returncode == 0 and "You have no open actions" in mine.stdout  # known by her Slack id now
