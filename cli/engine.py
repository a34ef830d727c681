"""The database every verb works on: opened from the settings and brought up to date."""

from __future__ import annotations

import click
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from settings import Settings


def shown_url(url: str) -> str:
    """DATABASE_URL as it may be printed: the password left out."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(DATABASE_URL is not a database URL)"


def open_engine(settings: Settings) -> Engine:
    """The partnership database, migrated: an empty one on first start, a current one untouched.
    A database that cannot be reached ends the verb with one line saying what to check."""
    from storage.db import make_engine, unavailable, upgrade

    try:
        engine = make_engine(settings.database_url)
        upgrade(engine)
    except Exception as error:
        if not unavailable(error) and not isinstance(error, ArgumentError):
            raise
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:200]
        raise click.ClickException(
            f"Cannot reach the database at {shown_url(settings.database_url)}: is the database running, "
            f"and is DATABASE_URL right? ({reason})"
        ) from None
    return engine


def is_empty(engine: Engine) -> bool:
    from storage.tables import Board

    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Board)).scalar_one() == 0


def load_demo(engine: Engine, settings: Settings) -> str:
    from commands.imports.demo import load_demo as load_demo_partnership
    from storage.db import transaction
    from storage.types import utcnow

    today = utcnow().astimezone(settings.tz).date()
    with transaction(engine) as session:
        return load_demo_partnership(session, today, settings.tz).summary()
