"""`forum jobs preview | run-due | log`: the operator's view of the reminder scheduler.

`run-due` runs exactly the sweep the scheduler runs every minute, optionally as if at another
moment, which is how a missed morning is re-run by hand and how the year is time-travelled in tests.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click

from cli.engine import open_engine
from settings import Settings

if TYPE_CHECKING:
    from commands.core.context import Context


def parse_moment(text: str, settings: Settings) -> datetime:
    """`2026-12-03T09:00` (local time) or `2026-12-03T09:00+00:00` / `…Z` (that offset)."""
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise click.BadParameter(
            f"“{text}” is not a time like 2026-12-03T09:00 (local) or 2026-12-03T09:00+00:00."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=settings.tz)
        if moment.astimezone(UTC).astimezone(settings.tz).replace(tzinfo=None) != moment.replace(tzinfo=None):
            raise click.BadParameter(
                f"{text} does not exist in {settings.timezone_name}: the clocks go forward "
                "over it. Give a time with an offset instead."
            )
    return moment


def _context(settings: Settings, now: str | None) -> Context:
    from commands.core.context import Context
    from storage.types import utcnow

    moment = parse_moment(now, settings) if now else utcnow()
    return Context(engine=open_engine(settings), settings=settings, surface="console", now=moment)


@click.group()
def jobs() -> None:
    """Scheduled reminders: what will be sent, send what is due, and what was sent."""


@jobs.command()
@click.option("--days", default=14.0, show_default=True, type=click.FloatRange(0, 366), help="How far ahead.")
@click.option("--now", metavar="TIME", help="Look ahead from this moment instead (local time, or with an offset).")
@click.pass_obj
def preview(settings: Settings, days: float, now: str | None) -> None:
    """List the reminders that will be sent, when and to whom."""
    from commands.reminders import preview_reply
    from templates import render_text

    click.echo(render_text(preview_reply(_context(settings, now), days)))


@jobs.command(name="run-due")
@click.option("--now", metavar="TIME", help="Sweep as if at this moment (local time, or with an offset).")
@click.pass_obj
def run_due(settings: Settings, now: str | None) -> None:
    """Send every reminder that is due and not yet sent (one sweep, as the scheduler does)."""
    from bot.delivery import SlackPoster
    from bot.mail import MailPoster
    from commands.reminder_engine.sweep import sweep
    from commands.reminders import sweep_reply
    from templates import render_text

    if not settings.slack_bot_token:
        raise click.ClickException(
            "SLACK_BOT_TOKEN is not set: reminders cannot be posted. `forum jobs preview` shows what would be sent."
        )
    ctx = _context(settings, now)
    poster, mailer = SlackPoster.for_settings(settings), MailPoster.for_settings(settings)
    report = sweep(ctx.engine, settings, poster, now=ctx.now, mailer=mailer)
    click.echo(render_text(sweep_reply(ctx, report)))


@jobs.command(name="log")
@click.option("--failed", is_flag=True, help="Only deliveries that failed or wait to be retried.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.pass_obj
def log_command(settings: Settings, failed: bool, limit: int) -> None:
    """The delivery log: every reminder, newest first, with each attempt and Slack's answer."""
    from commands.reminders import log_reply
    from templates import render_text

    click.echo(render_text(log_reply(_context(settings, None), failed, limit)))
