"""Papers as Word and PDF files, read through their libraries; the cleaning of converted text; dates
as papers write them; and `forum import PAPER` run as an officer runs it."""

from __future__ import annotations

import io
import zipfile
from datetime import date, time

import pytest
from sqlalchemy import func, select

from commands.imports.papers.dates import find_dates, find_times
from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import PaperRefused, clean_line, read_paper
from storage.db import make_engine
from storage.tables import Meeting
from tests.cli.test_cli import forum
from tests.papers.making import CORPUS as CORPUS_DIR
from tests.papers.making import corpus_bytes
from tests.support.paper_samples import SAFER_MINUTES


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    for text in (
        "LUTON FORUM",
        "28 January 2010",
        "2:00 pm",
        "Hat Factory",
        "Bute Street",
        "Luton",
        "AGENDA",
        "1. Introductions and Apologies",
        "2. Luton Borough Council – Budget (Presentation)",
        "Dave Kempson, Head of Corporate Finance to present. For information and discussion.",
    ):
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ("Indicator", "Baseline", "2009/10", "2010/11", "Partners"), strict=False
    ):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells,
        ("NI 151 Overall employment rate", "68.2%", "69", "70", "Jobcentre Plus*, Luton Borough Council"),
        strict=False,
    ):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF with these lines of text, written by hand (no PDF library needed to make one)."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    stream = "BT /F1 11 Tf 14 TL 50 780 Td " + " ".join(f"({line}) Tj T*" for line in escaped) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_a_word_agenda_with_a_table_is_read_like_its_text():
    findings = read_findings(read_paper("agenda.docx", docx_bytes()))
    meeting = findings.meetings[0]
    assert (meeting.day, meeting.starts, meeting.venue, meeting.address) == (
        date(2010, 1, 28),
        time(14),
        "Hat Factory",
        "Bute Street, Luton",
    )
    budget = meeting.items[1]
    assert (budget.title, budget.presenter, budget.purpose, budget.paper) == (
        "Luton Borough Council – Budget",
        "Dave Kempson",
        "discussion",
        "presentation",
    )
    indicator = findings.indicators[0]
    assert (indicator.code, indicator.baseline, indicator.targets, indicator.lead, indicator.direction) == (
        "NI 151",
        68.2,
        {"2009/10": 69.0, "2010/11": 70.0},
        "Jobcentre Plus",
        "higher",
    )


def test_pdf_minutes_are_read_through_their_text():
    lines = SAFER_MINUTES.replace("–", "-").splitlines()
    findings = read_findings(read_paper("minutes.pdf", pdf_bytes(lines)))
    meeting = findings.meetings[0]
    assert (meeting.day, meeting.starts, meeting.ends) == (date(2011, 3, 14), time(10), time(11, 45))
    assert [m.title for m in meeting.minutes] == [
        "MINUTES OF THE LAST MEETING",
        "DOMESTIC ABUSE STRATEGY",
        "ANY OTHER BUSINESS",
    ]
    assert {a.owner for a in findings.actions} == {"the Chair", "Bren McGowan"}


def test_unreadable_word_and_pdf_files_are_refused():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (70 * 1024 * 1024))
    with pytest.raises(PaperRefused, match="unpacks to far more"):
        read_paper("bomb.docx", bomb.getvalue())
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 842)
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(PaperRefused, match="password-protected"):
        read_paper("locked.pdf", locked.getvalue())
    with pytest.raises(PaperRefused, match="no text I can read"):
        blank = PdfWriter()
        blank.add_blank_page(612, 842)
        out = io.BytesIO()
        blank.write(out)
        read_paper("scan.pdf", out.getvalue())


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("**Thursday 3<sup>rd</sup> December 2009  ", "Thursday 3rd December 2009"),
        ("<b>LUTON FORUM</b>\t<b>AGENDA ITEM 3</b>", "LUTON FORUM\tAGENDA ITEM 3"),
        ("#### **41 LOCAL AREA AGREEMENT (REF: 9)**", "41 LOCAL AREA AGREEMENT (REF: 9)"),
        (
            "*(Report attached) Bren McGowan, LSP Manager to present.*",
            "(Report attached) Bren McGowan, LSP Manager to present.",
        ),
        ("NI 15*\tBedfordshire Police*", "NI 15*\tBedfordshire Police*"),
        ("Page 3 of 12", ""),
        ("THIS PAGE IS INTENTIONALLY BLANK", ""),
        ("---", ""),
        ("online at <https://secure.luton.gov.uk/surveys/>", "online at https://secure.luton.gov.uk/surveys/"),
        ("by email to [x@y.org](mailto:x@y.org).", "by email to x@y.org."),
    ],
)
def test_conversion_debris_is_cleaned_and_table_cells_kept(raw, clean):
    assert clean_line(raw) == clean


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        ("Thursday 17th February 2011", None, date(2011, 2, 17)),
        ("by 4th March", date(2011, 2, 17), date(2011, 3, 4)),
        ("complete and return this form by 21 January", date(2009, 12, 3), date(2010, 1, 21)),  # forward: next year
        ("the consultation closed on 15 April", date(2011, 6, 16), date(2011, 4, 15)),
        ("until the end of February 2010", None, date(2010, 2, 28)),
        ("until the end of February", date(2012, 1, 5), date(2012, 2, 29)),
        ("on Tuesday 30 March", date(2010, 1, 28), date(2010, 3, 30)),  # the year in which 30 March is a Tuesday
        ("returned by 04/03/2011", None, date(2011, 3, 4)),  # UK order
        ("30 February 2011", None, None),
        ("on 25 February", None, None),  # no year, and the paper gives none
    ],
)
def test_dates_as_papers_write_them(text, reference, expected):
    found = find_dates(text, reference)
    assert found and found[0].day == expected
    if expected is None:
        assert found[0].problem


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2:00 pm", time(14)),
        ("2.00 pm at Hat Factory", time(14)),
        ("ended at 4.05 pm)", time(16, 5)),
        ("10.30am", time(10, 30)),
        ("starts at 14:00", time(14)),
        ("12 noon", time(12)),
    ],
)
def test_times_as_papers_write_them(text, expected):
    assert find_times(text)[0].at == expected


def test_forum_import_paper_dry_run_then_import(tmp_path):
    boards = tmp_path / "boards.yaml"
    boards.write_text("boards: [{name: Stronger and Safer Communities Board, slug: safer, kind: theme_board}]")
    assert forum(tmp_path, "import", str(boards)).returncode == 0
    paper = tmp_path / "safer-minutes.txt"
    paper.write_text(SAFER_MINUTES, encoding="utf-8")
    dry = forum(tmp_path, "import", str(paper), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith(
        "Dry run: nothing was written. safer-minutes.txt — Stronger and Safer Communities Board"
    )
    engine = make_engine(f"sqlite:///{tmp_path / 'forum.db'}")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Meeting)).scalar_one() == 0
    done = forum(tmp_path, "import", str(paper))
    assert done.returncode == 0 and "Created or updated:" in done.stdout and "1 meeting" in done.stdout
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Meeting)).scalar_one() == 1
    elsewhere = tmp_path / "other.txt"
    elsewhere.write_text(SAFER_MINUTES.replace("STRONGER AND SAFER COMMUNITIES BOARD", "HOUSING PARTNERSHIP"))
    refused = forum(tmp_path, "import", str(elsewhere))
    assert refused.returncode == 1 and "could not tell which board" in refused.stderr
    assert "Traceback" not in refused.stderr


def _word(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_headings_merged_and_nested_cells_and_layout_tables():
    def build(document) -> None:
        document.add_heading("Oakdale Community Safety Partnership", level=0)  # the Title style
        document.add_heading("Minutes", level=2)
        document.add_paragraph().add_run("Attendance").bold = True
        document.add_paragraph("Held at the Civic Centre.")
        table = document.add_table(rows=3, cols=3)
        merged = table.cell(0, 0).merge(table.cell(0, 2))
        merged.text = "Actions agreed"  # one cell across the table: a caption
        for cell, text in zip(table.rows[1].cells, ("Action", "Owner", "Due"), strict=True):
            cell.text = text
        table.cell(2, 0).text = "Publish the register"
        table.cell(2, 1).text = "Ann Lee"
        table.cell(2, 2).text = "31 July 2011"
        inner = table.cell(2, 1).add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "Housing"
        inner.cell(0, 1).text = "Team"
        tall = document.add_table(rows=2, cols=2)
        tall.cell(0, 0).text = "Present"
        tall.cell(0, 1).text = "Organisation"
        down = tall.cell(0, 0).merge(tall.cell(1, 0))  # merged downwards: said once
        assert down is not None
        tall.cell(1, 1).text = "Oakdale Council"
        minutes = document.add_table(rows=1, cols=2)
        minutes.cell(0, 0).text = "12."
        body = minutes.cell(0, 1)
        body.paragraphs[0].add_run("Declarations of interest").bold = True
        body.add_paragraph("There were none.")

    lines = [(line.text, line.heading) for line in read_paper("m.docx", _word(build)).lines if line.text]
    assert lines == [
        ("Oakdale Community Safety Partnership", True),
        ("Minutes", True),
        ("Attendance", True),
        ("Held at the Civic Centre.", False),
        ("Actions agreed", False),
        ("Action\tOwner\tDue", False),
        ("Publish the register\tAnn Lee; Housing Team\t31 July 2011", False),
        ("Present\tOrganisation", False),
        ("\tOakdale Council", False),
        ("12.", False),
        ("Declarations of interest", True),
        ("There were none.", False),
    ]


def test_pdf_tables_headings_and_wrapped_paragraphs_without_running_headers_or_page_numbers():
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()

    def furniture(canvas, document) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 30, "Marsh Vale Partnership Board – 7 April 2011")
        canvas.drawString(A4[0] / 2, 25, str(document.page))

    long = "Priya Shah reported " + "on the progress of the youth offer across the three localities " * 3 + "."
    table = Table([["Action", "Owner", "Due"], ["Publish the plan", "Priya Shah", "30 May 2011"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
    story = [
        Paragraph("MARSH VALE PARTNERSHIP BOARD", styles["Heading2"]),
        Paragraph("1. Youth offer", styles["Normal"]),
        Paragraph(long, styles["Normal"]),
        table,
        PageBreak(),
        Paragraph("2. Any other business", styles["Normal"]),
        Paragraph("None.", styles["Normal"]),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story, onFirstPage=furniture, onLaterPages=furniture)
    lines = [(line.text, line.heading) for line in read_paper("p.pdf", out.getvalue()).lines if line.text]
    assert lines == [
        ("MARSH VALE PARTNERSHIP BOARD", True),
        ("1. Youth offer", False),
        (" ".join(long.split()), False),
        ("Action\tOwner\tDue", False),
        ("Publish the plan\tPriya Shah\t30 May 2011", False),
        ("2. Any other business", False),
        ("None.", False),
    ]


def test_pdfs_past_their_budgets_are_refused_clearly():
    from pypdf import PdfWriter
    from reportlab.pdfgen import canvas

    writer = PdfWriter()
    for _ in range(401):
        writer.add_blank_page(612, 842)
    pages = io.BytesIO()
    writer.write(pages)
    with pytest.raises(PaperRefused, match="401 pages; papers up to 400 pages"):
        read_paper("long.pdf", pages.getvalue())
    dense = io.BytesIO()
    sheet = canvas.Canvas(dense)
    sheet.setFont("Helvetica", 1)
    for row in range(450):
        sheet.drawString(5, 5 + row * 1.8, "x" * 100)
    sheet.save()
    with pytest.raises(PaperRefused, match="dense.pdf: page 1 holds far more text than a paper's page would"):
        read_paper("dense.pdf", dense.getvalue())


@pytest.mark.parametrize(
    "name",
    sorted(p.name.removesuffix(".txt") for p in CORPUS_DIR.glob("*.txt") if p.name.endswith((".docx.txt", ".pdf.txt"))),
)
def test_corpus_word_and_pdf_files_read_as_their_text_sources(name):
    """The Word or PDF file made from a corpus source gives the reader the same lines as the source:
    headings, paragraphs and table rows, in order."""

    def lines(paper):
        return [(line.text, line.heading) for line in paper.lines if line.text]

    source = read_paper(f"{name}.txt", (CORPUS_DIR / f"{name}.txt").read_bytes())
    assert lines(read_paper(name, corpus_bytes(name))) == lines(source)


def test_a_pdf_table_over_two_pages_gives_its_header_row_once():
    from tests.papers.making import pdf_from

    rows = "\n".join(f"NI {100 + n} Indicator {n}\t{n}%\t{n + 1}" for n in range(70))
    paper = read_paper("t.pdf", pdf_from(f"Code and title\tBaseline\t2010/11\n{rows}\n"))
    texts = [line.text for line in paper.lines if line.text]
    assert texts.count("Code and title\tBaseline\t2010/11") == 1
    assert texts[1:] == [f"NI {100 + n} Indicator {n}\t{n}%\t{n + 1}" for n in range(70)]
