"""An indicator table's Frequency column: how often each indicator's figures come, read into the
indicator (and so how its readings are chased); a word that is no frequency is doubted, not guessed."""

from __future__ import annotations

from sqlmodel import select

from commands.imports.papers.importer import import_paper
from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import read_paper
from storage.db import make_engine, read_only, upgrade
from storage.tables import Indicator
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml

TABLE = (
    "# Kestwick Partnership Board: LAA indicators\n\n"
    "| Ref | Measure | Target 2009/10 | Target 2010-11 | Frequency | Lead |\n"
    "|:----|---------|---------------:|---------------:|-----------|------|\n"
    "| NI 152 | Working age people on out of work benefits | 12.8 | 12.2 | Quarterly | Jobcentre Plus* |\n"
    "| 192 | Household waste recycled and composted | 31 | 34 | Monthly | Kestwick Council* |\n"
    "| NI 40 | Drug users in effective treatment | 370 | 380 | Annually | Drug Action Team* |\n"
    "| NI 8 | Adult participation in sport | 20 | 22 | Biennial | Kestwick Council* |\n"
)


def test_the_frequency_column_is_read():
    findings = read_findings(read_paper("report.md", TABLE.encode()))
    found = {i.code: i.frequency for i in findings.indicators}
    assert found == {"NI 152": "quarterly", "NI 192": "monthly", "NI 40": "annual", "NI 8": None}
    assert any("NI 8: frequency “Biennial”" in u.text for u in findings.unsure)


def test_imported_the_indicators_keep_their_frequency(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'indicators.db'}")
    upgrade(engine)
    load_yaml(engine, "boards: [{name: Kestwick Partnership Board, slug: kestwick, kind: forum}]", LONDON)
    import_paper(engine, LONDON, "report.md", TABLE.encode(), None, "import:report")
    with read_only(engine) as session:
        found = {i.code: i.frequency for i in session.exec(select(Indicator)).all()}
    assert found == {"NI 152": "quarterly", "NI 192": "monthly", "NI 40": "annual", "NI 8": None}
    engine.dispose()
