"""Attendance as the genre records it — tables, substitutes, sentences, broken lines — in examples
written for these tests."""

from __future__ import annotations

import pytest

from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import read_paper

HEAD = "MARSHGATE HOUSING FORUM\nMinutes of the meeting held on 6 June 2019 at 2.00pm\n\n"
TAIL = "\n1. Minutes\nAgreed.\n"


def _attendance(block: str, name: str = "minutes.txt") -> set[tuple]:
    [meeting] = read_findings(read_paper(name, (HEAD + block + TAIL).encode())).meetings
    return {(a.name, a.kind, a.substitute_for, a.organisation) for a in meeting.attendance}


def _who(block: str) -> set[tuple[str, str, str | None]]:
    return {(n, k, s) for n, k, s, _ in _attendance(block)}


def test_a_table_of_name_and_organisation_under_a_label():
    found = _attendance(
        "Present:\nName\tOrganisation\nRosa Penn (Chair)\tMarshgate Council\nOmar Fitt\tMarshgate Homes\n"
    )
    assert found == {
        ("Rosa Penn", "present", None, "Marshgate Council"),
        ("Omar Fitt", "present", None, "Marshgate Homes"),
    }


def test_a_table_whose_first_column_is_headed_with_the_kind():
    found = _who("Present\tRepresenting\nRosa Penn\tMarshgate Council\nApologies\tRepresenting\nLen Hyde\tShelter\n")
    assert found == {("Rosa Penn", "present", None), ("Len Hyde", "apologies", None)}


def test_present_and_apologies_side_by_side():
    found = _who("Attendance\nPresent\tApologies\nRosa Penn (Chair)\tLen Hyde\nOmar Fitt\tAva Crane\nTom Reyes\t\n")
    assert found == {
        ("Rosa Penn", "present", None),
        ("Omar Fitt", "present", None),
        ("Tom Reyes", "present", None),
        ("Len Hyde", "apologies", None),
        ("Ava Crane", "apologies", None),
    }


@pytest.mark.parametrize(
    "line",
    [
        "Cllr Jude Amos (for Cllr Len Hyde)",
        "Jude Amos (JA for Len Hyde) – Marshgate Homes",
        "Len Hyde – Jude Amos substituted",
        "Jude Amos substituting for Len Hyde",
        "Jude Amos attended as a substitute for Len Hyde.",
    ],
)
def test_substitutes_however_written(line):
    assert ("Jude Amos", "substitute", "Len Hyde") in _who(f"Present:\nRosa Penn (Chair)\n{line}\n")


def test_apologies_in_a_sentence_with_organisations_in_brackets():
    found = _who(
        "Present: Rosa Penn, Omar Fitt\n"
        "Apologies were received and accepted from Len Hyde (Shelter), Ava Crane (Marshgate Homes) and Tom Reyes.\n"
    )
    assert {n for n, k, _ in found if k == "apologies"} == {"Len Hyde", "Ava Crane", "Tom Reyes"}
    assert {n for n, k, _ in found if k == "present"} == {"Rosa Penn", "Omar Fitt"}


def test_a_name_broken_across_lines_and_initials_in_brackets():
    found = _attendance("Present: Dr Hal Ives (HI) (Chair), Marshgate PCT; Nora\nQuill (NQ), Marshgate Council\n")
    assert {(n, k) for n, k, _, _ in found} == {("Hal Ives", "present"), ("Nora Quill", "present")}


def test_circulation_lists_and_headings_are_not_attendance():
    found = _who("Present: Rosa Penn, Omar Fitt\nCC: Chief Executive, Marshgate Council\nDistribution: Len Hyde\n")
    assert found == {("Rosa Penn", "present", None), ("Omar Fitt", "present", None)}
