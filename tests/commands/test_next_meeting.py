"""`next-meeting`: the query (clock change, board filter, cancelled and postponed) and the reply."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage import meetings as meeting_queries
from storage.db import read_only
from templates import render_blocks, render_text
from tests.support import asking
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.clock import LONDON, utc
from tests.support.partnerships import load_yaml, upcoming_yaml

CLOCK_CHANGE = """
boards:
  - {name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01}
  - {name: Health and Well-being Board, slug: health, parent: forum, channel: C0HEALTH1}
meetings:
  - {board: forum, starts: 2027-03-25 14:00, venue: Hat Factory}      # GMT: 14:00 UTC
  - {board: forum, starts: 2027-04-01 14:00, venue: Central Library}  # BST: 13:00 UTC
  - {board: health, starts: 2027-03-30 10:00, venue: Luton and Dunstable Hospital}
  - {board: forum, starts: 2027-10-28 14:00, venue: Hat Factory, status: postponed, status_reason: Venue flooded}
  - {board: forum, starts: 2027-11-04 14:00, venue: Hat Factory}
"""


def ask(engine, text: str, now: datetime, channel: str | None = None):
    return asking.ask(engine, text, "U0BREN001", now=now, channel=channel)


@pytest.mark.parametrize(
    "now, expected_utc, expected_local",
    [
        # before the spring change: the GMT meeting is next
        (utc(2027, 3, 20, 9), utc(2027, 3, 25, 14), "Thursday 25 March 2027 at 2:00 pm GMT"),
        # after it: 2:00 pm BST is 13:00 UTC, and shown as 2:00 pm, not 1:00 pm
        (utc(2027, 3, 28, 9), utc(2027, 4, 1, 13), "Thursday 1 April 2027 at 2:00 pm BST"),
        # a minute after the GMT meeting started, it is no longer "next"
        (utc(2027, 3, 25, 14, 1), utc(2027, 4, 1, 13), "Thursday 1 April 2027 at 2:00 pm BST"),
    ],
)
def test_next_meeting_across_the_clock_change(engine, now, expected_utc, expected_local):
    load_yaml(engine, CLOCK_CHANGE, LONDON)
    with read_only(engine) as session:
        from storage.boards import board_by_slug

        meeting = meeting_queries.next_meeting(session, board_by_slug(session, "forum").id, now)
        assert meeting.starts_at == expected_utc
    assert expected_local in render_text(ask(engine, "next-meeting", now))


def test_meeting_on_a_local_day_finds_it_whichever_side_of_the_change(engine):
    load_yaml(engine, CLOCK_CHANGE, LONDON)
    with read_only(engine) as session:
        from storage.boards import board_by_slug

        forum = board_by_slug(session, "forum").id
        assert meeting_queries.meeting_on(session, forum, date(2027, 4, 1), LONDON).venue == "Central Library"
        assert meeting_queries.meeting_on(session, forum, date(2027, 3, 31), LONDON) is None


def test_board_by_name_slug_or_channel(engine):
    load_yaml(engine, CLOCK_CHANGE, LONDON)
    now = utc(2027, 3, 20, 9)
    for text, channel in [
        ("next-meeting health", None),
        ("next-meeting Health and Well-being", None),
        ("next-meeting", "C0HEALTH1"),
        ("next-meeting <#C0HEALTH1|health>", None),
    ]:
        reply = render_text(ask(engine, text, now, channel))
        assert "Health and Well-being Board" in reply and "Tuesday 30 March 2027 at 10:00 am BST" in reply, text


def test_postponed_meeting_says_so_and_gives_the_next_one(engine):
    load_yaml(engine, CLOCK_CHANGE, LONDON)
    text = render_text(ask(engine, "next-meeting", utc(2027, 10, 20, 9)))
    assert "Thursday 28 October 2027" in text and "POSTPONED: Venue flooded" in text
    assert "The meeting after it: Thursday 4 November 2027 at 2:00 pm GMT" in text


def test_cancelled_meeting_is_skipped_and_agenda_shown(engine):
    today = date(2027, 6, 1)
    load_yaml(engine, upcoming_yaml(today), LONDON)
    reply = ask(engine, "next-meeting", datetime(2027, 6, 1, 8, tzinfo=UTC))
    blocks = render_blocks(reply)
    assert_valid_blocks(blocks)
    text = visible_text(blocks)
    assert "Friday 11 June 2027" in text and "2:00 pm" in text  # the cancelled one on the 4th is skipped
    assert "Town Hall" not in text
    assert "Central Library, St George's Square, Luton LU1 2NG" in text and "PLEASE NOTE VENUE" in text
    assert "*6. Sustainable Community Strategy priorities*" in text
    assert "Bren McGowan, Partnership Manager · for decision · report attached" in text
    assert "<https://example.org/papers/scs.pdf|SCS priorities report>" in text
    assert "*7. Luton Borough Council – Budget*" in text


def test_no_meeting_in_the_diary_is_said_plainly(engine):
    load_yaml(engine, CLOCK_CHANGE, LONDON)
    text = render_text(ask(engine, "next-meeting health", utc(2028, 1, 1)))
    assert text.startswith("No upcoming meeting of the Health and Well-being Board")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("nxt-meeting", "Did you mean `/forum next-meeting`?"),
        ("next-meeting nowhere", "I don't know a board called “nowhere”."),
        ("wibble", "I don't know the command “wibble”."),
        ("x" * 5000, "That is 5,000 characters"),
        ("🎉🎉", "I don't know the command “🎉🎉”."),
        ("<@U0BREN001|bren>", "I don't know the command"),
        ("next-meeting <@U0BREN001|bren>", "I don't know a board called “<@U0BREN001|bren>”."),
    ],
)
def test_junk_gets_a_short_friendly_answer(engine, text, expected):
    load_yaml(engine, CLOCK_CHANGE, LONDON)
    reply = ask(engine, text, utc(2027, 3, 20, 9))
    assert expected in render_text(reply)
    blocks = render_blocks(reply)
    assert_valid_blocks(blocks)
    assert "<@U0BREN001" not in visible_text(blocks)  # user text is escaped, never a live mention
    assert len(render_text(reply)) < 400


def test_a_huge_agenda_stays_within_block_kit_limits_and_loses_nothing(engine):
    items = "\n".join(
        f"      - {{number: '{n}', title: '{'Long title ' * 30}{n}', presenter: Someone Else}}" for n in range(1, 121)
    )
    load_yaml(
        engine,
        f"""
boards: [{{name: Luton Forum, slug: forum, kind: forum}}]
meetings:
  - board: forum
    starts: 2027-05-06 14:00
    agenda:
{items}
""",
        LONDON,
    )
    blocks = render_blocks(ask(engine, "next-meeting", utc(2027, 5, 1)))
    assert_valid_blocks(blocks)
    text = visible_text(blocks)
    assert all(f"{n}*" in text for n in range(1, 121))


def test_help_lists_every_command_with_an_example(engine):
    text = render_text(ask(engine, "help", utc(2027, 1, 1)))
    assert "next-meeting [board]" in text and "e.g. next-meeting" in text
    detail = render_text(ask(engine, "help next-meeting", utc(2027, 1, 1)))
    assert "Cancelled meetings are skipped" in detail
