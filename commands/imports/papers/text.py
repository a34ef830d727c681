"""A paper's text as numbered lines, cleaned of the debris conversion leaves behind.

Papers arrive as text converted from Word or PDF (`.txt`, `.md`, with stray `<b>`/`<sup>` tags,
markdown emphasis, tab-separated tables, page-break leftovers), or as files (`formats.py` turns
those into text). Each line keeps its number in the file, so every fact found can say where it
came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from commands.imports.papers.formats import EXTENSIONS, MAX_BYTES, PaperRefused, file_text

__all__ = ["EXTENSIONS", "MAX_BYTES", "Line", "PaperRefused", "PaperText", "clean_line", "read_paper"]

MAX_LINES = 60_000


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the file as sent (for .docx/.pdf/.html: in the text extracted from it)
    text: str  # cleaned: no tags, no markdown emphasis, single spaces; tabs kept (table cells)
    heading: bool = False  # written as a heading, or bold throughout, in the original


@dataclass
class PaperText:
    name: str
    lines: list[Line]

    def source(self, number: int) -> str:
        return f"paper:{self.name}:{number}"[:300]


def read_paper(name: str, data: bytes) -> PaperText:
    """The paper's cleaned lines; PaperRefused if it is not a paper we can read."""
    name = PurePath(name).name or "paper"
    raw = file_text(name, data)
    lines = raw.splitlines()
    if len(lines) > MAX_LINES:
        raise PaperRefused(f"{name} has {len(lines):,} lines; that is not an agenda pack I can read.")
    cleaned = [Line(number, clean_line(text), _is_heading(text)) for number, text in enumerate(lines, 1)]
    if not any(line.text for line in cleaned):
        raise PaperRefused(f"{name} has no text I can read (a scanned PDF has only pictures of text).")
    return PaperText(name, cleaned)


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

# Web-page furniture, in pages saved as HTML or as text: a link's file kind and size ("PDF 112 KB"),
# the map link after a venue, and lines that are only a page's controls or its breadcrumb trail.
_FILE_SIZE = re.compile(r"\s*\(?\b(?:pdf|docx?|xlsx?|rtf|pptx?|odt)\s*,?\s*\d+(?:\.\d+)?\s*[kmg]b\b\)?", re.I)
_VIEW_DIRECTIONS = re.compile(r"\s*\bview (?:directions|map)\s*$", re.I)
_FURNITURE = re.compile(
    r"^(?:view directions|view map|print(?: this page)?|download|skip to (?:the )?(?:main )?content|back to top|"
    r"share this page|additional documents:?|(?:you are here:?\s*)?(?:[^>\t]{1,40}\s>\s){2,}[^>\t]{1,60})$",
    re.I,
)


# A table's label cell run into its value when the table was flattened to text ("VENUEWest Offices",
# "DATE14 April 2011", "PRESENTBoard members:"): the label in capitals, then a capital and a small
# letter, or a digit. Only the genre's header labels, so ordinary capitalised words are left alone.
_RUN_IN_LABEL = re.compile(
    r"^(DATE|TIME|VENUE|PLACE|LOCATION|WHERE|WHEN|PRESENT|ATTENDEES|ATTENDANCE|IN ATTENDANCE|ALSO PRESENT|"
    r"APOLOGIES|CHAIR|MEMBERS PRESENT|OFFICERS|OBSERVERS|SUBSTITUTES)(?=[A-Z][a-z]|\d)"
)


def _is_heading(raw: str) -> bool:
    stripped = _TAGS.sub(
        lambda m: "**" if m.group(0).lower() in ("<b>", "</b>", "<strong>", "</strong>") else "", raw
    ).strip()
    if _HEADING.match(stripped):
        return True
    return len(stripped) > 4 and stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2


def _link(match: re.Match[str]) -> str:
    text, url = str(match.group(1)), str(match.group(2))
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
    text = _VIEW_DIRECTIONS.sub("", _FILE_SIZE.sub("", text))
    text = "\t".join(cell.strip() for cell in text.split("\t")) if "\t" in text else text.strip()
    text = _RUN_IN_LABEL.sub(r"\1: ", text)
    if _PAGE_DEBRIS.match(text.strip()) or _FURNITURE.match(text.strip()):
        return ""
    return text.strip(" ") if text.strip("\t ") else ""
