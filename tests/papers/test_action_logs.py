"""Action logs in the layouts officers keep them — examples written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import read_paper

TAB = (
    "FELLBROOK HEALTH AND WELLBEING BOARD\n\nActions arising from the meeting held on 3 March 2015\n\n"
    "Ref\tAction\tLead\tBy when\tProgress\n"
    "HW1\tRefresh the obesity strategy\tDr Ann Loy\t30 June 2015\tIn progress\n"
    "HW2\tInvite the CCG to present its plan\tJoe Rix\tnext meeting\tComplete\n"
    "HW3\tAgree the pharmacy assessment\tJoe Rix\t\tAwaiting data\n\n"
    "Date of next meeting: 9 June 2015\n"
)
PIPES = (
    "Fellbrook Health and Wellbeing Board\n\nAction log – 3 March 2015\n\n"
    "| No. | Action | Owner | Due | Status |\n|---|---|---|---|---|\n"
    "| 1 | Refresh the obesity strategy | Dr Ann Loy | 30/06/2015 | Open |\n"
)


def _read(text: str, name: str = "log.txt"):
    findings = read_findings(read_paper(name, text.encode()))
    return findings


def test_a_tab_table_under_a_title_that_names_the_meeting():
    findings = _read(TAB)
    [meeting] = findings.meetings
    assert meeting.day == date(2015, 3, 3) and meeting.starts is None
    assert meeting.heading == "FELLBROOK HEALTH AND WELLBEING BOARD"
    found = [(a.description, a.owner, a.due, a.status, a.notes) for a in findings.actions]
    assert found == [
        ("Refresh the obesity strategy.", "Dr Ann Loy", date(2015, 6, 30), "in_progress", []),
        ("Invite the CCG to present its plan.", "Joe Rix", date(2015, 6, 9), "done", []),
        ("Agree the pharmacy assessment.", "Joe Rix", None, None, ["Status in the action log: Awaiting data"]),
    ]


def test_a_markdown_table_and_a_day_in_figures():
    [action] = _read(PIPES, "log.md").actions
    assert (action.description, action.owner, action.due, action.status) == (
        "Refresh the obesity strategy.",
        "Dr Ann Loy",
        date(2015, 6, 30),
        None,
    )


@pytest.mark.parametrize("title", ["Notes\n", "Fellbrook Board\n"])
def test_a_table_with_no_meeting_named_imports_nothing_and_says_so(title):
    findings = _read(title + "\nAction\tOwner\tDue\nRefresh the strategy\tAnn Loy\t30 June 2015\n")
    assert findings.actions == [] and any("action log whose meeting" in u.text for u in findings.unsure)
