"""Full-text search over what the partnership has recorded (issue 16).

Each searchable record — a minute, a resolution (decision), an action, an action's progress note, an
agenda item, a paper, a consultation, an indicator — has one `search_document` row holding its words,
its board and its day. The rows are kept in step by the writes themselves: after every flush, the
records a session added, changed or archived are indexed again in the same transaction, so a search
finds a change the moment it is committed and never one that was rolled back.

The index is the database's own: SQLite FTS5 (porter stemming) over the rows, or PostgreSQL's
`tsvector` (English stemming) with a GIN index — both made by migration 0007, which also indexes the
records already there. `search()` is the one query function over either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import Connection, and_, delete, event, func, insert, literal_column, select, table, text
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Session, col

from storage.tables import (
    Action,
    ActionUpdate,
    AgendaItem,
    Consultation,
    Indicator,
    Meeting,
    Minute,
    Paper,
    Resolution,
    SearchDocument,
)

MAX_TERMS = 12  # words of a query: more narrow nothing and cost time
KINDS = ("minute", "decision", "action", "progress", "item", "paper", "consultation", "indicator")
_FTS = "search_fts"  # SQLite's FTS5 table over search_document (migration 0007)
_TSV = "tsv"  # PostgreSQL's generated tsvector column (migration 0007)


@dataclass(frozen=True)
class Hit:
    kind: str
    record_id: int
    board_id: int | None
    at: datetime | None
    title: str
    body: str


def terms(words: str) -> list[str]:
    """The words of a query as the index knows words: letters and figures only, so that nothing a
    member types (quotes, `*`, `NEAR`, `:`, brackets) is read as query syntax."""
    found = [w for w in re.findall(r"\w+", words.casefold()) if w not in ("and", "or", "not", "near")]
    return list(dict.fromkeys(found))[:MAX_TERMS]


def search(
    session: Session,
    words: Sequence[str],
    board_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
) -> list[Hit]:
    """The records holding every one of `words` (as `terms()` gives them), best first."""
    if not words:
        return []
    document = SearchDocument.__table__  # type: ignore[attr-defined]
    filters = []
    if board_id is not None:
        filters.append(document.c.board_id == board_id)
    if since is not None:
        filters.append(document.c.at >= since.astimezone(UTC))
    if until is not None:
        filters.append(document.c.at < until.astimezone(UTC))
    columns = [document.c.kind, document.c.record_id, document.c.board_id, document.c.at, document.c.title]
    if session.get_bind().dialect.name == "postgresql":
        query = func.plainto_tsquery("english", " ".join(words))
        vector: Any = literal_column(f"search_document.{_TSV}")
        rank = func.ts_rank(vector, query)
        statement = (
            select(*columns, document.c.body)
            .where(vector.op("@@")(query), *filters)
            .order_by(rank.desc(), document.c.at.desc().nulls_last())
        )
    else:
        fts = table(_FTS, literal_column("rowid"))
        match = " ".join(f'"{w}"' for w in words)  # each a quoted string: never syntax
        statement = (
            select(*columns, document.c.body)
            .join_from(document, fts, literal_column(f"{_FTS}.rowid") == document.c.id)
            .where(text(f"{_FTS} MATCH :match").bindparams(match=match), *filters)
            .order_by(literal_column(f"bm25({_FTS}, 4.0, 1.0)"), document.c.at.desc())
        )
    rows = session.connection().execute(statement.limit(limit)).all()
    return [Hit(r.kind, r.record_id, r.board_id, _utc(r.at), r.title, r.body) for r in rows]


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


# --- what each kind of record says ---------------------------------------------------------------


def _c(model: Any) -> Any:
    """A table's columns, for core queries over several tables."""
    return model.__table__.c


def _text(*parts: object) -> str:
    return "\n".join(str(p) for p in parts if p)


def _rows(connection: Connection, kind: str, ids: Iterable[int] | None) -> list[dict[str, Any]]:
    """The search documents of these records of `kind` (all of them when `ids` is None); archived
    records, and records under an archived meeting or action, have none."""
    wanted = None if ids is None else sorted(set(ids))
    if wanted == []:
        return []

    def only(column: Any) -> list[Any]:
        return [] if wanted is None else [column.in_(wanted)]

    rows: Any  # each kind's own row shape
    live = col(_c(Meeting).archived_at).is_(None)
    if kind == "minute":
        rows = connection.execute(
            select(
                _c(Minute).id,
                _c(Meeting).board_id,
                _c(Meeting).starts_at,
                _c(Minute).number,
                _c(Minute).title,
                _c(Minute).discussion,
            )
            .join(Meeting, col(_c(Meeting).id) == _c(Minute).meeting_id)
            .where(col(_c(Minute).archived_at).is_(None), live, *only(col(_c(Minute).id)))
        )
        return [_doc(kind, r[0], r[1], r[2], f"{r[3]} {r[4]}", r[5]) for r in rows]
    if kind == "decision":
        rows = connection.execute(
            select(
                _c(Resolution).id,
                _c(Meeting).board_id,
                _c(Meeting).starts_at,
                _c(Minute).number,
                _c(Minute).title,
                _c(Resolution).text,
            )
            .join(Minute, col(_c(Minute).id) == _c(Resolution).minute_id)
            .join(Meeting, col(_c(Meeting).id) == _c(Minute).meeting_id)
            .where(
                col(_c(Resolution).archived_at).is_(None),
                col(_c(Minute).archived_at).is_(None),
                live,
                *only(col(_c(Resolution).id)),
            )
        )
        return [_doc(kind, r[0], r[1], r[2], f"{r[3]} {r[4]}", r[5]) for r in rows]
    if kind == "action":
        rows = connection.execute(
            select(
                _c(Action).id,
                func.coalesce(_c(Action).board_id, _c(Meeting).board_id),
                func.coalesce(_c(Meeting).starts_at, _c(Action).created_at),
                _c(Action).description,
                _c(Action).owner_text,
            )
            .outerjoin(Meeting, col(_c(Meeting).id) == _c(Action).meeting_id)
            .where(col(_c(Action).archived_at).is_(None), *only(col(_c(Action).id)))
        )
        return [_doc(kind, r[0], r[1], r[2], r[3], r[4]) for r in rows]
    if kind == "progress":
        rows = connection.execute(
            select(
                _c(ActionUpdate).id,
                func.coalesce(_c(Action).board_id, _c(Meeting).board_id),
                _c(ActionUpdate).created_at,
                _c(Action).description,
                _c(ActionUpdate).text,
            )
            .join(Action, col(_c(Action).id) == _c(ActionUpdate).action_id)
            .outerjoin(Meeting, col(_c(Meeting).id) == _c(Action).meeting_id)
            .where(
                col(_c(ActionUpdate).archived_at).is_(None),
                col(_c(Action).archived_at).is_(None),
                *only(col(_c(ActionUpdate).id)),
            )
        )
        return [_doc(kind, r[0], r[1], r[2], r[3], r[4]) for r in rows]
    if kind == "item":
        rows = connection.execute(
            select(
                _c(AgendaItem).id,
                _c(Meeting).board_id,
                _c(Meeting).starts_at,
                _c(AgendaItem).number,
                _c(AgendaItem).title,
                _c(AgendaItem).presenter_text,
                _c(AgendaItem).note,
            )
            .join(Meeting, col(_c(Meeting).id) == _c(AgendaItem).meeting_id)
            .where(col(_c(AgendaItem).archived_at).is_(None), live, *only(col(_c(AgendaItem).id)))
        )
        return [_doc(kind, r[0], r[1], r[2], f"{r[3]} {r[4]}", _text(r[5], r[6])) for r in rows]
    if kind == "paper":
        rows = connection.execute(
            select(
                _c(Paper).id,
                _c(Meeting).board_id,
                _c(Meeting).starts_at,
                _c(Paper).title,
                _c(Paper).author,
                _c(Paper).purpose,
                _c(Paper).recommendations,
            )
            .join(AgendaItem, col(_c(AgendaItem).id) == _c(Paper).agenda_item_id)
            .join(Meeting, col(_c(Meeting).id) == _c(AgendaItem).meeting_id)
            .where(
                col(_c(Paper).archived_at).is_(None),
                col(_c(AgendaItem).archived_at).is_(None),
                live,
                *only(col(_c(Paper).id)),
            )
        )
        return [_doc(kind, r[0], r[1], r[2], r[3], _text(r[4], r[5], r[6])) for r in rows]
    if kind == "consultation":
        rows = connection.execute(
            select(
                _c(Consultation).id,
                _c(Consultation).board_id,
                _c(Consultation).closes,
                _c(Consultation).title,
                _c(Consultation).issuer,
                _c(Consultation).note,
            ).where(col(_c(Consultation).archived_at).is_(None), *only(col(_c(Consultation).id)))
        )
        # its day is the day it closes (midday, so that no zone moves it to another day)
        return [
            _doc(kind, r[0], r[1], datetime.combine(r[2], time(12), UTC) if r[2] else None, r[3], _text(r[4], r[5]))
            for r in rows
        ]
    if kind == "indicator":
        rows = connection.execute(
            select(
                _c(Indicator).id,
                _c(Indicator).board_id,
                _c(Indicator).code,
                _c(Indicator).title,
                _c(Indicator).lead_text,
                _c(Indicator).note,
            ).where(col(_c(Indicator).archived_at).is_(None), *only(col(_c(Indicator).id)))
        )
        return [_doc(kind, r[0], r[1], None, f"{r[2]} {r[3]}", _text(r[4], r[5])) for r in rows]
    raise ValueError(f"no such kind of record: {kind}")


def _doc(
    kind: str, record_id: int, board_id: int | None, at: datetime | None, title: str, body: str | None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "record_id": record_id,
        "board_id": board_id,
        "at": _utc(at),
        "title": title,
        "body": body or "",
    }


def _write(connection: Connection, kind: str, ids: Iterable[int] | None) -> None:
    document = SearchDocument.__table__  # type: ignore[attr-defined]
    wanted = None if ids is None else sorted(set(ids))
    where = [document.c.kind == kind] + ([] if wanted is None else [document.c.record_id.in_(wanted)])
    connection.execute(delete(document).where(and_(*where)))
    documents = _rows(connection, kind, wanted)
    if documents:
        connection.execute(insert(document), documents)


def rebuild(connection: Connection) -> None:
    """Every record indexed afresh (the migration that made the index; a repair)."""
    for kind in KINDS:
        _write(connection, kind, None)


# --- kept in step with the writes ------------------------------------------------------------------

_KIND_OF: dict[type, str] = {
    Minute: "minute",
    Resolution: "decision",
    Action: "action",
    ActionUpdate: "progress",
    AgendaItem: "item",
    Paper: "paper",
    Consultation: "consultation",
    Indicator: "indicator",
}


def _dependants(connection: Connection, changed: dict[str, set[int]], meetings: set[int]) -> None:
    """What else a change shows in: a minute's title heads its decisions, an action's description its
    progress notes, an agenda item's meeting its papers; a meeting's day and board are all of theirs."""
    if meetings:
        changed["minute"] |= set(
            connection.scalars(select(_c(Minute).id).where(col(_c(Minute).meeting_id).in_(meetings)))
        )
        changed["item"] |= set(
            connection.scalars(select(_c(AgendaItem).id).where(col(_c(AgendaItem).meeting_id).in_(meetings)))
        )
        changed["action"] |= set(
            connection.scalars(select(_c(Action).id).where(col(_c(Action).meeting_id).in_(meetings)))
        )
    if changed["minute"]:
        changed["decision"] |= set(
            connection.scalars(select(_c(Resolution).id).where(col(_c(Resolution).minute_id).in_(changed["minute"])))
        )
    if changed["action"]:
        changed["progress"] |= set(
            connection.scalars(
                select(_c(ActionUpdate).id).where(col(_c(ActionUpdate).action_id).in_(changed["action"]))
            )
        )
    if changed["item"]:
        changed["paper"] |= set(
            connection.scalars(select(_c(Paper).id).where(col(_c(Paper).agenda_item_id).in_(changed["item"])))
        )


@event.listens_for(OrmSession, "after_flush")
def _index_what_was_written(session: OrmSession, _flush: UOWTransaction) -> None:
    changed: dict[str, set[int]] = {kind: set() for kind in KINDS}
    meetings: set[int] = set()
    for record in (*session.new, *session.dirty, *session.deleted):
        if isinstance(record, Meeting) and record.id is not None:
            meetings.add(record.id)
        elif (kind := _KIND_OF.get(type(record))) is not None and getattr(record, "id", None) is not None:
            changed[kind].add(record.id)
    if not meetings and not any(changed.values()):
        return
    connection = session.connection()
    _dependants(connection, changed, meetings)
    for kind, ids in changed.items():
        if ids:
            _write(connection, kind, ids)


def not_declared(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's include_object: the full-text index (FTS5's tables, the tsvector column and its
    index) is made by migration 0007 in each database's own terms and declared nowhere else."""
    if type_ == "table" and name is not None and name.startswith(_FTS):
        return False
    if type_ == "column" and name == _TSV and getattr(getattr(obj, "table", None), "name", None) == "search_document":
        return False
    return not (type_ == "index" and name == "ix_search_document_tsv")
