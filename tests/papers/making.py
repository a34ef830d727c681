"""Word and PDF papers made by the tests from the corpus's `.docx.txt` / `.pdf.txt` sources, the
way an officer's office software makes them: headings ("# "), paragraphs, and tables (a run of
lines with tab-separated cells) drawn as real tables."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"


def _blocks(source: str) -> list[tuple[str, object]]:
    """("heading" | "paragraph", text) or ("table", rows), in order."""
    blocks: list[tuple[str, object]] = []
    for line in source.splitlines():
        if not line.strip():
            continue
        if "\t" in line:
            if blocks and blocks[-1][0] == "table":
                rows = blocks[-1][1]
                assert isinstance(rows, list)
                rows.append(line.split("\t"))
            else:
                blocks.append(("table", [line.split("\t")]))
        elif line.startswith("# "):
            blocks.append(("heading", line[2:]))
        else:
            blocks.append(("paragraph", line))
    return blocks


def docx_from(source: str) -> bytes:
    import docx

    document = docx.Document()
    for kind, content in _blocks(source):
        if kind == "heading":
            document.add_heading(str(content), level=1)
        elif kind == "paragraph":
            document.add_paragraph(str(content))
        else:
            assert isinstance(content, list)
            width = max(len(row) for row in content)
            table = document.add_table(rows=len(content), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(content):
                for c, text in enumerate(row):
                    table.rows[r].cells[c].text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_from(source: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    story: list[object] = []
    for kind, content in _blocks(source):
        if kind == "heading":
            story.append(Paragraph(str(content), styles["Heading2"]))
        elif kind == "paragraph":
            story.append(Paragraph(str(content).replace("&", "&amp;").replace("<", "&lt;"), styles["Normal"]))
        else:
            assert isinstance(content, list)
            width = max(len(row) for row in content)
            rows = [[Paragraph(cell, styles["Normal"]) for cell in row + [""] * (width - len(row))] for row in content]
            table = Table(rows, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story += [Spacer(1, 6), table, Spacer(1, 6)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title="paper").build(story)
    return out.getvalue()


def corpus_bytes(name: str) -> bytes:
    """The paper as the officer would send it: the file itself, or made from its source."""
    if name.endswith(".docx"):
        return docx_from((CORPUS / f"{name}.txt").read_text())
    if name.endswith(".pdf"):
        return pdf_from((CORPUS / f"{name}.txt").read_text())
    return (CORPUS / name).read_bytes()


def wrap(text: str, width: int = 90) -> str:
    return "\n".join(textwrap.fill(line, width) for line in text.splitlines())
