"""Calendar invitations by e-mail (issue 18), received by a real SMTP server on loopback (aiosmtpd)
and parsed back with `icalendar`: each board member who hears by e-mail gets an invitation for each
meeting, then an update when it is moved (across the clock change, still 2:00 pm UK time) and a
cancel when it is cancelled — the feed's UID, SEQUENCE rising — each exactly once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlmodel import select

from bot.mail import MailPoster
from commands.calendar import feed
from commands.core.context import Context
from commands.reminder_engine.sweep import sweep
from storage.db import transaction
from storage.tables import Meeting
from storage.writes import change
from templates import render_text
from tests.support.asking import ask
from tests.support.bot_server import settings_for
from tests.support.mail_server import MailServer
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import InstantClock, RecordingSlack, poster_for

SENDER = "Luton Forum <forum@luton.example.org>"
LONDON = ZoneInfo("Europe/London")
MORNING = datetime(2027, 3, 4, 9, tzinfo=UTC)  # Thursday 4 March 2027, GMT (BST from 28 March)
WORLD = """
people:
  - {name: Mo Mailonly, email: 'mo@example.org'}
  - {name: Bea Both, slack_user: U0BEABOTH, email: 'bea@example.org'}
  - {name: Sam Slack, slack_user: U0SAMSLAK, email: 'sam@example.org'}
  - {name: Ola Officer, slack_user: U0OFFICER1, role: officer}
  - {name: Nat Notmember, email: 'nat@example.org'}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01,
     members: [Mo Mailonly, Bea Both, Sam Slack, Ola Officer]}
meetings:
  - {board: forum, starts: 2027-03-11 14:00, venue: Hat Factory, address: 65-67 Bute Street}
  - {board: forum, starts: 2027-03-18 14:00, venue: Town Hall}
"""


@pytest.fixture
def slack():
    server = RecordingSlack().start()
    yield server
    server.stop()


def _world(engine, mail: MailServer, slack: RecordingSlack):
    settings = settings_for(engine, SLACK_API_URL=slack.api_url, FORUM_SMTP_URL=mail.url, FORUM_MAIL_FROM=SENDER)
    load_yaml(engine, WORLD, settings.tz)
    ask(engine, "notify both", "U0BEABOTH", now=MORNING - timedelta(days=1))
    return settings


def _sweep(engine, settings, slack, now):
    mailer = MailPoster.for_settings(settings, sleep=InstantClock().sleep, timeout=5)
    return sweep(engine, settings, poster_for(slack), now=now, mailer=mailer)


def _invitations(mail: MailServer, address: str) -> list[icalendar.Calendar]:
    """The iCalendar parts of the e-mails to `address`, in the order they came, parsed back."""
    found = []
    for message in mail.to(address):
        parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        if not parts:
            continue
        assert len(parts) == 1
        calendar = icalendar.Calendar.from_ical(parts[0].get_content())
        assert calendar["method"] == parts[0].get_param("method")
        attached = [p for p in message.walk() if p.get_filename() == "invite.ics"]
        assert len(attached) == 1 and attached[0].get_content().decode() == parts[0].get_content()
        found.append(calendar)
    return found


def _event(calendar: icalendar.Calendar) -> icalendar.Event:
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def _meetings(engine) -> dict[str, int]:
    with transaction(engine) as session:
        return {m.venue or "": m.id for m in session.exec(select(Meeting)).all() if m.id is not None}


def _feed_uid(engine, settings, meeting_id: int) -> str:
    ctx = Context(engine=engine, settings=settings, now=MORNING)
    ics = feed(ctx, meeting_id=meeting_id)
    assert ics is not None
    return str(_event(icalendar.Calendar.from_ical(ics))["uid"])


def test_members_by_email_get_an_invitation_then_an_update_and_a_cancel_each_once(engine, mail, slack, monkeypatch):
    settings = _world(engine, mail, slack)
    ids = _meetings(engine)
    hat, hall = ids["Hat Factory"], ids["Town Hall"]

    monkeypatch.setenv("FORUM_SMTP_URL", mail.url)  # what officers are shown, as the bot sees it
    monkeypatch.setenv("FORUM_MAIL_FROM", SENDER)
    shown = render_text(ask(engine, "reminders", "U0OFFICER1", now=MORNING))
    assert "calendar invitation (e-mail)" in shown and "Mo Mailonly (e-mail)" in shown
    report = _sweep(engine, settings, slack, MORNING)
    assert {line["recipient"] for line in report.sent if line["kind"] == "invitation"} == {
        "Mo Mailonly (e-mail)",
        "Bea Both (e-mail)",
    }
    for address in ("mo@example.org", "bea@example.org"):
        first = _invitations(mail, address)
        assert [c["method"] for c in first] == ["REQUEST", "REQUEST"]
        event = {str(_event(c)["location"]).split(",")[0]: _event(c) for c in first}
        hat_event = event["Hat Factory"]
        assert str(hat_event["uid"]) == _feed_uid(engine, settings, hat)
        assert str(event["Town Hall"]["uid"]) == _feed_uid(engine, settings, hall)
        starts = hat_event.decoded("dtstart")
        assert starts.tzinfo is not None and str(starts.tzinfo) == "Europe/London"
        assert hat_event["dtstart"].params["TZID"] == "Europe/London"
        assert (starts.hour, starts.minute) == (14, 0) and starts.astimezone(UTC).hour == 14  # GMT
        assert str(hat_event["location"]) == "Hat Factory, 65-67 Bute Street"
        assert str(hat_event["organizer"]) == "mailto:forum@luton.example.org"
        assert str(hat_event["attendee"]) == f"mailto:{address}"
        assert str(hat_event["status"]) == "CONFIRMED"
        assert first[0].walk("VTIMEZONE") and str(first[0].walk("VTIMEZONE")[0]["tzid"]) == "Europe/London"
    message = mail.to("mo@example.org")[0]
    assert message["Subject"].startswith("Invitation: Luton Forum, ")
    assert "You are invited to the Luton Forum meeting" in message.get_body(("plain",)).get_content()
    # Slack-only members, and people on no board, get none
    assert mail.to("sam@example.org") == [] and mail.to("nat@example.org") == []

    # sweeping again, and an edit that changes nothing an invitation says: nothing more
    _sweep(engine, settings, slack, MORNING + timedelta(minutes=1))
    with transaction(engine) as session:
        meeting = session.get(Meeting, hall)
        assert meeting is not None
        change(session, "test", meeting, {"note": "Papers to follow"})
    _sweep(engine, settings, slack, MORNING + timedelta(minutes=2))
    assert len(mail.to("mo@example.org")) == 2 and len(mail.to("bea@example.org")) == 2

    # moved from a GMT date to a BST one, same 2:00 pm; the other cancelled
    ask(engine, 'move meeting 2027-03-11 to 2027-04-01 14:00 "room double-booked"', "U0OFFICER1", now=MORNING)
    ask(engine, 'cancel meeting 2027-03-18 "no business"', "U0OFFICER1", now=MORNING)
    for minutes in (10, 11, 70):
        _sweep(engine, settings, slack, MORNING + timedelta(minutes=minutes))
    for address in ("mo@example.org", "bea@example.org"):
        calendars = _invitations(mail, address)
        assert len(calendars) == 4
        by_uid: dict[str, list[icalendar.Calendar]] = {}
        for c in calendars:
            by_uid.setdefault(str(_event(c)["uid"]), []).append(c)
        moved = by_uid[_feed_uid(engine, settings, hat)]
        assert [c["method"] for c in moved] == ["REQUEST", "REQUEST"]
        before, after = (_event(c) for c in moved)
        assert int(after["sequence"]) > int(before["sequence"])
        starts = after.decoded("dtstart")
        assert starts.date().isoformat() == "2027-04-01" and (starts.hour, starts.minute) == (14, 0)
        assert starts.utcoffset() == timedelta(hours=1) and starts.astimezone(UTC).hour == 13  # BST
        assert after.decoded("dtend").astimezone(LONDON).hour == 16
        cancelled = by_uid[_feed_uid(engine, settings, hall)]
        assert [c["method"] for c in cancelled] == ["REQUEST", "CANCEL"]
        invited, cancel = (_event(c) for c in cancelled)
        assert str(cancel["status"]) == "CANCELLED" and int(cancel["sequence"]) > int(invited["sequence"])
    update = [m for m in mail.to("mo@example.org") if m["Subject"].startswith("Updated invitation")]
    assert (
        len(update) == 1 and "It is now: Thursday 1 April 2027 at 2:00" in update[0].get_body(("plain",)).get_content()
    )
    subjects = Counter(str(m["Subject"]).split(":")[0] for m in mail.received)
    assert subjects == {"Invitation": 4, "Updated invitation": 2, "Cancelled": 2}
    assert mail.to("sam@example.org") == []


def test_a_refused_invitation_is_retried_as_the_same_delivery_and_a_reinstated_meeting_is_invited_again(
    engine, mail, slack
):
    settings = _world(engine, mail, slack)
    ask(engine, "notify mute forum", "U0BEABOTH", now=MORNING - timedelta(days=1))  # a muted board sends none
    hall = _meetings(engine)["Town Hall"]
    mail.data_answers = ["451 4.3.0 Try again later"] * 6  # both invitations, every try of this sweep
    first = _sweep(engine, settings, slack, MORNING)
    assert [line["kind"] for line in first.retrying] == ["invitation", "invitation"] and mail.received == []
    later = _sweep(engine, settings, slack, MORNING + timedelta(minutes=7))
    assert [line["kind"] for line in later.sent] == ["invitation", "invitation"]
    _sweep(engine, settings, slack, MORNING + timedelta(minutes=20))
    assert len(mail.to("mo@example.org")) == 2 and mail.to("bea@example.org") == []

    ask(engine, 'cancel meeting 2027-03-18 "no business"', "U0OFFICER1", now=MORNING)
    _sweep(engine, settings, slack, MORNING + timedelta(minutes=30))
    with transaction(engine) as session:  # the business turned up after all
        meeting = session.get(Meeting, hall)
        assert meeting is not None
        change(session, "test", meeting, {"status": "scheduled", "status_reason": None})
    for minutes in (40, 41):
        _sweep(engine, settings, slack, MORNING + timedelta(minutes=minutes))
    uid = _feed_uid(engine, settings, hall)
    events = [(c["method"], _event(c)) for c in _invitations(mail, "mo@example.org") if str(_event(c)["uid"]) == uid]
    assert [method for method, _ in events] == ["REQUEST", "CANCEL", "REQUEST"]
    sequences = [int(e["sequence"]) for _, e in events]
    assert sequences == sorted(set(sequences)) and str(events[-1][1]["status"]) == "CONFIRMED"
    assert mail.to("bea@example.org") == []


def test_a_meeting_coming_within_ninety_days_is_invited_within_minutes_while_sweeps_are_quiet(engine, mail, slack):
    """An invitation falls due because time passed, not at a moment the rules name: quiet sweeps
    (commands/reminder_engine/sweep.py, _Quiet) stand for at most QUIET_FOR while e-mail is on."""
    from commands.reminder_engine.sweep import QUIET_FOR

    settings = _world(engine, mail, slack)
    far = MORNING + timedelta(days=90, minutes=30)  # within the 90 days from 09:30
    with transaction(engine) as session:
        forum = session.exec(select(Meeting)).first()
        assert forum is not None
        session.add(Meeting(board_id=forum.board_id, starts_at=far, venue="Wardown House"))
    _sweep(engine, settings, slack, MORNING)  # the two March meetings' invitations
    _sweep(engine, settings, slack, MORNING + timedelta(minutes=1))
    for minute in range(2, 29):  # quiet: nothing new for 09:02 … 09:28
        assert _sweep(engine, settings, slack, MORNING + timedelta(minutes=minute)).sent == []
    invited = []
    minute = 30
    while not invited and minute < 30 + QUIET_FOR.total_seconds() / 60 + 2:
        invited = list(_sweep(engine, settings, slack, MORNING + timedelta(minutes=minute)).sent)
        minute += 1
    assert {line["recipient"] for line in invited} == {"Mo Mailonly (e-mail)", "Bea Both (e-mail)"}
    assert minute - 1 - 30 <= QUIET_FOR.total_seconds() / 60
    assert any("Wardown House" in str(_event(c)["location"]) for c in _invitations(mail, "mo@example.org"))
