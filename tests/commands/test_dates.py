"""Days in people's words, against a fixed today, including the days around the clock changes."""

from __future__ import annotations

from datetime import date

import pytest

from commands.core.dates import DateProblem, parse_day
from commands.core.words import parse_time

SUNDAY = date(2026, 11, 22)
BEFORE_SPRING = date(2027, 3, 26)  # Friday before the clocks go forward (Sunday 28 March 2027)
BEFORE_AUTUMN = date(2027, 10, 29)  # Friday before the clocks go back (Sunday 31 October 2027)


@pytest.mark.parametrize(
    "today, words, expected",
    [
        (SUNDAY, "today", date(2026, 11, 22)),
        (SUNDAY, "tomorrow", date(2026, 11, 23)),
        (SUNDAY, "2027-06-16", date(2027, 6, 16)),
        (SUNDAY, "16 June", date(2026, 6, 16)),  # five months ago: still the nearest 16 June
        (SUNDAY, "4th March", date(2027, 3, 4)),  # eight months ago would be too far: next March
        (SUNDAY, "March 4", date(2027, 3, 4)),
        (SUNDAY, "4 March 2010", date(2010, 3, 4)),
        (SUNDAY, "end of February", date(2027, 2, 28)),
        (SUNDAY, "end of February 2028", date(2028, 2, 29)),
        (SUNDAY, "end of the month", date(2026, 11, 30)),
        (SUNDAY, "by the end of this month", date(2026, 11, 30)),
        (SUNDAY, "end of next month", date(2026, 12, 31)),
        (SUNDAY, "end of the next month", date(2026, 12, 31)),
        (SUNDAY, "end of the current month", date(2026, 11, 30)),
        (SUNDAY, "end of the week", date(2026, 11, 27)),  # the working week's Friday
        (SUNDAY, "end of next week", date(2026, 12, 4)),
        (SUNDAY, "end of the quarter", date(2026, 12, 31)),
        (SUNDAY, "end of next quarter", date(2027, 3, 31)),
        (SUNDAY, "end of the year", date(2026, 12, 31)),
        (SUNDAY, "end of the financial year", date(2027, 3, 31)),
        (BEFORE_SPRING, "end of the month", date(2027, 3, 31)),
        (BEFORE_SPRING, "end of the week", date(2027, 3, 26)),  # said on the Friday: today
        (BEFORE_SPRING, "end of the financial year", date(2027, 3, 31)),
        (BEFORE_AUTUMN, "end of next month", date(2027, 11, 30)),
        (SUNDAY, "thursday", date(2026, 11, 26)),
        (SUNDAY, "next friday", date(2026, 11, 27)),
        (SUNDAY, "friday week", date(2026, 12, 4)),
        (SUNDAY, "Thurs", date(2026, 11, 26)),
        (SUNDAY, "16/06/2027", date(2027, 6, 16)),
        (SUNDAY, "16/6/27", date(2027, 6, 16)),
        (SUNDAY, "3/4", date(2027, 4, 3)),  # a look-up reads numeric days the UK way
        (SUNDAY, "in 2 weeks", date(2026, 12, 6)),
        (SUNDAY, "a week today", date(2026, 11, 29)),
        (SUNDAY, "a fortnight today", date(2026, 12, 6)),
        (SUNDAY, "a week tomorrow", date(2026, 11, 30)),
        (SUNDAY, "a week on friday", date(2026, 12, 4)),
        (date(2026, 11, 27), "a week on friday", date(2026, 12, 4)),  # said on a Friday: a week today
        (SUNDAY, "fortnight on tuesday", date(2026, 12, 8)),
        (date(2026, 11, 26), "next thursday", date(2026, 12, 3)),  # said on a Thursday: a week today
        (date(2026, 11, 26), "thursday", date(2026, 11, 26)),
        (BEFORE_SPRING, "sunday", date(2027, 3, 28)),
        (BEFORE_SPRING, "monday", date(2027, 3, 29)),
        (BEFORE_AUTUMN, "sunday", date(2027, 10, 31)),
        (BEFORE_AUTUMN, "next monday", date(2027, 11, 1)),
    ],
)
def test_days_people_say(today, words, expected):
    assert parse_day(words, today) == expected


@pytest.mark.parametrize(
    "words, impossible, ambiguous",
    [
        ("31 February", True, False),
        ("2027-02-29", True, False),
        ("30/02/2027", True, False),
        ("wibble", False, False),
        ("june", False, False),
        ("", False, False),
        ("🎉", False, False),
        ("x" * 500, False, False),
    ],
)
def test_words_that_are_not_a_day(words, impossible, ambiguous):
    found = parse_day(words, SUNDAY, strict=True)
    assert isinstance(found, DateProblem) and found.text
    assert (found.impossible, found.ambiguous) == (impossible, ambiguous)


@pytest.mark.parametrize("words", ["03/04/2027", "4/3", "12.11.2027"])
def test_numeric_days_that_read_two_ways_are_asked_about_when_changing_things(words):
    found = parse_day(words, SUNDAY, strict=True)
    assert isinstance(found, DateProblem) and found.ambiguous and "please write the month as a word" in found.text
    assert not isinstance(parse_day(words, SUNDAY), DateProblem)  # a look-up reads it the UK way


@pytest.mark.parametrize(
    "words, expected",
    [
        ("14:00", (14, 0)),
        ("2pm", (14, 0)),
        ("2:00 pm", (14, 0)),
        ("2.00 pm", (14, 0)),
        ("4.05 pm", (16, 5)),
        ("12 noon", None),
        ("12pm", (12, 0)),
        ("12am", (0, 0)),
        ("9:30", (9, 30)),
        ("25:00", None),
        ("2", None),
        ("13pm", None),
        ("", None),
    ],
)
def test_times_as_the_papers_write_them(words, expected):
    assert parse_time(words) == expected
