"""Finding people and organisations by what users and papers call them."""

from __future__ import annotations

import re

from sqlmodel import Session, select

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
    candidates = session.exec(select(Person).where(Person.archived_at.is_(None))).all()  # type: ignore[union-attr]
    for person in candidates:
        if name_key(person.name) == key:
            return person
    return None


def names_by_id(session: Session, ids) -> dict[int, str]:
    """{person id: name} for these ids, in one query (archived people too: old records name them)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.exec(select(Person.id, Person.name).where(Person.id.in_(wanted))).all())  # type: ignore[union-attr,arg-type]


def person_by_slack_id(session: Session, slack_user_id: str) -> Person | None:
    return session.exec(
        select(Person).where(Person.slack_user_id == slack_user_id, Person.archived_at.is_(None))  # type: ignore[union-attr]
    ).first()


def find_organisation(session: Session, name: str) -> Organisation | None:
    key = name_key(name)
    for organisation in session.exec(select(Organisation)).all():
        if name_key(organisation.name) == key:
            return organisation
    return None
