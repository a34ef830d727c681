"""The bot killed (SIGKILL) in the middle of importing a paper, many times: never half a paper.

`forum import PAPER` writes everything in one transaction. Here it runs as a real process against
one database and is killed after a random delay drawn from the length of its own clean run
(measured first, in a throwaway database): a third of the kills anywhere in the run, the rest
counted from the moment the run prints its progress label (after startup, when it reads and writes
the paper). After every kill the database holds either nothing from the paper or exactly what a
clean import holds — every table's row count, audit events included, and every row's content apart
from ids and bookkeeping timestamps. After a kill that came too late to stop it, the paper is taken
out again so that the next kill has something to interrupt. At the end an import runs to
completion and the database equals the clean import.

On SQLite (a file) and PostgreSQL. N kills (6; ten times as many with FORUM_LONG_TESTS=1), the
random seed printed (FORUM_KILL_SEED=… repeats a run).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import literal, select, text
from sqlmodel import SQLModel

from storage.db import make_engine, upgrade
from tests.support.clock import LONDON
from tests.support.databases import throwaway_postgres
from tests.support.partnerships import load_yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
PAPER = "000_c04541c74a270d87.txt"  # agenda and minutes of two Forum meetings: ~130 records, ~130 audit events
LONG = os.environ.get("FORUM_LONG_TESTS") == "1"
KILLS = 60 if LONG else 6
BEFORE = "boards: [{name: Luton Forum, slug: forum, kind: forum}]"  # what the database knows beforehand
# Not content: ids (PostgreSQL's sequences move on even when a transaction is rolled back), the keys
# that hold them (columns, a search entry's record, keys in an audit event's before/after), and when a row was
# written.
NOT_CONTENT = {"created_at", "updated_at", "at", "entity_id", "record_id"}


@pytest.fixture(scope="module")
def paper() -> Path:
    if not (SEEDS / PAPER).is_file():
        pytest.skip(f"the seed paper {PAPER} is not in {SEEDS}")
    return SEEDS / PAPER


def _tables():
    return list(SQLModel.metadata.sorted_tables)


def _value(value):
    if isinstance(value, dict):  # an audit event's before and after: the ids in them are not content either
        value = {k: v for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def snapshot(engine) -> dict[str, Counter]:
    """Every table as a multiset of its rows' content (not ids, keys or write times)."""
    found = {}
    with engine.connect() as connection:
        for table in _tables():
            columns = [
                c for c in table.columns if not c.primary_key and not c.foreign_keys and c.name not in NOT_CONTENT
            ]
            rows = connection.execute(select(*(columns or [literal(1)])).select_from(table)).all()
            found[table.name] = Counter(tuple(_value(v) for v in row) for row in rows)
    return found


def differences(state: dict[str, Counter], wanted: dict[str, Counter]) -> dict[str, tuple]:
    """For each table that differs: rows it has that were not wanted, and wanted rows it lacks (a few)."""
    return {
        name: (list((rows - wanted[name]).elements())[:3], list((wanted[name] - rows).elements())[:3])
        for name, rows in state.items()
        if rows != wanted[name]
    }


def counts(state: dict[str, Counter]) -> dict[str, int]:
    return {name: sum(rows.values()) for name, rows in state.items() if rows}


def empty(engine) -> None:
    """Back to the state before the paper: nothing in any table, then the board the paper is for."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in _tables())
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(_tables()):
                connection.execute(table.delete())
    load_yaml(engine, BEFORE, LONDON)


class Import:
    """`forum import PAPER` as a process of its own; `began` is when it printed its progress label."""

    def __init__(self, url: str, paper: Path, cwd: Path):
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "FORUM_"))}
        environment.update({"DATABASE_URL": url, "PYTHONPATH": str(ROOT)})
        self.started = time.monotonic()
        self.began: float | None = None
        self._began = threading.Event()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "import", str(paper)],
            cwd=cwd,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.stderr = b""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in iter(self.process.stderr.readline, b""):
            if self.began is None and b"Importing" in line:
                self.began = time.monotonic() - self.started
                self._began.set()
            self.stderr += line

    def kill_after(self, delay: float, from_label: bool = False) -> bool:
        """SIGKILL `delay` seconds after the start (or after the progress label); True if it was still
        running then."""
        start = self.started
        while from_label and not self._began.wait(0.005) and self.process.poll() is None:
            pass
        if from_label and self.began is not None:
            start = self.started + self.began
        try:
            self.process.wait(timeout=max(0.0, delay - (time.monotonic() - start)))
            return False
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGKILL)
            return True
        finally:
            self.finish()

    def finish(self) -> int:
        self.process.wait(timeout=120)
        self.took = time.monotonic() - self.started
        self._reader.join(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()
        return self.process.returncode


@contextmanager
def _throwaway_url(engine, tmp_path: Path) -> Iterator[str]:
    """A second database like `engine`'s, for the clean run, gone when the block ends."""
    if engine.dialect.name == "sqlite":
        yield f"sqlite:///{tmp_path / 'clean.db'}"
        return
    with throwaway_postgres("forum_clean") as url:
        yield url


def clean_run(engine, paper: Path, tmp_path: Path) -> tuple[dict[str, Counter], float, float]:
    """What a clean import holds, how long it took, and when it began importing."""
    with _throwaway_url(engine, tmp_path) as url:
        clean = make_engine(url)
        upgrade(clean)
        load_yaml(clean, BEFORE, LONDON)
        run = Import(url, paper, tmp_path)
        assert run.finish() == 0, run.stderr.decode()
        state = snapshot(clean)
        clean.dispose()
        return state, run.took, run.began or 0.0


def test_a_killed_paper_import_leaves_nothing_or_everything(engine, paper, tmp_path):
    url = engine.url.render_as_string(hide_password=False)
    expected, took, began = clean_run(engine, paper, tmp_path)
    seed = int(os.environ.get("FORUM_KILL_SEED") or random.SystemRandom().randrange(2**32))
    rng = random.Random(seed)
    print(
        f"\n{engine.dialect.name}: {PAPER} imports in {took:.2f} s (importing from {began:.2f} s), "
        f"{counts(expected)}; {KILLS} kills, FORUM_KILL_SEED={seed}"
    )
    assert counts(expected).get("action") and counts(expected).get("agenda_item")  # a paper worth killing

    empty(engine)
    before = snapshot(engine)
    assert before != expected
    outcomes = Counter()
    for kill in range(KILLS):
        # One kill in three anywhere in the run; the others counted from this run's own progress label,
        # when it reads and writes the paper (startup takes a varying half of the run: this aims better).
        from_label = kill % 3 != 0
        delay = rng.uniform(0, took - began if from_label else took)
        run = Import(url, paper, tmp_path)
        killed = run.kill_after(delay, from_label)
        assert killed or run.process.returncode == 0, run.stderr.decode()
        state = snapshot(engine)
        outcome = "nothing" if state == before else "everything" if state == expected else "HALF"
        when = f"{delay:.3f} s after {'its progress label' if from_label else 'the start'}"
        print(f"  kill {kill + 1}: {when} ({'killed' if killed else 'had finished'}) → {outcome}")
        assert outcome != "HALF", (
            f"seed {seed}, kill {kill + 1} {when} left part of the paper: "
            f"{counts(state)} (before: {counts(before)}; a clean import: {counts(expected)}); "
            f"differing from a clean import: {differences(state, expected)}"
        )
        outcomes[outcome] += 1
        if outcome == "everything":
            empty(engine)  # so that the next kill has an import to interrupt
            assert snapshot(engine) == before
    print(f"  {dict(outcomes)}")

    final = Import(url, paper, tmp_path)
    assert final.finish() == 0, final.stderr.decode()
    state = snapshot(engine)
    assert counts(state) == counts(expected)
    assert state["action"] == expected["action"]  # the same actions, described the same way
    assert state == expected
