"""The header of a table: its printed columns, the field each means, and the table's kind.

    STT ⇥ Chỉ tiêu thống kê (Sử dụng …) ⇥ Kết quả thống kê ⇥ ⇥ Ghi chú   ← a header row
    ⇥ ⇥ Đơn vị tính ⇥ Số liệu ⇥                                        ← its second row, under
                                                                          the merged cell
    → id, target, unit_of_measure, value, note                         → kind "targets"

A header is a row of tab-separated cells (``grid``) or, in a table a PDF-to-text step flattened,
a few lines that begin with header words (``column_starts``). What each header means comes from
``corpora/reference/appendix_headers.yaml``; so does the kind of table its fields make.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from vnplan.extractors.appendix.cues import classify_header, cues, header_words
from vnplan.extractors.appendix.grid import is_header_row


class Line(NamedTuple):
    """A line of the text with its offsets (a plain tuple: a table has hundreds of lines)."""

    start: int
    end: int
    text: str


Cells = Callable[[Line], list[str | None]]  # the cells of a tab-separated line


@dataclass
class Header:
    columns: list[str]  # as printed
    fields: list[str | None]  # canonical field of each column
    start: int  # index of the first line of the header
    end: int  # index of the first line after it
    grid: bool  # cells separated by tabs


def find_header(lines: Sequence[Line], cells_of: Cells, grid_only: bool = False) -> Header | None:
    """The first header among ``lines``: a row of cells, or (unless ``grid_only``) a header
    flattened onto lines."""
    for i, line in enumerate(lines):
        if "\t" in line.text:
            cells = [(c or "").strip() for c in cells_of(line)]
            if is_header_row(cells):
                return _grid_header(lines, i, cells, cells_of)
            continue
        if not grid_only:
            header = _flat_header(lines, i)
            if header is not None:
                return header
    return None


def _grid_header(lines: Sequence[Line], i: int, cells: list[str], cells_of: Cells) -> Header:
    """The header row at ``i``, with its second row when there is one: the sub-columns of a
    merged cell ("Kết quả thống kê" over "Đơn vị tính", "Số liệu")."""
    while cells and not cells[-1]:
        cells.pop()
    fields = [classify_header(c) for c in cells]
    end = i + 1
    if end < len(lines) and "\t" in lines[end].text:
        below = [(c or "").strip() for c in cells_of(lines[end])]
        if _is_second_row(below, fields):
            for k, sub in enumerate(below):
                if not sub:
                    continue
                if k >= len(cells):
                    cells.extend([""] * (k + 1 - len(cells)))
                    fields.extend([None] * (k + 1 - len(fields)))
                cells[k] = sub
                fields[k] = classify_header(sub) or fields[k]
            end += 1
    return Header(cells, fields, i, end, True)


def _is_second_row(cells: list[str], fields: list[str | None]) -> bool:
    """Short cells that all name columns, none under the id or the row's text column."""
    texts = [(k, c) for k, c in enumerate(cells) if c]
    if not texts:
        return False
    for k, text in texts:
        if k < len(fields) and fields[k] in ("id", "task", "target"):
            return False
        if header_words(text) > 8 or classify_header(text) is None:
            return False
    return True


def _flat_header(lines: Sequence[Line], i: int) -> Header | None:
    """A header flattened onto lines: 'TT Nhiệm vụ cụ thể' ⏎ 'Bộ phận chủ trì tham mưu' ⏎ …
    Each column begins with a header word (``column_starts``); lines that continue a column
    ('chủ trì', 'thực hiện') join it."""
    pattern = cues().column_start
    if not pattern.match(lines[i].text.strip()):
        return None
    columns: list[str] = []
    j = i
    while j < len(lines) and "\t" not in lines[j].text:
        stripped = lines[j].text.strip()
        starts = [m.start() for m in pattern.finditer(stripped)]
        if not starts or starts[0] != 0:
            if columns and stripped[:1].islower():
                columns[-1] += " " + stripped
                j += 1
                continue
            break
        for a, b in zip(starts, [*starts[1:], len(stripped)], strict=True):
            columns.append(stripped[a:b].strip())
        j += 1
    fields = [classify_header(c) for c in columns]
    if sum(f is not None for f in fields) < 3 or fields.count("task") + fields.count("target") == 0:
        return None
    return Header(columns, fields, i, j, False)


def table_kind(fields: Sequence[str | None]) -> str:
    """'tasks', 'targets', 'inspection' or 'other', from the fields of the columns."""
    present = set(fields)
    for rule in cues().vocabulary.table_kinds:
        if present.issuperset(rule.all) and present.isdisjoint(rule.none):
            return rule.kind
    return "other"


def is_layout_row(cells: Sequence[str | None]) -> bool:
    """A row of the document's header or closing laid out as a table: the national motto,
    'Số: …', 'Nơi nhận:', 'TM. ỦY BAN …', 'KT. CHỦ TỊCH' (``layout_cells``)."""
    cue_words = cues().vocabulary.layout_cells
    for cell in cells:
        text = " ".join((cell or "").split())
        # a long cue (the motto) may follow the issuing body in the same cell
        if text.startswith(cue_words) or any(len(w) > 20 and w in text for w in cue_words):
            return True
    return False
