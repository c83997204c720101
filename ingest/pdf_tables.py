"""Ruled tables of a text-layer PDF page, from pdfplumber's lines and cells.

A page with ruling lines is given to pdfplumber's table finder. When it finds a table, the
page's text is rebuilt from pdfplumber's lines outside the table and the table's rows as
tab-separated lines, each at its vertical position. Boxes that draw nothing (white, without
an outline: Word's shading behind a run or a paragraph) are left out before the finder looks,
so their sides are not taken for rules.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from typing import Protocol

from vnplan.reference.keys import BULLET_CLASS

from .form_fields import FieldValue, fill_plumber_lines

_BULLET = re.compile(rf"^{BULLET_CLASS}\s")  # a list item inside a table cell


class Page(Protocol):
    """What the table finder sets on a page of ``pdf.py``."""

    lines: list[str]
    tables: list[tuple[int, list[list[str | None]]]]
    filled: int


# Bullets drawn from the Symbol/Wingdings fonts come out as private-use code points.
_SYMBOL_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•",
                                 "\uf0fc": "•", "\uf0a8": "•", "\uf06e": "•", "\uf0e0": "•"})


def pdf_nfc(text: str) -> str:
    """Text of a PDF as NFC, its symbol-font bullets as "•" (both engines read through this)."""
    # PDFium reports a hyphen that ended a line as U+FFFE and drops the line break:
    # "62/2020/NĐ-" ⏎ "CP" comes out "62/2020/NĐ\ufffeCP". The hyphen was printed: keep it.
    text = text.replace("\ufffe", "-")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", text.translate(_SYMBOL_BULLETS))


def find_ruled_tables(data: bytes, pages: list[Page], indexes: list[int],
                      values: dict[int, list[FieldValue]]) -> None:
    """Rebuild the text of pages that hold ruled tables from pdfplumber's lines and cells,
    with the page's form field ``values`` put into its lines."""
    import pdfplumber

    # pdfminer logs every oddity of a damaged font as a warning on stderr; a failure that
    # matters reaches the caller as an exception and becomes a warning in the record.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index in indexes:
            plumber_page = pdf.pages[index].filter(_visible)
            found = plumber_page.find_tables()
            if not found:
                continue
            boxes = [t.bbox for t in found]

            def outside(obj, boxes=boxes) -> bool:
                if "x0" not in obj or "top" not in obj:
                    return True
                cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

            text_lines = plumber_page.filter(outside).extract_text_lines(strip=True)
            texts, filled = [line["text"] for line in text_lines], 0
            if values.get(index) and plumber_page.rotation % 360 == 0:
                corner = tuple(plumber_page.page_obj.mediabox[:2])
                texts, filled = fill_plumber_lines(text_lines, values[index], corner)
            items: list[tuple[float, str, object]] = [
                (line["top"], "line", text) for line, text in zip(text_lines, texts, strict=True)
            ]
            items += [(t.bbox[1], "table", t.extract()) for t in found]
            # only a page rebuilt in full replaces its text-layer lines
            pages[index].lines, pages[index].tables = assemble(items)
            pages[index].filled = filled


def _visible(obj: dict) -> bool:
    """False for a white box with no outline: the background a Word document gives a shaded
    run or paragraph. It draws nothing on the page, so its sides are no ruling lines; taken
    for a table's, they made a paragraph a table and lost its lines."""
    if obj.get("object_type") != "rect" or obj.get("stroke") or not obj.get("fill"):
        return True
    return not _is_white(obj.get("non_stroking_color"))


def _is_white(color) -> bool:
    """A fill colour that is white in grey (1), RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color:
        return False
    if not all(isinstance(c, (int, float)) for c in color):
        return False  # a pattern or a named colour space: not known to be white
    if len(color) == 4:
        return all(c <= 0.02 for c in color)
    return all(c >= 0.98 for c in color)


def assemble(items: list[tuple[float, str, object]]
              ) -> tuple[list[str], list[tuple[int, list[list[str | None]]]]]:
    """A table page's lines and tables from its ``(top, "line", text)`` and
    ``(top, "table", rows)`` items: each table's rows become tab-separated lines where it
    stands, and it is recorded as (index of its first line, rows)."""
    lines: list[str] = []
    tables: list[tuple[int, list[list[str | None]]]] = []
    for _, kind, content in sorted(items, key=lambda item: item[0]):
        if kind == "line":
            lines.append(pdf_nfc(str(content)))
            continue
        rows = [[None if c is None else _cell_text(c) for c in row] for row in content]
        rows = [row for row in rows if any(row)]
        tables.append((len(lines), rows))
        lines.extend(row_line(row) for row in rows)
    return lines, tables


def _cell_text(cell: str) -> str:
    """A cell's wrapped lines joined: "hoạt\nđộng" → "hoạt động", "QĐ-\nTTg" → "QĐ-TTg";
    a line that starts a bullet ("- Báo cáo …") stays on a line of its own."""
    out = ""
    for line in pdf_nfc(cell).split("\n"):
        line = line.strip()
        if not out:
            out = line
        elif _BULLET.match(line):
            out += "\n" + line
        elif re.search(r"\S[-/]$", out):
            out += line
        elif line:
            out += " " + line
    return out


def row_line(row: list[str | None]) -> str:
    return "\t".join(" ".join((cell or "").split()) for cell in row)
