"""Minutes headed and decided as the genre does it — examples written for these tests."""

from __future__ import annotations

import pytest

from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import read_paper

HEAD = "CARROWAY SAFER COMMUNITIES PARTNERSHIP\nMinutes of the meeting held on 2 May 2018 at 10.00am\n\nPresent: Jan Orme (Chair), Vic Pell\n\n"


def _minutes(body: str, name: str = "minutes.txt"):
    [meeting] = read_findings(read_paper(name, (HEAD + body).encode())).meetings
    return meeting


@pytest.mark.parametrize(
    "body",
    [
        "12. Knife crime (Agenda item 3)\nDiscussed.\n13. Any other business\nNone.\n",
        "Item 12: Knife crime\nDiscussed.\nItem 13: Any other business\nNone.\n",
        "Minute 12 Knife crime\nDiscussed.\nMinute 13 Any other business\nNone.\n",
        "12\nKnife crime\nMinutes:\nDiscussed.\n13.\nAny other business\nMinutes:\nNone.\n",
        "12 KNIFE CRIME (REF: 3)\nDiscussed.\n13 ANY OTHER BUSINESS\nNone.\n",
    ],
)
def test_numbered_headings_in_the_genres_styles(body):
    meeting = _minutes(body)
    assert [(m.number, m.title) for m in meeting.minutes] == [
        ("12", "Knife crime" if "KNIFE" not in body else "KNIFE CRIME"),
        ("13", "Any other business" if "ANY" not in body else "ANY OTHER BUSINESS"),
    ]


def test_a_parish_councils_year_and_number():
    meeting = _minutes("18/40 Apologies\nNone.\n18/41 Allotments\nIt was agreed that the Clerk renew the lease.\n")
    assert [(m.number, m.title) for m in meeting.minutes] == [("18/40", "Apologies"), ("18/41", "Allotments")]
    assert [r.text for r in meeting.minutes[1].resolutions] == ["That the Clerk renew the lease."]


def test_numbered_paragraphs_inside_a_minute_are_not_minutes():
    meeting = _minutes(
        "5. Budget\n5.1 The Treasurer reported an underspend of £4,000.\n5.2 Members asked about reserves.\n6. Close\n"
    )
    assert [m.number for m in meeting.minutes] == ["5", "6"]


def test_headings_in_capitals_without_numbers_and_the_apologies_stop_at_them():
    meeting = _minutes(
        "APOLOGIES\nTessa Vane\n\nPREVIOUS MINUTES\nAgreed.\n\nYOUTH SHELTER\nVic Pell reported on the shelter.\n"
        "DECIDED: That a site visit be arranged.\nDate of next meeting: 4 July 2018\n"
    )
    assert [(m.number, m.title) for m in meeting.minutes] == [("1", "PREVIOUS MINUTES"), ("2", "YOUTH SHELTER")]
    assert {(a.name, a.kind) for a in meeting.attendance} == {
        ("Jan Orme", "present"),
        ("Vic Pell", "present"),
        ("Tessa Vane", "apologies"),
    }
    assert [r.text for r in meeting.minutes[1].resolutions] == ["That a site visit be arranged."]


def test_a_table_of_item_discussion_and_action():
    meeting = _minutes(
        "ITEM\tDISCUSSION\tACTION\n1. Welcome\tThe Chair opened the meeting.\t\n"
        "2. Street lighting\tThe Partnership noted the lighting survey.\tVic Pell to report back by 1 June 2018\n"
    )
    assert [(m.number, m.title) for m in meeting.minutes] == [("1", "Welcome"), ("2", "Street lighting")]
    assert [r.text for r in meeting.minutes[1].resolutions] == ["The Partnership noted the lighting survey."]
    assert any("ACTION: Vic Pell to report back" in text for _, text in meeting.minutes[1].paragraphs)


@pytest.mark.parametrize(
    ("said", "decided"),
    [
        ("RESOLVED: That the plan be adopted.", ["That the plan be adopted."]),
        ("Resolved that the plan be adopted.", ["That the plan be adopted."]),
        (
            "AGREED:\n(a) That the plan be adopted;\n(b) That it be reviewed.",
            ["That the plan be adopted;", "That it be reviewed."],
        ),
        ("Decision: The plan was adopted.", ["The plan was adopted."]),
        ("It was agreed that the plan be adopted.", ["That the plan be adopted."]),
        ("The Board endorsed the plan.", ["The Board endorsed the plan."]),
        ("The Committee agreed that the plan be adopted.", ["That the plan be adopted."]),
        ("Members discussed the plan at length.", []),
    ],
)
def test_decisions_as_the_genre_words_them(said, decided):
    meeting = _minutes(f"7. Community plan\n{said}\n8. Close\n")
    assert [r.text for r in meeting.minutes[0].resolutions] == decided
