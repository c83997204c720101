"""Values filled into PDF form fields come back into the page text, where the page shows them.

Electronically signed documents carry their number and day in form fields: the text layer reads
``Số: /BC-SNV … ngày tháng 11`` while the page shows ``Số: 228/BC-SNV … ngày 28 tháng 11``.
The small PDFs here are written by hand, so each case is exactly what it says.
"""

from __future__ import annotations

import time

import pytest
from support import EXTRA, needs_shared, ruled_grid
from support import PDF_FONT as FONT
from support import pdf_file as _pdf
from support import pdf_stream as _stream
from support import pdf_text as _text
from vnplan.ingest import IngestOptions, read_document
from vnplan.ingest.form_fields import _splice


def read(data: bytes):
    return read_document(data, "form.pdf", IngestOptions(ocr=False))


# The header line of a decision, with two blanks: the number before "/QD-UBND" and the day
# between "ngay" and "thang"; a body line with a blank before "/2025"; a body line of text.
PAGE = (_text(72, 760, "So: ") + _text(130, 760, "/QD-UBND")
        + _text(280, 760, "Ha Noi, ngay") + _text(400, 760, "thang 10 nam 2025")
        + _text(72, 730, "Ban so") + _text(140, 730, "/2025 da duyet.")
        + _text(72, 700, "Noi dung van ban."))
GRID = ruled_grid(600) + _text(80, 630, "Chi tieu") + _text(230, 630, "Ket qua") + \
    _text(80, 605, "Ty le") + _text(230, 605, "95%")


def _appearance(width: float, height: float, content: bytes) -> bytes:
    return _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 %g %g] "
                   b"/Resources << /Font << /F1 5 0 R >> >>" % (width, height), content)


def _form_pdf(widgets: list[bytes], appearances: list[bytes] = (), *, content: bytes = PAGE,
              acroform: bool = True) -> bytes:
    """One A4 page with ``content`` and the widget dictionaries ``widgets`` (objects 6…);
    ``appearances`` follow them, so a widget refers to the n-th one as ``6 + len(widgets) + n``.
    """
    first = 6
    refs = b" ".join(b"%d 0 R" % (first + i) for i in range(len(widgets)))
    fields = b" /AcroForm << /Fields [%s] >>" % refs if acroform and widgets else b""
    annots = b" /Annots [%s]" % refs if widgets else b""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R" + fields + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >>" + annots + b" >>",
        _stream(b"", content),
        FONT,
        *widgets,
        *appearances,
    ])


def _widget(rect: tuple[float, float, float, float], extra: bytes) -> bytes:
    return b"<< /Type /Annot /Subtype /Widget /Rect [%g %g %g %g] /F 4 " % rect + extra + b" >>"


def _filled_form() -> tuple[bytes, int]:
    """Every kind of widget once; three of them hold a value that belongs in the text."""
    widgets = [
        # a text field with its value and an appearance that draws it: "So: 228/QD-UBND"
        _widget((96, 755, 126, 773), b"/FT /Tx /T (so) /V (228) /AP << /N 14 0 R >>"),
        # a widget whose field (type and value) is its parent: "ngay 20 thang"
        _widget((362, 755, 392, 773), b"/Parent 13 0 R"),
        # a signature field whose appearance is text (as the signing tool writes it): "7/2025"
        _widget((116, 725, 136, 743), b"/FT /Sig /T (sig) /AP << /N 15 0 R >>"),
        # left out: a checkbox, a hidden field, a field over printed text, one in the margin
        _widget((200, 757, 210, 767), b"/FT /Btn /T (ok) /V /Yes /AS /Yes"),
        _widget((230, 755, 260, 773), b"/FT /Tx /T (hidden) /V (999) /F 2"),
        _widget((72, 695, 150, 713), b"/FT /Tx /T (over) /V (XYZ)"),
        _widget((72, 800, 200, 815), b"/FT /Tx /T (margin) /V (margin note)"),
    ]
    # object 13: the parent field of the second widget (listed after the widgets 6–12)
    parent = b"<< /FT /Tx /T (ngay) /V (20) /Kids [7 0 R] >>"
    appearances = [
        _appearance(30, 18, b"BT /F1 12 Tf 2 5 Td (228) Tj ET"),
        _appearance(20, 18, b"BT /F1 12 Tf 2 5 Td (7) Tj ET"),
    ]
    return _form_pdf(widgets, [parent, *appearances]), 3


# --- the values, where the page shows them --------------------------------------------------

def test_filled_fields_are_put_into_their_line():
    data, expected = _filled_form()
    raw = read(data)
    text = raw.pages[0]
    assert "So: 228/QD-UBND" in text
    assert "ngay 20 thang 10 nam 2025" in text
    assert "Ban so 7/2025 da duyet." in text
    for left_out in ("999", "XYZ", "margin", "Yes"):
        assert left_out not in text
    assert "Noi dung van ban." in text
    assert raw.conversions == [f"PDF form fields filled in: {expected}"]


def test_a_page_read_by_the_table_finder_gets_its_values_too():
    widgets = [_widget((96, 755, 126, 773), b"/FT /Tx /V (228) /AP << /N 7 0 R >>")]
    data = _form_pdf(widgets, [_appearance(30, 18, b"BT /F1 12 Tf 2 5 Td (228) Tj ET")],
                     content=PAGE + GRID)
    raw = read(data)
    assert raw.tables and raw.tables[0].rows[0] == ["Chi tieu", "Ket qua"]  # pdfplumber's text
    assert "So: 228/QD-UBND" in raw.pages[0]
    assert raw.conversions == ["PDF form fields filled in: 1"]


def test_without_filled_fields_the_text_is_the_same_byte_for_byte():
    plain = read(_form_pdf([]))
    for widgets in (
        [_widget((96, 755, 126, 773), b"/FT /Tx /T (so)")],  # an empty field
        [_widget((96, 755, 126, 773), b"/FT /Tx /T (so) /V ()")],
        [_widget((96, 755, 126, 773), b"/FT /Sig /T (sig)")],  # a signature without appearance
    ):
        raw = read(_form_pdf(widgets))
        assert raw.pages == plain.pages
        assert raw.conversions == [] and raw.warnings == []
    table = read(_form_pdf([_widget((96, 755, 126, 773), b"/FT /Tx /V ()")],
                           content=PAGE + GRID))
    assert table.pages == read(_form_pdf([], content=PAGE + GRID)).pages


def test_a_signature_drawn_as_a_long_stamp_is_not_a_value():
    stamp = b"BT /F1 8 Tf 2 5 Td (Co quan phat hanh: VAN PHONG CHINH PHU, ky luc 10:25) Tj ET"
    widgets = [_widget((96, 755, 126, 773), b"/FT /Sig /AP << /N 7 0 R >>")]
    raw = read(_form_pdf(widgets, [_appearance(30, 18, stamp)]))
    assert "Co quan" not in raw.pages[0] and raw.conversions == []


# --- bounded and safe -----------------------------------------------------------------------

def test_thousands_of_annotations_are_read_quickly():
    widgets = [_widget((72 + i % 400, 800, 80 + i % 400, 815), b"/FT /Tx /V (%d)" % i)
               for i in range(3000)]
    started = time.perf_counter()
    raw = read(_form_pdf(widgets))
    assert time.perf_counter() - started < 10
    assert "So: /QD-UBND" in raw.pages[0]  # all in the margin: none goes in
    stacked = [_widget((96, 755, 126, 773), b"/FT /Tx /V (%d)" % i) for i in range(3000)]
    raw = read(_form_pdf(stacked))  # drawn over one another: the first one goes in
    assert "So: 0/QD-UBND Ha Noi" in raw.pages[0]
    assert raw.conversions == ["PDF form fields filled in: 1"]


def test_malformed_widgets_are_skipped_and_the_others_read():
    widgets = [
        b"<< /Type /Annot /Subtype /Widget /Rect [(a) (b) (c) (d)] /FT /Tx /V (1) >>",
        b"<< /Type /Annot /Subtype /Widget /Rect [1 2] /FT /Tx /V (2) >>",
        b"<< /Type /Annot /Subtype /Widget /Rect [96 755 126 773] /FT /Sig /AP << /N 99 0 R >> >>",
        b"<< /Type /Annot /Subtype /Widget /Rect [96 755 126 773] /Parent 9 0 R >>",  # its own
        b"<< /Type /Annot /Subtype /Widget /Rect [96 755 126 773] /FT /Tx /V << /A 1 >> >>",
        b"<< /Type /Annot /Subtype /Widget /Rect [96 755 126 773] /FT /Sig /AP [1 2] >>",
        _widget((362, 755, 392, 773), b"/FT /Tx /V (20) /AP << /N 14 0 R >>"),
        _widget((116, 725, 136, 743), b"/FT /Sig /AP << /N 15 0 R >>"),
    ]
    endless = _appearance(20, 18, b"BT /F1 12 Tf " + b"(7) Tj " * 5000 + b"ET")
    recursive = _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 20 18] "
                        b"/Resources << /XObject << /X 14 0 R >> >>", b"/X Do")
    raw = read(_form_pdf(widgets, [recursive, endless]))
    assert "ngay 20 thang" in raw.pages[0]
    assert "Ban so /2025" in raw.pages[0]  # the appearance that drew too much is left out
    assert raw.conversions == ["PDF form fields filled in: 1"]


def test_a_damaged_file_keeps_its_text():
    data, _ = _filled_form()
    broken = data.replace(b"/Kids [7 0 R]", b"/Kids [7 0 R").replace(b"xref\n", b"xrefs\n")
    raw = read(broken)  # PDFium repairs what pdfminer does not: the text stays as it was
    assert "So: /QD-UBND" in raw.pages[0] and "Noi dung van ban." in raw.pages[0]
    assert raw.conversions == [] and raw.warnings[0].startswith("form fields not read")


# --- spacing --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "before", "value", "expected"), [
    ("Số: /BC-SNV", "/", "228", "Số: 228/BC-SNV"),  # none against a slash
    ("ngày tháng 11", "tháng", "28", "ngày 28 tháng 11"),  # one against a word
    ("ngày  tháng 11", " tháng", "28", "ngày 28 tháng 11"),
    ("Số: 12/", "", "2025", "Số: 12/2025"),  # at the end of the line
    ("\r\n/QĐ", "/", "5", "\r\n5/QĐ"),  # at the start of a line
])
def test_spacing_around_a_value(text, before, value, expected):
    at = text.index(before) if before else len(text)
    assert _splice(text, at, value) == expected


# --- the signed documents -------------------------------------------------------------------

@needs_shared
def test_a_signed_report_reads_its_number_and_day():
    raw = read((EXTRA / "011_bc-snv-228-chi-so-cchc-2025-pdf.pdf").read_bytes())
    first = raw.pages[0]
    assert "Số: 228/BC-SNV" in first
    assert "ngày 28 tháng 11 năm 2025" in first
    assert raw.conversions == ["PDF form fields filled in: 2"]
    # the signatures of the last page are images: no text is added there
    assert not any(page.count("228") > 1 for page in raw.pages[1:])


@needs_shared
def test_a_stamp_in_the_margin_is_not_put_into_the_text():
    raw = read((EXTRA / "052_qd-2319-qd-ttg-ban-chi-dao-quoc-gia-du-lieu-pdf.pdf").read_bytes())
    assert "Cơ quan phát hành" not in raw.pages[0]
    assert "Số: 2319/QĐ-TTg" in raw.pages[0] and raw.conversions == []
