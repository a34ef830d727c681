"""Indicator tables, as a Local Area Agreement or a performance report lays them out: a theme, the
indicator (national ones marked `*`; codes written "NI 15", "NI 015" or "015"; or the partnership's
own in a column of codes), the baseline, a target for each year column, the figures reported so far
(readings: "Q1 2025/26", "Outturn 2024/25", "Apr–Jun 2025", "Sep 2025"), the lead partner (marked
`*`) and the other partners. Cells may hold notes, several values or stray HTML; a value that
cannot be read is left out and said so, and so is a column of figures whose period is not written
(a "Latest" or a "Q2" with no year), a year-to-date figure (not one period's) or a forecast.
"""

from __future__ import annotations

import re

from commands.core.dates import MONTHS
from commands.core.reporting_periods import frequency_named
from commands.imports.papers.found import Findings, FoundIndicator
from commands.imports.papers.text import Line

_YEAR = re.compile(r"(?<!\d)(20\d\d|\d\d)\s*[/-]\s*(20\d\d|\d\d)(?!\d)")
_NI = re.compile(r"\bN\.?I\.?\s*-?\s*0*(\d{1,3})\b", re.I)
_BARE = re.compile(r"^\s*(\*?)\s*0*(\d{1,3})\b\s*(\*?)\s*[-–:.]?\s*")
_LOCAL = re.compile(r"^\s*\*?\s*(Local\s+NI|Local|LI|LAA|L|LPI|LI-?)\s*-?\s*(\d{1,3})\b\s*\*?\s*[-–:.]?\s*", re.I)
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_MONTH_NAME = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"  # "sept", "september", "sep"
# A column of figures for part of a year, or of what was achieved: readings, never the year's target.
_READING_HEADER = re.compile(
    r"\b(Q[1-4]|quarter|qtr|month|actual|outturn|result|performance|achieved|reading|current|latest|ytd|"
    r"year to date|" + _MONTH_NAME + r")\b",
    re.I,
)
# A cell that says there is no figure: not applicable, not known, not collected, to be confirmed, awaited.
_NO_FIGURE = re.compile(r"^(?:n/?a|n/?k|n/?c|tbc|tbd|-+|–|none|awaited|not (?:yet )?(?:available|known)|\*)$", re.I)
# Columns that are not figures reported for a period, whatever period their heading names.
_NOT_A_READING = re.compile(
    r"\b(target|baseline|forecast|projected|projection|trajectory|plan(?:ned)?|ambition|tolerance|rag|status|"
    r"trend|direction|travel|comment|commentary|notes?|narrative|variance|change|lead|contact|frequency|due)\b",
    re.I,
)
_CUMULATIVE = re.compile(r"\b(ytd|year[ -]to[ -]date|cumulative|to date|rolling)\b", re.I)
_QUARTER = re.compile(r"\b(?:Q|qtr|quarter)\s*([1-4])\b", re.I)
_MONTH = re.compile(
    r"\b(" + _MONTH_NAME + r")\b\.?(?:\s*(?:-|–|—|to)\s*(" + _MONTH_NAME + r")\b\.?)?"
    r"(?:[\s'’-]*(20\d\d|\d\d)(?![\d/]|-\d))?",  # a year, not a financial year's "2025/26"
    re.I,
)
_ANNUAL_WORDS = re.compile(r"\b(outturn|actual|result|performance|achieved|reading|year end|year-end)\b", re.I)
# A code as a column of codes writes it: "PI 04", "KPI3", "CSP-01", "BV 12a" — kept as the paper's own.
_OTHER_CODE = re.compile(r"^\s*([A-Z]{1,6})\s*[-. ]?\s*(\d{1,4}[a-z]?)\s*$")
_LOWER_WORDS = re.compile(
    r"reduc|fewer|crime|offend|obes|mortality|killed|injur|land-?fill|out of work|benefit|"
    r"emission|co2|repeat|death|pregnan|neet|absence|vacant|homeless|waiting|delay|smok|"
    r"deprivation|anti-?social|fear of|harm|poverty|worklessness|claimant|unemploy|admission",
    re.I,
)


def _period(cell: str) -> str | None:
    match = _YEAR.search(cell)
    if not match:
        return None
    first, second = match.groups()
    start = int(first) if len(first) == 4 else 2000 + int(first)
    end = int(second[-2:])
    if (start + 1) % 100 != end:
        return None
    return f"{start}/{end:02d}"


def _financial_month(month: int, year: int) -> tuple[int, int]:
    """Calendar month and year → (the financial year it is in, its month of that year, April = 1)."""
    return (year if month >= 4 else year - 1), (month - 4) % 12 + 1


def _reading_period(text: str) -> str | None:
    """The one period a column of figures (or a cell's note) is for, as the bot writes periods
    ("2025/26 Q2", "2025/26 M06", "2025/26"); None if it does not say, or says it ambiguously."""
    year = _period(text)
    quarter = _QUARTER.search(text)
    if quarter and year:
        return f"{year} Q{quarter.group(1)}"
    month = _MONTH.search(text)
    if month and not quarter:
        first = MONTHS[month.group(1).casefold()]
        last = MONTHS[month.group(2).casefold()] if month.group(2) else None
        written = month.group(3)
        calendar_year = (int(written) if len(written) == 4 else 2000 + int(written)) if written else None
        if calendar_year is None and year:  # "Sep 2025/26": the month of that financial year
            start = int(year[:4])
            calendar_year = start if (last or first) >= 4 else start + 1
        if calendar_year is None:
            return None
        if last is None:
            fy, number = _financial_month(first, calendar_year)
            return f"{fy}/{(fy + 1) % 100:02d} M{number:02d}"
        # The year written is the range's end's: "Jan–Mar 2026"; "Nov–Jan 2026" began in 2025.
        first_year = calendar_year - 1 if last < first else calendar_year
        fy, number = _financial_month(first, first_year)
        end_fy, end_number = _financial_month(last, calendar_year)
        if fy == end_fy and end_number == number + 2 and number % 3 == 1:  # a whole quarter
            return f"{fy}/{(fy + 1) % 100:02d} Q{(number + 2) // 3}"
        return None  # several months, not a quarter: no one period of ours
    if year and not quarter and _ANNUAL_WORDS.search(text):
        return year
    return None


_ROW_FIGURE = re.compile(r"\b(actual|outturn|result|performance|achieved|reading|value|figure|latest|current)\b", re.I)
_PERIOD_HEADERS = (
    "period",
    "quarter",
    "qtr",
    "month",
    "reporting period",
    "period covered",
    "reporting quarter",
    "reporting month",
)


def _reading_columns(
    headers: list[str], skip: set[int], where: int, findings: Findings, row_periods: bool = False
) -> dict[int, str | None]:
    """{column: period} for each column of figures reported so far — period None: each row's own,
    from the table's period column (`row_periods`); columns of figures that cannot be read as one
    period's are said so, once each."""
    found: dict[int, str | None] = {}
    for index, header in enumerate(headers):
        if index in skip or not header.strip() or _NOT_A_READING.search(header):
            continue
        is_reading = (
            _READING_HEADER.search(header)
            or (_period(header) and _ANNUAL_WORDS.search(header))
            or (row_periods and _ROW_FIGURE.search(header))
        )
        if not is_reading:
            continue
        said = header.strip()[:40]
        if row_periods and _period(header) is None and not _QUARTER.search(header) and _ROW_FIGURE.search(header):
            found[index] = None  # "Actual" beside a "Quarter" column: each row's quarter
            continue
        if _CUMULATIVE.search(header):
            findings.doubt(where, f"column “{said}”: a year-to-date figure is not one period's reading; not read")
            continue
        period = _reading_period(header)
        if period is None:
            findings.doubt(where, f"column “{said}” does not say which period its figures are for; not read")
            continue
        found[index] = period
    return found


def _cells(line: Line) -> list[str]:
    text = line.text
    if text.count("|") >= 2 and "\t" not in text:
        text = text.strip().strip("|")
        return [c.strip() for c in text.split("|")]
    return [c.strip() for c in text.split("\t")]


def _value(cell: str, where: int, what: str, findings: Findings) -> float | None:
    text = re.sub(r"\([^)]*\)", " ", cell)  # notes in brackets are not the value
    numbers = [n for n in _NUMBER.findall(text) if not _YEAR.fullmatch(n)]
    if not numbers:
        if cell.strip() and not _NO_FIGURE.match(cell.strip()):
            findings.doubt(where, f"{what}: “{cell.strip()[:40]}” is not a figure I can read")
        return None
    if len(numbers) > 1:  # "640 (m) 480 (f)": which is the figure is not for us to guess
        findings.doubt(where, f"{what}: “{cell.strip()[:40]}” holds several figures; none was taken")
        return None
    return float(numbers[0].replace(",", ""))


def _code(cell: str) -> tuple[str, str, bool] | None:
    """(code, title, national) from an indicator cell."""
    national = "*" in cell
    local = _LOCAL.match(cell)  # before NI: "Local NI 023" is a local indicator
    if local:
        return f"LI {int(local.group(2))}", _tidy_title(cell[local.end() :]), False
    match = _NI.search(cell)
    if match:
        title = cell[: match.start()] + " " + cell[match.end() :]
        return f"NI {int(match.group(1))}", _tidy_title(title), True
    bare = _BARE.match(cell)
    digits = re.match(r"\s*\*?\s*(\d+)", cell)  # "015", "192": three figures are a national code
    if bare and (national or (digits is not None and len(digits.group(1)) == 3)):
        return f"NI {int(bare.group(2))}", _tidy_title(cell[bare.end() :]), True
    return None


def _other_code(cell: str) -> tuple[str, str, bool] | None:
    """A partnership's own code in a column of codes ("PI 04" → "PI 04", "KPI3" → "KPI 3")."""
    match = _OTHER_CODE.match(cell)
    if not match:
        return None
    number = match.group(2)
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    code = (
        f"{match.group(1)} {int(digits):02d}{number[len(digits) :]}"
        if len(digits) <= 2
        else f"{match.group(1)} {number}"
    )
    return code, "", False


def _tidy_title(text: str) -> str:
    title = re.sub(r"\s+", " ", text.replace("*", " ")).strip(" -–:.,")
    while title.startswith("(") and title.count("(") > title.count(")"):
        title = title[1:].strip()
    return title + ")" * (title.count("(") - title.count(")"))


def _column(headers: list[str], *words: str) -> int | None:
    for index, header in enumerate(headers):
        if any(word in header.casefold() for word in words):
            return index
    return None


def read_indicator_tables(lines: list[Line], findings: Findings) -> None:
    rows: list[tuple[Line, list[str]]] = []
    for line in [*lines, Line(0, "")]:
        cells = _cells(line) if line.text else []
        if len(cells) >= 3:
            rows.append((line, cells))
            continue
        if rows:
            _table(rows, findings)
        rows = []


def _period_column(headers: list[str]) -> int | None:
    """A column saying which period each row's figures are for (one row per indicator and period)."""
    return next((i for i, h in enumerate(headers) if h.casefold().strip(" .:") in _PERIOD_HEADERS), None)


def _row_period(cell: str) -> str | None:
    """A period column's cell: "Q2 2025/26", "Jul–Sep 2025", "Sep 2025", or a year alone ("2024/25")."""
    year = _period(cell)
    return _reading_period(cell) or (year if year == cell.strip() else None)


def _table(rows: list[tuple[Line, list[str]]], findings: Findings) -> None:
    header_index = next(
        (
            i
            for i, (_, cells) in enumerate(rows)
            if _column(cells, "indicator", "measure") is not None
            and (
                any(_period(c) for c in cells)
                or _column(cells, "target", "baseline") is not None
                or (_period_column(cells) is not None and any(_ROW_FIGURE.search(c) for c in cells))
            )
        ),
        None,
    )
    if header_index is None:
        return
    headers = rows[header_index][1]
    indicator_col = _column(headers, "indicator", "measure")
    code_col = next(
        (
            i
            for i, h in enumerate(headers)
            if h.casefold().strip(" .") in ("code", "ref", "ni", "no", "ni no", "ni ref")
        ),
        None,
    )
    baseline_col = _column(headers, "baseline")
    theme_col = _column(headers, "theme", "block", "outcome", "board")
    lead_col = _column(headers, "lead")
    frequency_col = _column(headers, "frequency", "how often", "cycle", "periodicity")
    partners_col = _column(headers, "partner", "signed", "contribut")
    if partners_col == lead_col:
        partners_col = next(
            (i for i, h in enumerate(headers) if i != lead_col and "partner" in h.casefold()), partners_col
        )
    years = {
        i: period
        for i, h in enumerate(headers)
        if (period := _period(h)) and i != baseline_col and not _READING_HEADER.search(h)
    }
    period_col = _period_column(headers)
    named = (indicator_col, code_col, baseline_col, theme_col, lead_col, frequency_col, partners_col, period_col)
    skip = {c for c in named if c is not None} | set(years)
    readings = _reading_columns(headers, skip, rows[header_index][0].number, findings, period_col is not None)
    by_code: dict[str, FoundIndicator] = {}  # one row per indicator and period: the rows of one indicator
    theme = None
    for line, cells in rows[header_index + 1 :]:
        if all(re.fullmatch(r":?-{3,}:?|", c.strip()) for c in cells):
            continue  # a markdown table's rule under its header
        cells = cells + [""] * (len(headers) - len(cells))
        if theme_col is not None and cells[theme_col]:
            theme = cells[theme_col]
        code = _code(cells[indicator_col]) if indicator_col is not None else None
        if code_col is not None and cells[code_col]:  # the code in a column of its own, the title beside it
            coded = _code(cells[code_col]) or _code(f"{cells[code_col].strip()}*") or _other_code(cells[code_col])
            if coded and indicator_col is not None:
                code = (coded[0], _tidy_title(cells[indicator_col]) or coded[0], coded[2])
        if code is None:
            if any(cells) and indicator_col is not None and cells[indicator_col]:
                findings.doubt(
                    line.number, f"indicator “{cells[indicator_col][:50]}” has no code I can read; not imported"
                )
            continue
        row_period = None
        if period_col is not None and cells[period_col].strip():
            row_period = _row_period(cells[period_col])
            if row_period is None and any(p is None for p in readings.values()):
                findings.doubt(
                    line.number,
                    f"{code[0]}: period “{cells[period_col][:30]}” is not one I can read; its figures not read",
                )
        earlier = by_code.get(code[0])
        found = earlier or FoundIndicator(code[0], code[1] or code[0], line.number, theme=theme)
        if earlier is not None:  # another period's row of the same indicator: its figures only
            _figures(found, cells, line.number, readings, row_period, findings)
            continue
        if baseline_col is not None and cells[baseline_col]:
            found.baseline = _value(cells[baseline_col], line.number, f"{code[0]} baseline", findings)
            found.baseline_period = _period(cells[baseline_col]) or _period(headers[baseline_col])
            if "%" in cells[baseline_col]:
                found.unit = "%"
        for column, period in years.items():
            if column < len(cells) and cells[column]:
                value = _value(cells[column], line.number, f"{code[0]} target {period}", findings)
                if value is not None:
                    found.targets[period] = value
        _figures(found, cells, line.number, readings, row_period, findings)
        partners: list[str] = []
        for column in sorted({c for c in (lead_col, partners_col) if c is not None}):
            partners += [p.strip() for p in re.split(r"[,;/\n]|\s{2,}", cells[column]) if p.strip(" *")]
        leads = [p.replace("*", "").strip() for p in partners if "*" in p]
        if lead_col is not None and cells[lead_col] and not leads:
            leads = [cells[lead_col].replace("*", "").split(",")[0].strip()]
        found.lead = leads[0] if leads else None
        found.partners = [p.replace("*", "").strip() for p in partners if p.replace("*", "").strip() != found.lead]
        if frequency_col is not None and cells[frequency_col].strip():
            found.frequency = frequency_named(cells[frequency_col].strip(" *."))
            if found.frequency is None:
                findings.doubt(
                    line.number,
                    f"{code[0]}: frequency “{cells[frequency_col][:30]}” is not monthly, quarterly or annual",
                )
        by_code[code[0]] = found
    for found in by_code.values():
        found.direction = _direction(found, findings)
        findings.indicators.append(found)


def _figures(
    found: FoundIndicator,
    cells: list[str],
    line: int,
    readings: dict[int, str | None],
    row_period: str | None,
    findings: Findings,
) -> None:
    """A row's readings: a column's own period, else the row's (from the table's period column)."""
    for column, period in readings.items():
        period = period or row_period
        if period is not None and column < len(cells) and cells[column]:
            value = _value(cells[column], line, f"{found.code} reading {period}", findings)
            if value is not None:
                found.readings[period] = value


def _direction(found: FoundIndicator, findings: Findings) -> str:
    """Better higher or lower: from the targets' trend when they move, else from the words."""
    figures = [found.baseline] if found.baseline is not None else []
    figures += [found.targets[p] for p in sorted(found.targets)]
    if len(figures) >= 2 and figures[-1] != figures[0]:
        return "lower" if figures[-1] < figures[0] else "higher"
    if _LOWER_WORDS.search(found.title):
        return "lower"
    findings.doubt(found.line, f"{found.code}: the targets do not say whether higher is better; taken as higher")
    return "higher"
