"""Finding people and organisations by what users and papers call them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlmodel import Session, col, select

from storage.tables import Organisation, Person

# Honorifics and ranks as the papers write them; a person is the same person with or without them.
_HONORIFICS = re.compile(
    r"^(?:(?:cllr|councillor|dr|prof|professor|mr|mrs|ms|miss|sir|dame|rev|revd|"
    r"chief superintendent|superintendent|chief inspector|inspector|ch supt|supt|det supt)\.?\s+)+",
    re.IGNORECASE,
)


def name_key(name: str) -> str:
    """A person's or organisation's name reduced to what identifies it."""
    name = re.sub(r"\s+", " ", name.replace("\u2019", "'")).strip()
    return _HONORIFICS.sub("", name).casefold()


def find_person(session: Session, name: str) -> Person | None:
    key = name_key(name)
    if not key:
        return None
    candidates = session.exec(select(Person).where(col(Person.archived_at).is_(None))).all()
    for person in candidates:
        if name_key(person.name) == key:
            return person
    return None


def names_by_id(session: Session, ids: Iterable[int | None]) -> dict[int | None, str]:
    """{person id: name} for these ids, in one query (archived people too: old records name them)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.exec(select(col(Person.id), col(Person.name)).where(col(Person.id).in_(wanted))).all())


def person_by_slack_id(session: Session, slack_user_id: str) -> Person | None:
    return session.exec(
        select(Person).where(Person.slack_user_id == slack_user_id, col(Person.archived_at).is_(None))
    ).first()


def find_organisation(session: Session, name: str) -> Organisation | None:
    key = name_key(name)
    for organisation in session.exec(select(Organisation)).all():
        if name_key(organisation.name) == key:
            return organisation
    return None
