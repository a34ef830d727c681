"""The head of a paper in the genre's layouts: which board, the day, the times and the place, however
the title is worded and wherever the date sits. Examples written for these tests, not taken from the
corpus."""

from __future__ import annotations

from datetime import date, time

import pytest

from commands.imports.papers.header import title_parts
from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import clean_line, read_paper
from storage.db import make_engine, upgrade
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml


def _meetings(text: str, name: str = "paper.txt"):
    return read_findings(read_paper(name, text.encode())).meetings


@pytest.mark.parametrize(
    ("title", "named", "place"),
    [
        (
            "Minutes of the meeting of the Harbourside Safer Neighbourhoods Board held on Thursday ",
            "Harbourside Safer Neighbourhoods Board",
            None,
        ),
        (
            "Minutes of an extraordinary meeting of the Wolds Health Partnership held at ",
            "Wolds Health Partnership",
            None,
        ),
        ("Notes of a meeting held at Riverside House, Quay Street on ", None, "Riverside House, Quay Street"),
        ("MEETING OF THE CALDERBROOK JOINT WASTE COMMITTEE", "CALDERBROOK JOINT WASTE COMMITTEE", None),
        ("Meeting of Tolworth Children's Trust on Monday ", "Tolworth Children's Trust", None),
        ("ASHLEIGH CCG GOVERNING BODY MEETING HELD IN PUBLIC", "ASHLEIGH CCG GOVERNING BODY", None),
        ("Unconfirmed minutes", None, None),
        ("Agenda and minutes", None, None),
        ("Action notes", None, None),
    ],
)
def test_a_title_names_the_body_and_may_give_the_place(title, named, place):
    assert title_parts(title) == (named, place)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("VENUEThe Old School, Church Road", "VENUE: The Old School, Church Road"),
        ("DATE3 May 2016", "DATE: 3 May 2016"),
        ("PRESENTMembers:", "PRESENT: Members:"),
        ("PRESENTATION from the Youth Council", "PRESENTATION from the Youth Council"),
        ("DATES FOR YOUR DIARY", "DATES FOR YOUR DIARY"),
    ],
)
def test_a_label_run_into_its_value_is_parted_from_it(raw, clean):
    assert clean_line(raw) == clean


def test_the_board_named_above_a_dated_title_and_the_place_before_the_date():
    [meeting] = _meetings(
        "WYEFORD POLICE AND CRIME PANEL\n\n"
        "Minutes of a meeting held at Shire Hall, Wyeford on Friday 6 March 2015 from 2.00 pm to 4.10 pm\n\n"
        "1. Declarations of interest\nNone were declared.\n"
    )
    assert meeting.heading == "WYEFORD POLICE AND CRIME PANEL"
    assert (meeting.day, meeting.starts, meeting.ends) == (date(2015, 3, 6), time(14), time(16, 10))
    assert (meeting.venue, meeting.address) == ("Shire Hall", "Wyeford")


def test_a_title_case_board_name_above_notes_with_the_time_before_the_day():
    [meeting] = _meetings(
        "Amberley Older People's Forum\n\nNotes of meeting\n"
        "14:00 – 15:30, Tuesday 9 May 2023\nThe Pavilion, 4 Park Road\n\n"
        "Attendance\nJoan Fisher (Chair)\nRavi Kapoor\n\n1. Winter fuel payments\nDiscussed.\n"
    )
    assert meeting.heading == "Amberley Older People's Forum"
    assert (meeting.day, meeting.starts, meeting.ends) == (date(2023, 5, 9), time(14), time(15, 30))
    assert (meeting.venue, meeting.address) == ("The Pavilion", "4 Park Road")


def test_the_date_printed_under_the_word_agenda():
    [meeting] = _meetings(
        "HOLTBY COMMUNITY PARTNERSHIP\n\nAgenda\n\nDate: Thursday 2 June 2016\nTime: 7.00 pm\n"
        "Venue: Holtby Library, Market Street\n\n1. Apologies\n2. Village plan (Rita Moss, Clerk) – for decision\n"
    )
    assert (meeting.day, meeting.starts) == (date(2016, 6, 2), time(19))
    assert (meeting.venue, meeting.address) == ("Holtby Library", "Market Street")
    assert [(i.number, i.title) for i in meeting.items] == [("1", "Apologies"), ("2", "Village plan")]
    assert meeting.items[1].presenter == "Rita Moss"
    assert meeting.items[1].purpose == "decision"


def test_the_venue_stops_where_a_web_page_goes_on_to_its_contact_and_links():
    [meeting] = _meetings(
        "Licensing Sub-Committee\nWednesday, 4th April, 2012 10.00 am\nVenue: Room 12, Ladygate House\n"
        "Contact: Sam Pryor, Democratic Services 01632 960000\nMedia\nItems\n"
        "Attendance details\nPresent: Councillor Ann Dale (Chair), Councillor Mo Hussain\n1. Apologies\nNone.\n"
    )
    assert (meeting.venue, meeting.address) == ("Room 12", "Ladygate House")


def test_minutes_that_say_when_they_began_only_in_the_body():
    [meeting] = _meetings(
        "MEETING OF THE FELLSIDE TOWN COUNCIL\nMonday 11 November 2019\nTown Hall, Market Place\n\n"
        "Present:\nCllr Hugh Tarn (Mayor)\nCllr Lisa Wren\n\nThe meeting commenced at 7.30 pm.\n\n"
        "1. Apologies\nNone.\n"
    )
    assert meeting.starts == time(19, 30)


def test_a_title_wrapped_round_the_board_name_finds_the_board(tmp_path):
    from commands.imports.papers.importer import import_paper

    engine = make_engine(f"sqlite:///{tmp_path / 'heads.db'}")
    upgrade(engine)
    load_yaml(
        engine,
        "boards: [{name: Marlbury Health Partnership, slug: health}, {name: Marlbury Forum, slug: forum, kind: forum}]",
        LONDON,
    )
    paper = (
        "Notes of the Marlbury Health Partnership meeting held in public\n"
        "Tuesday 7 February 2017, 10.00am\nCounty Offices, Room 3\n\nPresent: Dr Kay Wills (Chair), Len Ford\n\n"
        "1. Minutes\nAgreed.\n"
    )
    reply = import_paper(engine, LONDON, "notes.txt", paper.encode(), None, "import:notes")
    assert "could not tell which board" not in str(reply.data)
    from sqlmodel import select

    from storage.db import read_only
    from storage.tables import Meeting

    with read_only(engine) as session:
        [meeting] = session.exec(select(Meeting)).all()
        assert meeting.starts_at.astimezone(LONDON).date() == date(2017, 2, 7)
    engine.dispose()
