"""`forum import FILE.yaml`: the shape of a partnership file, checked before anything is written.

The file is validated whole first (types, dates, vocabularies); then loaded in one transaction,
where cross-references (unknown board, unknown meeting) are checked. Any error names the entry and
field, and nothing is written. Loading the same file twice changes nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from commands.core.dates import FIRST_YEAR, LAST_YEAR
from commands.core.reporting_periods import frequency_named

Sector = Literal["statutory", "voluntary", "private", "other"]
RoleName = Literal["member", "officer", "chair", "admin"]
PurposeName = Literal["information", "discussion", "decision"]
PaperKindName = Literal["report", "presentation", "to_follow", "verbal", "none"]
AttendanceKindName = Literal["present", "apologies", "substitute", "observer", "officer"]
ActionStatusName = Literal["open", "in_progress", "done", "dropped"]
ResponseStatusName = Literal["not_started", "drafting", "circulated", "signed_off", "submitted"]

_PERIOD = re.compile(r"^\d{4}/\d{2}( Q[1-4]| M(0[1-9]|1[0-2]))?$")  # M01 is April (reporting_periods)
_MEETING_REF = re.compile(r"^(?P<board>[\w-]+)\s+(?P<day>\d{4}-\d{2}-\d{2})$")


class PartnershipFileError(ValueError):
    """A problem with the file, worded for the officer who wrote it."""


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


_Day = TypeVar("_Day", date, datetime)


def _in_years(value: _Day) -> _Day:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"{value.isoformat()[:10]} is too far off: days from {FIRST_YEAR} to {LAST_YEAR} are taken")
    return value


def _local_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError("give local time without an offset, e.g. 2010-01-28 14:00")
        return _in_years(value)
    if isinstance(value, str):
        for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"):
            try:
                found = datetime.strptime(value.strip(), pattern)
            except ValueError:
                continue
            return _in_years(found)
    raise ValueError(f"{_shown(value)} is not a date and time like 2010-01-28 14:00 (or not a real date)")


def _day(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return _in_years(value)
    if isinstance(value, str):
        try:
            found = date.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return _in_years(found)
    raise ValueError(f"{_shown(value)} is not a real date like 2011-04-07")


class OrganisationEntry(Entry):
    name: str = Field(min_length=1, max_length=200)
    sector: Sector = "other"
    note: str | None = None


class PersonEntry(Entry):
    name: str = Field(min_length=1, max_length=200)
    organisation: str | None = None
    title: str | None = Field(default=None, max_length=300)
    slack_user: str | None = Field(default=None, pattern=r"^[UW][A-Z0-9]{2,20}$")
    email: str | None = None
    role: RoleName = "member"


class BoardEntry(Entry):
    name: str = Field(min_length=1, max_length=200)
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")
    kind: Literal["forum", "theme_board", "sub_group", "other"] = "theme_board"
    parent: str | None = None
    channel: str | None = Field(default=None, pattern=r"^[CG][A-Z0-9]{2,20}$")
    chair: str | None = None
    vice_chair: str | None = None
    members: list[str] = []
    # Per-board options, kept as Board.settings: {"reminders": {…}, "indicators": {"frequency": …}}
    settings: dict[str, Any] | None = None


class PaperEntry(Entry):
    title: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    kind: PaperKindName | None = None
    author: str | None = None
    purpose: str | None = None
    recommendations: str | None = None
    source: str | None = Field(default=None, max_length=300)  # where it came from: "paper:FILE:LINE"


class AgendaEntry(Entry):
    number: str | None = None
    title: str = Field(min_length=1)
    presenter: str | None = None
    presenter_title: str | None = None
    purpose: PurposeName | None = None
    paper: PaperKindName | None = None
    papers: list[PaperEntry] = []
    note: str | None = None
    source: str | None = Field(default=None, max_length=300)

    @field_validator("number", mode="before")
    @classmethod
    def _number_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value


class AttendanceEntry(Entry):
    name: str = Field(min_length=1)
    kind: AttendanceKindName
    substitute_for: str | None = None
    organisation: str | None = None
    source: str | None = Field(default=None, max_length=300)


class MinuteEntry(Entry):
    number: str
    title: str
    ref: str | None = None
    discussion: str | None = None
    resolutions: list[str] = []
    source: str | None = Field(default=None, max_length=300)

    @field_validator("number", "ref", mode="before")
    @classmethod
    def _number_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value


class MeetingEntry(Entry):
    board: str
    starts: datetime
    ends: datetime | None = None
    venue: str | None = None
    address: str | None = None
    status: Literal["scheduled", "postponed", "cancelled", "held"] = "scheduled"
    status_reason: str | None = None
    note: str | None = None
    agenda: list[AgendaEntry] = []
    attendance: list[AttendanceEntry] = []
    minutes: list[MinuteEntry] = []
    source: str | None = Field(default=None, max_length=300)

    @field_validator("starts", "ends", mode="before")
    @classmethod
    def _local(cls, value: Any) -> Any:
        return None if value is None else _local_datetime(value)


class ActionEntry(Entry):
    description: str = Field(min_length=1)
    owner: str | None = None
    organisation: str | None = None
    due: date | None = None
    meeting: str | None = Field(default=None, pattern=_MEETING_REF.pattern)
    minute: str | None = None
    board: str | None = None
    status: ActionStatusName = "open"
    notes: list[str] = []
    source: str | None = Field(default=None, max_length=300)

    @field_validator("due", mode="before")
    @classmethod
    def _due_day(cls, value: Any) -> Any:
        return None if value is None else _day(value)

    @field_validator("minute", mode="before")
    @classmethod
    def _minute_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value


class ConsultationEntry(Entry):
    title: str = Field(min_length=1)
    issuer: str | None = None
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    opens: date | None = None
    closes: date | None = None
    owner: str | None = None
    status: ResponseStatusName = "not_started"
    submitted: date | None = None
    board: str | None = None
    note: str | None = None
    source: str | None = Field(default=None, max_length=300)

    @field_validator("opens", "closes", "submitted", mode="before")
    @classmethod
    def _days(cls, value: Any) -> Any:
        return None if value is None else _day(value)


class IndicatorEntry(Entry):
    code: str = Field(min_length=1, max_length=30)
    title: str = Field(min_length=1)
    unit: str | None = None
    direction: Literal["higher", "lower"]
    baseline: float | None = None
    baseline_period: str | None = None
    board: str | None = None
    lead: str | None = None
    partners: list[str] = []
    illustrative: bool = False
    note: str | None = None
    targets: dict[str, float] = {}
    readings: dict[str, float] = {}
    source: str | None = Field(default=None, max_length=300)
    # Chasing the figures: how often a reading comes, the days after a period ends it is due
    # (also written `due_days`), and whom to chase (a person's name). Unset: the board's defaults.
    frequency: str | None = None
    reading_due_days: int | None = Field(default=None, ge=0, le=366)
    contact: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _due_days(cls, value: Any) -> Any:
        if isinstance(value, dict) and "due_days" in value and "reading_due_days" not in value:
            value = dict(value)
            value["reading_due_days"] = value.pop("due_days")
        return value

    @field_validator("frequency", mode="before")
    @classmethod
    def _frequency(cls, value: Any) -> Any:
        if value is None:
            return None
        frequency = frequency_named(value)
        if frequency is None:
            raise ValueError(f"frequency {_shown(value)} should be monthly, quarterly or annual")
        return frequency

    @field_validator("targets", "readings", mode="before")
    @classmethod
    def _periods(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for period in value:
                if not isinstance(period, str) or not _PERIOD.match(period):
                    raise ValueError(f"period {period!r} should look like 2009/10, 2009/10 Q2 or 2009/10 M01")
        return value


class PartnershipFile(Entry):
    demo_today: date | None = None  # demo files only: the day the demo's dates are relative to
    organisations: list[OrganisationEntry] = []
    people: list[PersonEntry] = []
    boards: list[BoardEntry] = []
    meetings: list[MeetingEntry] = []
    actions: list[ActionEntry] = []
    consultations: list[ConsultationEntry] = []
    indicators: list[IndicatorEntry] = []


# libyaml's parser (C) where PyYAML was built with it: about eight times the pure-Python one's speed.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlainLoader(_BaseLoader):  # type: ignore[misc]
    """YAML without implicit timestamps: dates reach our validators as text, so `2010-02-30`
    is reported against its entry instead of crashing the YAML parser."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# What a partnership file may hold (issue 13). The Luton Forum's three years of papers are an 82 KB
# file of some 6,000 values nested 7 deep; these budgets are generous to that and refuse, before
# anything is built, the file that would take the bot's memory or minutes: a billion values made of
# aliases ("billion laughs"), 20,000 nested brackets, megabytes of records.
MAX_FILE_BYTES = 1024 * 1024
MAX_VALUES = 200_000  # every value in the file, counting each alias as all that it stands for
MAX_DEPTH = 32  # lists and mappings inside one another
_SIZE = f"{MAX_FILE_BYTES // 1024 // 1024} MB"


def check_size(size: int) -> None:
    """Refuse a file larger than a partnership file can be, before it is read."""
    if size > MAX_FILE_BYTES:
        raise PartnershipFileError(
            f"the file is {size / 1024 / 1024:.1f} MB; a partnership file can be up to {_SIZE} "
            "(split it by year, or import its meetings as papers)"
        )


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1 if event.start_mark is not None else 0


def _check_budget(text: str) -> None:
    """Walk the file's YAML events once, without building anything: refuse it when its nesting or
    its values, with every alias expanded, go past the budget. Stops at the first event past it."""
    values, stack = (
        0,
        list[tuple[str | None, int]](),
    )  # stack: (anchor, values before the collection began) of open collections
    sizes: dict[str, int] = {}  # anchor -> how many values it stands for
    for event in yaml.parse(text, Loader=_PlainLoader):
        if isinstance(event, yaml.AliasEvent):
            values += sizes.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent):
            values += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            values += 1
            stack.append((event.anchor, values - 1))
            if len(stack) > MAX_DEPTH:
                raise PartnershipFileError(
                    f"lists and mappings are nested more than {MAX_DEPTH} deep at line {_line(event)}; "
                    "a partnership file needs far fewer"
                )
        elif isinstance(event, yaml.CollectionEndEvent) and stack:
            anchor, before = stack.pop()
            if anchor:
                sizes[anchor] = values - before
        if values > MAX_VALUES:
            raise PartnershipFileError(
                f"the file stands for more than {MAX_VALUES:,} values (aliases, `*name`, counted as what "
                f"they repeat) by line {_line(event)}; nothing was read"
            )


def _shown(value: Any) -> str:
    """A value as quoted in a problem: short, and never the whole of a structure (an aliased one
    can stand for millions of values)."""
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _label(raw: Any) -> str:
    if not isinstance(raw, dict):
        return ""
    for field in ("code", "name", "title", "description"):
        if raw.get(field) and isinstance(raw[field], (str, int, float)):
            return f" ({str(raw[field])[:60]})"
    if isinstance(raw.get("board"), str) and isinstance(raw.get("starts"), str):
        return f" ({raw['board'][:60]} {raw['starts'][:30]})"
    return ""


def describe_location(data: Any, loc: tuple[Any, ...]) -> str:
    """('meetings', 1, 'agenda', 0, 'purpose') -> 'meetings #2 (forum 2011-02-17 14:00), agenda #1 (A),
    field purpose'."""
    segments: list[str] = []
    fields: list[str] = []
    node = data
    i = 0
    while i < len(loc):
        step = loc[i]
        following = loc[i + 1] if i + 1 < len(loc) else None
        collection = node.get(step) if isinstance(node, dict) else None
        if isinstance(following, int) and isinstance(collection, list):
            entry = collection[following] if 0 <= following < len(collection) else None
            segments.append(f"{step} #{following + 1}{_label(entry)}")
            node, i = entry, i + 2
            continue
        fields.append(str(step))
        node, i = collection, i + 1
    where = ", ".join(segments) or "the file"
    return f"{where}, field {'.'.join(fields)}" if fields else where


def parse(text: str) -> PartnershipFile:
    check_size(len(text.encode("utf-8", "replace")) if len(text) * 4 > MAX_FILE_BYTES else len(text))
    try:
        _check_budget(text)
        data = yaml.load(text, Loader=_PlainLoader)
    except RecursionError:  # the budget stops deep nesting first; this is only a backstop
        raise PartnershipFileError(f"lists and mappings are nested more than {MAX_DEPTH} deep") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise PartnershipFileError(f"not valid YAML{where}: {getattr(error, 'problem', error)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PartnershipFileError("the file should be a mapping with organisations, people, boards, …")
    try:
        return PartnershipFile.model_validate(data)
    except ValidationError as error:
        lines = []
        for problem in error.errors()[:10]:
            message = problem["msg"].removeprefix("Value error, ")
            lines.append(f"{describe_location(data, problem['loc'])}: {message}")
        more = error.error_count() - len(lines)
        if more > 0:
            lines.append(f"… and {more} more")
        raise PartnershipFileError("\n".join(lines)) from None
