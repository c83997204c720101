"""PDF form fields: the values filled into a form, put back into the page text.

Documents signed with the government signing tool carry their number and day in form fields
(widget annotations) drawn over blanks of the page: the text layer reads
``Số: /BC-SNV … ngày tháng 11 năm 2025`` while the page shows
``Số: 228/BC-SNV … ngày 28 tháng 11 năm 2025``. The text layer never holds these values, so
every text engine misses them.

What counts as a value:

- a text field (``/FT /Tx``): its value ``/V``, placed where its appearance draws it (or its
  rectangle when it has no appearance text); password fields are left out;
- a signature field (``/FT /Sig``) whose appearance *draws text* — the signing tool writes the
  number and the day that way — when that text is short (a number, a day, not a stamp);
- checkboxes, radio and push buttons, choice lists, hidden widgets, signatures drawn as an
  image (the seal, the signer's mark) have no value here.

Where a value goes: into the line of page text whose vertical extent overlaps its box (by at
least half of the pair's joint height), between the characters left and right of it, with one
space against a word and none against a slash (``Số: 228/BC-SNV``). A value that overlaps no
line (the "Cơ quan phát hành" stamp in the top margin) or that would cover printed characters
(a field drawn over text that is already there) is left out.

Bounded: pypdfium2 says which pages have widgets (cheap); only those pages are read with
pdfminer, at most ``_MAX_ANNOTS`` annotations and ``_MAX_FIELDS`` values per document; an
appearance that draws too much is abandoned; a malformed annotation is skipped and counted.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTChar, LTContainer, LTPage
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, dict_value, list_value, resolve1
from pdfminer.utils import apply_matrix_rect, decode_text, mult_matrix

_MAX_ANNOTS = 1000  # annotations looked at per document (a page of links has hundreds)
_MAX_FIELDS = 100  # field values read per document
_MAX_VALUE_CHARS = 1000  # a longer value is not a blank filled in
_MAX_SIGNATURE_TEXT = 64  # a signature appearance with more text is a stamp, not a value
_MAX_DRAWN = 2000  # glyphs, paths and forms one appearance may draw before it is abandoned
_MIN_OVERLAP = 0.5  # vertical overlap / joint extent of a value and its line

_HIDDEN_FLAGS = 2 | 32  # annotation flags Hidden, NoView
_PASSWORD_FLAG = 1 << 13  # field flag Password of a text field


@dataclass(frozen=True)
class FieldValue:
    """A value filled into a form, with its box in PDF user space (y upwards)."""

    page: int  # 0-based
    text: str
    x0: float
    bottom: float
    x1: float
    top: float


@dataclass(frozen=True)
class _Anchor:
    """A printed (non-space) character of a line: its horizontal extent and its span in text."""

    x0: float
    x1: float
    start: int
    end: int


@dataclass
class _Line:
    bottom: float
    top: float
    anchors: list[_Anchor]


# --- which pages have widgets (pypdfium2) ----------------------------------------------------


class WidgetCounter:
    """Tells whether a page has widget annotations, looking at ``_MAX_ANNOTS`` in all."""

    def __init__(self) -> None:
        self.budget = _MAX_ANNOTS

    def has_widgets(self, page: pdfium.PdfPage) -> bool:
        count = pdfium_c.FPDFPage_GetAnnotCount(page)
        for index in range(max(0, count)):
            if self.budget <= 0:
                return False
            self.budget -= 1
            annot = pdfium_c.FPDFPage_GetAnnot(page, index)
            if not annot:
                continue
            try:
                if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_WIDGET:
                    return True
            finally:
                pdfium_c.FPDFPage_CloseAnnot(annot)
        return False


# --- the values (pdfminer) --------------------------------------------------------------------


def read_field_values(data: bytes, pages: Iterable[int]) -> tuple[dict[int, list[FieldValue]],
                                                                  int]:
    """The values of the form fields on ``pages`` (0-based), and how many widgets failed."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    wanted = set(pages)
    values: dict[int, list[FieldValue]] = {}
    failed, budget = 0, [_MAX_ANNOTS, _MAX_FIELDS]
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    resources = PDFResourceManager(caching=True)
    for index, page in enumerate(PDFPage.create_pages(document)):
        if not wanted:
            break
        if index not in wanted:
            continue
        wanted.discard(index)
        for annot in _annotations(page):
            if budget[0] <= 0 or budget[1] <= 0:
                return values, failed
            budget[0] -= 1
            try:
                value = _field_value(annot, index, resources)
            except Exception:  # one malformed widget: skip it, read the others
                failed += 1
                continue
            if value is not None:
                budget[1] -= 1
                values.setdefault(index, []).append(value)
    return values, failed


def _annotations(page) -> list:
    annots = resolve1(page.annots)
    return list(annots[:_MAX_ANNOTS]) if isinstance(annots, list) else []


def _field_value(ref, page: int, resources) -> FieldValue | None:
    annot = resolve1(ref)
    if not isinstance(annot, dict) or _name(annot.get("Subtype")) != "Widget":
        return None
    if _int(annot.get("F")) & _HIDDEN_FLAGS:
        return None
    kind = _name(_inherited(annot, "FT"))
    if kind not in ("Tx", "Sig"):
        return None
    if kind == "Tx" and _int(_inherited(annot, "Ff")) & _PASSWORD_FLAG:
        return None
    rect = _rect(annot.get("Rect"))
    value = _text(resolve1(_inherited(annot, "V"))) if kind == "Tx" else ""
    if rect is None or (kind == "Tx" and not value.strip()):
        return None
    appearance = resolve1((resolve1(annot.get("AP")) or {}).get("N"))
    drawn, box = ("", None)
    if isinstance(appearance, PDFStream):
        drawn, box = _drawn_text(appearance, rect, resources)
    if kind == "Sig":  # its text is what its appearance draws, if that is short
        value = drawn if len(drawn) <= _MAX_SIGNATURE_TEXT else ""
    value = " ".join(value.split())
    if not value or len(value) > _MAX_VALUE_CHARS or "\ufffd" in value:
        return None
    x0, bottom, x1, top = box or rect  # where the appearance draws it, else the rectangle
    return FieldValue(page, value, x0, bottom, x1, top)


def _inherited(annot: dict, key: str):
    """A field attribute, from the widget or the field it belongs to (``/Parent``)."""
    node = annot
    for _ in range(16):
        if not isinstance(node, dict):
            return None
        if key in node:
            return node[key]
        node = resolve1(node.get("Parent"))
    return None


def _name(value) -> str:
    value = resolve1(value)
    return str(getattr(value, "name", "") or "")


def _int(value) -> int:
    value = resolve1(value)
    return value if isinstance(value, int) else 0


def _text(value) -> str:
    """A PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding."""
    if isinstance(value, str):
        return value
    if not isinstance(value, bytes):
        return ""
    if value.startswith(b"\xef\xbb\xbf"):
        return value[3:].decode("utf-8", "replace")
    return decode_text(value)


def _rect(value) -> tuple[float, float, float, float] | None:
    value = resolve1(value)
    if not isinstance(value, list) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(resolve1(v)) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


class _TooMuch(Exception):
    """An appearance that draws more than a filled-in value would."""


class _GlyphCollector(PDFLayoutAnalyzer):
    """pdfminer's layout device, keeping the glyphs and giving up after ``_MAX_DRAWN`` items."""

    def __init__(self, resources: PDFResourceManager) -> None:
        super().__init__(resources)
        self.cur_item = LTPage(1, (0, 0, 1, 1))
        self.drawn = 0

    def _count(self) -> None:
        self.drawn += 1
        if self.drawn > _MAX_DRAWN:
            raise _TooMuch

    def begin_figure(self, name, bbox, matrix) -> None:
        self._count()
        super().begin_figure(name, bbox, matrix)

    def paint_path(self, *args) -> None:
        self._count()

    def render_image(self, name, stream) -> None:
        self._count()

    def render_char(self, *args) -> float:
        self._count()
        return super().render_char(*args)

    def handle_undefined_char(self, font, cid) -> str:
        return "\ufffd"  # a glyph without Unicode: the value is unreadable and left out

    def glyphs(self, item=None) -> Iterable[LTChar]:
        for child in self.cur_item if item is None else item:
            if isinstance(child, LTChar):
                yield child
            elif isinstance(child, LTContainer):
                yield from self.glyphs(child)


def _drawn_text(appearance, rect, resources) -> tuple[str, tuple | None]:
    """The text an appearance stream draws, and its box on the page.

    The appearance's BBox, transformed by its Matrix, is fitted onto the annotation's Rect
    (PDF 32000-1, 12.5.5); the glyphs come out of pdfminer in page space.
    """
    bbox = _rect(appearance.get("BBox"))
    if bbox is None:
        return "", None
    matrix = tuple(float(v) for v in list_value(appearance.get("Matrix", [1, 0, 0, 1, 0, 0])))
    bx0, by0, bx1, by1 = apply_matrix_rect(matrix, bbox)
    if bx1 - bx0 <= 0 or by1 - by0 <= 0:
        return "", None
    sx, sy = (rect[2] - rect[0]) / (bx1 - bx0), (rect[3] - rect[1]) / (by1 - by0)
    fit = (sx, 0, 0, sy, rect[0] - bx0 * sx, rect[1] - by0 * sy)
    device = _GlyphCollector(resources)
    try:
        PDFPageInterpreter(resources, device).render_contents(
            dict_value(appearance.get("Resources") or {}), [appearance],
            ctm=mult_matrix(matrix, fit))
    except _TooMuch:
        return "", None
    text, before = "", None
    for glyph in device.glyphs():  # a space drawn, or a gap wider than a quarter em
        if before is not None and (glyph.y1 < before.y0 or glyph.y0 > before.y1
                                   or glyph.x0 - before.x1 > 0.25 * max(glyph.size, 1.0)):
            text += " "
        text, before = text + glyph.get_text(), glyph
    printed = [glyph for glyph in device.glyphs() if glyph.get_text().strip()]
    if not printed:
        return "", None
    box = (min(g.x0 for g in printed), min(g.y0 for g in printed),
           max(g.x1 for g in printed), max(g.y1 for g in printed))
    return text, box


# --- putting the values into the text ---------------------------------------------------------


def fill_pdfium_text(textpage: pdfium.PdfTextPage, text: str,
                     values: list[FieldValue]) -> tuple[str, int]:
    """``text`` (the textpage's ``get_text_range()``) with ``values`` put in; how many were."""
    lines, current = [], _Line(float("inf"), float("-inf"), [])
    to_python = _utf16_to_python(text)
    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index) or 32)
        if char in "\r\n":
            if current.anchors:
                lines.append(current)
            current = _Line(float("inf"), float("-inf"), [])
            continue
        if not char.strip() or pdfium_c.FPDFText_IsGenerated(textpage, index) == 1:
            continue
        at = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, index)
        if at < 0:
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        start = to_python(at)
        end = to_python(at + (2 if ord(char) > 0xFFFF else 1))
        current.anchors.append(_Anchor(left, right, start, end))
        current.bottom, current.top = min(current.bottom, bottom), max(current.top, top)
    if current.anchors:
        lines.append(current)
    return _fill(text, lines, values, (0.0, 0.0))


def fill_plumber_lines(line_dicts: list[dict], values: list[FieldValue],
                       offset: tuple[float, float]) -> tuple[list[str], int]:
    """pdfplumber's text lines (``extract_text_lines``) with ``values`` put in.

    pdfplumber's coordinates start at the media box's corner: ``offset`` is that corner.
    """
    texts = [str(line["text"]) for line in line_dicts]
    lines, start = [], 0
    for text, line in zip(texts, line_dicts, strict=True):
        anchors, cursor = [], 0
        glyphs = [c for c in line.get("chars", []) if str(c.get("text", "")).strip()]
        for glyph in glyphs:
            found = text.find(glyph["text"], cursor)
            if found < 0:  # the line's text does not follow its characters: leave it
                anchors = []
                break
            cursor = found + len(glyph["text"])
            anchors.append(_Anchor(glyph["x0"], glyph["x1"], start + found, start + cursor))
        if anchors:
            lines.append(_Line(min(g["y0"] for g in glyphs), max(g["y1"] for g in glyphs),
                               anchors))
        start += len(text) + 1
    joined, filled = _fill("\n".join(texts), lines, values, offset)
    return joined.split("\n") if filled else texts, filled


def _fill(text: str, lines: list[_Line], values: list[FieldValue],
          offset: tuple[float, float]) -> tuple[str, int]:
    """Put each value into the line it overlaps most, before its nearest right neighbour."""
    inserts: list[tuple[int, float, str]] = []
    taken: list[tuple[int, float, float]] = []  # (line, x0, x1) of the values put in
    for value in values:
        x0, x1 = value.x0 - offset[0], value.x1 - offset[0]
        bottom, top = value.bottom - offset[1], value.top - offset[1]
        scores = [_overlap(line, bottom, top) for line in lines]
        if not scores or max(scores) < _MIN_OVERLAP:
            continue  # on no line of text (a stamp in the margin, a field on its own)
        number = scores.index(max(scores))
        line = lines[number]
        if any(x0 < (a.x0 + a.x1) / 2 < x1 for a in line.anchors):
            continue  # something is printed there already
        if any(n == number and x0 < right and left < x1 for n, left, right in taken):
            continue  # drawn over a value already put in (a widget repeated)
        taken.append((number, x0, x1))
        middle = (x0 + x1) / 2
        right = [a for a in line.anchors if (a.x0 + a.x1) / 2 > middle]
        if right:
            at = min(right, key=lambda a: a.x0 + a.x1).start
        else:
            at = max(line.anchors, key=lambda a: a.x0 + a.x1).end
        inserts.append((at, middle, value.text))
    for at, _, value in sorted(inserts, reverse=True):
        text = _splice(text, at, value)
    return text, len(inserts)


def _overlap(line: _Line, bottom: float, top: float) -> float:
    joint = max(line.top, top) - min(line.bottom, bottom)
    return (min(line.top, top) - max(line.bottom, bottom)) / joint if joint > 0 else 0.0


def _splice(text: str, at: int, value: str) -> str:
    """``value`` put in at ``at``: one space against a word, none against a slash or an edge."""
    left, right = text[:at].rstrip(" "), text[at:].lstrip(" ")
    if left and left[-1] not in "\n/":
        value = " " + value
    if right and right[0] not in "\r\n/":
        value += " "
    return left + value + right


def _utf16_to_python(text: str) -> Callable[[int], int]:
    """Map PDFium's text indices (UTF-16 code units) to indices of ``text``."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return lambda index: index
    units = [0]
    for ch in text:
        units.append(units[-1] + (2 if ord(ch) > 0xFFFF else 1))
    positions = {unit: i for i, unit in enumerate(units)}
    return lambda index: positions.get(index, min(index, len(text)))
