"""The database every verb works on: opened from the settings and brought up to date."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from settings import Settings


def open_engine(settings: Settings) -> Engine:
    """The partnership database, migrated: an empty one on first start, a current one untouched."""
    from storage.db import make_engine, upgrade

    engine = make_engine(settings.database_url)
    upgrade(engine)
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
