"""Small partnerships for tests, written as partnership files and loaded the real way."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from commands.imports.load_partnership import load
from commands.imports.partnership_file import parse
from storage.db import transaction


def upcoming_yaml(today: date) -> str:
    """A Forum with a cancelled meeting soon, the real next meeting after it, and a theme board."""
    cancelled, forum_next, later, safer_next = (today + timedelta(days=n) for n in (3, 10, 40, 5))
    return f"""
organisations:
  - {{name: Luton Borough Council, sector: statutory}}
  - {{name: Bedfordshire Police, sector: statutory}}
people:
  - {{name: Bren McGowan, organisation: Luton Borough Council, title: Partnership Manager, slack_user: U0BREN001, role: officer}}
  - {{name: Hazel Simmons, organisation: Luton Borough Council, title: Councillor, slack_user: U0HAZEL01, role: chair}}
  - {{name: Dave Kempson, organisation: Luton Borough Council, title: Head of Corporate Finance, slack_user: U0DAVEK01}}
boards:
  - {{name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01, chair: Hazel Simmons, members: [Bren McGowan, Dave Kempson]}}
  - {{name: Stronger and Safer Communities Board, slug: safer, parent: forum, channel: C0SAFER01}}
meetings:
  - {{board: forum, starts: {cancelled} 10:00, venue: Town Hall, status: cancelled, status_reason: Not quorate}}
  - board: forum
    starts: {forum_next} 14:00
    venue: Central Library
    address: St George's Square, Luton LU1 2NG
    note: PLEASE NOTE VENUE
    agenda:
      - {{number: "1", title: Introductions and Apologies}}
      - {{number: "6", title: "Sustainable Community Strategy priorities", presenter: Bren McGowan,
          presenter_title: Partnership Manager, purpose: decision, paper: report,
          papers: [{{title: SCS priorities report, url: "https://example.org/papers/scs.pdf"}}]}}
      - {{number: "7", title: "Luton Borough Council – Budget", presenter: Dave Kempson, purpose: discussion, paper: presentation}}
  - {{board: forum, starts: {later} 14:00, venue: Hat Factory, address: "Bute Street, Luton"}}
  - {{board: safer, starts: {safer_next} 09:30, venue: Police HQ, address: "Buxton Road, Luton"}}
"""


def load_yaml(engine, text: str, tz, actor: str = "test"):
    with transaction(engine) as session:
        return load(session, parse(text), actor, tz)


def loaded_yaml(loaded, text: str, tz, actor: str = "test"):
    """A database of the test's own holding this partnership file, loaded once per run and copied
    (`loaded` is the conftest fixture; the file's own text is the key, so two texts never share)."""
    key = "yaml-" + hashlib.sha256(f"{tz}\n{actor}\n{text}".encode()).hexdigest()[:16]
    return loaded(key, lambda engine: load_yaml(engine, text, tz, actor))
