"""A paragraph with a white background (Word's shading, kept in the PDF as white boxes behind
its lines) is read as text; a table whose rules are drawn as thin black boxes is still a table.
"""

from __future__ import annotations

from support import one_page_pdf, pdf_text
from vnplan.ingest import IngestOptions, read_document

LINES = ["Ke hoach so 58/KH-UBND ngay 22/01/2025 ve dich vu cong;",
         "Quyet dinh so 1553/QD-UBND ngay 13/12/2024 ve kiem soat TTHC;",
         "Ke hoach so 129/KH-UBND ngay 28/02/2025 ve du lieu dan cu,",
         "Ke hoach so 213/KH-UBND ngay 15/7/2025 ve CCHC nam 2025."]


def _shaded_paragraph(fill: bytes) -> bytes:
    """The lines, each on a box filled by the colour operator ``fill`` and no outline,
    the boxes touching (so their sides line up as a grid would)."""
    boxes = b"".join(b"%s 70 %g 440 15 re f\n" % (fill, 697 - 15 * i) for i in range(len(LINES)))
    text = b"".join(pdf_text(72, 700 - 15 * i, line) for i, line in enumerate(LINES))
    return b"q " + boxes + b"Q 0 g\n" + text


def _ruled_by_boxes() -> bytes:
    """A 2 x 2 table whose rules are black boxes half a point thick, as Word writes them."""
    rules = [(72, 600, 300, 0.5), (72, 625, 300, 0.5), (72, 650, 300, 0.5),
             (72, 600, 0.5, 50), (222, 600, 0.5, 50), (372, 600, 0.5, 50.5)]
    return (b"0 g\n" + b"".join(b"%g %g %g %g re f\n" % r for r in rules)
            + pdf_text(80, 630, "Chi tieu") + pdf_text(230, 630, "Ket qua")
            + pdf_text(80, 605, "Ty le") + pdf_text(230, 605, "95%"))


def read(content: bytes):
    return read_document(one_page_pdf(content), "shaded.pdf", IngestOptions(ocr=False))


def test_a_paragraph_on_white_boxes_keeps_every_line():
    raw = read(_shaded_paragraph(b"1 1 1 rg"))
    assert raw.tables == []
    assert [line for line in raw.pages[0].split("\n") if line.strip()] == LINES


def test_white_boxes_in_cmyk_are_no_rules_either():
    raw = read(_shaded_paragraph(b"0 0 0 0 k"))
    assert raw.tables == []
    assert "129/KH-UBND" in raw.pages[0]


def test_rules_drawn_as_black_boxes_still_make_a_table_beside_shading():
    raw = read(_shaded_paragraph(b"1 1 1 rg") + _ruled_by_boxes())
    assert len(raw.tables) == 1
    assert raw.tables[0].rows == [["Chi tieu", "Ket qua"], ["Ty le", "95%"]]
    assert all(line in raw.pages[0] for line in LINES)
