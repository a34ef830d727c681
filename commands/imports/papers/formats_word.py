"""A Word (.docx) paper's text, read from its XML as it unpacks, within a budget.

A .docx is a zip of XML. Neither the sizes the zip claims nor the XML's shape can be trusted: the
document is unpacked in chunks and refused as soon as it passes MAX_UNZIPPED bytes, and parsed as a
stream (ElementTree's pull parser), counting paragraphs, table cells, elements and nesting as they
arrive, each block dropped once read, so a hostile file is refused before anything big is built.
A DOCTYPE (the door to entity tricks) is refused outright; Word never writes one.

Paragraphs and tables come out in document order: a heading (Title, Heading 1-3, or bold throughout)
as "# text" (text.py reads that as a heading), a table row as tab-separated cells, merged cells once.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, XMLParser

from commands.imports.papers.formats_limits import (
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_PARAGRAPHS,
    MAX_TEXT,
    MAX_UNZIPPED,
    PaperRefused,
    row_lines,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
BODY, P, R, T, TBL, TR, TC = (W + tag for tag in ("body", "p", "r", "t", "tbl", "tr", "tc"))
CHUNK = 64 * 1024
MAX_STYLES = 4 * 1024 * 1024
MAX_HELD = 200_000  # elements of one paragraph or table held at once
HEADING_STYLES = {"title", "heading 1", "heading 2", "heading 3", "heading1", "heading2", "heading3"}
# Text that is not the document's own reading: text boxes, the fallback copy of drawings, deletions.
SKIPPED = {W + "txbxContent", MC + "Fallback", W + "del", W + "instrText", W + "delText"}
_ROOT_START = re.compile(rb"<[A-Za-z_]")


class _Budget:
    def __init__(self, name: str) -> None:
        self.name = name
        self.paragraphs = 0
        self.elements = 0

    def too_much(self, what: str) -> PaperRefused:
        return PaperRefused(f"{self.name} holds more {what} than a paper would; it was not read.")


def _chunks(archive: zipfile.ZipFile, member: str, budget: int, name: str) -> Iterator[bytes]:
    """`member` unpacked in chunks, stopped past `budget` bytes whatever the zip's headers say."""
    total = 0
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            total += len(chunk)
            if total > budget:
                raise PaperRefused(f"{name} unpacks to far more than a paper would; it was not read.")
            yield chunk


def _refuse_doctype(head: bytes, name: str) -> None:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16, as XML allows: look at it as characters
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    start = _ROOT_START.search(head)
    prolog = head[: start.start()] if start else head
    if b"<!doctype" in prolog.lower() or b"<!entity" in prolog.lower():
        raise PaperRefused(f"{name} is not a Word document as Word writes them (it declares a DOCTYPE).")


class _Builder(TreeBuilder):
    """ElementTree's builder, counting as it goes and keeping only the text of w:t elements: the
    whitespace between elements (where a hostile file hides megabytes) is never gathered."""

    def __init__(self, budget: _Budget, block_done: Callable[[Element], None]) -> None:
        super().__init__()
        self.budget = budget
        self.block_done = block_done
        self.depth = self.held = 0
        self.in_text = False
        self.body: Element | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        self.depth += 1
        self.held += 1
        self.budget.elements += 1
        if self.depth > MAX_DEPTH:
            raise self.budget.too_much("nesting")
        if self.budget.elements > MAX_ELEMENTS * 3 or self.held > MAX_HELD:
            raise self.budget.too_much("parts")
        self.in_text = tag == T
        element = super().start(tag, attrs)
        if tag == BODY:
            self.body = element
        return element

    def data(self, data: str) -> None:
        if self.in_text:
            super().data(data)

    def end(self, tag: str) -> Element:
        self.in_text = False
        element = super().end(tag)
        self.depth -= 1
        if tag in (P, TC):
            self.budget.paragraphs += 1
            if self.budget.paragraphs > MAX_PARAGRAPHS:
                raise self.budget.too_much("paragraphs and table cells")
        if self.body is not None and self.depth == 2:
            self.block_done(element)
            self.body.remove(element)
            self.held = 0
        return element


def _parse(
    archive: zipfile.ZipFile, member: str, limit: int, budget: _Budget, block_done: Callable[[Element], None]
) -> None:
    """Stream-parse `member`, calling `block_done(element)` for each child of the body as it ends."""
    parser = XMLParser(target=_Builder(budget, block_done))
    head = b""
    checked = False
    for chunk in _chunks(archive, member, limit, budget.name):
        if not checked:
            head += chunk
            if not _ROOT_START.search(head) and len(head) < CHUNK * 4:
                continue
            _refuse_doctype(head, budget.name)
            checked, chunk = True, head
        parser.feed(chunk)
    if not checked:
        _refuse_doctype(head, budget.name)
        parser.feed(head)
    parser.close()


def _walk(element: Element) -> Iterator[Element]:
    """`element` and everything under it in document order, leaving out SKIPPED subtrees."""
    stack = [element]
    while stack:
        node = stack.pop()
        if node.tag in SKIPPED:
            continue
        yield node
        stack.extend(reversed(list(node)))


def _bold(run: Element) -> bool:
    props = run.find(W + "rPr")
    return props is not None and _on(props.find(W + "b"))


def _on(prop: Element | None) -> bool:
    return prop is not None and prop.get(W + "val", "true").casefold() not in ("0", "false", "off", "none")


class _Reader:
    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles
        self.out: list[str] = []
        self.size = 0

    def heading(self, paragraph: Element) -> bool:
        props = paragraph.find(W + "pPr")
        if props is not None:
            style = props.find(W + "pStyle")
            if style is not None:
                style_id = style.get(W + "val", "")
                if self.styles.get(style_id, style_id).casefold() in HEADING_STYLES:
                    return True
            level = props.find(W + "outlineLvl")
            if level is not None and level.get(W + "val", "9") in ("0", "1", "2"):
                return True
        # Bold throughout: every run that carries text is bold.
        runs = [r for r in _walk(paragraph) if r.tag == R and "".join(t.text or "" for t in r.iter(T)).strip()]
        return bool(runs) and all(_bold(r) for r in runs)

    @staticmethod
    def text(paragraph: Element) -> str:
        parts: list[str] = []
        for node in _walk(paragraph):
            if node.tag == T and node.text:
                parts.append(node.text)
            elif node.tag in (W + "tab", W + "ptab"):
                parts.append("\t")
            elif node.tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif node.tag == W + "noBreakHyphen":
                parts.append("-")
        return "".join(parts)

    def add(self, line: str) -> None:
        self.size += len(line) + 1
        if self.size > MAX_TEXT:
            raise PaperRefused("The paper holds far more text than a paper would; it was not read.")
        self.out.append(line)

    def paragraph(self, paragraph: Element) -> None:
        text = self.text(paragraph)
        heading = bool(text.strip()) and self.heading(paragraph)
        for part in text.split("\n"):
            self.add(f"# {part.strip()}" if heading and part.strip() else part)

    def cell_paragraphs(self, cell: Element) -> list[tuple[str, bool]]:
        """The cell's paragraphs, with whether each is a heading; a table nested in the cell flattened,
        each of its rows one paragraph."""
        found: list[tuple[str, bool]] = []
        parents = _parents(cell)
        for child in _walk(cell):
            if child.tag == P and not _inside_table(child, cell, parents):
                text = " ".join(self.text(child).split())
                if text:
                    found.append((text, self.heading(child)))
            elif child.tag == TR and _nested_once(child, cell, parents):
                text = " ".join(" ".join(self.text(p).split()) for p in _walk(child) if p.tag == P).strip()
                if text:
                    found.append((" ".join(text.split()), False))
        return found

    def table(self, table: Element) -> None:
        for row in _rows(table):
            cells: list[list[tuple[str, bool]]] = []
            spans: list[int] = []
            for cell in _row_cells(row):
                props = cell.find(W + "tcPr")
                span = 1
                merged_above = False
                if props is not None:
                    grid = props.find(W + "gridSpan")
                    value = grid.get(W + "val", "1") if grid is not None else "1"
                    span = max(1, min(int(value), 64)) if value.isdigit() else 1
                    merge = props.find(W + "vMerge")
                    merged_above = merge is not None and merge.get(W + "val", "continue") != "restart"
                # A cell merged with the one above holds nothing of its own: its text is not repeated;
                # a cell spanning columns is written once, with empty cells keeping the columns in line.
                cells.append([] if merged_above else self.cell_paragraphs(cell))
                spans.append(span)
                cells.extend([] for _ in range(span - 1))
            self.row(cells, caption=len(spans) == 1 and spans[0] > 1)
        self.add("")

    def row(self, cells: list[list[tuple[str, bool]]], caption: bool) -> None:
        for line in row_lines(cells, caption):
            self.add(line)


def _parents(root: Element) -> dict[int, Element]:
    return {id(child): parent for parent in root.iter() for child in parent}


def _inside_table(node: Element, cell: Element, parents: dict[int, Element]) -> bool:
    """Whether `node` lies in a table nested inside `cell`."""
    while (parent := parents.get(id(node))) is not None and parent is not cell:
        if parent.tag == TBL:
            return True
        node = parent
    return False


def _nested_once(row: Element, cell: Element, parents: dict[int, Element]) -> bool:
    """Whether `row` belongs to a table directly in `cell` (deeper tables are part of its text)."""
    node, tables = row, 0
    while (parent := parents.get(id(node))) is not None and parent is not cell:
        tables += parent.tag == TBL
        node = parent
    return tables == 1


def _rows(table: Element) -> Iterator[Element]:
    """The table's own rows (not those of tables nested in its cells), also inside content controls."""
    for child in table:
        if child.tag == TR:
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from (row for row in content if row.tag == TR)
        elif child.tag == W + "customXml":
            yield from (row for row in child if row.tag == TR)


def _row_cells(row: Element) -> Iterator[Element]:
    for child in row:
        if child.tag == TC:
            yield child
        elif child.tag == W + "sdt":  # a content control wrapping cells
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from (c for c in content if c.tag == TC)


class _StyleNames:
    """An XMLParser target that keeps only style ids and names: nothing else of styles.xml is built."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.style = ""

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == W + "style":
            self.style = attrs.get(W + "styleId", "")
        elif tag == W + "name" and self.style:
            self.names[self.style] = attrs.get(W + "val", "")

    def end(self, tag: str) -> None:
        if tag == W + "style":
            self.style = ""

    def close(self) -> dict[str, str]:
        return self.names


def _styles(archive: zipfile.ZipFile, budget: _Budget) -> dict[str, str]:
    """Style id → style name ("Heading1" → "heading 1"), so headings are known whatever the ids."""
    if "word/styles.xml" not in archive.namelist():
        return {}
    target = _StyleNames()
    parser = XMLParser(target=target)
    head = b""
    for chunk in _chunks(archive, "word/styles.xml", MAX_STYLES, budget.name):
        if not head:
            head = chunk
            _refuse_doctype(head, budget.name)
        parser.feed(chunk)
    parser.close()
    return target.names


def docx_text(name: str, archive: zipfile.ZipFile) -> str:
    """The text of the Word document open as `archive`; PaperRefused past any budget."""
    budget = _Budget(name)
    try:
        reader = _Reader(_styles(archive, budget))

        def block(element: Element) -> None:
            if element.tag == P:
                reader.paragraph(element)
            elif element.tag == TBL:
                reader.table(element)
            elif element.tag == W + "sdt":  # a content control around paragraphs or tables
                for child in element.iter():
                    if child.tag == P:
                        reader.paragraph(child)
            element.clear()

        _parse(archive, "word/document.xml", MAX_UNZIPPED, budget, block)
    except PaperRefused as refused:
        if str(refused).startswith("The paper"):
            raise PaperRefused(str(refused).replace("The paper", name, 1)) from None
        raise
    except (ParseError, zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise PaperRefused(f"{name} is a damaged Word document; it could not be read.") from None
    except Exception:  # noqa: BLE001 - zlib and zipfile raise many kinds for a damaged archive
        raise PaperRefused(f"{name} is a damaged Word document; it could not be read.") from None
    return "\n".join(reader.out)
