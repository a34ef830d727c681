"""Running `forum` (or any Python code) in a child process and reading what it cost: wall time and
peak resident memory, from the kernel's own account of the child (wait4), so a test can bound the
memory and time a hostile input takes without trusting the code under test to report it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # the child's peak resident set size


def measured(argv: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> Measured:
    """Run `argv`, wait for it (killed after `timeout` seconds), and measure it."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "FORUM_"))}
    environment.update({"PYTHONPATH": str(ROOT), **(env or {})})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(argv, cwd=cwd, env=environment, stdout=out, stderr=err)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            child.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            seconds,
            usage.ru_maxrss / 1024,  # Linux reports kilobytes
        )


def forum_measured(tmp_path: Path, *args: str, database_url: str, timeout: float = 120) -> Measured:
    """`forum ARGS…` against `database_url`, measured."""
    return measured(
        [sys.executable, "-m", "app", *args],
        tmp_path,
        {"DATABASE_URL": database_url, "FORUM_TIMEZONE": "Europe/London"},
        timeout,
    )


def python_measured(tmp_path: Path, code: str, timeout: float = 120) -> Measured:
    """`python -c CODE` with the project importable, measured."""
    return measured([sys.executable, "-c", code], tmp_path, timeout=timeout)
