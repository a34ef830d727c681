"""Counting the SQL statements an engine runs: none means the work was not done again (a kept
answer, a quiet sweep)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event


class Statements:
    def __init__(self, engine: Engine):
        self.engine, self.count = engine, 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1

    def during(self, run: Callable[[], Any]) -> tuple[Any, int]:
        """What `run()` returns, and how many statements it ran."""
        before = self.count
        result = run()
        return result, self.count - before

    def close(self) -> None:
        """Stop counting (the PostgreSQL engine is shared by the run's tests)."""
        event.remove(self.engine, "before_cursor_execute", self._seen)
