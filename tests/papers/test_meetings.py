"""Finding a meeting and who attended it, in layouts of the genre: the date in the title line, names
on the Present line itself, a time range, a venue written after "in the"."""

from __future__ import annotations

from datetime import date, time

from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import read_paper

TITLED = b"""NORTHAVEN COMMUNITY SAFETY PARTNERSHIP

Minutes of a meeting held on Tuesday 14 March 2017 at 2.00pm in the Civic Centre, Room 2

Present: Cllr Anne Price (Chair), Supt Mark Doyle (Northaven Police), Jo Reed (Northaven Council)

Apologies: Dr Ruth Lane (CCG), Tom Baker (Probation)

1. Minutes of the last meeting
The minutes of the meeting held on 10 January 2017 were agreed as a correct record.

The meeting closed at 3.40pm.
"""

RANGE = b"""GREYSTONE HEALTH AND WELLBEING BOARD
MINUTES
Wednesday 5 October 2022
Time: 09:30 \xe2\x80\x93 11:15
Venue: Greystone House, Committee Room 1

PRESENT
Priya Shah \xe2\x80\x93 Director of Public Health
Owen Hale \xe2\x80\x93 Greystone Council

1. Welcome
"""


def _meeting(data: bytes):
    findings = read_findings(read_paper("paper.txt", data))
    assert len(findings.meetings) == 1
    return findings.meetings[0]


def test_a_title_line_with_the_date_and_names_on_the_present_line():
    meeting = _meeting(TITLED)
    assert (meeting.day, meeting.starts, meeting.ends) == (date(2017, 3, 14), time(14, 0), time(15, 40))
    people = {(a.name, a.kind) for a in meeting.attendance}
    assert {("Anne Price", "present"), ("Mark Doyle", "present"), ("Jo Reed", "present")} <= people
    assert {("Ruth Lane", "apologies"), ("Tom Baker", "apologies")} <= people
    assert not {name for name, kind in people if kind == "present"} & {"Ruth Lane", "Tom Baker"}


def test_a_time_range_gives_the_end_and_the_venue_is_only_the_place():
    meeting = _meeting(RANGE)
    assert (meeting.starts, meeting.ends) == (time(9, 30), time(11, 15))
    assert meeting.venue == "Greystone House"
    assert meeting.address == "Committee Room 1"
    assert {a.name for a in meeting.attendance} == {"Priya Shah", "Owen Hale"}
