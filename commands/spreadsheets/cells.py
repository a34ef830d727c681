"""Cells of the officers' spreadsheets: reading a CSV file safely, writing one Excel opens right.

Written: UTF-8 with a byte-order mark (Excel opens a UTF-8 CSV correctly only with one; without it
"Bren McGowan – Partnership Manager" comes out as mojibake), CRLF line ends, dates as 2027-02-17,
numbers in their shortest exact form. A text cell that Excel would run as a formula (starting
= + - @, tab or carriage return, or a full-width ＝ and the like) is written with an apostrophe in front, OWASP's defence against
CSV injection; reading takes that apostrophe off again, so the round trip loses nothing.

Read: UTF-8 with or without the mark, or Windows-1252 (what Excel's plain "CSV (Comma delimited)"
writes); NUL bytes or other control characters mean it is not a CSV file. Dates as 2027-02-17 or
17/02/2027 (UK order, as Excel writes them in the UK).
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
MAX_PROBLEMS = 20


class SpreadsheetError(ValueError):
    """What is wrong with a file, one line per problem, worded for the officer who saved it."""


class CellProblem(ValueError):
    """One cell cannot be read; the message says why, without the line (the caller adds it)."""


@dataclass
class Problems:
    """Every problem found in a file, so an officer fixes them all in one go."""

    lines: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, column: str | None, message: str) -> None:
        self.lines.append((line, f"line {line}, {column}: {message}" if column else f"line {line}: {message}"))

    def raise_if_any(self) -> None:
        if self.lines:
            shown = [text for _, text in sorted(self.lines, key=lambda problem: problem[0])[:MAX_PROBLEMS]]
            more = len(self.lines) - len(shown)
            raise SpreadsheetError("\n".join(shown + ([f"… and {more} more"] if more > 0 else [])))


# --- the file ---------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    if b"\x00" in data:
        raise SpreadsheetError("this is not a CSV text file (it holds binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel's "CSV (Comma delimited)" on a UK Windows machine
        except UnicodeDecodeError:
            raise SpreadsheetError("this is not a CSV text file (not UTF-8 or Windows-1252 text)") from None
    if _CONTROL.search(text):
        raise SpreadsheetError("this is not a CSV text file (it holds control characters)")
    return text


@dataclass
class Line:
    number: int  # the line of the file the row starts on (the header is line 1)
    cells: list[str]


def read_rows(text: str) -> list[Line]:
    """The file's rows with the line each starts on; blank rows (Excel writes them as ,,,) skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Line] = []
    ended = 0  # the last line the previous row took up: quoted cells may span lines
    try:
        for cells in reader:
            start, ended = ended + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append(Line(start, cells))
    except csv.Error as error:
        raise SpreadsheetError(f"line {reader.line_num}: not readable as CSV ({error})") from None
    return rows


def write_rows(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    return (BOM + out.getvalue()).encode("utf-8")


# --- text -------------------------------------------------------------------------------------


def _runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula: it starts with = + - @, tab or carriage
    return, or with a full-width or small form of one (＝ ﹦ ＋ ﹢ － ﹣ ＠ ﹫, which some versions of Excel
    and spreadsheets in East Asian locales read as the ASCII one)."""
    first = text[:1]
    return bool(first) and (first in _FORMULA_START or unicodedata.normalize("NFKC", first) in _FORMULA_START)


def guard(text: str) -> str:
    """A text cell as written: an apostrophe before anything Excel would run as a formula (and
    before an apostrophe that already stood there, so `unguard` can tell the two apart)."""
    return "'" + text if _runs_as_formula(text.lstrip("'")) else text


def unguard(text: str) -> str:
    return text[1:] if text.startswith("'") and _runs_as_formula(text.lstrip("'")) else text


def read_text(raw: str, limit: int | None = None) -> str | None:
    """A text cell as stored: trimmed, line ends as \\n, the export's apostrophe taken off.

    A bare formula (=…) is refused: Excel saves a formula's value, never the formula, so one in a
    CSV was put there by something else, and storing it would only hand it to the next spreadsheet.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if unicodedata.normalize("NFKC", text[:1]) == "=":
        raise CellProblem(
            f"“{_short(text)}” is a spreadsheet formula; give the value itself "
            "(to keep text that starts with =, put an apostrophe before it: '=…)"
        )
    text = unguard(text).strip()
    if limit is not None and len(text) > limit:
        raise CellProblem(f"{len(text):,} characters; at most {limit:,} fit")
    return text or None


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def same_text(stored: str | None, read: str | None) -> bool:
    """Stored text that differs from what the sheet says only by spacing at its ends, or by its
    line ends, is unchanged: a round trip must not rewrite it."""

    def norm(value: str | None) -> str:
        return (value or "").replace("\r\n", "\n").strip()

    return norm(stored) == norm(read)


# --- dates, numbers, words ----------------------------------------------------------------------


def read_day(raw: str) -> date | None:
    text = raw.strip()
    if not text:
        return None
    if match := _ISO_DAY.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _SLASH_DAY.match(text):
        first, second, year_text = match.groups()
        if len(year_text) != 4:
            raise CellProblem(f"“{text}”: write the year in full (17/02/2027) or as 2027-02-17")
        day, month, year = int(first), int(second), int(year_text)
        if month > 12 and day <= 12:
            raise CellProblem(
                f"“{text}” reads as month/day (US order); this partnership writes the day "
                f"first ({second}/{first}/{year_text}) or 2027-02-17, so nothing is guessed"
            )
    else:
        raise CellProblem(f"“{_short(text)}” is not a date; write 2027-02-17 or 17/02/2027")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellProblem(f"“{text}” is not a real date") from None


def write_day(day: date | None) -> str:
    return day.isoformat() if day else ""


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """A day written in a sheet as a moment (Completed, Submitted): 5 pm local, as the partnership
    file reads it."""
    return datetime.combine(day, time(17), tzinfo=tz).astimezone(UTC)


def read_number(raw: str) -> float | None:
    text = raw.strip()
    if not text:
        return None
    if text.endswith("%"):
        raise CellProblem(f"“{text}”: give the number without %, as the indicator's unit says what it counts")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise CellProblem(f"“{_short(text)}” is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise CellProblem(f"“{text}” is not a number")
    return value


def write_number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))  # the shortest text that reads back as exactly this float


def read_choice(raw: str, choices: dict[str, str], what: str) -> str | None:
    """A word from a vocabulary, however it is cased or spaced: "In progress", "in_progress"."""
    text = " ".join(raw.replace("_", " ").replace("-", " ").split()).casefold()
    if not text:
        return None
    if text not in choices:
        shown = ", ".join(dict.fromkeys(word.replace("_", " ") for word in choices.values()))
        raise CellProblem(f"{what} “{_short(raw.strip())}” is not one of: {shown}")
    return choices[text]


def words_for(values: list[str]) -> dict[str, str]:
    """{"in progress": "in_progress", …} for `read_choice`."""
    return {value.replace("_", " "): value for value in values}


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


def read_yes_no(raw: str) -> bool:
    text = raw.strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellProblem(f"“{_short(raw.strip())}”: say yes or no")


def ref_number(raw: str, letter: str) -> int | None:
    """ "A-12", "a12", "A 12" -> 12 for letter A; empty -> None."""
    text = raw.strip()
    if not text:
        return None
    match = re.fullmatch(rf"{letter}\s*-?\s*(\d+)", text, re.IGNORECASE)
    if not match:
        raise CellProblem(f"“{_short(text)}” is not a reference like {letter}-12")
    return int(match.group(1))
