"""Text that Tesseract's page layout left out (``ingest/ocr_lost.py``): found as ink no word
covers, read again as a block, and put back where it lies on the page. The real reading is
Tesseract's, on a page drawn with Pillow; the lines it "lost" are taken out of its first
reading, as its layout analysis leaves them out of a poor scan's."""

from __future__ import annotations

import random
from dataclasses import replace
from functools import cache

import pytest
from PIL import Image, ImageDraw
from support import drawn_lines
from vnplan.ingest import IngestOptions
from vnplan.ingest.ocr import (
    OcrPage,
    OcrWord,
    _pieces_to_read_again,
    ocr_images,
    ocr_snippets,
    tesseract_available,
    with_lost_read,
)
from vnplan.ingest.ocr_lost import lost_regions, with_lost_lines

needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="needs Tesseract")
DPI = 200
LINES = [
    "Ủy ban nhân dân tỉnh đã ban hành nhiều văn bản chỉ đạo",
    "Kế hoạch số 1163/KH-UBND ngày 05/8/2025 về kiểm tra công tác",
    "cải cách hành chính trên địa bàn tỉnh năm 2025.",
    "Công văn số 1967/UBND-HCC ngày 28/02/2025 về tiếp nhận hồ sơ",
]


@cache
def drawn_page() -> Image.Image:
    """An A4 page at 200 dpi with four lines of text and specks about it."""
    page = drawn_lines((1654, 2339), LINES, 160, 300, 70)
    draw = ImageDraw.Draw(page)
    rng = random.Random(7)
    for _ in range(400):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        draw.ellipse((x - 1, y - 1, x + 1, y + 1), fill=40)
    return page


@cache
def first_reading() -> OcrPage:
    return ocr_images([drawn_page()], IngestOptions(), DPI)[0]


def without_lines(page: OcrPage, dropped: set[int]) -> OcrPage:
    """``page`` as if its layout had left out its text lines ``dropped`` (0-based)."""
    keys = sorted({w.line for w in page.words})
    lost = {keys[i] for i in dropped}
    return replace(page, words=[w for w in page.words if w.line not in lost], starts=[], lost=[])


@needs_tesseract
def test_a_page_read_whole_has_nothing_left_out():
    page = first_reading()
    assert len({w.line for w in page.words}) == len(LINES)
    assert lost_regions(drawn_page(), page.words) == []  # the specks are no text


@needs_tesseract
def test_lines_left_out_are_read_again_and_put_back_in_place():
    page = without_lines(first_reading(), {1, 2})
    assert "1163" not in " ".join(w.text for w in page.words)
    _pieces_to_read_again(page, drawn_page(), DPI)
    assert len(page.lost) == 1  # the two lines, one block
    answers = ocr_snippets([piece for _, piece in page.lost], IngestOptions(), DPI, layout=6)
    read = with_lost_read(page, answers)
    text = read.text
    assert "1163/KH-UBND" in text and "cải cách hành chính" in text
    assert text.index("chỉ đạo") < text.index("1163") < text.index("năm 2025") < text.index("1967")
    assert read.lost == []


def word(text: str, left: int, top: int, line: tuple[int, int, int], confidence: float = 95.0,
         width: int = 100) -> OcrWord:
    return OcrWord(text, left, top, width, 30, confidence, line)


def words_of(text: str, top: int, line: tuple[int, int, int], confidence: float = 95.0
             ) -> list[OcrWord]:
    return [word(w, 100 + 120 * i, top, line, confidence) for i, w in enumerate(text.split())]


PAGE = words_of("Ủy ban nhân dân tỉnh", 100, (1, 1, 1)) + words_of("ban hành kế hoạch", 300, (2, 1, 1))


def test_a_line_read_back_goes_after_the_line_above_it_as_a_paragraph_of_its_own():
    back = words_of("về kiểm tra công tác", 5, (1, 1, 1))  # the piece's own numbering
    out = with_lost_lines(PAGE, [((0, 195), back)])  # corner (0, 195): the line lies at 200
    texts = [w.text for w in out]
    assert texts == ["Ủy", "ban", "nhân", "dân", "tỉnh", "về", "kiểm", "tra", "công", "tác",
                     "ban", "hành", "kế", "hoạch"]
    lines = [w.line for w in out]
    assert len(set(lines[:5])) == 1 and len(set(lines[5:10])) == 1
    assert lines[0][1] < lines[5][1] < lines[10][1]  # three paragraphs, in order


@pytest.mark.parametrize("back", [
    words_of("về kiểm tra công tác", 5, (1, 1, 1), confidence=35.0),  # unsure: a stamp
    words_of("Tzc xvq Ăĕ rrw", 5, (1, 1, 1)),  # sure, but no syllables: a rule, a signature
])
def test_what_is_not_text_stays_out(back):
    assert with_lost_lines(PAGE, [((0, 195), back)]) == PAGE


def test_a_line_two_pieces_both_hold_is_taken_once():
    one = words_of("về kiểm tra công tác", 5, (1, 1, 1))
    other = [replace(w, left=w.left - 10) for w in one]
    out = with_lost_lines(PAGE, [((0, 195), one), ((10, 195), other)])
    assert [w.text for w in out].count("kiểm") == 1
