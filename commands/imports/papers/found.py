"""What reading a paper finds, before it is matched to boards and people in the database.

Every finding keeps the line it was read from; `Findings.unsure` collects what the reader could
not settle (a date it could not read, an owner it could not find) so it is reported, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass
class Unsure:
    line: int
    text: str


@dataclass
class FoundItem:
    number: str
    title: str
    line: int
    presenter: str | None = None  # the first presenter's name, or the role/group as written
    presenter_title: str | None = None  # the rest, as written ("LSP Manager"; "…, and Lorna Brown, …")
    presenters: list[str] = field(default_factory=list)  # every person's name among the presenters
    purpose: str | None = None  # information | discussion | decision
    paper: str | None = None  # report | presentation | to_follow | verbal | none
    note: str | None = None


@dataclass
class FoundPaper:
    item: str  # agenda item number
    title: str
    line: int
    meeting_day: date | None = None
    author: str | None = None
    purpose: str | None = None
    recommendations: str | None = None
    for_words: str | None = None  # "FOR: Decision" when it names one purpose


@dataclass
class FoundAttendance:
    name: str
    kind: str  # present | apologies | substitute | observer | officer
    line: int
    substitute_for: str | None = None
    organisation: str | None = None
    title: str | None = None  # what the list says after the name ("LSP Manager", "Chair")


@dataclass
class FoundResolution:
    text: str
    line: int


@dataclass
class FoundMinute:
    number: str
    title: str
    line: int
    ref: str | None = None
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # discussion, with lines
    resolutions: list[FoundResolution] = field(default_factory=list)

    @property
    def discussion(self) -> str | None:
        return "\n\n".join(text for _, text in self.paragraphs) or None


@dataclass
class FoundMeeting:
    heading: str | None  # "LUTON FORUM": which board, matched later
    day: date
    line: int
    starts: time | None = None
    ends: time | None = None
    venue: str | None = None
    address: str | None = None
    note: str | None = None
    held: bool = False  # its minutes are in the paper
    items: list[FoundItem] = field(default_factory=list)
    attendance: list[FoundAttendance] = field(default_factory=list)
    minutes: list[FoundMinute] = field(default_factory=list)
    papers: list[FoundPaper] = field(default_factory=list)


@dataclass
class FoundAction:
    description: str
    line: int
    meeting_day: date
    minute: str | None = None
    owner: str | None = None  # a name, or a role as written ("the LSP Manager"), resolved later
    due: date | None = None
    notes: list[str] = field(default_factory=list)
    status: str | None = None  # done / in_progress / dropped when an action log says so; None: not said


@dataclass
class FoundConsultation:
    title: str
    line: int
    closes: date | None
    meeting_day: date | None = None
    owner: str | None = None  # where responses go ("Sarah Allen"; "the Group or the LSP Manager")
    note: str | None = None
    url: str | None = None
    from_heading: bool = False  # titled by the document's own heading, not by its context
    document: int = -1  # which document of the paper it was read in
    doubt: str | None = None  # said if it is kept (e.g. a closing date read without a year)


@dataclass
class FoundIndicator:
    code: str
    title: str
    line: int
    direction: str | None = None
    baseline: float | None = None
    baseline_period: str | None = None
    targets: dict[str, float] = field(default_factory=dict)
    readings: dict[str, float] = field(default_factory=dict)  # the figures reported: period → value
    lead: str | None = None
    partners: list[str] = field(default_factory=list)
    theme: str | None = None
    unit: str | None = None
    note: str | None = None
    frequency: str | None = None  # a "Frequency" column: monthly, quarterly or annual


@dataclass
class MatterArising:
    """A paragraph of a Matters Arising report about minute `minute` of the previous meeting."""

    minute: str
    title: str
    text: str
    line: int
    meeting_day: date | None  # the meeting whose report it is


@dataclass
class Findings:
    meetings: list[FoundMeeting] = field(default_factory=list)
    actions: list[FoundAction] = field(default_factory=list)
    consultations: list[FoundConsultation] = field(default_factory=list)
    indicators: list[FoundIndicator] = field(default_factory=list)
    matters_arising: list[MatterArising] = field(default_factory=list)
    papers: list[FoundPaper] = field(default_factory=list)  # reports, attached to their item when built
    unsure: list[Unsure] = field(default_factory=list)
    documents: list[tuple[str, int]] = field(default_factory=list)  # (kind, first line)

    def doubt(self, line: int, text: str) -> None:
        if not any(u.line == line and u.text == text for u in self.unsure):
            self.unsure.append(Unsure(line, text))

    def meeting_on(self, day: date) -> FoundMeeting | None:
        return next((m for m in self.meetings if m.day == day), None)
