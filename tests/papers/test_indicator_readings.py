"""A performance report's figures reported so far — quarter, month and outturn columns — are read
as the indicators' readings (issue: a scorecard imported its targets but none of its figures), and
shown by `/forum indicator` as the paper gave them. Columns that are no one period's figures (a
year to date, a "Latest", a "Q2" with no year, a run of months) are said so and not read."""

from __future__ import annotations

import pytest
from sqlmodel import select

from commands.imports.papers.importer import import_paper
from commands.imports.papers.indicators import _reading_period
from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import read_paper
from storage.db import read_only
from storage.tables import Indicator, IndicatorReading
from templates import render_blocks
from tests.support.asking import ask
from tests.support.blockkit import visible_text
from tests.support.clock import LONDON, utc
from tests.support.partnerships import load_yaml

SCORECARD = (
    "HARBOURSIDE COMMUNITY SAFETY PARTNERSHIP\n"
    "Performance Monitoring Report – Quarter 2, 2025/26\n\n"
    "Ref\tMeasure\tReporting cycle\tBaseline 2023/24\tTarget 2025/26\tQ1 2025/26\tQ2 2025/26\tYTD\tRAG\tLead\n"
    "PI 04\tReported anti-social behaviour incidents\tQuarterly\t4,120\t3,900\t1,010\t980\t1,990\tGreen\tHarbourside Police\n"
    "KPI7\tRepeat victims of domestic abuse (%)\tQuarterly\t28%\t25%\t27%\t26% (provisional)\t26.5\tAmber\tHarbourside Council\n"
    "CSP-11\tResidents feeling safe after dark (%)\tAnnually\t61\t65\tn/a\tn/k\t–\t–\tHarbourside Council\n"
)


@pytest.mark.parametrize(
    "header, period",
    [
        ("Q1 2025/26", "2025/26 Q1"),
        ("2025-26 Qtr 3", "2025/26 Q3"),
        ("Quarter 4 24/25", "2024/25 Q4"),
        ("Apr–Jun 2025", "2025/26 Q1"),
        ("Jan - Mar 2026", "2025/26 Q4"),
        ("October to December 2025", "2025/26 Q3"),
        ("Sep 2025", "2025/26 M06"),
        ("Feb 2025/26", "2025/26 M11"),
        ("Mar-26", "2025/26 M12"),
        ("Outturn 2024/25", "2024/25"),
        ("2023-24 actual", "2023/24"),
        ("Q2", None),  # which year's?
        ("Latest", None),
        ("Apr–Sep 2025", None),  # six months: no period of ours
        ("2024/25", None),  # a year alone is a target's column, not a reading's
    ],
)
def test_the_period_of_a_column_of_figures(header, period):
    assert _reading_period(header) == period


def test_quarter_columns_are_readings_and_a_year_to_date_is_said_not_read():
    findings = read_findings(read_paper("scorecard.txt", SCORECARD.encode()))
    found = {i.code: (i.readings, i.targets) for i in findings.indicators}
    assert found == {
        "PI 04": ({"2025/26 Q1": 1010, "2025/26 Q2": 980}, {"2025/26": 3900}),
        "KPI 07": ({"2025/26 Q1": 27, "2025/26 Q2": 26}, {"2025/26": 25}),
        "CSP 11": ({}, {"2025/26": 65}),
    }
    said = [u.text for u in findings.unsure]
    assert any("“YTD”" in text and "year-to-date" in text for text in said), said
    assert not any("RAG" in text for text in said)  # a RAG column is nobody's figure: passed over quietly
    assert not any("n/k" in text for text in said)  # "not known", like "n/a": an empty cell, not a doubt


def test_imported_readings_are_what_indicator_shows(engine):
    load_yaml(engine, "boards: [{name: Harbourside Community Safety Partnership, slug: csp, kind: forum}]", LONDON)
    reply = import_paper(engine, LONDON, "scorecard.txt", SCORECARD.encode(), None, "import:scorecard")
    said = visible_text(render_blocks(reply))
    assert "4 indicator readings" in said and "readings 27 (2025/26 Q1), 26 (2025/26 Q2)" in said, said
    with read_only(engine) as session:
        codes = {i.id: i.code for i in session.exec(select(Indicator)).all()}
        readings = {(codes[r.indicator_id], r.period, r.value) for r in session.exec(select(IndicatorReading)).all()}
    assert readings == {
        ("PI 04", "2025/26 Q1", 1010),
        ("PI 04", "2025/26 Q2", 980),
        ("KPI 07", "2025/26 Q1", 27),
        ("KPI 07", "2025/26 Q2", 26),
    }
    shown = visible_text(render_blocks(ask(engine, "indicator KPI 07", now=utc(2025, 12, 1, 10))))
    assert "26" in shown and "2025/26 Q2" in shown

    again = import_paper(engine, LONDON, "scorecard.txt", SCORECARD.encode(), None, "import:scorecard")
    assert again.data["written"] == 0  # the same paper again writes nothing


LONG = (
    "| Measure | Code | Reporting period | Value | Target | Comments |\n"
    "|---|---|---|---|---|---|\n"
    "| Fly-tipping incidents | EN 3 | 2024/25 | 1,940 | 1,800 | Annual figure |\n"
    "| Fly-tipping incidents | EN 3 | Q1 2025/26 | 455 | 450 | |\n"
    "| Fly-tipping incidents | EN 3 | Q2 2025/26 | 430 | 450 | |\n"
    "| Recycling rate (%) | EN 4 | Sep 2025 | 44.1 | 46 | |\n"
    "| Recycling rate (%) | EN 4 | Autumn | 43.0 | 46 | |\n"
)


def test_a_table_of_one_row_per_indicator_and_period_is_one_indicator_with_its_readings():
    findings = read_findings(read_paper("report.md", ("# Kestwick Environment Board\n\n" + LONG).encode()))
    found = {i.code: i.readings for i in findings.indicators}
    assert found == {
        "EN 03": {"2024/25": 1940, "2025/26 Q1": 455, "2025/26 Q2": 430},
        "EN 04": {"2025/26 M06": 44.1},
    }
    assert [i.targets for i in findings.indicators] == [{}, {}]  # a quarter's target is no year's
    said = [u.text for u in findings.unsure]
    assert any("EN 04: period “Autumn”" in text for text in said), said
