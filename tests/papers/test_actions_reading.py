"""Actions as minutes give them — examples written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import read_paper

HEAD = (
    "ELMSWORTH COMMUNITY SAFETY PARTNERSHIP\nMinutes of the meeting held on Tuesday 4 October 2016 at 2.00pm\n\n"
    "Present: Ida Crane (Chair), Rob Tully (RT), Mina Shah, the Partnership Analyst\n\n"
)


def _actions(body: str) -> list[tuple[str, str | None, date | None]]:
    findings = read_findings(read_paper("minutes.txt", (HEAD + body).encode()))
    return [(a.description, a.owner, a.due) for a in findings.actions]


@pytest.mark.parametrize(
    ("said", "owner", "due"),
    [
        ("Rob Tully to circulate the hotspot map by 31 October 2016.", "Rob Tully", date(2016, 10, 31)),
        ("Rob Tully will circulate the hotspot map by 31 October 2016.", "Rob Tully", date(2016, 10, 31)),
        ("- Rob Tully to circulate the hotspot map", "Rob Tully", None),
        ("ACTION: RT to circulate the hotspot map by the end of the month.", "RT", date(2016, 10, 31)),
        ("Ida Crane and Mina Shah to circulate the hotspot map.", "Ida Crane and Mina Shah", None),
    ],
)
def test_who_is_to_do_what_by_when(said, owner, due):
    [(description, found_owner, found_due)] = _actions(f"1. Hotspots\nThe map was discussed.\n{said}\n2. Close\n")
    assert description.startswith("Circulate the hotspot map")
    assert (found_owner, found_due) == (owner, due)


def test_by_the_next_meeting_is_the_day_the_paper_gives_for_it():
    [(_, owner, due)] = _actions(
        "1. Hotspots\nRob Tully to circulate the hotspot map before the next meeting.\n"
        "2. Date of next meeting\nThe next meeting will be held on 6 December 2016.\n"
    )
    assert (owner, due) == ("Rob Tully", date(2016, 12, 6))
    [(_, _, unknown)] = _actions("1. Hotspots\nRob Tully to circulate the hotspot map by the next meeting.\n")
    assert unknown is None  # not said: left empty


def test_an_action_line_naming_only_its_owner_takes_the_decision_forward():
    [(description, owner, _)] = _actions(
        "1. Hotspots\nDECIDED: That a hotspot map be published quarterly.\nAction: RT\n2. Close\n"
    )
    assert description == "A hotspot map be published quarterly." and owner == "RT"


def test_an_actions_table_under_a_minute():
    found = _actions(
        "1. Hotspots\nRESOLVED: That the map be noted.\nAction\tOwner\tDue\n"
        "Publish the map\tMina Shah\t30 November 2016\nBrief the ward members\tRob Tully\t\n2. Close\n"
    )
    assert found == [
        ("Publish the map.", "Mina Shah", date(2016, 11, 30)),
        ("Brief the ward members.", "Rob Tully", None),
    ]


def test_being_asked_along_and_noting_are_not_actions():
    assert (
        _actions(
            "1. Hotspots\nRESOLVED:\n(a) That the report be noted;\n(b) That the Fire Service be invited to the next meeting.\n"
            "The Partnership noted the figures.\n2. Close\n"
        )
        == []
    )
