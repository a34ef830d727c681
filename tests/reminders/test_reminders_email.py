"""Reminders by e-mail (issue 18), received by a real SMTP server on loopback (aiosmtpd): people
with no Slack account get theirs by e-mail, once; someone who asks for both gets both; the server
refusing for a while, refusing for good, or down for an hour; a sweep killed mid-send."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlmodel import select

from bot.mail import MailPoster, message_id
from commands.reminder_engine.sweep import sweep
from storage.db import read_only, transaction
from storage.tables import Delivery, DeliveryAttempt, Person
from storage.writes import change
from templates import render_text
from tests.reminders.test_reminders_concurrency import MORNING, ROOT
from tests.support.asking import ask
from tests.support.bot_server import settings_for
from tests.support.mail_server import MailServer
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import InstantClock, RecordingSlack, poster_for

SENDER = "Luton Forum <forum@luton.example.org>"
ON_SLACK = [f"U0OWNER{n:02d}" for n in range(3)]
BY_MAIL = [f"owner{n:02d}@example.org" for n in range(3, 6)]


def morning() -> str:
    """Thursday 4 March 2027, 09:00: six actions due today, three owners on Slack and three with
    only an e-mail address, and the Forum meeting tomorrow (its channel's post)."""
    people = [f"  - {{name: Owner Number{n:02d}, slack_user: {user}}}" for n, user in enumerate(ON_SLACK)]
    people += [f"  - {{name: Owner Number{n:02d}, email: '{address}'}}" for n, address in enumerate(BY_MAIL, 3)]
    people.append("  - {name: Ola Officer, slack_user: U0OFFICER1, role: officer}")
    actions = "\n".join(
        f"  - {{description: Task {n:02d}, owner: Owner Number{n:02d}, due: 2027-03-04}}" for n in range(6)
    )
    return f"""
people:
{chr(10).join(people)}
boards:
  - {{name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01}}
meetings:
  - {{board: forum, starts: 2027-03-05 14:00, venue: Hat Factory}}
actions:
{actions}
"""


@pytest.fixture
def slack():
    server = RecordingSlack().start()
    yield server
    server.stop()


def _world(engine, mail: MailServer, slack: RecordingSlack, text: str | None = None, **overrides):
    values = {"SLACK_API_URL": slack.api_url, "FORUM_SMTP_URL": mail.url, "FORUM_MAIL_FROM": SENDER, **overrides}
    settings = settings_for(engine, **values)
    load_yaml(engine, text or morning(), settings.tz)
    return settings


def _mailer(settings, clock: InstantClock | None = None) -> MailPoster:
    mailer = MailPoster.for_settings(settings, sleep=(clock or InstantClock()).sleep, timeout=5)
    assert mailer is not None
    return mailer


def _copy(row: Delivery) -> SimpleNamespace:
    return SimpleNamespace(**row.model_dump())


def _mails(engine) -> dict[str, SimpleNamespace]:
    with read_only(engine) as session:
        rows = session.exec(select(Delivery).where(Delivery.target.startswith("mail:"))).all()
        return {row.recipient: _copy(row) for row in rows}


def _attempts(engine, delivery_id: int) -> list[str]:
    with read_only(engine) as session:
        rows = session.exec(
            select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == delivery_id).order_by(DeliveryAttempt.id)
        ).all()
        return [a.result for a in rows]


def test_people_with_no_slack_account_get_their_reminders_by_email_once(engine, mail, slack):
    settings = _world(engine, mail, slack)
    report = sweep(engine, settings, poster_for(slack), now=MORNING, mailer=_mailer(settings))
    assert sorted(str(m["To"]) for m in mail.received) == [
        f"Owner Number{n:02d} <{address}>" for n, address in enumerate(BY_MAIL, 3)
    ]
    assert sorted(p.channel for p in slack.accepted) == ["C0FORUM01", *(f"D{u[1:]}" for u in ON_SLACK)]
    assert report.failed == [] and len(report.sent) == 7

    message = mail.to(BY_MAIL[0])[0]
    with read_only(engine) as session:
        row = _copy(session.exec(select(Delivery).where(Delivery.recipient == "Owner Number03 (e-mail)")).one())
    assert message["From"] == SENDER and message["Auto-Submitted"] == "auto-generated"
    assert message["Subject"] == row.summary and "Task 03" in message["Subject"]
    assert message["Message-ID"] == message_id(f"{row.kind}|{row.target}|{row.occasion}", SENDER)
    assert message["Message-ID"].endswith("@luton.example.org>")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Your action is due today" in text and "Task 03" in text
    assert "<strong>today</strong>" in html and "Task 03" in html and "<html" in html

    # the same sweep again, and a restarted bot's: nothing more
    again = sweep(engine, settings, poster_for(slack), now=MORNING + timedelta(minutes=1), mailer=_mailer(settings))
    assert again.sent == [] and len(mail.received) == 3 and len(slack.accepted) == 4
    assert Counter(row.status for row in _mails(engine).values()) == {"sent": 3}


def test_someone_who_asks_for_both_gets_a_dm_and_an_email_each_once(engine, mail, slack):
    settings = _world(engine, mail, slack)
    with transaction(engine) as session:
        both = session.exec(select(Person).where(Person.slack_user_id == ON_SLACK[0])).one()
        change(session, "test", both, {"email": "both@example.org", "notify": {"route": "both"}})
        mailed = session.exec(select(Person).where(Person.slack_user_id == ON_SLACK[1])).one()
        change(session, "test", mailed, {"email": "mailed@example.org", "notify": {"route": "email"}})
        # chose e-mail but has no address: the Slack DM, rather than nothing
        stuck = session.exec(select(Person).where(Person.slack_user_id == ON_SLACK[2])).one()
        change(session, "test", stuck, {"notify": {"route": "email"}})
    for minute in (0, 1):
        sweep(engine, settings, poster_for(slack), now=MORNING + timedelta(minutes=minute), mailer=_mailer(settings))
    assert len(mail.to("both@example.org")) == 1 and len(mail.to("mailed@example.org")) == 1
    dms = Counter(p.channel for p in slack.accepted)
    assert dms == {"C0FORUM01": 1, f"D{ON_SLACK[0][1:]}": 1, f"D{ON_SLACK[2][1:]}": 1}
    assert len(mail.received) == 5


def test_without_email_set_up_nobody_is_emailed_and_no_slack_account_is_recorded_as_before(engine, mail, slack):
    settings = _world(engine, mail, slack, FORUM_SMTP_URL="")
    report = sweep(engine, settings, poster_for(slack), now=MORNING)
    assert mail.received == [] and len(report.failed) == 3
    assert all("no Slack account" in line["error"] for line in report.failed)


def test_the_server_refusing_for_a_while_then_accepting_delivers_once(engine, mail, slack):
    settings = _world(engine, mail, slack)
    clock = InstantClock()
    mail.data_answers = ["451 4.3.0 Try again later"]
    sweep(engine, settings, poster_for(slack), now=MORNING, mailer=_mailer(settings, clock))
    assert len(mail.received) == 3 and len({m["Message-ID"] for m in mail.received}) == 3
    refused = [row for row in _mails(engine).values() if _attempts(engine, row.id) == ["server_error", "sent"]]
    assert len(refused) == 1 and clock.sleeps == [1.0]

    # refusing longer than one sweep's tries: a later sweep sends it, once
    mail.data_answers = ["421 4.7.0 Too busy"] * 3
    with transaction(engine) as session:
        late = session.exec(select(Person).where(Person.slack_user_id == ON_SLACK[0])).one()
        change(session, "test", late, {"email": "late@example.org", "notify": {"route": "email"}})
    first = sweep(engine, settings, poster_for(slack), now=MORNING + timedelta(minutes=1), mailer=_mailer(settings))
    assert len(first.retrying) == 1 and "SMTP 421" in first.retrying[0]["error"]
    too_soon = sweep(engine, settings, poster_for(slack), now=MORNING + timedelta(minutes=3), mailer=_mailer(settings))
    assert too_soon.sent == [] and mail.to("late@example.org") == []
    later = sweep(engine, settings, poster_for(slack), now=MORNING + timedelta(minutes=7), mailer=_mailer(settings))
    assert len(later.sent) == 1 and len(mail.to("late@example.org")) == 1
    assert _mails(engine)["Owner Number00 (e-mail)"].status == "sent"


def test_a_permanent_refusal_is_recorded_shown_to_officers_and_not_tried_again(engine, mail, slack):
    settings = _world(engine, mail, slack)
    mail.rcpt_answers = ["550 5.1.1 <owner03@example.org>: no such mailbox"]
    report = sweep(engine, settings, poster_for(slack), now=MORNING, mailer=_mailer(settings))
    assert len(report.failed) == 1 and "SMTP 550 5.1.1" in report.failed[0]["error"]
    assert len(mail.received) == 2
    for minutes in (10, 60, 180):
        sweep(engine, settings, poster_for(slack), now=MORNING + timedelta(minutes=minutes), mailer=_mailer(settings))
    row = _mails(engine)["Owner Number03 (e-mail)"]
    assert row.status == "failed" and _attempts(engine, row.id) == ["error"] and len(mail.received) == 2

    shown = render_text(ask(engine, "reminders", "U0OFFICER1", now=MORNING + timedelta(hours=3)))
    assert "Owner Number03 (e-mail)" in shown and "SMTP 550 5.1.1" in shown and "no such mailbox" in shown


def test_a_server_down_for_an_hour_is_caught_up_with_within_the_grace_period(engine, mail, slack):
    settings = _world(engine, mail, slack)
    mail.stop()
    now, sent_at = MORNING, {}
    while now <= MORNING + timedelta(hours=4):
        if now == MORNING + timedelta(hours=1):
            mail.start()
        before = len(mail.received)
        sweep(engine, settings, poster_for(slack), now=now, mailer=_mailer(settings))
        if len(mail.received) > before:
            sent_at[now] = len(mail.received) - before
        now += timedelta(minutes=1)
    assert sorted(str(m["To"]).split("<")[1] for m in mail.received) == [f"{a}>" for a in BY_MAIL]  # each once
    assert all(MORNING + timedelta(hours=1) <= at <= MORNING + timedelta(hours=3) for at in sent_at)
    rows = _mails(engine).values()
    assert Counter(row.status for row in rows) == {"sent": 3}
    assert all(_attempts(engine, row.id)[0] == "timeout" for row in rows)


def _forum(tmp_path, engine, mail: MailServer, slack: RecordingSlack, *args: str) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "FORUM_"))}
    environment.update(
        {
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "PYTHONPATH": str(ROOT),
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_API_URL": slack.api_url,
            "FORUM_TIMEZONE": "Europe/London",
            "FORUM_SMTP_URL": mail.url,
            "FORUM_MAIL_FROM": SENDER,
        }
    )
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args], cwd=tmp_path, env=environment, text=True, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip


def test_a_sweep_killed_mid_send_loses_nothing_and_sends_nothing_twice(engine, mail, slack, tmp_path):
    settings = _world(engine, mail, slack)
    mail.hold_after = 1  # the second e-mail's data hangs unanswered: the process is killed meanwhile
    run = _forum(tmp_path, engine, mail, slack, "jobs", "run-due", "--now", MORNING.isoformat())
    assert mail.held.wait(60), run.communicate(timeout=5)
    run.send_signal(signal.SIGKILL)
    run.wait(30)
    mail.release()  # the server never said 250: it keeps nothing
    assert len(mail.received) == 1

    for minutes in (1, 12):  # at once (the interrupted one still leased), then when its lease has run out
        again = _forum(
            tmp_path,
            engine,
            mail,
            slack,
            "jobs",
            "run-due",
            "--now",
            (MORNING + timedelta(minutes=minutes)).isoformat(),
        )
        out, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
    assert sorted(str(m["To"]).split("<")[1] for m in mail.received) == [f"{a}>" for a in BY_MAIL]
    assert len(slack.accepted) == 4  # the Slack posts too, each once
    with read_only(engine) as session:
        assert Counter(row.status for row in session.exec(select(Delivery)).all()) == {"sent": 7}
    interrupted = [row for row in _mails(engine).values() if _attempts(engine, row.id)[0] == "interrupted"]
    assert len(interrupted) == 1 and _attempts(engine, interrupted[0].id) == ["interrupted", "sent"]
    assert settings.sends_email


def test_the_html_part_escapes_what_people_typed_and_links_only_to_web_addresses():
    from templates.mail import mrkdwn_html

    shown = mrkdwn_html(
        '*A1* Fix &lt;script&gt; &amp; Q&amp;A · <https://e.org/p?a=1&amp;b="2"|Paper &amp; one>'
        " · <javascript:alert(1)|click> · :dart: at 14:00:00"
    )
    assert "&lt;script&gt;" in shown and "<script" not in shown
    assert '<a href="https://e.org/p?a=1&amp;b=&quot;2&quot;">Paper &amp; one</a>' in shown
    assert "javascript" not in shown and "click" in shown
    assert "🎯 at 14:00:00" in shown and "<strong>A1</strong>" in shown
