"""The index of `/forum` words (commands/core/command_index.py) says what the command modules say."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from commands.core.command_index import INDEX
from commands.core.registry import built_index

ROOT = Path(__file__).resolve().parents[2]


def test_the_index_names_every_command_word_and_its_module():
    assert built_index() == INDEX, "run `python -m commands.core.registry` to write the index again"


def test_a_command_is_loaded_only_when_it_is_asked_for():
    """`forum ask next-meeting` loads the meetings commands, not the reminder engine nor the paper
    reader (in a process of its own, so this run's imports do not count)."""
    probe = (
        "import sys; from commands.core.registry import lookup; lookup('next-meeting'); "
        "import json; print(json.dumps(sorted(m for m in sys.modules if m.startswith('commands.') and m.count('.') == 1)))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(loaded.stdout) == ["commands.core", "commands.meetings"]
