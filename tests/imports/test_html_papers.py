"""Committee web pages saved from a browser, read as papers: the text in reading order, tables as
cells or as the lines their cells hold, headings marked, the page's furniture left out; and hostile
pages refused at once."""

from __future__ import annotations

import time

import pytest

from commands.imports.papers.text import PaperRefused, read_paper

PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Meeting of the Board</title><style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><div class="cookie-banner"><p>We use cookies to make this site work.</p><button>Accept</button></div>
<a class="skip-link" href="#c">Skip to main content</a><div style="display: none">Loading…</div>
<header><p>Brackfield Council</p></header><nav><ul><li>Home</li><li>Meetings</li></ul></nav>
<ol class="breadcrumbs"><li>Home</li><li>Committees</li></ol>
<p>Home &gt; Committees &gt; Meeting</p>
<main id="c"><h1>Agenda and minutes</h1>
<div class="mgSubTitle">Brackfield Health Board</div>
<p>Wednesday, 9th March, 2011 2.00 pm</p>
<p><strong>Venue:</strong> Room 1, Brackfield House &amp; Annexe. <a href="/map">View directions</a></p>
<p><a href="/f.pdf">Agenda frontsheet</a> PDF 112 KB</p>
<p><b>Attendance</b></p>
<table><tr><th>Present</th><th>Apologies</th></tr>
<tr><td>Caf\xe9 Owner Jo Hale<td>Sam Reid
<tr><td colspan="2">Officers in attendance</td></tr>
</table>
<table class="mgItemTable"><tr><td>5.</td><td><p><strong>Winter pressures</strong></p><p>Minutes:</p>
<p>Dr Ama Osei   reported<br>on bed numbers.</p>
<table><tr><td>Beds</td><td>120</td></tr></table></td></tr></table>
<form><input name="q"><p>Search this site</p></form>
</main><footer><p>Print this page</p><p>&copy; Brackfield</p></footer></body></html>"""


def test_a_committee_page_is_read_in_order_with_its_furniture_left_out():
    paper = read_paper("meeting.html", PAGE.encode("cp1252"))
    lines = [(line.text, line.heading) for line in paper.lines if line.text]
    assert lines == [
        ("Agenda and minutes", True),
        ("Brackfield Health Board", False),
        ("Wednesday, 9th March, 2011 2.00 pm", False),
        ("Venue: Room 1, Brackfield House & Annexe.", False),
        ("Agenda frontsheet", False),
        ("Attendance", True),
        ("Present\tApologies", False),
        ("Café Owner Jo Hale\tSam Reid", False),
        ("Officers in attendance", False),
        ("5.", False),
        ("Winter pressures", True),
        ("Minutes:", False),
        ("Dr Ama Osei reported", False),
        ("on bed numbers.", False),
        ("Beds\t120", False),
    ]


def test_htm_pages_are_read_and_their_charset_followed():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9 \xa3120</p></body></html>'
    assert [line.text for line in read_paper("p.htm", page.encode("latin-1")).lines if line.text] == ["Café £120"]
    utf8 = "<p>Café – £120</p>".encode()
    assert [line.text for line in read_paper("p.html", utf8).lines if line.text] == ["Café – £120"]


@pytest.mark.parametrize(
    "page, refusal",
    [
        ("<div>" * 1_000_000, "more nesting than a web page"),
        ("<p>a</p>" * 600_000, "more paragraphs than a web page"),
        ("<br>" * 1_100_000, "more elements than a web page"),
    ],
)
def test_hostile_pages_are_refused_fast(page, refusal):
    started = time.monotonic()
    with pytest.raises(PaperRefused, match=refusal):
        read_paper("hostile.html", page.encode())
    assert time.monotonic() - started < 10  # generous: "not stuck", speed belongs in bench/


def test_a_huge_attribute_or_a_page_of_nothing_is_bounded():
    huge = f'<p title="{"x" * 4_000_000}">Minutes</p>'
    started = time.monotonic()
    assert [line.text for line in read_paper("a.html", huge.encode()).lines if line.text] == ["Minutes"]
    assert time.monotonic() - started < 10
    with pytest.raises(PaperRefused, match="no text I can read"):
        read_paper("empty.html", b"<html><script>only code</script></html>")
    with pytest.raises(PaperRefused, match="not a web page"):
        read_paper("bin.html", b"\x00\x01\x02" * 100)
    with pytest.raises(PaperRefused, match="papers up to"):
        read_paper("big.html", b"<p>a</p>" * 800_000)


def test_forum_import_reads_a_saved_committee_page(tmp_path):
    from tests.cli.test_cli import forum

    boards = tmp_path / "boards.yaml"
    boards.write_text("boards: [{name: Brackfield Health Board, slug: health, kind: theme_board}]")
    assert forum(tmp_path, "import", str(boards)).returncode == 0
    page = tmp_path / "meeting.htm"
    page.write_bytes(PAGE.encode("cp1252"))
    dry = forum(tmp_path, "import", str(page), "--dry-run", "--board", "health")
    assert dry.returncode == 0, dry.stderr
    assert "Traceback" not in dry.stderr
    assert dry.stdout.startswith("Dry run: nothing was written. meeting.htm — Brackfield Health Board")
    assert "9 March 2011" in dry.stdout and "PDF 112 KB" not in dry.stdout and "cookies" not in dry.stdout
