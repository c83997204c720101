"""Real files in, Vietnamese text out: PDF (text layer, tables, scans), DOCX, DOC, HTML, images."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from support import EXTRA, GENERATED, PLANS, ROOT, needs_shared
from vnplan.ingest import IngestOptions, read_document
from vnplan.ingest.ocr import ocr_images
from vnplan.ingest.word import NOTES_MARKER, Numbering, format_number

pytestmark = needs_shared

FAST_OCR = IngestOptions(ocr_dpi=200)  # 200 dpi: same CER as 300 dpi on our scans, half the time


@pytest.fixture(scope="module", autouse=True)
def fixtures() -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_fixtures.py")], check=True)


def read(path: Path, options: IngestOptions | None = None):
    return read_document(path.read_bytes(), path.name, options)


# --- PDF ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "pages", "phrase"), [
    ("011_bc-snv-228-chi-so-cchc-2025-pdf.pdf", 10, "Tình hình thực hiện các chỉ số PAR Index"),
    ("052_qd-2319-qd-ttg-ban-chi-dao-quoc-gia-du-lieu-pdf.pdf", 5,
     "Thành lập Ban Chỉ đạo quốc gia về dữ liệu"),
])
def test_signed_pdfs_give_vietnamese_text(name, pages, phrase):
    raw = read(EXTRA / name, FAST_OCR)
    assert raw.paged and len(raw.pages) == pages
    assert phrase in "\n".join(raw.pages)
    # 052's last page is an image with no text (OCR finds nothing): method "none"
    assert {info.method for info in raw.page_info} <= {"text", "none"}
    assert raw.page_info[0].method == "text"


def test_multi_page_table_is_one_table_with_every_row():
    raw = read(GENERATED / "plan002.pdf")
    assert len(raw.tables) == 1
    table = raw.tables[0]
    source_rows = [line for line in (PLANS / "002_85e43a95c6b96bf4.txt")
                   .read_text("utf-8").split("\n") if "\t" in line]
    assert len(table.rows) == len(source_rows) == 89  # rows cut by page breaks are rejoined
    assert table.rows[0][0] == "Stt" and len(table.rows[0]) == 7
    assert table.page == 14
    assert table.rows[-1][0] == "6"
    # a cell cut by a page break: "… đề xuất cấp có thẩm" | "quyền công bố, công khai."
    assert any("cấp có thẩm quyền công bố" in (row[1] or "") for row in table.rows)
    # and the rows are in the page text too, as tab-separated lines
    page = raw.pages[table.page - 1].split("\n")
    assert page[table.first_line].startswith("Stt\tMục tiêu\t")


def test_text_pdf_keeps_pages_and_nfc():
    raw = read(GENERATED / "plan004.pdf")
    assert len(raw.pages) == len(raw.page_info) > 3
    assert "I. MỤC ĐÍCH - YÊU CẦU" in raw.pages[0]


@pytest.mark.slow
def test_scanned_pdf_is_ocred_with_confidence():
    raw = read(GENERATED / "plan004_scan.pdf", FAST_OCR)
    assert [info.method for info in raw.page_info] == ["ocr", "ocr"]
    assert all(info.ocr_confidence and info.ocr_confidence > 80 for info in raw.page_info)
    assert "Cải cách hành chính nhà nước xã Nam Trung năm 2023" in raw.pages[0]


@pytest.mark.slow
def test_mixed_pdf_is_read_page_by_page():
    raw = read(GENERATED / "plan004_mixed.pdf", FAST_OCR)
    assert [info.method for info in raw.page_info] == ["text", "ocr"]
    assert raw.page_info[0].ocr_confidence is None
    assert raw.pages[1].strip()


def test_mixed_pdf_without_ocr_keeps_text_pages_and_warns():
    raw = read(GENERATED / "plan004_mixed.pdf", IngestOptions(ocr=False))
    assert [info.method for info in raw.page_info] == ["text", "none"]
    assert "OCR disabled" in raw.warnings[0]


@pytest.mark.slow
def test_image_is_ocred():
    raw = read(GENERATED / "plan004_page1.png", FAST_OCR)
    assert raw.format == "image"
    assert "Thực hiện Kế hoạch số 124/KH-UBND" in raw.pages[0]
    assert raw.page_info[0].method == "ocr"


@pytest.mark.slow
def test_ocr_takes_pages_from_a_generator_in_order_and_leaves_no_files(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the page files go
    page = Image.open(GENERATED / "plan004_page1.png")
    blank = Image.new("L", (800, 1100), 255)
    pages = ocr_images((image for image in (page, blank)), FAST_OCR, 200, count=2)
    assert "Thực hiện Kế hoạch số 124/KH-UBND" in pages[0].text
    assert pages[0].confidence and pages[0].confidence > 80
    assert (pages[1].text.strip(), pages[1].confidence) == ("", None)
    assert list(tmp_path.iterdir()) == []


# --- DOCX / DOC -------------------------------------------------------------------------------

def test_docx_footnotes_follow_the_body_with_their_citations():
    raw = read(EXTRA / "006_bc-cchc-nam-2025-lam-dong.docx")
    text = raw.pages[0]
    body, notes = text.split("\n" + NOTES_MARKER + "\n")
    assert "[1]" in body  # the reference stays where Word put it
    lines = notes.split("\n")
    assert lines[0].startswith("[Chú thích 1] ")
    assert any("số" in line and "/" in line for line in lines)  # e.g. "Quyết định số 12/QĐ-…"


def test_docx_tables_have_merged_cells_and_rows_in_place():
    raw = read(EXTRA / "001_kh-cchc-2026-tinh-lam-dong.docx")
    assert len(raw.tables) == 3
    big = max(raw.tables, key=lambda t: len(t.rows))
    assert any(cell is None for row in big.rows for cell in row)  # gridSpan / vMerge
    lines = raw.pages[0].split("\n")
    assert lines[big.first_line].count("\t") == len(big.rows[0]) - 1


def test_doc_converts_with_libreoffice():
    raw = read(EXTRA / "049_qd-bcd-lam-dong-thanh-lap-to-giup-viec-cchc.doc")
    assert raw.format == "doc"
    assert raw.conversions == ["DOC → DOCX (LibreOffice)"]
    assert "thành lập Tổ giúp việc về Cải cách hành chính tỉnh Lâm Đồng" in raw.pages[0]


NUMBERING = b"""<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
 <w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="\xef\x82\xb7"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/>
 <w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
</w:numbering>"""


def test_numbering_renders_what_word_draws():
    numbering = Numbering(NUMBERING)
    drawn = [numbering.label("1", level) for level in (0, 1, 1, 2, 2, 3, 1, 2, 0, 1)]
    assert drawn == ["I.", "1.", "2.", "a)", "b)", "•", "3.", "a)", "II.", "1."]
    assert [numbering.label("2", level) for level in (0, 1, 1, 0, 1)] == \
        ["3.", "3.1.", "3.2.", "4.", "4.1."]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 40)] == ["IV", "IX", "XIV", "XL"]
    assert format_number(27, "lowerLetter") == "aa"


# --- HTML -------------------------------------------------------------------------------------

def test_html_blocks_tables_and_spans():
    page = """<html><head><title>x</title><script>var a = 1;</script></head><body>
    <nav>Trang chủ | Tin tức</nav><h1>KẾ HOẠCH</h1><p>Cải cách hành chính<br>năm 2024</p>
    <table><tr><th>Stt</th><th colspan="2">Nội dung</th></tr>
    <tr><td rowspan="2">1</td><td>Rà soát</td><td>Quý I</td></tr>
    <tr><td>Công khai</td><td>Quý II</td></tr></table><p>Nơi nhận:</p></body></html>"""
    raw = read_document(page.encode(), "kh.html")
    assert raw.pages[0].split("\n") == [
        "KẾ HOẠCH", "Cải cách hành chính", "năm 2024",
        "Stt\tNội dung\t", "1\tRà soát\tQuý I", "\tCông khai\tQuý II", "Nơi nhận:"]
    assert raw.tables[0].rows == [["Stt", "Nội dung", None], ["1", "Rà soát", "Quý I"],
                                  [None, "Công khai", "Quý II"]]
    assert raw.tables[0].first_line == 3


def test_html_rendering_of_plan_002_keeps_its_table():
    raw = read(GENERATED / "plan002.html")
    assert [len(t.rows) for t in raw.tables] == [89]
