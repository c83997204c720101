"""Foot notes (ingest/pdf_notes.py): on a text-layer PDF, the small type at a page's foot that
begins with a raised number is taken out of the page's flow and follows the body as
"[Chú thích 7] …", as a DOCX's notes do; the raised number in the body becomes "[7]". On a
scanned page, the last lines in smaller type that begin with a number are taken the same way."""

from __future__ import annotations

import shutil

import pypdfium2 as pdfium
import pytest
from support import EXTRA, needs_shared, pdf_pages, pdf_text, ruled_grid
from vnplan.ingest import IngestOptions, read_document
from vnplan.ingest.ocr import OcrWord
from vnplan.ingest.pdf_notes import split_ocr_notes
from vnplan.ingest.raw import NOTES_MARKER

# Page 1: body in 14 pt, a note marker raised after "2025", a sentence cut at the page's end
# ("5756/KH-"), the note in 10 pt at the foot under its raised number, the page number.
PAGE_1 = (pdf_text(72, 760, "Ban hanh danh muc van ban nam 2025", 14)
          + pdf_text(318, 766, "7", 7)
          + pdf_text(72, 740, "04 co quan chuyen mon da trien khai.", 14)
          + pdf_text(72, 720, "Uy ban nhan dan tinh ban hanh Ke hoach so 5756/KH-", 14)
          + pdf_text(72, 110, "7", 7)
          + pdf_text(78, 104, "Cong van so 150/STP-QLTDPL ngay 25/7/2025 trien khai", 10)
          + pdf_text(72, 92, "danh muc van ban nam 2025.", 10)
          + pdf_text(290, 60, "1", 12))
PAGE_2 = (pdf_text(72, 760, "UBND ngay 29/5/2025 ve chuyen doi so.", 14)
          + pdf_text(72, 740, "Noi dung tiep theo cua bao cao.", 14)
          + pdf_text(290, 60, "2", 12))


def read(data: bytes) -> str:
    return "\n".join(read_document(data, "notes.pdf", IngestOptions(ocr=False)).pages)


def test_a_foot_note_leaves_the_flow_and_follows_the_body():
    text = read(pdf_pages(PAGE_1, PAGE_2))
    body, notes = text.split(NOTES_MARKER)
    assert "Cong van so 150" not in body
    assert "nam 2025[7]" in body  # the raised marker glued to the word
    assert "04 co quan chuyen mon" in body  # a number at a line's start in body type stays
    lines = [line for line in body.split("\n") if line.strip()]
    cut = next(i for i, line in enumerate(lines) if line.endswith("5756/KH-"))
    assert lines[cut + 1:cut + 3] == ["1", "UBND ngay 29/5/2025 ve chuyen doi so."]
    assert notes.strip() == ("[Chú thích 7] Cong van so 150/STP-QLTDPL ngay 25/7/2025 trien "
                             "khai danh muc van ban nam 2025.")


def test_small_type_without_a_raised_number_stays_where_it_is():
    page = (pdf_text(72, 760, "Noi dung cua ke hoach.", 14)
            + pdf_text(72, 200, "Noi nhan:", 10) + pdf_text(72, 188, "- Nhu tren;", 10)
            + pdf_text(72, 176, "- Luu: VT.", 10))
    text = read(pdf_pages(page))
    assert NOTES_MARKER not in text
    assert text.split("\n")[-3:] == ["Noi nhan:", "- Nhu tren;", "- Luu: VT."]


def test_a_page_in_one_type_size_is_read_as_before():
    page = pdf_text(72, 760, "7 Cong van so 150", 14) + pdf_text(72, 740, "Noi dung.", 14)
    assert read(pdf_pages(page)) == "7 Cong van so 150\nNoi dung."


def test_a_note_carried_over_to_the_next_page_joins_its_note():
    page_2 = (pdf_text(72, 760, "UBND ngay 29/5/2025 ve chuyen doi so", 14)
              + pdf_text(380, 766, "8", 7)
              + pdf_text(72, 110, "va van ban huong dan.", 10)
              + pdf_text(72, 98, "8", 7)
              + pdf_text(78, 92, "Khao sat 50 ho gia dinh.", 10))
    notes = read(pdf_pages(PAGE_1, page_2)).split(NOTES_MARKER)[1].strip().split("\n")
    assert notes == [
        "[Chú thích 7] Cong van so 150/STP-QLTDPL ngay 25/7/2025 trien khai danh muc van ban "
        "nam 2025. va van ban huong dan.",
        "[Chú thích 8] Khao sat 50 ho gia dinh."]


# --- scanned pages --------------------------------------------------------------------------

def _word(text: str, line: int, top: int, height: int, left: int = 100) -> OcrWord:
    return OcrWord(text, left, top, 20 * len(text), height, 90.0, (1, 1, line))


def _scanned(body: list[str], foot: list[str], foot_height: int = 20) -> list[OcrWord]:
    words = [_word(w, i, 100 + 40 * i, 28, 100 + 60 * j)
             for i, line in enumerate(body) for j, w in enumerate(line.split())]
    return words + [_word(w, 100 + i, 1500 + 25 * i, foot_height, 100 + 60 * j)
                    for i, line in enumerate(foot) for j, w in enumerate(line.split())]


BODY = ["Ban hanh danh muc van ban nam 2025", "Uy ban nhan dan tinh ban hanh",
        "Ke hoach so 5756/KH-"]


def test_a_scanned_page_foot_in_smaller_type_is_its_notes():
    words, notes = split_ocr_notes(_scanned(BODY, ["7 Cong van so 150/STP-QLTDPL ngay",
                                                   "25/7/2025 trien khai.", "8 Khao sat 50 ho."]))
    assert {w.line[2] for w in words} == {0, 1, 2}
    assert notes == [("7", "Cong van so 150/STP-QLTDPL ngay 25/7/2025 trien khai."),
                     ("8", "Khao sat 50 ho.")]


def test_a_scanned_note_carried_over_begins_with_no_number():
    _, notes = split_ocr_notes(_scanned(BODY, ["va van ban huong dan.", "8 Khao sat 50 ho."]))
    assert notes == [("", "va van ban huong dan."), ("8", "Khao sat 50 ho.")]


@pytest.mark.parametrize("foot, height", [
    (["7 Cong van so 150 ngay 25/7/2025"], 28),  # body type at the foot: body
    (["Noi nhan:", "- Nhu tren;"], 20),  # small, but no number: a recipients' list
])
def test_a_scanned_foot_that_is_no_note_stays(foot, height):
    words = _scanned(BODY, foot, height)
    assert split_ocr_notes(words) == (words, [])


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract")
def test_a_scanned_report_reads_its_notes_after_the_body(tmp_path):
    doc = pdfium.PdfDocument(pdf_pages(PAGE_1, PAGE_2))
    frames = [doc[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(2)]
    frames[0].save(tmp_path / "scan.tif", save_all=True, append_images=frames[1:], dpi=(200, 200))
    text = "\n".join(read_document((tmp_path / "scan.tif").read_bytes(), "scan.tif",
                                   IngestOptions()).pages)
    body, notes = text.split(NOTES_MARKER)
    assert "Cong van so 150" not in body and "UBND ngay 29/5/2025" in body
    assert notes.strip().startswith("[Chú thích 7] Cong van so 150/STP-QLTDPL")


RULED = ruled_grid(500) + pdf_text(80, 530, "Chi tieu") + pdf_text(230, 530, "Ket qua") + \
    pdf_text(80, 505, "Ty le") + pdf_text(230, 505, "95%")


def test_a_table_page_gives_up_its_notes_too():
    raw = read_document(pdf_pages(PAGE_1 + RULED, PAGE_2), "notes.pdf", IngestOptions(ocr=False))
    body, notes = "\n".join(raw.pages).split(NOTES_MARKER)
    assert raw.tables[0].rows == [["Chi tieu", "Ket qua"], ["Ty le", "95%"]]
    assert "Cong van so 150" not in body
    assert notes.strip().startswith("[Chú thích 7] Cong van so 150/STP-QLTDPL")
    first = raw.tables[0].first_line  # still where the table's rows are, notes taken out
    assert raw.pages[0].split("\n")[first:first + 2] == ["Chi tieu\tKet qua", "Ty le\t95%"]


@needs_shared
def test_a_signed_report_with_a_table_on_its_first_page_moves_all_its_notes():
    path = EXTRA / "011_bc-snv-228-chi-so-cchc-2025-pdf.pdf"
    text = "\n".join(read_document(path.read_bytes(), path.name, IngestOptions(ocr=False)).pages)
    body, notes = text.split(NOTES_MARKER)
    assert "(1) phường Xuân Hương" not in body and "Khảo sát 50 hộ gia đình" not in body
    lines = notes.strip().split("\n")
    assert [line.split("]")[0] for line in lines] == ["[Chú thích 1", "[Chú thích 2", "[Chú thích 3"]
    assert "(22) đặc khu Phú Quý." in lines[0]  # carried over to page 2, joined to its note
    assert "Số: 228/BC-SNV" in body  # the form's value still filled in
