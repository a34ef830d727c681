"""One sweep: send every reminder that is due now and has not been sent, exactly once.

The scheduler calls `sweep` every minute, and `forum jobs run-due` calls it by hand (at any
moment, for time travel). Each sweep recomputes what is due from the database, claims each
reminder in the delivery log before posting it, and records what Slack answered. Posting itself
is a `Poster` handed in by the caller (bot/delivery.py talks to Slack), so nothing here imports
Slack; e-mails (a "mail:ID" target, commands/reminder_engine/routing.py) go to a `Mailer` the same
way (bot/mail.py), with the same claims, retries and log.

Catching up: a sweep looks back over the grace period (so a reminder for a meeting added at 10:00
whose 09:00 reminder time has just passed still goes), and further, to the previous sweep, when
the bot has been down longer; reminders more than the grace period late are recorded as skipped.
A late reminder waits for working hours (commands/reminder_engine/times.py): a bot started at
00:40, or on a bank holiday, records what it found as waiting (a retry at the next working hour)
and sends it then, never in the night. Its lateness is judged when the bot first saw it; the
hours it waited for the morning do not count against it.
"""

from __future__ import annotations

import logging
import os
import socket
import weakref
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from sqlalchemy import Engine
from sqlmodel import Session

from commands.core.reply import Reply
from commands.reminder_engine.due import due_between
from commands.reminder_engine.rules import Due, load_partnership
from commands.reminder_engine.times import in_working_hours, next_working_hours, working_time
from settings import Settings
from storage import deliveries
from storage.changes import changes_for
from storage.db import read_only, transaction
from storage.tables import DeliveryAttempt
from storage.types import utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # longer than any one send with its retries can take
MAX_CATCH_UP = timedelta(days=31)  # a bot down for longer records a month of skips, not years
RETRY_FIRST, RETRY_LONGEST = timedelta(minutes=5), timedelta(hours=2)
WAITING = "waiting for working hours"  # a late reminder found at night, on a weekend or a bank holiday
# How far ahead a sweep looks for the next reminder falling due, and so how long a quiet sweep's
# finding may stand while nothing is committed (see _Quiet): a day, so a quiet evening and night are
# worked out once, not every two hours (what falls due is fixed by the data, which any commit ends,
# and by working hours and bank holidays, known in advance). With e-mail on, at most QUIET_FOR: a
# meeting coming within the 90 days of calendar invitations — the one thing due because time
# passed rather than at a moment the rules name — is seen within that.
AHEAD = timedelta(hours=24)
QUIET_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class _Quiet:
    """A sweep that found everything due already dealt with, and nothing waiting to be retried:
    until the database changes (storage/changes.py) or the next reminder falls due, the sweeps
    after it would find the same, so they do not work it out again. Kept per engine, in memory:
    one process's own sweeps, never shared."""

    version: int
    settings: str  # the settings it was found with (tests and tools sweep with several)
    mail: bool  # whether e-mail could be sent
    at: datetime  # the sweep's moment
    until: datetime  # the next reminder due after it, or AHEAD (with e-mail, QUIET_FOR) after it
    last_swept: datetime | None


@dataclass
class _Found:
    """What a sweep read: when the last one was, from when it looks, the deliveries already made
    since then, whether any waits for a retry, and what is due until AHEAD from now."""

    last: datetime | None
    since: datetime
    existing: dict[tuple[str, str, str], deliveries.Claim]
    waiting: bool
    ahead: list[Due]


_QUIET: weakref.WeakKeyDictionary[Engine, _Quiet] = weakref.WeakKeyDictionary()


@dataclass
class Attempt:
    """One call to Slack and what came of it."""

    result: str  # sent | ratelimited | server_error | timeout | error
    http_status: int | None = None
    error: str | None = None
    waited: float | None = None  # seconds slept before it (Retry-After or backoff)
    channel: str | None = None
    ts: str | None = None


@dataclass
class Posted:
    outcome: Literal["sent", "retry", "failed"]  # retry: Slack was unavailable; failed: it never will work
    attempts: list[Attempt] = field(default_factory=list)
    channel: str | None = None
    ts: str | None = None
    error: str | None = None


class Poster(Protocol):
    """Whoever delivers a reminder (the Slack layer): it renders the reply and posts it."""

    def post_reply(
        self,
        target: str,
        reply: Reply,
        *,
        key: str | None = None,
        posted_since: datetime | None = None,
    ) -> Posted: ...


class Mailer(Protocol):
    """Whoever sends a reminder by e-mail (bot/mail.py): it renders the reply as text and HTML and
    hands it to the SMTP server, the delivery's key in its Message-ID; `calendar` (an invitation's
    iCalendar text) goes with it as its text/calendar part and an .ics attachment."""

    def send_reply(self, to: str, subject: str, reply: Reply, *, key: str, calendar: str | None = None) -> Posted: ...


NO_MAIL = "no_smtp: e-mail is not set up in this process (FORUM_SMTP_URL, FORUM_MAIL_FROM)"


@dataclass
class SweepReport:
    now: datetime
    since: datetime
    sent: list[dict[str, Any]] = field(default_factory=list)
    retrying: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)


def default_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _line(due: Due, error: str | None = None) -> dict[str, Any]:
    return {
        "kind": due.kind,
        "recipient": due.recipient,
        "summary": due.summary,
        "due_at": due.due_at,
        "target": due.target,
        "error": error,
    }


def _retry_delay(earlier_attempts: int) -> timedelta:
    """5 minutes after the first failed sweep, then longer (by calls made so far), at most 2 hours."""
    rounds = earlier_attempts // 3
    delay: timedelta = min(RETRY_FIRST * (2 ** min(rounds, 10)), RETRY_LONGEST)
    return delay


def _unreachable(due: Due) -> str:
    if due.target.startswith("board:"):
        return f"no_channel: the {due.recipient.split(' (')[0]} has no Slack channel set"
    return f"no_slack_user: {due.recipient} has no Slack account linked"


class Sweep:
    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        poster: Poster,
        now: datetime,
        worker: str,
        mailer: Mailer | None = None,
    ):
        self.engine, self.settings, self.poster, self.now, self.worker = engine, settings, poster, now, worker
        self.mailer = mailer
        self.grace = timedelta(hours=settings.reminder_grace_hours)

    def run(self) -> SweepReport:
        with read_only(self.engine) as session:
            # before anything is read: what is read is this version or newer
            version = changes_for(self.engine)(session.connection())
            quiet = self._still_quiet(version)
            found = self._read(session) if quiet is None else None
        if found is None:
            assert quiet is not None
            self._mark(quiet.last_swept, stranded=False)
            return SweepReport(self.now, self.now - self.grace)
        return self._act(found, version)

    def _read(self, session: Session) -> _Found:
        last = deliveries.last_sweep(session)
        clock = load_partnership(session, self.settings, self.now, self.now, self.now)
        self.tz, self.region = clock.tz, clock.region
        since = self.now - self.grace
        if last is not None and last < since:  # the bot was down: look back to when it last looked
            since = max(last, self.now - MAX_CATCH_UP)
        existing = deliveries.in_window(session, since)
        # Reminders waiting for working hours (or for Slack) are looked at however old they are.
        waiting = [row.due_at for row in existing.values() if row.status in deliveries.OPEN]
        since = max(min([since, *waiting]), self.now - MAX_CATCH_UP)
        ahead = due_between(session, self.settings, since, self.now + AHEAD, self.now, loaded=clock)
        return _Found(last, since, existing, bool(waiting), ahead)

    def _act(self, found: _Found, version: int | None) -> SweepReport:
        last, since, existing, waiting, ahead = found.last, found.since, found.existing, found.waiting, found.ahead
        dues = [due for due in ahead if due.due_at <= self.now]
        stranded = any(row.due_at < since for row in existing.values())
        report = SweepReport(self.now, since)
        for due in dues:
            self._consider(due, existing.get(due.key), report)
        wanted = {due.key for due in dues}
        for key, row in existing.items():
            # A retry whose reason went away (older ones are given up on below).
            if key not in wanted and row.due_at >= since and self._may_take(row):
                with transaction(self.engine) as session:
                    if deliveries.reclaim(session, row.id, now=self.now, worker=self.worker, lease=LEASE):
                        deliveries.finish(
                            session,
                            row.id,
                            status="skipped",
                            now=self.now,
                            error="no longer due (cancelled, moved, submitted or closed)",
                        )
        if version is not None and not waiting and not stranded:
            # Nothing waits for a retry. Had this sweep claimed or sent anything, the number has moved
            # on from `version` and the next sweep works everything out again.
            later = [due.due_at for due in ahead if due.due_at > self.now]
            until = min([*later, self.now + (QUIET_FOR if self.settings.sends_email else AHEAD)])
            _QUIET[self.engine] = _Quiet(version, self._settings_key(), self.mailer is not None, self.now, until, last)
        else:
            _QUIET.pop(self.engine, None)
        self._mark(last, stranded, since)
        return report

    def _settings_key(self) -> str:
        return self.settings.model_dump_json()

    def _still_quiet(self, version: int | None) -> _Quiet | None:
        quiet = _QUIET.get(self.engine)
        if quiet is None or version is None or quiet.version != version:
            return None
        if not quiet.at < self.now < quiet.until:
            return None
        if quiet.mail != (self.mailer is not None) or quiet.settings != self._settings_key():
            return None
        return quiet

    def _mark(self, last: datetime | None, stranded: bool, since: datetime | None = None) -> None:
        """Writes only when there is something to write: most sweeps find nothing due."""
        if stranded or last is None or self.now - last >= self.grace / 4:
            with transaction(self.engine) as session:
                if stranded and since is not None:
                    deliveries.give_up_before(session, since, self.now)
                # The mark may lag a few hours: it only bounds how far back a restarted bot looks.
                deliveries.mark_swept(session, self.now)
            quiet = _QUIET.get(self.engine)
            if quiet is not None:  # the mark is not watched (storage/changes.py): the quiet stands
                _QUIET[self.engine] = replace(quiet, last_swept=self.now)

    def _may_take(self, row: deliveries.Claim) -> bool:
        if row.status == "retry":
            return row.next_attempt_at is None or row.next_attempt_at <= self.now
        return row.status == "sending" and row.lease_until is not None and row.lease_until < self.now

    def _consider(self, due: Due, row: deliveries.Claim | None, report: SweepReport) -> None:
        hour = due.due_at.astimezone(self.tz).time()
        # Late as the bot first saw it; after that, only working hours count (not a night's wait).
        seen = self.now if row is None else row.claimed_at
        late = seen - due.due_at + working_time(seen, self.now, hour, self.tz, self.region)
        too_late = due.expires_at is not None and self.now >= due.expires_at
        working = in_working_hours(self.now, hour, self.tz, self.region)
        if row is None:
            if late > self.grace or too_late:
                why = (
                    f"{late.total_seconds() / 3600:.0f} hours late: the bot was not running when it fell due"
                    if late > self.grace
                    else "too late: what it reminds of has begun or passed"
                )
                with transaction(self.engine) as session:
                    taken = self._claim(session, due, status="skipped", error=why)
                if taken:
                    report.skipped.append(_line(due, why))
                return
            if not working:  # night, a weekend or a bank holiday: it goes at the next working hour
                at = next_working_hours(self.now, hour, self.tz, self.region)
                with transaction(self.engine) as session:
                    self._claim(session, due, status="retry", error=WAITING, next_attempt_at=at)
                return
            with transaction(self.engine) as session:
                delivery_id = self._claim(session, due)
            if delivery_id is not None:
                self._deliver(delivery_id, due, 0, report)
            return
        if not working and not too_late and late <= self.grace:
            if row.status == "retry" and row.next_attempt_at is not None and row.next_attempt_at <= self.now:
                with transaction(self.engine) as session:  # Slack's retry fell in the night: the morning
                    deliveries.postpone(session, row.id, next_working_hours(self.now, hour, self.tz, self.region))
            return
        if not self._may_take(row):
            return  # sent, failed, skipped, or in another sweep's hands
        with transaction(self.engine) as session:
            if not deliveries.reclaim(session, row.id, now=self.now, worker=self.worker, lease=LEASE):
                return
            unsure = row.status == "sending" or deliveries.may_have_posted(session, row.id)
            if row.status == "sending":  # its sweep died mid-send; Slack may or may not have it
                session.add(
                    DeliveryAttempt(
                        delivery_id=row.id,
                        at=self.now,
                        result="interrupted",
                        error=f"{row.claimed_by} stopped before recording "
                        + ("the mail server's answer" if due.by_email else "Slack's answer"),
                    )
                )
            if too_late or late > self.grace:
                deliveries.finish(
                    session,
                    row.id,
                    status="skipped" if too_late else "failed",
                    now=self.now,
                    error=(row.error or "") + " (too late to retry)",
                )
                report.skipped.append(_line(due, "too late to retry"))
                return
        # An earlier try may have reached Slack unheard: the poster looks for it from the first claim.
        self._deliver(
            row.id, due, row.attempts, report, posted_since=row.claimed_at - timedelta(minutes=1) if unsure else None
        )

    def _claim(
        self,
        session: Session,
        due: Due,
        status: str = "sending",
        error: str | None = None,
        next_attempt_at: datetime | None = None,
    ) -> int | None:
        return deliveries.claim(
            session,
            kind=due.kind,
            target=due.target,
            occasion=due.occasion,
            recipient=due.recipient,
            summary=due.summary,
            due_at=due.due_at,
            now=self.now,
            worker=self.worker,
            status=status,
            lease=LEASE,
            error=error,
            next_attempt_at=next_attempt_at,
        )

    def _deliver(
        self,
        delivery_id: int,
        due: Due,
        earlier_attempts: int,
        report: SweepReport,
        posted_since: datetime | None = None,
    ) -> None:
        if not due.reachable:
            posted = Posted("failed", error=_unreachable(due))
        else:
            try:
                reply, key = Reply(due.template, due.data), "|".join(due.key)
                if not due.by_email:
                    posted = self.poster.post_reply(due.target, reply, key=key, posted_since=posted_since)
                elif self.mailer is None or not due.address:
                    posted = Posted("failed", error=NO_MAIL if self.mailer is None else "no_address")
                else:  # a server that may have taken an earlier try has the same Message-ID to know it by
                    posted = self.mailer.send_reply(due.address, due.summary, reply, key=key, calendar=due.calendar)
            except Exception as error:
                log.exception("reminder %s could not be sent", due.key)
                posted = Posted("failed", error=f"could not build or send the message: {type(error).__name__}")
        with transaction(self.engine) as session:
            rows = [
                DeliveryAttempt(
                    delivery_id=delivery_id,
                    at=self.now,
                    result=a.result,
                    http_status=a.http_status,
                    error=a.error,
                    channel=a.channel,
                    message_ts=a.ts,
                    waited_seconds=a.waited,
                )
                for a in posted.attempts
            ]
            if posted.outcome == "retry":
                deliveries.finish(
                    session,
                    delivery_id,
                    status="retry",
                    now=self.now,
                    error=posted.error,
                    next_attempt_at=self.now + _retry_delay(earlier_attempts),
                    attempts=rows,
                )
            else:
                deliveries.finish(
                    session,
                    delivery_id,
                    status=posted.outcome,
                    now=self.now,
                    error=posted.error,
                    channel=posted.channel,
                    message_ts=posted.ts,
                    attempts=rows,
                )
        {"sent": report.sent, "retry": report.retrying, "failed": report.failed}[posted.outcome].append(
            _line(due, posted.error)
        )


def sweep(
    engine: Engine,
    settings: Settings,
    poster: Poster,
    now: datetime | None = None,
    worker: str | None = None,
    mailer: Mailer | None = None,
) -> SweepReport:
    """Send what is due at `now` (default: this moment) and not yet sent; say what happened.
    `mailer` sends the e-mails (none: they are recorded as failed, for officers to see)."""
    return Sweep(engine, settings, poster, now or utcnow(), worker or default_worker(), mailer).run()


def upcoming(engine: Engine, settings: Settings, now: datetime, days: float) -> list[Due]:
    """What the sweeps will send over the next `days`, as the database stands now."""
    with read_only(engine) as session:
        return due_between(session, settings, now, now + timedelta(days=days), now)
