"""Forum bot's entry point: `forum` (see cli/ for each verb, bot/ for Slack, commands/ for what it does)."""

from __future__ import annotations

from cli.main import main

if __name__ == "__main__":
    main()  # click exits with the command's status itself
