"""Specks cleaned off a scanned page (ingest/despeckle.py): a page of Vietnamese text drawn with
Pillow, full of marks that look like specks (dots below, colons, full stops, "o" and "8"),
then peppered with dark dots. Every letter's ink survives; the dots that stand apart go; a
clean page is not touched; and the speckled scan fixture reads better for it."""

from __future__ import annotations

import random
from functools import cache

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from support import GENERATED, drawn_lines
from vnplan.ingest.despeckle import despeckle, despeckled

DPI = 200
LINES = [
    "Đảm bảo 100% văn bản quy phạm pháp luật được ban hành đúng trình tự.",
    "Áp dụng TCVN ISO 9001:2015 tại Ủy ban nhân dân xã; thực hiện: ổn định…",
    "1.1. Mục tiêu: o 8 0 ở ạ ọ ị ụ ẹ ệ ộ ợ ự ỵ, i j; a. b, c: d…",
    "Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ - 8 giờ 0 phút",
]


@cache
def clean_page() -> np.ndarray:
    return np.asarray(drawn_lines((1600, 600), LINES, 60, 80, 110)).copy()


def speckled(page: np.ndarray, count: int, seed: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """``page`` with ``count`` dark dots (radius 1–3 px) at random places; where they are."""
    rng = random.Random(seed)
    image = Image.fromarray(page)
    draw = ImageDraw.Draw(image)
    dots = []
    for _ in range(count):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        r = rng.choice((1, 2, 3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randrange(0, 90))
        dots.append((x, y))
    return np.asarray(image).copy(), dots


def test_a_clean_page_is_left_as_it_is():
    page = clean_page()
    cleaned, removed = despeckle(page, DPI)
    assert removed == 0
    assert cleaned is page


def test_every_letter_keeps_its_ink_and_lone_specks_go():
    page = clean_page()
    dirty, dots = speckled(page, 400, seed=7)
    cleaned, removed = despeckle(dirty, DPI)
    text = page < 128
    # no pixel of the text is lost: dots below, colons, full stops, "o", "8", "0" all stay
    assert (cleaned[text] < 128).all()
    # the dots well away from any letter (more than a letter's height) are gone
    far = _far_from(text, dots, reach=40)
    assert len(far) > 100
    left = [(x, y) for x, y in far if cleaned[y, x] < 128]
    assert len(left) <= 0.02 * len(far), left[:10]
    assert removed >= 0.9 * len(far)


def test_despeckled_gives_back_the_image_itself_when_nothing_is_removed():
    image = Image.fromarray(clean_page())
    assert despeckled(image, DPI) is image


@pytest.mark.parametrize("stem", ["plan000", "plan003"])
def test_the_poor_scan_fixture_loses_its_specks_and_the_scan_keeps_everything(stem):
    poor = _render(GENERATED / f"{stem}_poorscan.pdf")
    _, removed = despeckle(poor, DPI)
    assert removed > 200  # 1,500 specks a page, many of them faint or by a letter
    scan = _render(GENERATED / f"{stem}_scan200.pdf")
    assert despeckle(scan, DPI)[1] == 0


def _render(path) -> np.ndarray:
    if not path.exists():
        pytest.skip(f"{path.name} not built (make fixtures)")
    doc = pdfium.PdfDocument(path)
    try:
        return np.asarray(doc[0].render(scale=DPI / 72).to_pil().convert("L")).copy()
    finally:
        doc.close()


def _far_from(text: np.ndarray, dots: list[tuple[int, int]], reach: int) -> list[tuple[int, int]]:
    ys, xs = np.nonzero(text)
    far = []
    for x, y in dots:
        if np.min(np.maximum(np.abs(xs - x), np.abs(ys - y))) > reach:
            far.append((x, y))
    return far


def test_a_line_tesseract_made_of_specks_is_dropped():
    """A "2" ten pixels high read between two lines of text (letters thirty-five high) is no
    text; a mark alone (a table's "-") and a page too short to judge stay."""
    from vnplan.ingest.ocr import OcrWord, without_specks

    def word(text: str, line: int, height: int = 35) -> OcrWord:
        return OcrWord(text, 100, 100 * line, 20 * len(text), height, 96.0, (line, 1, 1))

    text = [word(w, n) for n in range(4) for w in ("các", "cơ", "quan", "hành", "chính", "nhà")]
    page = [*text[:12], word("2", 9, 10), word("°", 9, 7), word("-", 10, 3), *text[12:]]
    kept = without_specks(page)
    assert [w.text for w in kept if w.line[0] >= 9] == ["-"]
    assert len(kept) == len(text) + 1
    assert without_specks(page[10:16]) == page[10:16]  # too few words to know the page's height
