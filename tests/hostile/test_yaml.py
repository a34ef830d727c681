"""Issue 13, attacks 1 and 8: partnership files built to hurt — YAML aliases nine deep (a 684-byte
file that stood for 387 million strings and took the bot to 2.4 GB), a 4.9 MB file, 20,000 nested
brackets — refused at once with a clear reason, through `forum import` (a child process whose peak
memory and time are read from the kernel) and through a file dropped into the bot's DM, while a
member's `/forum` is still answered within Slack's 3 seconds."""

from __future__ import annotations

import threading
import time

import yaml

from commands.imports import partnership_file
from commands.imports.partnership_file import MAX_FILE_BYTES, PartnershipFileError, parse
from storage.types import utcnow
from tests.imports.test_upload_files import counts, offer, upload
from tests.support.blockkit import visible_text
from tests.support.clock import LONDON
from tests.support.measured import forum_measured, python_measured
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.slack_requests import post, signed_headers, slash_command_body

OFFICER, MEMBER = "U0BREN001", "U0DAVEK01"


def alias_bomb() -> str:
    """Nine anchors, each a list of nine of the one before: `*a8` stands for 9^9 strings. Used as an
    organisation's sector and a person's name, as in the attack."""
    lines = ["organisations:", '  - {name: Org 0, note: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]}']
    for n in range(1, 8):
        lines.append(f"  - {{name: Org {n}, note: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]}}")
    lines.append(f"  - {{name: Org 8, sector: &a8 [{','.join(['*a7'] * 9)}]}}")
    lines += ["people:", "  - {name: *a8, organisation: Org 8}"]
    return "\n".join(lines) + "\n"


def deep(levels: int = 20_000) -> str:
    return "organisations: " + "[" * levels + "]" * levels + "\n"


def big(size: int = 4_900_000) -> str:
    """Thousands of well-formed actions: a file under the 5 MB upload cap."""
    line = "  - {description: Report the Forum's comments on priorities number %07d, owner: Bren McGowan, due: 2027-04-07}\n"
    count = (size - 9) // len(line % 0) + 1
    return "actions:\n" + "".join(line % n for n in range(count))


def test_the_bomb_is_small_and_would_stand_for_hundreds_of_millions_of_values():
    text = alias_bomb()
    assert len(text.encode()) < 700
    assert 9**9 == 387_420_489  # what *a8 expands to, were it expanded


def test_the_parser_is_libyamls_where_pyyaml_has_it():
    if yaml.__with_libyaml__:
        assert issubclass(partnership_file._PlainLoader, yaml.CSafeLoader)


def test_forum_import_refuses_the_alias_bomb_at_once_in_flat_memory(tmp_path, sqlite_engine):
    (tmp_path / "bomb.yaml").write_text(alias_bomb())
    url = sqlite_engine.url.render_as_string(hide_password=False)
    baseline = python_measured(tmp_path, "import cli.main, commands.imports.uploads")
    run = forum_measured(tmp_path, "import", "bomb.yaml", "--dry-run", database_url=url, timeout=60)
    print(f"\nalias bomb: {run.seconds:.2f} s, peak {run.peak_mb:.0f} MB (the CLI alone: {baseline.peak_mb:.0f} MB)")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "nothing was imported" in run.stderr and "aliases" in run.stderr, run.stderr
    assert run.seconds < 15 and run.peak_mb < baseline.peak_mb + 40


def test_forum_import_refuses_20000_nested_brackets_without_a_recursion_error(tmp_path, sqlite_engine):
    (tmp_path / "deep.yaml").write_text(deep())
    run = forum_measured(
        tmp_path, "import", "deep.yaml", database_url=sqlite_engine.url.render_as_string(hide_password=False)
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr and "RecursionError" not in run.stderr
    # libyaml's own nesting limit may speak first; either way the line and the reason are said
    assert "at line 1" in run.stderr and "nest" in run.stderr, run.stderr


def test_forum_import_refuses_a_file_over_the_budget_before_reading_it(tmp_path, sqlite_engine):
    (tmp_path / "big.yaml").write_text(big())
    url = sqlite_engine.url.render_as_string(hide_password=False)
    run = forum_measured(tmp_path, "import", "big.yaml", "--dry-run", database_url=url, timeout=60)
    print(f"\n4.9 MB file: refused in {run.seconds:.2f} s, peak {run.peak_mb:.0f} MB")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "a partnership file can be up to 1 MB" in run.stderr, run.stderr
    assert run.seconds < 15


def test_a_file_just_inside_the_budget_is_read_quickly():
    text = big(MAX_FILE_BYTES - 2048)
    started = time.perf_counter()
    found = parse(text)
    seconds = time.perf_counter() - started
    print(f"\n1 MB partnership file ({len(found.actions):,} actions) parsed and checked in {seconds:.2f} s")
    assert len(found.actions) > 5000 and seconds < 10


def test_aliases_within_the_budget_are_still_read():
    text = "boards:\n  - {name: Luton Forum, slug: forum, members: &core [Bren McGowan, Hazel Simmons]}\n"
    text += "  - {name: Safer board, slug: safer, members: *core}\n"
    assert parse(text).boards[1].members == ["Bren McGowan", "Hazel Simmons"]


def test_every_budget_refusal_is_a_partnership_file_error():
    for text in (alias_bomb(), deep(), deep(40), big(MAX_FILE_BYTES + 10)):
        try:
            parse(text)
        except PartnershipFileError as error:
            assert len(str(error)) < 300
        else:
            raise AssertionError("refused")


def test_the_bomb_dropped_in_the_bots_dm_is_refused_and_others_are_still_answered(engine, bot_factory, slack):
    load_yaml(engine, upcoming_yaml(utcnow().astimezone(LONDON).date()), LONDON)
    server = bot_factory(engine)
    before = counts(engine)
    offer(slack, "partners.yaml", alias_bomb().encode(), "F0BOMB0001", times=1)
    answers: list[float] = []

    def member_asks() -> None:  # a member's questions while the officer's file is read
        for _ in range(10):
            started = time.monotonic()
            body = slash_command_body("next-meeting", user_id=MEMBER)
            answer = post(server.url + "/slack/events", body, signed_headers(body), timeout=3)
            assert answer.status == 200 and "Central Library" in visible_text(answer.json()["blocks"])
            answers.append(time.monotonic() - started)

    asking = threading.Thread(target=member_asks)
    asking.start()
    said = upload(server, slack, "F0BOMB0001", user=OFFICER, channel="D0BREN001")
    asking.join(30)
    text = visible_text(said.args["blocks"])
    assert "aliases" in text and "Nothing was imported" in text, text
    assert counts(engine) == before
    assert len(answers) == 10 and max(answers) < 3
