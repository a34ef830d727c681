"""The reminder scheduler: one APScheduler job that sweeps for due reminders every minute.

There is deliberately one job, not one per reminder: what is due is worked out from the database
on every tick (commands/reminder_sweep.py), so edits take effect at once and nothing about
reminders lives in the scheduler's memory. Any number of bot processes may run it against one
database; the delivery log's claims make sure each reminder goes once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from commands.reminder_engine.sweep import Mailer, Poster, sweep
from settings import Settings
from storage.db import unavailable
from storage.types import utcnow

log = logging.getLogger(__name__)


def tick(
    engine: Engine, settings: Settings, poster: Poster, now: datetime | None = None, mailer: Mailer | None = None
) -> None:
    """One sweep at this moment (`now` for tests); a failure is logged and the next tick tries again,
    and looks back over the grace period, so what fell due meanwhile still goes."""
    try:
        report = sweep(engine, settings, poster, now=now, mailer=mailer)
    except Exception as error:
        if unavailable(error):  # an outage: one line a minute, not a traceback a minute
            log.warning(
                "reminder sweep failed, the database is unavailable (%s); the next tick will try again",
                str(error).splitlines()[0] if str(error) else type(error).__name__,
            )
        else:
            log.exception("reminder sweep failed; the next tick will try again")
        return
    for line in report.sent:
        log.info("sent %s to %s: %s", line["kind"], line["recipient"], line["summary"])
    for line in report.failed + report.retrying:
        log.warning("could not send %s to %s: %s", line["kind"], line["recipient"], line["error"])


def start_scheduler(
    engine: Engine,
    settings: Settings,
    poster: Poster | None = None,
    first_run: datetime | None = None,
    mailer: Mailer | None = None,
) -> BackgroundScheduler | None:
    """Start sweeping in a background thread (None when reminders are off in this process)."""
    if not settings.reminders_enabled:
        log.info("reminders are off in this process (FORUM_REMINDERS=false)")
        return None
    if poster is None:
        from bot.delivery import SlackPoster

        poster = SlackPoster.for_settings(settings)
    if mailer is None:
        from bot.mail import MailPoster

        mailer = MailPoster.for_settings(settings)  # None without FORUM_SMTP_URL and FORUM_MAIL_FROM
    scheduler = BackgroundScheduler(timezone=settings.tz)
    scheduler.add_job(
        tick,
        "interval",
        seconds=settings.reminder_tick_seconds,
        args=(engine, settings, poster, None, mailer),
        id="reminder-sweep",
        max_instances=1,
        coalesce=True,
        # the first sweep soon after start: catching up what fell due while down
        next_run_time=first_run or utcnow() + timedelta(seconds=2),
        misfire_grace_time=None,
    )
    scheduler.start()
    return scheduler
