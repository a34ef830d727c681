"""Chasing the figures, set in the files officers keep: an indicator's frequency, days until due
and contact in the partnership file and in the indicators spreadsheet, a board's defaults in the
file's board settings; monthly periods (2026/27 M01 is April) read in both."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from commands.imports.partnership_file import PartnershipFileError, parse
from commands.spreadsheets.cells import SpreadsheetError
from commands.spreadsheets.files import export_csv, import_csv
from storage.tables import Board, Indicator, IndicatorReading, Person
from templates import render_text
from tests.support.asking import ask
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml

FILE = """
people:
  - {name: Bren McGowan, slack_user: U0BREN001, role: officer}
  - {name: Priya Shah}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, settings: {indicators: {frequency: annual, reading_due_days: 45}}}
  - {name: Stronger and Safer Communities Board, slug: safer, parent: forum,
     settings: {indicators: {frequency: Monthly}, reminders: {reading_days: [3, 0], reading_every_days: 14}}}
indicators:
  - {code: NI 15, title: Serious violent crime, direction: lower, board: safer, frequency: quarterly, due_days: 20,
     contact: Priya Shah, readings: {2026/27 M01: 0.8, 2026/27 Q1: 0.79}}
  - {code: NI 151, title: Employment rate, direction: higher, board: safer, readings: {2026/27 M05: 61}}
  - {code: NI 116, title: Children in poverty, direction: lower, board: forum, readings: {2025/26 Q3: 29}}
"""


def _indicators(engine) -> dict[str, Indicator]:
    with Session(engine) as session:
        return {i.code: i for i in session.exec(select(Indicator)).all()}


def test_the_partnership_file_sets_frequency_due_days_contact_and_board_defaults(engine):
    load_yaml(engine, FILE, LONDON)
    found = _indicators(engine)
    assert (found["NI 15"].frequency, found["NI 15"].reading_due_days) == ("quarterly", 20)
    assert (found["NI 151"].frequency, found["NI 151"].reading_due_days, found["NI 151"].contact_id) == (
        None,
        None,
        None,
    )
    with Session(engine) as session:
        assert session.get(Person, found["NI 15"].contact_id).name == "Priya Shah"
        safer = session.exec(select(Board).where(Board.slug == "safer")).one()
        assert safer.settings["indicators"] == {"frequency": "Monthly"}
        periods = set(session.exec(select(IndicatorReading.period)).all())
    assert {"2026/27 M01", "2026/27 M05"} <= periods
    # Imported again without them, the indicator keeps what it had: the file did not say.
    load_yaml(engine, FILE.replace("frequency: quarterly, due_days: 20,", ""), LONDON)
    assert _indicators(engine)["NI 15"].frequency == "quarterly"
    # What is owed follows: NI 151 monthly (Safer's default), due 45 days on (the Forum's): September's
    # (M06) by 14 November, October's not yet; NI 116 annual (the Forum's default), 2025/26 due 15 May.
    text = render_text(ask(engine, "indicators missing", "U0BREN001", now=datetime(2026, 11, 20, 10, tzinfo=UTC)))
    assert "2026/27 M06 due Saturday 14 November 2026" in text and "next in 25 days (NI 151, 2026/27 M07)" in text
    assert "2025/26 due Friday 15 May 2026" in text
    assert "NI 15 " in text and "2026/27 Q2 due Tuesday 20 October 2026" in text and "owed by Priya Shah" in text


@pytest.mark.parametrize(
    "change, words",
    [
        ("frequency: quarterly", "frequency 'fortnightly' should be monthly, quarterly or annual"),
        ("due_days: 20", "reading_due_days"),
        ("0.8, 2026/27 Q1", "should look like 2009/10, 2009/10 Q2 or 2009/10 M01"),
    ],
)
def test_a_frequency_or_due_days_that_make_no_sense_are_refused_with_the_entry(change, words):
    broken = FILE.replace(
        change,
        {
            "frequency: quarterly": "frequency: fortnightly",
            "due_days: 20": "due_days: 400",
            "0.8, 2026/27 Q1": "0.8, 2026/27 M13",
        }[change],
    )
    with pytest.raises(PartnershipFileError) as error:
        parse(broken)
    assert words in str(error.value) and "indicators" in str(error.value)


def test_the_indicators_sheet_carries_frequency_due_days_and_contact(engine):
    load_yaml(engine, FILE, LONDON)
    sheet, _ = export_csv(engine, LONDON, "indicators")
    header = sheet.decode("utf-8-sig").splitlines()[0]
    assert "Frequency,Due days,Contact" in header and "Reading 2026/27 M01" in header
    assert "Nothing to change" in import_csv(engine, LONDON, "indicators.csv", sheet)  # the round trip
    edited = b"Code,Frequency,Due days,Contact,Reading 2026/27 M06\nNI 151,monthly,10,Priya Shah,62\n"
    import_csv(engine, LONDON, "indicators.csv", edited)
    ni151 = _indicators(engine)["NI 151"]
    assert (ni151.frequency, ni151.reading_due_days) == ("monthly", 10) and ni151.contact_id is not None
    with Session(engine) as session:
        assert "2026/27 M06" in set(
            session.exec(select(IndicatorReading.period).where(IndicatorReading.indicator_id == ni151.id)).all()
        )
    for bad, words in ((b"fortnightly,10", "not one of: monthly, quarterly, annual"), (b"monthly,2.5", "whole")):
        with pytest.raises(SpreadsheetError) as error:
            import_csv(engine, LONDON, "indicators.csv", b"Code,Frequency,Due days\nNI 151," + bad + b"\n")
        assert words in str(error.value) and "line 2" in str(error.value)


def test_a_board_default_that_makes_no_sense_is_ignored_and_shown_to_officers(engine):
    load_yaml(engine, FILE.replace("{frequency: Monthly}", "{frequency: fortnightly, colour: red}"), LONDON)
    text = render_text(ask(engine, "reminders", "U0BREN001", now=datetime(2026, 11, 20, 10, tzinfo=UTC)))
    assert "indicators.frequency = 'fortnightly' is not monthly, quarterly or annual; using the default" in text
    assert "indicators.colour is not a setting" in text
    # Safer's NI 151 is still monthly, as its readings are (Safer's default ignored, the Forum's annual
    # not taken over them), and due 45 days on (the Forum's).
    text = render_text(ask(engine, "indicators missing safer", "U0BREN001", now=datetime(2026, 11, 20, 10, tzinfo=UTC)))
    assert "2026/27 M06 due Saturday 14 November 2026" in text
