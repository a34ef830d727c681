"""`attendance stats` and `partner`: counted by hand on a small partnership of our own (not the
demo), on SQLite and PostgreSQL, through the router and through a signed slash command."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.types import utcnow
from templates import render_text
from tests.support.asking import ask
from tests.support.blockkit import visible_text
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml
from tests.support.slack_requests import post, signed_headers, slash_command_body


def _partnership(today) -> str:
    def day(weeks: int) -> str:
        return (today - timedelta(weeks=weeks)).isoformat()

    # Three meetings of the Safer board with attendance recorded, one with none, one cancelled, one to come.
    return f"""
organisations:
  - {{name: Kelmoor Council, sector: statutory}}
  - {{name: Kelmoor Police, sector: statutory}}
  - {{name: Kelmoor Youth Trust, sector: voluntary}}
people:
  - {{name: Ann Cole, organisation: Kelmoor Council, slack_user: U0ANN0001, role: officer}}
  - {{name: Ben Dale, organisation: Kelmoor Police}}
  - {{name: Cara Eve, organisation: Kelmoor Police}}
  - {{name: Dev Ford, organisation: Kelmoor Youth Trust}}
  - {{name: Ola Grey, organisation: Kelmoor Council, title: Community Safety Officer}}
boards:
  - {{name: Kelmoor Partnership, slug: kelmoor, kind: forum, members: [Ann Cole]}}
  - {{name: Safer Kelmoor Board, slug: safer, parent: kelmoor, members: [Ann Cole, Ben Dale, Dev Ford]}}
meetings:
  - board: safer
    starts: {day(12)} 10:00
    status: held
    attendance:
      - {{name: Ann Cole, kind: present}}
      - {{name: Ben Dale, kind: present}}
      - {{name: Dev Ford, kind: apologies}}
      - {{name: Ola Grey, kind: officer}}
  - board: safer
    starts: {day(8)} 10:00
    status: held
    attendance:
      - {{name: Ann Cole, kind: present}}
      - {{name: Ben Dale, kind: apologies}}
      - {{name: Cara Eve, kind: substitute, substitute_for: Ben Dale}}
  - board: safer
    starts: {day(4)} 10:00
    status: held
    attendance:
      - {{name: Ann Cole, kind: present}}
  - board: safer
    starts: {day(2)} 10:00
    status: held
  - board: safer
    starts: {day(1)} 10:00
    status: cancelled
    attendance:
      - {{name: Dev Ford, kind: present}}
  - board: safer
    starts: {(today + timedelta(weeks=2)).isoformat()} 10:00
actions:
  - {{description: Map the night-time economy hotspots, owner: Ben Dale, due: {day(1)}, meeting: safer {day(8)}}}
  - {{description: Brief the youth council, owner: Dev Ford, due: {(today + timedelta(days=30)).isoformat()}}}
"""


@pytest.fixture
def kelmoor(engine):
    today = utcnow().astimezone(LONDON).date()
    load_yaml(engine, _partnership(today), LONDON)
    return engine


def _lines(reply) -> list[str]:
    return [line.strip() for line in render_text(reply).splitlines() if line.strip()]


def test_each_person_counted_by_hand(kelmoor):
    lines = _lines(ask(kelmoor, "attendance stats safer", "U0ANN0001"))
    assert lines[0] == "Attendance: Safer Kelmoor Board"
    assert lines[1].startswith("3 meetings with attendance recorded")  # not the empty, cancelled or coming one
    # Dev: a member, apologies once, absent twice; Ben: present, sent a substitute, absent; Ann: all three.
    assert "Dev Ford, Kelmoor Youth Trust — 0%: attended 0 of 3, apologies 1, absent without apologies 2" in lines
    assert "Ben Dale, Kelmoor Police — 33%: attended 1 of 3, sent a substitute 1, absent without apologies 1" in lines
    assert "Ann Cole, Kelmoor Council — 100%: attended 3 of 3" in lines
    # An officer in attendance and a substitute are not members expected at every meeting.
    assert not any(line.startswith(("Ola Grey", "Cara Eve")) for line in lines)
    assert lines.index(next(x for x in lines if x.startswith("Dev Ford"))) < lines.index(
        next(x for x in lines if x.startswith("Ann Cole"))
    )  # the lowest attendance first


def test_partners_represented_in_person_or_by_substitute(kelmoor):
    lines = _lines(ask(kelmoor, "attendance stats", "U0ANN0001"))
    police = next(line for line in lines if line.startswith("Kelmoor Police"))
    assert police.startswith("Kelmoor Police — 67%: 2 of 3; not represented: Safer Kelmoor Board")  # Cara stood in once
    assert next(line for line in lines if line.startswith("Kelmoor Council")) == "Kelmoor Council — 100%: 3 of 3"
    assert next(line for line in lines if line.startswith("Kelmoor Youth Trust")).startswith(
        "Kelmoor Youth Trust — 0%: 0 of 3"
    )


def test_a_period_narrows_the_meetings(kelmoor):
    today = utcnow().astimezone(LONDON).date()
    since = (today - timedelta(weeks=9)).strftime("%-d %B %Y")
    lines = _lines(ask(kelmoor, f"attendance stats safer since {since}", "U0ANN0001"))
    assert lines[1].startswith("2 meetings with attendance recorded")
    assert "Ben Dale, Kelmoor Police — 0%: attended 0 of 2, sent a substitute 1, absent without apologies 1" in lines


@pytest.mark.parametrize(
    ("words", "says"),
    [
        ("attendance stats nowhere", "There is no board called “nowhere”."),
        ("attendance stats since 31/02/2020", "“31/02/2020” is not a real date."),
        (
            "attendance stats safer since 2090",
            "No meeting of Safer Kelmoor Board has its attendance recorded in that period.",
        ),
        ("partner nowhere", "There is no partner called “nowhere”."),
        ("partner kelmoor", "“kelmoor” could be"),
        ("partner", "Which partner?"),
    ],
)
def test_what_cannot_be_answered_is_said(kelmoor, words, says):
    assert says in render_text(ask(kelmoor, words, "U0ANN0001"))


def test_a_partner_its_people_boards_attendance_and_actions(kelmoor):
    text = render_text(ask(kelmoor, "partner Kelmoor Police", "U0ANN0001"))
    assert text.startswith("Kelmoor Police")
    assert "Ben Dale — Safer Kelmoor Board" in text and "Cara Eve" in text
    assert "Represented at 2 of 3 meetings with attendance recorded (67%)." in text
    assert "Open actions: 1, 1 overdue" in text and "Map the night-time economy hotspots" in text
    assert "Brief the youth council" not in text  # another partner's action
    youth = render_text(ask(kelmoor, "partner youth trust", "U0ANN0001"))
    assert "Brief the youth council" in youth and "overdue" not in youth


def test_through_a_signed_slash_command(kelmoor, bot_factory):
    bot = bot_factory(kelmoor)
    for words, expected in (
        ("attendance stats safer", "Ben Dale*, Kelmoor Police — 33%: attended 1 of 3"),
        ("partner Kelmoor Police", "Represented at 2 of 3 meetings"),
    ):
        body = slash_command_body(words, user_id="U0ANN0001")
        answer = post(bot.url + "/slack/events", body, signed_headers(body))
        assert answer.status == 200
        assert expected in visible_text(answer.json()["blocks"])
