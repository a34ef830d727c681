"""A paper's text as numbered lines, cleaned of the debris conversion leaves behind.

Papers arrive as text converted from Word or PDF (`.txt`, `.md`, with stray `<b>`/`<sup>` tags,
markdown emphasis, tab-separated tables, page-break leftovers), or as `.docx` and `.pdf` files.
Each line keeps its number in the file, so every fact found can say where it came from. Paper
text is untrusted: a file too big, binary or unreadable is refused with a clear reason.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

MAX_BYTES = 5 * 1024 * 1024  # a whole agenda pack as text is well under 1 MB
MAX_LINES = 60_000
MAX_UNZIPPED = 60 * 1024 * 1024  # a .docx is a zip: refuse one that would unpack into gigabytes
MAX_PDF_PAGES = 400
EXTENSIONS = (".txt", ".md", ".docx", ".pdf")


class PaperRefused(ValueError):
    """Why a file cannot be read as a paper, worded for the officer who sent it."""


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the file as sent (for .docx/.pdf: in the text extracted from it)
    text: str  # cleaned: no tags, no markdown emphasis, single spaces; tabs kept (table cells)
    heading: bool = False  # written as a heading, or bold throughout, in the original


@dataclass
class PaperText:
    name: str
    lines: list[Line]

    def source(self, number: int) -> str:
        return f"paper:{self.name}:{number}"[:300]


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def read_paper(name: str, data: bytes) -> PaperText:
    """The paper's cleaned lines; PaperRefused if it is not a paper we can read."""
    name = PurePath(name).name or "paper"
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
        raw = _docx_text(name, data)
    elif suffix == ".pdf":
        raw = _pdf_text(name, data)
    else:
        raw = _plain_text(name, data)
    lines = raw.splitlines()
    if len(lines) > MAX_LINES:
        raise PaperRefused(f"{name} has {len(lines):,} lines; that is not an agenda pack I can read.")
    cleaned = [Line(number, clean_line(text), _is_heading(text)) for number, text in enumerate(lines, 1)]
    if not any(line.text for line in cleaned):
        raise PaperRefused(f"{name} has no text I can read (a scanned PDF has only pictures of text).")
    return PaperText(name, cleaned)


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


# --- cleaning -------------------------------------------------------------------------------

_TAGS = re.compile(r"</?(?:b|i|u|em|strong|sup|sub|span|font|p|br|div|small|big|s|strike)\b[^<>]{0,200}>", re.I)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s]+)>")
_MD_LINK = re.compile(r"\[([^\]]{1,500})\]\(([^()\s]+(?:\([^()\s]*\)[^()\s]*)*)\)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_PAIRED_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\t]*?[^\s*])\*(?![\w*])")
_PAGE_DEBRIS = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-|\d+\s*/\s*\d+|this page is intentionally (?:left )?blank|-{3,}|_{3,}|\*{3,})$",
    re.I,
)


def _is_heading(raw: str) -> bool:
    stripped = _TAGS.sub(
        lambda m: "**" if m.group(0).lower() in ("<b>", "</b>", "<strong>", "</strong>") else "", raw
    ).strip()
    if _HEADING.match(stripped):
        return True
    return len(stripped) > 4 and stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2


def _link(match: re.Match) -> str:
    text, url = match.group(1), match.group(2)
    if url.startswith("mailto:") or text.strip() == url:
        return text
    return f"{text} ({url})"


def clean_line(text: str) -> str:
    """One line without the debris: tags (their text kept: 3<sup>rd</sup> → 3rd), markdown
    headings, emphasis and escapes, non-breaking spaces, runs of spaces, page furniture."""
    text = text.replace("\f", "").replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAGS.sub("", text)
    text = _MD_LINK.sub(_link, text)
    text = _HEADING.sub("", text)
    text = text.replace("**", "").replace("__", "")
    text = _PAIRED_STAR.sub(r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>])", r"\1", text)
    text = re.sub(r"[ \u2002\u2003\u2009]+", " ", text)
    text = "\t".join(cell.strip() for cell in text.split("\t")) if "\t" in text else text.strip()
    if _PAGE_DEBRIS.match(text.strip()):
        return ""
    return text.strip(" ") if text.strip("\t ") else ""
