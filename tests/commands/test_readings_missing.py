"""Chasing the figures: reporting periods (years, quarters, months of the financial year), which
readings are owed on a day, and `indicators missing [board]` — what is overdue and who owes it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from commands.core import rag
from commands.core.reporting_periods import ReportingPeriod, ended_before, parse_period, period_of
from storage.db import transaction
from storage.tables import Indicator, IndicatorReading, Person
from storage.writes import change
from templates import render_text
from tests.support.asking import ask
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml

NOW = datetime(2027, 1, 10, 10, tzinfo=UTC)  # a Sunday in 2026/27 Q4
BREN, PRIYA, MEMBER = "U0BREN001", "U0PRIYA01", "U0MEMBER1"

PARTNERSHIP = """
organisations:
  - {name: Luton Borough Council, sector: statutory}
  - {name: Bedfordshire Police, sector: statutory}
people:
  - {name: Bren McGowan, organisation: Luton Borough Council, slack_user: U0BREN001, role: officer}
  - {name: Priya Shah, organisation: Luton Borough Council, slack_user: U0PRIYA01}
  - {name: Sam Member, slack_user: U0MEMBER1}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, members: [Bren McGowan]}
  - {name: Stronger and Safer Communities Board, slug: safer, parent: forum,
     settings: {indicators: {frequency: monthly, due_days: 10}}}
indicators:
  - {code: NI 15, title: Serious violent crime rate, direction: lower, board: safer, lead: Bedfordshire Police,
     readings: {2026/27 M06: 0.8}}
  - {code: NI 151, title: Overall employment rate, direction: higher, board: forum, lead: Luton Borough Council,
     contact: Priya Shah, readings: {2026/27 Q1: 61.0}}
  - {code: NI 116, title: Children in poverty, direction: lower, board: forum, readings: {2024/25: 29, 2025/26: 29.5}}
  - {code: LI 02, title: Volunteering hours, direction: higher, board: forum, frequency: annual, due_days: 60,
     contact: Priya Shah, readings: {2024/25: 1.0}}
  - {code: LI 03, title: Retired measure, direction: higher, board: forum, readings: {2024/25: 1.0}}
"""


@pytest.mark.parametrize(
    "text, name, first, last",
    [
        ("2025/26", "2025/26", date(2025, 4, 1), date(2026, 3, 31)),
        ("2025/26 Q1", "2025/26 Q1", date(2025, 4, 1), date(2025, 6, 30)),
        ("2025/26 q4", "2025/26 Q4", date(2026, 1, 1), date(2026, 3, 31)),
        ("2025/26 M01", "2025/26 M01", date(2025, 4, 1), date(2025, 4, 30)),
        ("2025/26 m9", "2025/26 M09", date(2025, 12, 1), date(2025, 12, 31)),
        ("2023/24 M11", "2023/24 M11", date(2024, 2, 1), date(2024, 2, 29)),  # a leap February
        ("2025/26 M12", "2025/26 M12", date(2026, 3, 1), date(2026, 3, 31)),
    ],
)
def test_periods_read_and_their_days(text, name, first, last):
    period = parse_period(text)
    assert period is not None and period.name == name
    assert (period.first_day, period.last_day) == (first, last)


@pytest.mark.parametrize("text", ["2025/27", "2025/26 Q5", "2025/26 M13", "2025/26 M00", "April 2025", "2025"])
def test_what_is_not_a_period(text):
    assert parse_period(text) is None


def test_the_period_a_day_falls_in_and_those_ended_before_it():
    day = date(2026, 4, 1)
    assert period_of(day, "monthly") == ReportingPeriod(2026, "monthly", 1)
    assert period_of(day, "quarterly").name == "2026/27 Q1"
    assert period_of(date(2026, 3, 31), "annual").name == "2025/26"
    assert [name for _, name, _ in ended_before(day, "quarterly", 3)] == ["2025/26 Q4", "2025/26 Q3", "2025/26 Q2"]
    assert [name for _, name, _ in ended_before(day, "monthly", 2)] == ["2025/26 M12", "2025/26 M11"]
    assert [name for _, name, _ in ended_before(day, "annual", 1)] == ["2025/26"]


def test_months_sort_among_quarters_and_years():
    periods = ["2009/10", "2009/10 Q1", "2009/10 M03", "2010/11 M01", "2009/10 M12", "2009/10 Q4", "2009/10 M04"]
    assert sorted(periods, key=rag.period_key) == [
        "2009/10 M03",
        "2009/10 Q1",
        "2009/10 M04",
        "2009/10 M12",
        "2009/10 Q4",
        "2009/10",
        "2010/11 M01",
    ]
    assert rag.a_year_before("2010/11 M01") == "2009/10 M01"


@pytest.fixture
def chased(engine):
    load_yaml(engine, PARTNERSHIP, LONDON)
    with transaction(engine) as session:
        retired = session.exec(select(Indicator).where(Indicator.code == "LI 03")).one()
        change(session, "test", retired, {"archived_at": NOW})
    return engine


def test_indicators_missing_lists_what_is_overdue_and_who_owes_it(chased):
    reply = ask(chased, "indicators missing", MEMBER, now=NOW)
    text = render_text(reply)
    assert reply.template == "indicators_missing", text
    # NI 15, monthly (its board's default), due 10 days after each month: October and November are late;
    # December's is due today, so only "due soon". M06 had its reading, and nothing before it is chased.
    assert "2026/27 M07 due Tuesday 10 November 2026" in text
    assert "2026/27 M08 due Thursday 10 December 2026" in text
    assert "M09" not in text.split("more due soon")[0] and "M06" not in text
    # NI 151, quarterly by default, due 30 days on: Q2 is late (Q1 is in), owed by its named contact.
    assert "2026/27 Q2 due Friday 30 October 2026" in text and "owed by Priya Shah" in text
    # LI 02 is annual and due 60 days on: 2025/26 (its latest was 2024/25).
    assert "2025/26 due Saturday 30 May 2026" in text
    # NI 116 has only ever had whole years: annual, and 2026/27 has not ended. LI 03 is archived.
    assert "NI 116" not in text and "LI 03" not in text
    assert "owed by nobody named (lead: Bedfordshire Police)" in text
    assert reply.data["total"] == 4


def test_indicators_missing_for_a_board_and_the_words_indicators_already_took(chased):
    text = render_text(ask(chased, "indicators missing safer", MEMBER, now=NOW))
    assert "NI 15" in text and "NI 151" not in text and "Stronger and Safer" in text
    assert ask(chased, "indicators red safer", MEMBER, now=NOW).template in {"indicators", "message"}
    assert "Indicators" in render_text(ask(chased, "indicators safer", MEMBER, now=NOW))
    assert "don't know a board" in render_text(ask(chased, "indicators missing nowhere", MEMBER, now=NOW))


def test_a_reading_that_arrives_is_no_longer_missing(chased):
    said = render_text(ask(chased, "add reading NI 151 62 for 2026/27 Q2", BREN, now=NOW))
    assert "recorded for 2026/27 Q2" in said
    said = render_text(ask(chased, "add reading NI 15 0.7 for 2026/27 m8", BREN, now=NOW))
    assert "recorded for 2026/27 M08" in said
    text = render_text(ask(chased, "indicators missing", MEMBER, now=NOW))
    assert "NI 151" not in text  # Q2 in; Q3 not due until 30 January
    assert "M07" not in text and "M08" not in text  # a later month's reading ends the chase of October
    with transaction(chased) as session:
        periods = set(session.exec(select(IndicatorReading.period)).all())
    assert "2026/27 M08" in periods


def test_nothing_overdue_says_so(chased):
    for words in ("NI 151 62 for 2026/27 Q2", "NI 15 0.7 for 2026/27 M08", "LI 02 3 for 2025/26"):
        ask(chased, f"add reading {words}", BREN, now=NOW)
    reply = ask(chased, "indicators missing", MEMBER, now=NOW)
    assert "No indicator readings are overdue" in render_text(reply)
    assert "more due soon" in render_text(reply)


def test_the_file_names_the_contact(chased):
    with transaction(chased) as session:
        indicator = session.exec(select(Indicator).where(Indicator.code == "NI 151")).one()
        contact = session.get(Person, indicator.contact_id)
        assert contact is not None and contact.name == "Priya Shah"
        li02 = session.exec(select(Indicator).where(Indicator.code == "LI 02")).one()
        assert (li02.frequency, li02.reading_due_days) == ("annual", 60)
