"""Papers published (issue 18): when an agenda pack, a report or minutes is imported or changed for
a meeting, each member of the board hears what is new or changed since they last heard, once per
change, by their own route; papers published fewer than 5 clear working days before the meeting
are flagged as late supplements; a member who muted the board hears nothing.

The imports go the real way (`import_paper`, what `forum import PAPER` and a file sent in Slack
call); their rows are then stamped with the moment the story says they were published, since the
sweeps travel in time and the rows' timestamps come from the real clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from bot.mail import MailPoster
from commands.imports.papers.importer import import_paper
from commands.reminder_engine.sweep import sweep
from storage.db import read_only, transaction
from storage.tables import AgendaItem, AuditEvent, Delivery, Meeting, Minute, Paper, Person, Resolution
from storage.writes import change
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON, utc
from tests.support.mail_server import MailServer
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import InstantClock, RecordingSlack, dm, poster_for

SENDER = "Luton Forum <forum@luton.example.org>"

WORLD = """
organisations:
  - {name: Luton Borough Council, sector: statutory}
people:
  - {name: Bren McGowan, organisation: Luton Borough Council, title: Partnership Manager, slack_user: U0BREN001, role: officer}
  - {name: Hazel Simmons, title: Councillor, slack_user: U0HAZEL01, role: chair}
  - {name: Peter Adams, slack_user: U0PETAD01}
  - {name: Mo Ahmed, email: mo@example.org}
  - {name: Nina Patel, slack_user: U0NINAP01}
  - {name: Sam Other, slack_user: U0SAMOT01}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01, chair: Hazel Simmons,
     members: [Bren McGowan, Peter Adams, Mo Ahmed, Nina Patel]}
  - {name: Stronger and Safer Communities Board, slug: safer, parent: forum, channel: C0SAFER01, members: [Sam Other]}
meetings:
  - board: forum
    starts: 2027-02-18 14:00
    venue: Hat Factory
    status: held
    minutes:
      - {number: "12", title: APOLOGIES FOR ABSENCE, ref: "1", resolutions: ["That the apologies be noted."]}
  - {board: forum, starts: 2027-04-15 14:00, venue: Central Library}
"""

AGENDA = """LUTON FORUM

Date: Thursday 15 April 2027
Time: 2.00 pm
Venue: Central Library, Luton

AGENDA

Item\tSubject\tLead\tPurpose
1\tApologies and introductions\tChair\t
2\tMinutes of the last meeting\tChair\tFor approval
3\tSustainable Community Strategy refresh (report attached)\tBren McGowan, Partnership Manager\tFor discussion

Report to:\tLuton Forum
Date:\t15 April 2027
Agenda item:\t3
Report of:\tBren McGowan, Partnership Manager
Subject:\tSustainable Community Strategy – refresh

Purpose of report
To agree the refreshed priorities.

Recommendations
That the Forum agrees the priorities.
"""

# Stamped as published (Europe/London): the minutes with the world, the agenda pack on Tuesday
# 6 April (6 clear working days before the meeting on Thursday 15 April: in time), the corrected
# report on Friday 9 April (fewer than 5: a late supplement).
WORLD_AT = datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)
AGENDA_AT = datetime(2027, 4, 6, 11, 0, tzinfo=LONDON)
CHANGED_AT = datetime(2027, 4, 9, 15, 0, tzinfo=LONDON)
FIRST_SWEEP = utc(2027, 4, 7, 8)  # Wednesday 7 April, 09:00 BST: the board's hour after the agenda pack
SECOND_SWEEP = utc(2027, 4, 12, 8)  # Monday 12 April, 09:00 BST: the working hour after Friday's change


@pytest.fixture
def slack():
    server = RecordingSlack().start()
    yield server
    server.stop()


def written_after(engine) -> int:
    """A mark in the audit log: what is written from here on is audited after it."""
    with read_only(engine) as session:
        return max(session.exec(select(AuditEvent.id)).all(), default=0) or 0


def stamp(engine, mark: int, at: datetime) -> None:
    """The rows written since the audit log's `mark` (the real clock's moment), as if written at `at`."""
    tables = {t.__tablename__: t for t in (Meeting, AgendaItem, Paper, Minute, Resolution)}
    with transaction(engine) as session:
        for event in session.exec(select(AuditEvent).where(AuditEvent.id > mark)).all():
            row = session.get(tables[event.entity], event.entity_id) if event.entity in tables else None
            if row is not None:
                if event.verb == "create":
                    row.created_at = at
                row.updated_at = at
                session.add(row)


def imported(engine, text: str, at: datetime) -> None:
    mark = written_after(engine)
    reply = import_paper(engine, LONDON, "forum-agenda.txt", text.encode(), "forum", "import:forum-agenda.txt")
    assert reply.template == "paper_import", reply.data
    stamp(engine, mark, at)


def papers_posts(slack: RecordingSlack) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for post in slack.accepted:
        words = " ".join(str(b) for b in post.blocks)
        if "apers for the Luton Forum meeting" in words:
            out.setdefault(post.channel, []).append(words)
    return out


def papers_mails(mail: MailServer) -> list[str]:
    bodies = [m.get_body(("plain",)).get_content() for m in mail.to("mo@example.org")]
    return [b for b in bodies if "apers for the Luton Forum meeting" in b]


def run(engine, settings, slack, now):
    mailer = MailPoster.for_settings(settings, sleep=InstantClock().sleep, timeout=5)
    return sweep(engine, settings, poster_for(slack), now=now, mailer=mailer)


def test_members_hear_once_what_is_new_then_what_changed_flagged_late(engine, mail, slack):
    settings = settings_for(engine, SLACK_API_URL=slack.api_url, FORUM_SMTP_URL=mail.url, FORUM_MAIL_FROM=SENDER)
    mark = written_after(engine)
    load_yaml(engine, WORLD, settings.tz)
    stamp(engine, mark, WORLD_AT)
    with transaction(engine) as session:
        nina = session.exec(select(Person).where(Person.name == "Nina Patel")).one()
        change(session, "test", nina, {"notify": {"muted": ["forum"]}})
    imported(engine, AGENDA, AGENDA_AT)

    # nothing before the board's hour the morning after
    run(engine, settings, slack, FIRST_SWEEP - timedelta(hours=2))
    assert papers_posts(slack) == {}

    run(engine, settings, slack, FIRST_SWEEP)
    posts = papers_posts(slack)
    members = {dm("U0BREN001"), dm("U0HAZEL01"), dm("U0PETAD01")}  # the chair too; not muted Nina, not Sam
    assert set(posts) == members and all(len(p) == 1 for p in posts.values())
    first = posts[dm("U0PETAD01")][0]
    assert "Published" in first and "The agenda (3 items)" in first
    assert "Sustainable Community Strategy" in first and "Item 3" in first
    assert "Minutes of the meeting of Thursday 18 February 2027" in first
    assert "late supplement" not in first.casefold()
    [by_mail] = papers_mails(mail)  # Mo has no Slack: by e-mail, the same message
    assert "Published:" in by_mail and "The agenda (3 items)" in by_mail and "LATE" not in by_mail

    # a second sweep sends nothing
    run(engine, settings, slack, FIRST_SWEEP + timedelta(minutes=1))
    assert papers_posts(slack) == posts and len(papers_mails(mail)) == 1

    # importing the same pack again writes nothing: still nothing to say
    imported(engine, AGENDA, CHANGED_AT)
    run(engine, settings, slack, SECOND_SWEEP)
    assert papers_posts(slack) == posts

    # the report corrected on Friday, fewer than 5 clear working days before: a late supplement
    imported(
        engine, AGENDA.replace("To agree the refreshed priorities.", "To agree the revised priorities."), CHANGED_AT
    )
    run(engine, settings, slack, SECOND_SWEEP - timedelta(hours=1))
    assert papers_posts(slack) == posts  # not before Monday's working hour
    run(engine, settings, slack, SECOND_SWEEP)
    run(engine, settings, slack, SECOND_SWEEP + timedelta(minutes=1))
    posts = papers_posts(slack)
    assert set(posts) == members and all(len(p) == 2 for p in posts.values())
    second = posts[dm("U0PETAD01")][1]
    assert "Late supplement" in second and "Changed since you last heard" in second
    assert "Sustainable Community Strategy" in second and "late supplement*" in second
    assert "The agenda" not in second and "Minutes of the meeting" not in second
    mails = papers_mails(mail)
    assert len(mails) == 2 and "Changed since you last heard:" in mails[1] and "[LATE SUPPLEMENT]" in mails[1]
    with read_only(engine) as session:
        rows = session.exec(select(Delivery).where(Delivery.kind == "papers")).all()
        assert {r.status for r in rows} == {"sent"} and len(rows) == 8  # 4 people, 2 messages each
        assert any("Late supplement for Luton Forum" in r.summary for r in rows)


def test_a_paper_added_after_the_agenda_went_out_is_new_and_late(engine, mail, slack):
    settings = settings_for(engine, SLACK_API_URL=slack.api_url, FORUM_SMTP_URL=mail.url, FORUM_MAIL_FROM=SENDER)
    mark = written_after(engine)
    load_yaml(engine, WORLD, settings.tz)
    stamp(engine, mark, WORLD_AT)
    imported(engine, AGENDA, AGENDA_AT)
    run(engine, settings, slack, FIRST_SWEEP)
    # a presentation added to item 1 on Friday, by a partnership file (the other import path)
    mark = written_after(engine)
    load_yaml(
        engine,
        """
meetings:
  - board: forum
    starts: 2027-04-15 14:00
    agenda:
      - {number: "1", title: Apologies and introductions,
         papers: [{title: Welcome slides, url: "https://example.org/papers/welcome.pdf"}]}
""",
        settings.tz,
    )
    stamp(engine, mark, CHANGED_AT)
    run(engine, settings, slack, SECOND_SWEEP)
    run(engine, settings, slack, SECOND_SWEEP + timedelta(minutes=1))
    [_, added] = papers_posts(slack)[dm("U0PETAD01")]
    assert "New since you last heard" in added and "welcome.pdf|Welcome slides" in added
    assert "late supplement*" in added and "Sustainable Community Strategy" not in added
