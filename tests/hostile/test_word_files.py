"""Word files built to hurt (issue 13, attack 2), read as the bot reads a paper, in a child process whose
peak memory and time the kernel reports: a .docx whose document unpacks to 600 MB of spaces while its
zip headers claim 1,000 bytes, and an honest small .docx holding 1.6 million empty paragraphs. Both are
refused with a clear reason, within a memory budget, in bounded time."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from commands.imports.papers.text import PaperRefused, read_paper
from tests.papers.making import docx_from
from tests.support.measured import python_measured

MB = 1024 * 1024
BUDGET_MB = 100  # peak memory over a child that only imports the reader (the reader before: +1,138 MB and +147 MB)
SECONDS = 20  # generous: how fast belongs in bench/, this only says "not stuck"

DOCUMENT = "word/document.xml"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _with_document(write_document) -> bytes:
    """A real .docx (python-docx's parts) whose word/document.xml is written by `write_document(stream)`."""
    honest = zipfile.ZipFile(io.BytesIO(docx_from("A paper\n")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in honest.infolist():
            if info.filename == DOCUMENT:
                entry = zipfile.ZipInfo(DOCUMENT)
                entry.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(entry, "w") as stream:
                    write_document(stream)
            else:
                archive.writestr(info, honest.read(info.filename))
    return out.getvalue()


def _lie_about_size(data: bytes, member: str, claimed: int) -> bytes:
    """The zip with `member`'s uncompressed size rewritten to `claimed` in both its headers."""
    patched = bytearray(data)
    name = member.encode()
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:  # local headers: size at +22
        length = struct.unpack_from("<H", data, at + 26)[0]
        if data[at + 30 : at + 30 + length] == name:
            struct.pack_into("<I", patched, at + 22, claimed)
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:  # central directory: size at +24
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name:
            struct.pack_into("<I", patched, at + 24, claimed)
        at += 4
    return bytes(patched)


@pytest.fixture(scope="module")
def lying_docx() -> bytes:
    def spaces(stream) -> None:
        block = b" " * MB
        for _ in range(600):
            stream.write(block)

    data = _lie_about_size(_with_document(spaces), DOCUMENT, 1000)
    claimed = zipfile.ZipFile(io.BytesIO(data)).getinfo(DOCUMENT)
    assert claimed.file_size == 1000 and len(data) < 1.5 * MB  # the attack as it was made
    return data


@pytest.fixture(scope="module")
def million_paragraphs() -> bytes:
    def paragraphs(stream) -> None:
        stream.write(f"<?xml version='1.0'?><w:document {W}><w:body>".encode())
        block = b"<w:p/>" * 100_000
        for _ in range(16):
            stream.write(block)
        stream.write(b"</w:body></w:document>")

    data = _with_document(paragraphs)
    assert len(data) < 400 * 1024  # small and honest: the headers tell the truth
    return data


def _read_in_child(tmp_path: Path, data: bytes):
    paper = tmp_path / "paper.docx"
    paper.write_bytes(data)
    code = (
        "from pathlib import Path\n"
        "from commands.imports.papers.text import PaperRefused, read_paper\n"
        f"data = Path({str(paper)!r}).read_bytes()\n"
        "try:\n"
        "    read_paper('paper.docx', data)\n"
        "    print('READ')\n"
        "except PaperRefused as refused:\n"
        "    print('REFUSED', refused)\n"
    )
    baseline = python_measured(tmp_path, "import commands.imports.papers.text, commands.imports.papers.formats_word")
    run = python_measured(tmp_path, code, timeout=120)
    print(
        f"\n{run.stdout.strip()} — {run.seconds:.2f} s, peak {run.peak_mb:.0f} MB (baseline {baseline.peak_mb:.0f} MB)"
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return run, baseline


def test_a_word_file_lying_about_its_size_is_refused_within_budget(tmp_path, lying_docx):
    run, baseline = _read_in_child(tmp_path, lying_docx)
    assert run.stdout.startswith("REFUSED paper.docx")
    assert "damaged" in run.stdout or "far more than a paper" in run.stdout
    assert run.peak_mb - baseline.peak_mb < BUDGET_MB
    assert run.seconds < SECONDS


def test_the_same_lie_with_the_true_size_is_stopped_by_counting_not_by_the_headers(tmp_path):
    """Headers that tell the truth about 600 MB (so the zip library would unpack it all): the count of
    bytes actually unpacked stops it at the budget."""

    def spaces(stream) -> None:
        block = b" " * MB
        for _ in range(600):
            stream.write(block)

    run, baseline = _read_in_child(tmp_path, _with_document(spaces))
    assert run.stdout.startswith("REFUSED paper.docx unpacks to far more than a paper would")
    assert run.peak_mb - baseline.peak_mb < BUDGET_MB
    assert run.seconds < SECONDS


def test_a_word_file_of_a_million_empty_paragraphs_is_refused_within_budget(tmp_path, million_paragraphs):
    run, baseline = _read_in_child(tmp_path, million_paragraphs)
    assert run.stdout.startswith("REFUSED paper.docx holds more paragraphs and table cells than a paper would")
    assert run.peak_mb - baseline.peak_mb < BUDGET_MB
    assert run.seconds < SECONDS


def _document(body: str, prolog: str = "") -> bytes:
    def write(stream) -> None:
        stream.write(f"<?xml version='1.0'?>{prolog}<w:document {W}><w:body>{body}</w:body></w:document>".encode())

    return _with_document(write)


def test_a_doctype_is_refused_before_any_entity_is_expanded():
    laughs = (
        '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    with pytest.raises(PaperRefused, match="DOCTYPE"):
        read_paper("laughs.docx", _document("<w:p><w:r><w:t>&c;</w:t></w:r></w:p>", laughs))


def test_nesting_past_the_budget_and_a_huge_attribute_are_refused():
    deep = "<w:tbl><w:tr><w:tc>" * 100 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 100
    with pytest.raises(PaperRefused, match="more nesting than a paper would"):
        read_paper("deep.docx", _document(deep))
    # An attribute of 4 MB is only text: the document is read, bounded by the unpacked budget.
    wide = f'<w:p w:rsidR="{"9" * (4 * MB)}"><w:r><w:t>Minutes</w:t></w:r></w:p>'
    assert [line.text for line in read_paper("wide.docx", _document(wide)).lines if line.text] == ["Minutes"]


def test_damaged_word_files_are_refused_clearly():
    with pytest.raises(PaperRefused, match="damaged Word document"):
        read_paper("cut.docx", _document("<w:p><w:r><w:t>unclosed"))
    with pytest.raises(PaperRefused, match="not a Word"):
        read_paper("zip.docx", _zip_of({"other.xml": b"<a/>"}))
    with pytest.raises(PaperRefused, match="not a Word"):
        read_paper("junk.docx", b"PK\x03\x04 this is not really a zip" * 10)


def _zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()
