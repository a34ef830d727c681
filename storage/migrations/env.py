"""Alembic environment: uses the connection handed over by storage.db.upgrade when there is one."""

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, create_engine
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import storage.tables  # noqa: F401  (registers every table on the metadata)
from storage.changes import not_declared
from storage.types import UTCDateTime

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:  # storage.db.alembic_config always gives one; say so rather than fail obscurely
        raise RuntimeError("the migrations were given no sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as connection:
        _run(connection)


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations speak plain SQLAlchemy types, so they never import our Python-side wrappers.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite can only ALTER by copying
        compare_type=True,
        include_object=not_declared,  # the change counter (0010) and full-text index (0007): each database's own
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
