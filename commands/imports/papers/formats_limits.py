"""What every paper-file reader shares: the refusal and the budgets a paper file must keep within.

Apart from formats.py so that the readers for each format (formats_word, formats_pdf,
formats_html) can use them without importing the module that chooses between them.
"""

from __future__ import annotations

MAX_BYTES = 5 * 1024 * 1024  # a whole agenda pack as text is well under 1 MB
MAX_UNZIPPED = 60 * 1024 * 1024  # the most a .docx may unpack into, counted as it unpacks
MAX_PDF_PAGES = 400
MAX_TEXT = 4 * MAX_BYTES  # text taken out of a file: far more than any paper holds
MAX_PARAGRAPHS = 100_000  # paragraphs, table cells or HTML blocks: a 400-page pack has about 20,000
MAX_ELEMENTS = 1_000_000  # XML/HTML elements of any kind
MAX_DEPTH = 200  # nesting of elements: real documents stay under 40


class PaperRefused(ValueError):
    """Why a file cannot be read as a paper, worded for the officer who sent it."""


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


Cell = list[tuple[str, bool]]  # a table cell's paragraphs: (text, whether written as a heading)


def row_lines(cells: list[Cell], caption: bool = False) -> list[str]:
    """A table row as lines of text, the same for Word and web pages.

    A row laid out as text (a minute's title and its paragraphs in one cell, a list of names one a
    line) is read as the lines it holds, and so is one cell across the whole table (a caption); a row
    of values becomes one line of tab-separated cells, a heading marked "# ".
    """
    if caption or any(len(cell) >= 3 or (len(cell) >= 2 and cell[0][1]) for cell in cells):
        return [f"# {text}" if heading else text for cell in cells for text, heading in cell]
    return ["\t".join(_join([text for text, _ in cell]) for cell in cells)]


def _join(parts: list[str]) -> str:
    """A cell's paragraphs on one line: kept apart by "; " unless the paragraph already ends a clause."""
    out = ""
    for part in parts:
        part = part.replace("\t", " ")
        out = part if not out else out + (" " if out[-1] in ".;:," else "; ") + part
    return out
