"""The house as its imports draw it: no import cycles, and each part importing only what it may.

Every `import` is read from the source (including those inside functions, which are cycles all the
same), so `./test tests/house` is the check the README names; CI runs it with the rest.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("app.py", "settings.py", "bot", "cli", "commands", "storage", "templates")


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for part in PARTS:
        path = ROOT / part
        files = [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
        for file in files:
            if "versions" in file.parts:  # migration scripts are run by Alembic, not imported
                continue
            name = ".".join(file.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = file
    return found


MODULES = _modules()


def _imports(name: str, file: Path) -> set[str]:
    """The project's modules that `name` imports, anywhere in the file."""
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    named: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(), str(file))):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            named.add(base)
            named.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in named if module in MODULES and module != name}


GRAPH = {name: _imports(name, file) for name, file in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_back_through_others():
    assert _cycles() == []


def test_the_cycle_check_finds_a_cycle(monkeypatch):
    monkeypatch.setitem(GRAPH, "storage.db", GRAPH["storage.db"] | {"commands.core.router"})
    assert any("storage.db" in cycle for cycle in _cycles())


# Data flows one way: Slack → bot → commands → storage. Each part may import only these parts of ours.
MAY_IMPORT = {
    "storage": {"storage", "settings"},
    "templates": {"templates", "commands", "settings"},
    "commands": {"commands", "storage", "settings", "templates"},
    "bot": {"bot", "commands", "storage", "settings", "templates"},
    "cli": {"cli", "bot", "commands", "storage", "settings", "templates"},
}


@pytest.mark.parametrize("part", sorted(MAY_IMPORT))
def test_each_part_imports_only_the_parts_beneath_it(part):
    wrong = {
        (name, target)
        for name, targets in GRAPH.items()
        if name.split(".")[0] == part
        for target in targets
        if target.split(".")[0] not in MAY_IMPORT[part]
    }
    assert wrong == set()


def test_commands_know_nothing_of_slack():
    slack = set()
    for name, file in MODULES.items():
        if name.startswith(("commands", "storage")):
            tree = ast.parse(file.read_text())
            for node in ast.walk(tree):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom):
                    modules = [node.module or ""]
                slack.update((name, m) for m in modules if m.split(".")[0] in {"slack_bolt", "slack_sdk"})
    assert slack == set()


def test_listeners_neither_query_nor_open_transactions():
    offenders = {
        name: sorted(GRAPH[name] & {m for m in MODULES if m.startswith("storage")})
        for name in MODULES
        if name.startswith("bot.listeners")
    }
    assert {name: found for name, found in offenders.items() if found} == {}
