"""A paper file's text, whatever it was saved as: plain text, Word, PDF.

Paper files are untrusted: one too big, binary, damaged or unpacking into far more than a paper
would is refused with a clear reason, before any library is asked to build it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

MAX_BYTES = 5 * 1024 * 1024  # a whole agenda pack as text is well under 1 MB
MAX_UNZIPPED = 60 * 1024 * 1024  # a .docx is a zip: refuse one that would unpack into gigabytes
MAX_PDF_PAGES = 400
EXTENSIONS = (".txt", ".md", ".docx", ".pdf")


class PaperRefused(ValueError):
    """Why a file cannot be read as a paper, worded for the officer who sent it."""


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def file_text(name: str, data: bytes) -> str:
    """The text of the paper file `name`; PaperRefused if it is not one we can read."""
    suffix = PurePath(name).suffix.casefold()
    if suffix not in EXTENSIONS:
        raise PaperRefused(
            f"{name}: I can read papers as .txt, .md, .docx or .pdf, not {suffix or 'this kind of file'}."
        )
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
    return _plain_text(name, data)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return control > len(head) * 0.02


def _plain_text(name: str, data: bytes) -> str:
    if _looks_binary(data):
        raise PaperRefused(
            f"{name} is not text (it looks like a binary file). Send the paper as .txt, .md, .docx or .pdf."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Word's "Save as text" on Windows writes cp1252; anything else would have failed the
        # binary check above.
        return data.decode("cp1252", errors="replace")


def _docx_text(name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                raise PaperRefused(f"{name} unpacks to far more than a paper would; it was not read.")
            if "word/document.xml" not in archive.namelist():
                raise PaperRefused(f"{name} is not a Word document.")
    except zipfile.BadZipFile:
        raise PaperRefused(f"{name} is not a Word (.docx) document: it could not be opened.") from None
    import docx  # python-docx: only loaded when a Word paper arrives
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - a malformed document, whatever the library's reason
        raise PaperRefused(f"{name} is a damaged Word document; it could not be read.") from None
    out: list[str] = []
    # Paragraphs and tables in the order they appear; a table row becomes tab-separated cells,
    # the same shape as tables in text converted from Word.
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.extend(_paragraph_text(child).split("\n"))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = [
                    " ".join(_paragraph_text(p) for p in cell.iter(qn("w:p"))).strip() for cell in row.iter(qn("w:tc"))
                ]
                out.append("\t".join(cells))
            out.append("")
    return "\n".join(out)


def _paragraph_text(paragraph) -> str:
    from docx.oxml.ns import qn

    parts = []
    for node in paragraph.iter():
        if node.tag == qn("w:t") and node.text:
            parts.append(node.text)
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


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
        pages = [page.extract_text() or "" for page in reader.pages]
    except PaperRefused:
        raise
    except Exception:  # noqa: BLE001 - a malformed PDF, whatever the library's reason
        raise PaperRefused(f"{name} is a damaged PDF; it could not be read.") from None
    text = "\n\n".join(pages)  # a page break is a paragraph break
    if len(text) > MAX_BYTES * 4:
        raise PaperRefused(f"{name} holds far more text than a paper would; it was not read.")
    return text
