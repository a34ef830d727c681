"""Forum bot's entry point: `forum` (see cli/ for each verb, bot/ for Slack, commands/ for what it does)."""

from __future__ import annotations

import gc

# Starting up builds some hundred thousand objects that live as long as the process (modules,
# classes, the tables' mappings); the collector would walk them again and again as they come, and
# once more at exit. It is off while the verb's modules load; cli/main.py freezes what they built
# and turns it back on before the verb does its work.
gc.disable()

from cli.main import main  # noqa: E402 - after the collector is off

if __name__ == "__main__":
    main()  # click exits with the command's status itself
