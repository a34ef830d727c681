"""A PDF paper's text and tables, through pdfplumber (which reads a ruled table cell by cell, where
pypdf's layout mode spreads each cell's wrapped words over several lines).

Per page: the tables found become rows of tab-separated cells; the text outside them becomes lines in
reading order, a paragraph wrapped over several lines joined again, a line set in bold throughout
marked "# " (a heading, as text.py reads it). What repeats at the top or foot of every page (the
running header, the page number) is left out. Bounded: pages, characters and drawn objects per page
(pdfplumber's table finding grows with them), the text taken out, and the time spent.
"""

from __future__ import annotations

import io
import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from commands.imports.papers.formats_limits import MAX_TEXT, PaperRefused

MAX_CHARS_PER_PAGE = 40_000  # a dense A4 page of 8-point type holds about 10,000
MAX_OBJECTS_PER_PAGE = 20_000  # lines, rectangles and curves: above this tables are not looked for
MAX_SECONDS = 60.0
MARGIN = 0.08  # the top and foot of a page where running headers and page numbers live
_DIGITS = re.compile(r"\d+")


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    bold: bool
    edge: bool  # in the page's top or foot margin
    table: list[list[str]] | None = None


def _bold(chars: list[dict[str, Any]]) -> bool:
    fonts = [str(c.get("fontname", "")) for c in chars if str(c.get("text", "")).strip()]
    return bool(fonts) and all(re.search(r"bold|black|heavy|semibold", f, re.I) for f in fonts)


def _page_lines(number: int, page: Any) -> list[_Line]:
    if len(page.chars) > MAX_CHARS_PER_PAGE:
        raise PaperRefused(f"page {number} holds far more text than a paper's page would")
    height = float(page.height) or 1.0
    drawn = len(page.lines) + len(page.rects) + len(page.curves)
    tables = page.find_tables() if drawn <= MAX_OBJECTS_PER_PAGE else []
    boxes = [table.bbox for table in tables]

    def outside(obj: dict[str, Any]) -> bool:
        x = (float(obj["x0"]) + float(obj["x1"])) / 2
        y = (float(obj["top"]) + float(obj["bottom"])) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    found: list[_Line] = []
    text_page = page.filter(outside) if boxes else page
    for line in text_page.extract_text_lines(return_chars=True):
        top, bottom = float(line["top"]), float(line["bottom"])
        found.append(
            _Line(
                number,
                top,
                bottom,
                float(line["x0"]),
                float(line["x1"]),
                str(line["text"]),
                _bold(line["chars"]),
                top < height * MARGIN or bottom > height * (1 - MARGIN),
            )
        )
    for table in tables:
        rows = [[" ".join((cell or "").split()) for cell in row] for row in table.extract()]
        x0, top, x1, bottom = table.bbox
        found.append(_Line(number, float(top), float(bottom), float(x0), float(x1), "", False, False, rows))
    return sorted(found, key=lambda line: (line.top, line.x0))


def _furniture(pages: list[list[_Line]]) -> set[str]:
    """Texts (digits set aside) at the top or foot of at least half the pages, when there are several."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_DIGITS.sub("#", line.text.strip()) for line in page if line.edge and line.text})
    return {text for text, count in counts.items() if count >= max(2, len(pages) / 2)}


def _continues(before: _Line, line: _Line, right: float) -> bool:
    """Whether `line` carries on the paragraph of `before` (wrapped), rather than starting another."""
    if before.table is not None or line.table is not None or before.bold != line.bold or before.page != line.page:
        return False
    height = before.bottom - before.top
    gap = line.top - before.bottom
    if gap < 0 or gap > height * 0.6:
        return False
    if before.x1 < right - max(height * 4, 40):  # the line before ended short: its paragraph ended
        return False
    if abs(line.x0 - before.x0) > height * 2:
        return False
    # A new item, label or bullet starts a line of its own.
    return not re.match(r"^(?:[\d.]+\s|[(]?[a-z0-9ivx]{1,4}[).]\s|[•\-–*]\s|[A-Z][A-Za-z ]{0,30}:)", line.text)


def pdf_text(name: str, data: bytes) -> str:
    """The text of the PDF `data` (already checked: not encrypted, not too many pages)."""
    import logging

    import pdfplumber  # loaded only when a PDF paper arrives

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    started = time.monotonic()
    pages: list[list[_Line]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, sheet in enumerate(pdf.pages, 1):
                pages.append(_page_lines(number, sheet))
                sheet.close()  # pdfplumber keeps each page's objects until told
                if time.monotonic() - started > MAX_SECONDS:
                    raise PaperRefused(f"{name} takes too long to read (page {number}); send it as .docx or .txt.")
    except PaperRefused as refused:
        message = str(refused)
        raise PaperRefused(message if message.startswith(name) else f"{name}: {message}; it was not read.") from None
    furniture = _furniture(pages)
    out: list[str] = []
    size = 0
    # The text column's right edge, over the whole paper: a line ending well short of it ended its paragraph.
    right = max((line.x1 for page in pages for line in page if line.table is None and not line.edge), default=0.0)
    header: list[str] | None = None  # the first row of the last table read
    for page in pages:
        before: _Line | None = None
        for line in page:
            if line.table is not None:
                rows = [row for row in line.table if any(row)]
                if rows and before is None and rows[0] == header:
                    rows = rows[1:]  # a table carried over a page repeats its header row: read it once
                elif rows:
                    header = rows[0]
                out += ["\t".join(row) for row in rows] + [""]
            elif line.edge and (_DIGITS.sub("#", line.text.strip()) in furniture or line.text.strip().isdigit()):
                continue
            elif before is not None and out and _continues(before, line, right):
                out[-1] += " " + line.text.strip()
            else:
                out.append(f"# {line.text.strip()}" if line.bold else line.text)
            before = line
            size += len(line.text) + 1 + sum(len(cell) + 1 for row in line.table or [] for cell in row)
            if size > MAX_TEXT:
                raise PaperRefused(f"{name} holds far more text than a paper would; it was not read.")
        out.append("")  # a page break is a paragraph break
    return "\n".join(out)
