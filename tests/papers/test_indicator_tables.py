"""Indicator tables as performance appendices print them — code columns written every way, year
columns headed every way, cells that hold more than a figure. Examples written for these tests, not
taken from the corpus."""

from __future__ import annotations

import pytest
from sqlmodel import select

from commands.imports.papers.importer import import_paper
from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import read_paper
from storage.db import make_engine, read_only, upgrade
from storage.tables import Indicator, IndicatorTarget
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml


def _indicators(text: str, name: str = "appendix.txt"):
    findings = read_findings(read_paper(name, text.encode()))
    return {i.code: i for i in findings.indicators}, findings


TABS = (
    "Appendix C\n\nBramley Local Area Agreement: delivery against targets\n\n"
    "Indicator\tBaseline\t08/09\t09/10\t10/11\tLead\n"
    "NI 015 Serious violent crime\t0.71 (98 offences)\t0.69\t0.66\t0.63\tBramley Police*\n"
    "NI 8 Adult participation in sport\t19.0%\t20\tnot surveyed\t22\tBramley Council*\n"
    "NI 56 Obesity in Year 6\t702 (m) 511 (f)\t17.9\tTBC\tn/a\tBramley PCT*\n"
    "Local NI 023 New businesses per 10,000 adults\t38\t40\t41\t43\tBramley Council*\n"
)


def test_codes_written_every_way_and_years_headed_08_09():
    found, _ = _indicators(TABS)
    assert sorted(found) == ["LI 23", "NI 15", "NI 56", "NI 8"]
    assert found["NI 15"].targets == {"2008/09": 0.69, "2009/10": 0.66, "2010/11": 0.63}
    assert found["LI 23"].targets == {"2008/09": 40, "2009/10": 41, "2010/11": 43}


def test_a_value_with_its_count_gives_the_value_and_values_per_group_give_none():
    found, findings = _indicators(TABS)
    assert found["NI 15"].baseline == 0.71
    assert found["NI 56"].baseline is None
    assert any("702 (m) 511 (f)" in u.text and "none was taken" in u.text for u in findings.unsure)


def test_words_instead_of_figures_are_no_target():
    found, _ = _indicators(TABS)
    assert found["NI 8"].targets == {"2008/09": 20, "2010/11": 22}
    assert found["NI 56"].targets == {"2008/09": 17.9}


def test_the_lead_partner_marked_with_a_star():
    found, _ = _indicators(TABS)
    assert found["NI 15"].lead == "Bramley Police"


PIPES = (
    "# Kestwick Partnership – performance report, quarter 3 2010/11\n\n"
    "| Ref | Measure | Baseline 2007/08 | Target 2009/10 | Target 2010-11 | Lead |\n"
    "|:----|---------|-----------------:|---------------:|---------------:|------|\n"
    "| NI 152 | Working age people on out of work benefits | 13.1% | 12.8 | 12.2 | Jobcentre Plus* |\n"
    "| 192 | Household waste recycled and composted | 29% | 31 | 34 | Kestwick Council* |\n"
    "| NI 40 | Drug users in effective treatment | 355 | 370 | - | Drug Action Team* |\n"
)


def test_a_markdown_table_with_its_code_in_a_column_of_its_own():
    found, _ = _indicators(PIPES, "report.md")
    assert sorted(found) == ["NI 152", "NI 192", "NI 40"]
    assert found["NI 152"].title == "Working age people on out of work benefits"
    assert found["NI 192"].baseline == 29
    assert found["NI 192"].targets == {"2009/10": 31, "2010/11": 34}
    assert found["NI 40"].targets == {"2009/10": 370}


@pytest.mark.parametrize(
    "title, board",
    [
        ("Kestwick Partnership – performance report, quarter 3 2010/11", "Kestwick Partnership Board"),
        ("Kestwick Partnership Board: LAA indicators", "Kestwick Partnership Board"),
        # a place, but no board: the one board that shares it, said as a doubt
        ("Kestwick Local Area Agreement 2008-11", "Kestwick Partnership Board"),
    ],
)
def test_a_table_with_no_meeting_is_filed_under_the_board_its_title_names(tmp_path, title, board):
    engine = make_engine(f"sqlite:///{tmp_path / 'indicators.db'}")
    upgrade(engine)
    load_yaml(
        engine,
        "boards: [{name: Kestwick Partnership Board, slug: kestwick}, {name: Luton Forum, slug: forum, kind: forum}]",
        LONDON,
    )
    paper = PIPES.replace(PIPES.splitlines()[0], f"# {title}")
    reply = import_paper(engine, LONDON, "report.md", paper.encode(), None, "import:report")
    assert reply.data["board"] == board, reply.data
    with read_only(engine) as session:
        codes = sorted(i.code for i in session.exec(select(Indicator)).all())
        targets = {(t.period, t.value) for t in session.exec(select(IndicatorTarget)).all()}
    assert codes == ["NI 152", "NI 192", "NI 40"]
    assert ("2010/11", 12.2) in targets
    engine.dispose()


def test_a_table_whose_title_names_no_board_and_no_place_is_not_guessed(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'indicators.db'}")
    upgrade(engine)
    load_yaml(
        engine,
        "boards: [{name: Kestwick Partnership Board, slug: kestwick}, {name: Luton Forum, slug: forum, kind: forum}]",
        LONDON,
    )
    paper = PIPES.replace(PIPES.splitlines()[0], "# Performance appendix")
    reply = import_paper(engine, LONDON, "report.md", paper.encode(), None, "import:report")
    assert "could not tell which board" in reply.data["text"]
    with read_only(engine) as session:
        assert session.exec(select(Indicator)).all() == []
    engine.dispose()
