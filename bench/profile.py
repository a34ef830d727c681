"""Where a serving process spends its time under load: py-spy samples, summed by layer.

py-spy (a sampling profiler that attaches to a running process) records raw stacks while the load
generator runs; each sample is put in the first layer it touches, in the order below, so "database"
means time inside SQLAlchemy/SQLite on behalf of a command, not bolt's own work.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

LAYERS = [  # (name, any frame containing one of these)
    ("rendering (Jinja templates → Block Kit JSON)", ("templates/", "jinja2/")),
    ("database (SQLAlchemy ORM + driver)", ("sqlalchemy/", "sqlmodel/", "sqlite3/", "psycopg/")),
    ("command logic (commands/)", ("commands/",)),
    ("bolt (signature check, parsing, dispatch, JSON)", ("slack_bolt/", "slack_sdk/")),
    ("waitress (HTTP)", ("waitress/",)),
]


@dataclass
class Profile:
    samples: int = 0
    layers: Counter = field(default_factory=Counter)
    leaves: Counter = field(default_factory=Counter)  # the function on top of the stack

    def share(self, layer: str) -> float:
        return 100 * self.layers[layer] / self.samples if self.samples else 0.0


def available() -> bool:
    return py_spy() is not None


def py_spy() -> str | None:
    here = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "py-spy"
    return str(here) if here.exists() else shutil.which("py-spy")


def record(pid: int, seconds: int, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            py_spy(),
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(seconds),
            "--rate",
            "200",
            "--format",
            "raw",
            "--output",
            str(out),
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def summarise(raw: Path) -> Profile:
    profile = Profile()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        profile.samples += n
        layer = next((name for name, marks in LAYERS if any(m in f for f in frames for m in marks)), "other")
        profile.layers[layer] += n
        profile.leaves[frames[-1]] += n
    return profile
