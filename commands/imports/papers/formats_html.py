"""A committee web page's text (an "Agenda and minutes" page saved from a browser), in reading order.

Read with the standard library's HTML parser, which never builds a tree: block elements become
lines, a table row tab-separated cells (or, when its cells hold paragraphs, the lines they hold),
headings and bold-alone blocks "# " lines (text.py reads those as headings). What is not the paper
is left out: scripts, styles, navigation, page header and footer, forms, cookie banners,
breadcrumbs. Nesting and the number of elements are counted as they arrive, so a hostile page
(a million nested divs) is refused at once.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from commands.imports.papers.formats_limits import (
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_PARAGRAPHS,
    MAX_TEXT,
    Cell,
    PaperRefused,
    row_lines,
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"}
# Whole subtrees that are never the paper.
SKIPPED = {
    "script", "style", "noscript", "template", "nav", "header", "footer", "form", "select", "button",
    "iframe", "svg", "canvas", "object", "head", "aside", "dialog", "menu",
}  # fmt: skip
BLOCKS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
    "address", "caption", "figure", "figcaption", "table", "tr", "td", "th", "thead", "tbody", "tfoot",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "center", "fieldset", "legend", "body", "html",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BOLD = {"b", "strong"}
# Elements a page marks as its furniture by id, class or role.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:breadcrumbs?|cookies?|cookie-?banner|skip-?link|skip|nav|navbar|navigation|menu|masthead|"
    r"site-?header|site-?footer|footer|header|banner|sidebar|social|share)(?:$|[\s_-])",
    re.I,
)
_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_COOKIES = re.compile(r"^(?:this (?:site|website) uses cookies|we use cookies)\b", re.I)


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    found = _CHARSET.search(data[:4096])
    if found:
        try:
            encoding = codecs.lookup(found.group(1).decode("ascii")).name
        except LookupError:
            encoding = "utf-8"
        if encoding not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):  # a meta tag read as ASCII
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # pages saved on Windows without a charset


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    """Not shown by the browser, so not part of the page as the officer saw it."""
    for key, value in attrs:
        if key == "hidden" or (key == "aria-hidden" and (value or "").strip() == "true"):
            return True
        if key == "style" and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", value or "", re.I):
            return True
    return False


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[Cell]] = []
        self.spans: list[list[int]] = []

    def row(self) -> None:
        self.rows.append([])
        self.spans.append([])


class _Page(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.open: list[str] = []  # the elements open now, innermost last
        self.skipping = 0  # depth in self.open at which a skipped subtree began (0: none)
        self.elements = 0
        self.blocks = 0
        self.size = 0
        self.lines: list[str] = []  # the page's lines, outside any table
        self.cells: list[Cell] = []  # the paragraphs of each table cell open now, innermost last
        self.tables: list[_Table] = []
        self.text: list[str] = []  # the paragraph being gathered
        self.bold_text: list[str] = []  # the part of it inside <b>/<strong>
        self.bold = 0
        self.heading = 0
        self.pre = 0

    def too_much(self, what: str) -> PaperRefused:
        return PaperRefused(f"{self.name} holds more {what} than a web page of a meeting would; it was not read.")

    # --- paragraphs ----------------------------------------------------------------------------

    def flush(self) -> None:
        text = " ".join("".join(self.text).split()) if not self.pre else "".join(self.text).strip("\n")
        bold = "".join("".join(self.bold_text).split())
        heading = bool(self.heading) or (bool(bold) and bold == "".join(text.split()))
        self.text, self.bold_text = [], []
        if not text.strip() or _COOKIES.match(text):
            return
        self.blocks += 1
        if self.blocks > MAX_PARAGRAPHS:
            raise self.too_much("paragraphs")
        if self.cells:
            self.cells[-1].append((text, heading))
        else:
            self.add(f"# {text}" if heading else text)

    def add(self, line: str) -> None:
        self.size += len(line) + 1
        if self.size > MAX_TEXT:
            raise self.too_much("text")
        self.lines.append(line)

    # --- elements ------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise self.too_much("elements")
        if tag in VOID:
            if tag == "br" and not self.skipping:
                self.flush()
            return
        self._implied_end(tag)
        self.open.append(tag)
        if len(self.open) > MAX_DEPTH:
            raise self.too_much("nesting")
        if self.skipping:
            return
        marks = " ".join(value or "" for key, value in attrs if key in ("id", "class", "role"))
        if tag in SKIPPED or (marks and _FURNITURE.search(marks)) or _hidden(attrs):
            self.flush()
            self.skipping = len(self.open)
            return
        if tag in BLOCKS:
            self.flush()
        if tag in HEADINGS:
            self.heading += 1
        elif tag in BOLD:
            self.bold += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "table":
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].row()
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            if not table.rows:
                table.row()
            span = next((value for key, value in attrs if key == "colspan"), None) or "1"
            table.spans[-1].append(max(1, min(int(span), 64)) if span.isdigit() else 1)
            self.cells.append([])

    def _implied_end(self, tag: str) -> None:
        """HTML lets some ends go unwritten: a new <p>, <li> or cell closes the one before."""
        if tag in ("p", "li", "dt", "dd", "option") and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)
        elif tag in ("td", "th", "tr"):
            stops = ("table",) if tag == "tr" else ("tr", "table")
            closes = ("tr", "td", "th") if tag == "tr" else ("td", "th")
            for open_tag in reversed(self.open):
                if open_tag in stops:
                    break
                if open_tag in closes:
                    self.handle_endtag(open_tag)
                    break

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self.open:
            return
        while self.open:
            current = self.open.pop()
            self._close(current)
            if current == tag:
                return

    def _close(self, tag: str) -> None:
        if self.skipping:
            if len(self.open) < self.skipping:
                self.skipping = 0
            return
        if tag in BLOCKS:
            self.flush()
        if tag in HEADINGS:
            self.heading = max(0, self.heading - 1)
        elif tag in BOLD:
            self.bold = max(0, self.bold - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag in ("td", "th") and self.cells and self.tables:
            cell = self.cells.pop()
            table = self.tables[-1]
            table.rows[-1].append(cell)
            table.rows[-1].extend([] for _ in range(table.spans[-1][-1] - 1))
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            lines: list[str] = []
            for cells, spans in zip(table.rows, table.spans, strict=True):
                if any(cells):
                    lines += row_lines(cells, caption=len(spans) == 1 and spans[0] > 1)
            if self.cells:  # a table inside a cell: its lines are the cell's paragraphs
                self.cells[-1].extend((line, line.startswith("# ")) for line in lines)
                self.cells[-1][:] = [(t.removeprefix("# "), h) for t, h in self.cells[-1]]
            else:
                for line in lines:
                    self.add(line)
                self.add("")

    def handle_data(self, data: str) -> None:
        if self.skipping or "head" in self.open:
            return
        self.text.append(data)
        if self.bold:
            self.bold_text.append(data)
        self.size += len(data)
        if self.size > MAX_TEXT:
            raise self.too_much("text")


def html_text(name: str, data: bytes) -> str:
    """The text of the web page `data`; PaperRefused past any budget."""
    page = _Page(name)
    page.feed(_decode(data))
    page.close()
    while page.open:
        page.handle_endtag(page.open[0])
    page.flush()
    return "\n".join(page.lines)
