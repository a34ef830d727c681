"""A paper file's text, whatever it was saved as: plain text, Word, PDF, a web page.

Paper files are untrusted: one too big, binary, damaged or unpacking into far more than a paper
would is refused with a clear reason, before any library is asked to build it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from commands.imports.papers.formats_limits import MAX_BYTES, MAX_PDF_PAGES, MAX_UNZIPPED, PaperRefused
from commands.imports.papers.formats_limits import size_text as _size

__all__ = ["EXTENSIONS", "KINDS", "MAX_BYTES", "MAX_PDF_PAGES", "MAX_UNZIPPED", "PaperRefused", "file_text"]

EXTENSIONS = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
KINDS = ".txt, .md, .docx, .pdf or .html"  # said to the officer when a file is not one of them


def file_text(name: str, data: bytes) -> str:
    """The text of the paper file `name`; PaperRefused if it is not one we can read."""
    suffix = PurePath(name).suffix.casefold()
    if suffix not in EXTENSIONS:
        raise PaperRefused(f"{name}: I can read papers as {KINDS}, not {suffix or 'this kind of file'}.")
    if len(data) > MAX_BYTES:
        raise PaperRefused(
            f"{name} is {_size(len(data))}; papers up to {_size(MAX_BYTES)} can be imported. "
            "Split the pack, or send the agenda and minutes on their own."
        )
    if not data.strip():
        raise PaperRefused(f"{name} is empty.")
    if suffix == ".docx":
        return _docx_text(name, data)
    if suffix == ".pdf":
        return _pdf_text(name, data)
    if suffix in (".html", ".htm"):
        return _html_text(name, data)
    return _plain_text(name, data)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return control > len(head) * 0.02


def _plain_text(name: str, data: bytes) -> str:
    if _looks_binary(data):
        raise PaperRefused(f"{name} is not text (it looks like a binary file). Send the paper as {KINDS}.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Word's "Save as text" on Windows writes cp1252; anything else would have failed the
        # binary check above.
        return data.decode("cp1252", errors="replace")


def _html_text(name: str, data: bytes) -> str:
    from commands.imports.papers.formats_html import html_text

    if b"\x00" in data[:8192]:  # UTF-16 pages are not what browsers save; anything else is binary
        raise PaperRefused(f"{name} is not a web page (it looks like a binary file). Send the paper as {KINDS}.")
    return html_text(name, data)


def _docx_text(name: str, data: bytes) -> str:
    from commands.imports.papers.formats_word import docx_text  # stdlib only; loaded when a Word paper arrives

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise PaperRefused(f"{name} is not a Word document.")
            return docx_text(name, archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError) as error:
        if isinstance(error, PaperRefused):
            raise
        raise PaperRefused(f"{name} is not a Word (.docx) document: it could not be opened.") from None


def _pdf_text(name: str, data: bytes) -> str:
    if not data.lstrip().startswith(b"%PDF"):
        raise PaperRefused(f"{name} is not a PDF document.")
    import logging

    from pypdf import PdfReader  # only loaded when a PDF paper arrives

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed PDFs are refused, not logged at length
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PaperRefused(f"{name} is password-protected; send an unprotected copy.")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise PaperRefused(
                f"{name} has {len(reader.pages)} pages; papers up to {MAX_PDF_PAGES} pages can be imported."
            )
        if not reader.pages:
            raise PaperRefused(f"{name} has no pages.")
    except PaperRefused:
        raise
    except Exception:  # noqa: BLE001 - a malformed PDF, whatever the library's reason
        raise PaperRefused(f"{name} is a damaged PDF; it could not be read.") from None
    from commands.imports.papers.formats_pdf import pdf_text

    try:
        return pdf_text(name, data)
    except PaperRefused:
        raise
    except Exception:  # noqa: BLE001 - pdfplumber could not lay the pages out: their plain text will do
        pass
    try:
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)  # a page break is a paragraph break
    except Exception:  # noqa: BLE001 - a malformed PDF, whatever the library's reason
        raise PaperRefused(f"{name} is a damaged PDF; it could not be read.") from None
    if len(text) > MAX_BYTES * 4:
        raise PaperRefused(f"{name} holds far more text than a paper would; it was not read.")
    return text
