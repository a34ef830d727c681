"""The decisions register's queries, on the demo's minutes and resolutions (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from storage import decisions
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml

DEMO = Path(__file__).parents[2] / "storage" / "demo" / "luton.yaml"


@pytest.fixture
def forum(engine):
    load_yaml(engine, DEMO.read_text(), LONDON)
    return engine


def test_words_in_the_resolution_find_it_newest_meeting_first(forum):
    with Session(forum) as session:
        found = decisions.find_decisions(session, ["ref: 3"])
        every = decisions.find_decisions(session, [])
    assert found and all(
        "ref: 3" in d.resolution.text.casefold() or "ref: 3" in d.minute.title.casefold() for d in found
    )
    starts = [d.meeting.starts_at for d in every]
    assert starts == sorted(starts, reverse=True) and len(every) > len(found)


@pytest.mark.parametrize("hostile", ["%", "_", "'; drop table resolution; --", "x" * 5000, "<@U0BREN001>"])
def test_hostile_words_are_literal_text(forum, hostile):
    with Session(forum) as session:
        assert decisions.find_decisions(session, [hostile]) == []
