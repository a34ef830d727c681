"""The promise test (issue 12): every example the README's "What to ask" table and `help` / `help COMMAND`
give is run against the demo partnership, as someone of the role that may use it, on several days, and
must get a real answer.

The examples are read from where people read them — the README's table and the command registry that
`help` renders — so adding an example that does not work fails here. Each example runs on its own copy of
the demo (an example that changes something must not spoil the next one), loaded as `forum demo` loads
it on that day.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from commands.core.context import Context
from commands.core.registry import COMMANDS, all_commands, lookup
from commands.core.router import clean, handle
from commands.imports.demo import load_demo
from storage.db import make_engine, transaction
from templates import render_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON
from tests.support.databases import migrated_sqlite_file

all_commands()  # every command module loaded: the tests below go through all of them

README = Path(__file__).resolve().parents[2] / "README.md"

# Days of the week and of the year that differ: a Thursday (the demo's own weekday), a Monday near the
# financial year's end, a Sunday in summer.
DAYS = (date(2026, 12, 3), date(2027, 3, 29), date(2027, 8, 1))

# Who asks: someone of the role that may use the command, as the README's table says.
PEOPLE = {"member": "U0PETAD01", "officer": "U0BREN001", "chair": "U0HAZEL01", "admin": "U0LISAJ01"}
ROLE_OF = {
    "next-meeting": "member",
    "meetings": "member",
    "agenda": "member",
    "actions": "member",
    "action": "member",
    "indicators": "member",
    "indicator": "member",
    "scorecard": "member",
    "consultations": "member",
    "consultation": "member",
    "apologies": "member",
    "attendance": "member",
    "calendar": "member",
    "history": "member",
    "source": "member",
    "help": "member",
    "decision": "member",
    "decisions": "member",
    "search": "member",
    "attendance stats": "member",
    "partner": "member",
    "notify": "member",
    "notify board": "officer",
    "done": "chair",
    "drop": "chair",
    "reopen": "chair",
    "reassign": "chair",
    "new": "officer",
    "add": "officer",
    "add person": "officer",
    "add member": "officer",
    "add reading": "officer",
    "add action": "officer",
    "add correction": "officer",
    "response": "officer",
    "move": "officer",
    "postpone": "officer",
    "cancel": "officer",
    "reminders": "officer",
    "draft": "officer",
    "grant": "admin",
    "setup": "admin",
}

# What an answer that keeps no promise says.
BROKEN = re.compile(
    r"don't know|couldn't read|can't find|could not find|no board called|something went wrong|"
    r"has no meeting on|no meeting on|isn't in the partnership's records|not a role|i can only",
    re.IGNORECASE,
)


def readme_examples() -> list[str]:
    """The `e.g.` column of the README's "What to ask" table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## What to ask", 1)[1].split("\n## ", 1)[0]
    found: list[str] = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) < 3 or cells[2] in {"e.g.", "---"}:
            continue
        found += re.findall(r"`([^`]+)`", cells[-1])
    return found


def help_examples() -> list[str]:
    """Every example `help` and `help COMMAND` show: the registry's."""
    return [example for c in COMMANDS.values() for example in c.examples]


def command_of(example: str) -> str:
    word, _, rest = clean(example).partition(" ")
    found = lookup(word)
    assert found is not None, f"the example {example!r} names no command"
    sub = rest.split(" ", 1)[0]
    if sub and lookup(f"{found.name} {sub}") is not None:
        return f"{found.name} {sub}"
    return found.name


def examples() -> list[str]:
    return sorted(set(readme_examples()) | set(help_examples()))


def test_the_readme_and_help_give_examples():
    assert len(readme_examples()) >= 25  # the table was read, not skipped
    assert {"actions @Bren", "apologies sub @Prue", "grant @Bren officer"} <= set(examples())


def test_every_command_has_someone_to_ask_it():
    """A new command needs a role here before its examples can be tried."""
    names = {c.name for c in COMMANDS.values()} | {command_of(e) for e in examples()}
    assert names <= set(ROLE_OF), f"no role for {sorted(names - set(ROLE_OF))}"


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory) -> dict[date, Path]:
    """The demo, as `forum demo` loads it on each of DAYS, one SQLite file each."""
    files = {}
    for day in DAYS:
        path = migrated_sqlite_file(tmp_path_factory.mktemp("demo") / "forum.db")
        engine = make_engine(f"sqlite:///{path}")
        with transaction(engine) as session:
            load_demo(session, day, LONDON)
        with engine.connect() as connection:  # the file alone is then the database, to copy
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        files[day] = path
    return files


def answer(files: dict[date, Path], tmp_path: Path, day: date, example: str) -> tuple[bool, str]:
    path = tmp_path / f"{day}.db"
    shutil.copyfile(files[day], path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        # Mid-morning on that day, local time, asked from no particular channel.
        now = datetime.combine(day, time(10, 30), tzinfo=LONDON).astimezone(UTC)
        ctx = Context(
            engine=engine,
            settings=settings_for(engine),
            user_id=PEOPLE[ROLE_OF[command_of(example)]],
            now=now,
        )
        reply = handle(ctx, example)
        return reply.ok, render_text(reply)
    finally:
        engine.dispose()


@pytest.mark.parametrize("example", examples())
def test_every_example_gets_a_real_answer(demo_files, tmp_path, example):
    for day in DAYS:
        ok, text = answer(demo_files, tmp_path, day, example)
        assert ok and not BROKEN.search(text), f"on {day:%A %d %B %Y}, {example!r} answered:\n{text}"


def test_a_day_too_far_off_is_said_so_not_taken_for_a_board(demo_files, tmp_path):
    ok, text = answer(demo_files, tmp_path, DAYS[0], "agenda 31 December 9999")
    assert "too far off" in text and "board" not in text


def test_a_typed_mention_of_someone_known_adds_nobody(demo_files, tmp_path):
    ok, text = answer(demo_files, tmp_path, DAYS[0], "add person @Bren")
    assert text.startswith("Bren McGowan is already in the partnership's records"), text
