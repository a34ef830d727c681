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
