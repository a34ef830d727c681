"""The README cannot drift from the code: every setting and every /forum command is in it, each
command with an example; and templates stay short enough to review."""

from __future__ import annotations

import re
from pathlib import Path

from commands.core.registry import COMMANDS, all_commands
from settings import Settings

all_commands()  # every command module loaded: the tests below go through all of them

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def _ask_rows() -> list[tuple[str, str]]:
    """(command column, example column) of each row of the README's "What to ask" table."""
    rows = []
    for line in _section("What to ask").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if len(cells) == 3 and "`" in cells[1]:
            rows.append((cells[1], cells[2]))
    return rows


def test_the_readme_lists_every_setting():
    table = _section("Configure")
    missing = [
        field.alias for field in Settings.model_fields.values() if field.alias and f"| `{field.alias}` |" not in table
    ]
    assert missing == [], f"settings not in the README's Configure table: {missing}"


def test_the_readme_lists_every_command_with_an_example():
    rows = _ask_rows()
    missing, without_example = [], []
    for name, command in sorted(COMMANDS.items()):
        names = (name, *command.aliases)
        said = [
            (what, examples)
            for what, examples in rows
            if any(re.search(rf"`{re.escape(n)}(?:[ `]|$)", what) for n in names)
        ]
        if not said:
            missing.append(name)
        elif not any(re.search(rf"`{re.escape(n)}(?:[ `]|$)", ex) for _, ex in said for n in names):
            without_example.append(name)
    assert missing == [], f"/forum commands not in the README's What to ask table: {missing}"
    assert without_example == [], f"commands in the README with no example beside them: {without_example}"


def test_no_template_line_is_too_long_to_review():
    long = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "templates").glob("*.j2"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > 120
    ]
    assert long == [], f"template lines over 120 characters: {long}"
