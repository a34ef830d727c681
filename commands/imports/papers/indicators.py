"""Indicator tables, as a Local Area Agreement lays them out: a theme, the indicator (national
ones marked `*`; codes written "NI 15", "NI 015" or "015"), the baseline, a target for each year
column, the lead partner (marked `*`) and the other partners. Cells may hold notes, several
values or stray HTML; a value that cannot be read is left out and said so.
"""

from __future__ import annotations

import re

from commands.core.reporting_periods import frequency_named
from commands.imports.papers.found import Findings, FoundIndicator
from commands.imports.papers.text import Line

_YEAR = re.compile(r"(?<!\d)(20\d\d|\d\d)\s*[/-]\s*(20\d\d|\d\d)(?!\d)")
_NI = re.compile(r"\bN\.?I\.?\s*-?\s*0*(\d{1,3})\b", re.I)
_BARE = re.compile(r"^\s*(\*?)\s*0*(\d{1,3})\b\s*(\*?)\s*[-–:.]?\s*")
_LOCAL = re.compile(r"^\s*\*?\s*(Local\s+NI|Local|LI|LAA|L|LPI|LI-?)\s*-?\s*(\d{1,3})\b\s*\*?\s*[-–:.]?\s*", re.I)
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
# A column of figures for part of a year, or of what was achieved: readings, never the year's target.
_READING_HEADER = re.compile(
    r"\b(Q[1-4]|quarter|qtr|month|actual|outturn|result|performance|achieved|reading|current|latest|ytd|"
    r"year to date|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b",
    re.I,
)
# A code as a column of codes writes it: "PI 04", "KPI3", "CSP-01", "BV 12a" — kept as the paper's own.
_OTHER_CODE = re.compile(r"^\s*([A-Z]{1,6})\s*[-. ]?\s*(\d{1,4}[a-z]?)\s*$")
_LOWER_WORDS = re.compile(
    r"reduc|fewer|crime|offend|obes|mortality|killed|injur|land-?fill|out of work|benefit|"
    r"emission|co2|repeat|death|pregnan|neet|absence|vacant|homeless|waiting|delay|smok|"
    r"deprivation|anti-?social|fear of|harm|poverty|worklessness",
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
        if cell.strip() and not re.match(r"^(?:n/?a|tbc|tbd|-+|–|none|\*)$", cell.strip(), re.I):
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


def _table(rows: list[tuple[Line, list[str]]], findings: Findings) -> None:
    header_index = next(
        (
            i
            for i, (_, cells) in enumerate(rows)
            if _column(cells, "indicator", "measure") is not None
            and (any(_period(c) for c in cells) or _column(cells, "target", "baseline") is not None)
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
        found = FoundIndicator(code[0], code[1] or code[0], line.number, theme=theme)
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
        found.direction = _direction(found, findings)
        findings.indicators.append(found)


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
