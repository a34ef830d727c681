"""The shared name matcher (commands/core/name_matching.py): a name as a paper writes it → the person
it means, against the database's people, the workspace's members and the paper's attendance."""

from __future__ import annotations

import pytest

from commands.core.name_matching import link_or_create, match_name
from commands.core.workspace import Profile
from storage.db import read_only, transaction
from storage.people import find_person
from storage.tables import Person

MEMBERS = [
    Profile("U0HAZEL01", real_name="Hazel Simmons", display_name="hazel", title="Leader of the Council"),
    Profile("U0ANWAR01", real_name="Anwar Haque", display_name="anwar.h"),
    Profile("U0BOT0001", real_name="Reminder Bot", is_bot=True),
]


@pytest.fixture
def people(engine):
    with transaction(engine) as session:
        for name, title in (
            ("Bren McGowan", "LSP Manager"),
            ("Dean Stokes", None),
            ("Sarah Allen", None),
            ("Sarah Allen", None),  # two people of one name
            ("Lorna Brown", "Community Safety Manager"),
        ):
            session.add(Person(name=name, title=title))
    return engine


def match(engine, written, **kwargs):
    with read_only(engine) as session:
        return match_name(session, written, members=MEMBERS, **kwargs)


def test_a_full_name_with_or_without_titles_is_exact(people):
    for written in ("Bren McGowan", "bren mcgowan", "Bren McGowan, Partnership Manager"):
        found = match(people, written)
        assert found.verdict == "exact" and found.best.name == "Bren McGowan", written
    for written in ("Cllr Hazel Simmons", "Councillor Hazel Simmons", "Dr Anwar Haque", "Dr. Anwar Haque"):
        found = match(people, written)
        assert found.verdict == "exact", written
        assert found.best.person_id is None and found.best.slack_user_id in {"U0HAZEL01", "U0ANWAR01"}


def test_initials_and_surname_are_likely_never_exact(people):
    for written in ("B McGowan", "B. McGowan"):
        found = match(people, written)
        assert found.verdict == "likely" and found.best is None
        assert [c.name for c in found.candidates] == ["Bren McGowan"]
        assert found.candidates[0].why == "initials and surname"
    assert match(people, "X McGowan").verdict == "none"  # the initial must fit


def test_initials_alone_are_read_against_the_papers_attendance(people):
    found = match(people, "DS", attendance=["Bren McGowan", "Dean Stokes"])
    assert found.verdict == "likely" and [c.name for c in found.candidates] == ["Dean Stokes"]
    assert "attendance" in found.candidates[0].why
    assert match(people, "DS").verdict == "none"  # nobody in the attendance with those initials
    assert match(people, "DS", attendance=["Bren McGowan"]).verdict == "none"


def test_a_role_is_the_one_person_who_holds_it(people):
    for written in ("the LSP Manager", "LSP Manager"):
        found = match(people, written)
        assert found.verdict == "exact" and found.best.name == "Bren McGowan", written
    found = match(people, "the Leader of the Council")
    assert found.verdict == "exact" and found.best.slack_user_id == "U0HAZEL01"  # a Slack profile's title
    assert match(people, "the Chief Executive").verdict == "none"


def test_two_people_of_one_name_are_likely(people):
    found = match(people, "Sarah Allen")
    assert found.verdict == "likely" and len(found.candidates) == 2
    assert len({c.person_id for c in found.candidates}) == 2


def test_nobody_is_none_and_bots_are_nobody(people):
    assert match(people, "Quentin Blackwood").verdict == "none"
    assert match(people, "Reminder Bot").verdict == "none"
    assert match(people, "").verdict == "none"
    assert match(people, "x" * 10_000).verdict == "none"  # bounded


def test_link_or_create_links_exact_creates_none_and_leaves_likely(people):
    with transaction(people) as session:
        assert link_or_create(session, "test", "Bren McGowan", members=MEMBERS).name == "Bren McGowan"
        hazel = link_or_create(session, "test", "Cllr Hazel Simmons", members=MEMBERS)
        assert hazel is not None and hazel.slack_user_id == "U0HAZEL01"  # made from the Slack profile
        assert link_or_create(session, "test", "B McGowan", members=MEMBERS) is None
        new = link_or_create(session, "test", "Quentin Blackwood", members=MEMBERS)
        assert new is not None and new.id is not None and new.slack_user_id is None
    with read_only(people) as session:
        assert find_person(session, "Quentin Blackwood") is not None
        assert find_person(session, "B McGowan") is None
