"""Reading the papers officers already write — agenda packs, minutes, reports — into the
partnership's records (`forum import PAPER`, or a paper uploaded to the bot in Slack).

`text` reads and cleans a file into numbered lines; `documents` finds the agenda, minutes and
reports in it; `agenda`, `minutes`, `reports`, `actions`, `consultations` and `indicators` read
each kind; `build` puts the findings into a partnership file (the same validated model a YAML
import produces, each entry carrying the paper and line it came from) and `importer` loads it.
Nothing here does work at import time.
"""
