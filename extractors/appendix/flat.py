"""Rebuild the rows of a table that a PDF-to-text step flattened to one cell per line.

Sample 001 reads, after its header, like this (one cell — or part of one — per line)::

    1.1                                   ← row id
    Ban hành kế hoạch CCHC đạt yêu cầu …  ← task
    Văn phòng - Thống kê                  ← lead (a unit name)
    Các ban, ngành có liên quan           ← support (another unit name)
    Kế hoạch CCHC năm 2021                ← output (text after the units)
    Trước                                 ← timeline (a timeline phrase) …
    31/12/2020                            ← … continued
    3.960.000                             ← budget (money closes the row)

Lines are classified by cues (ids, money, timeline phrases, unit names, capitals, lines that
continue the one before) and placed left to right in the printed column order. Rows without an
id start where a closed row is followed by new text. Where the order of cues cannot be read
as one row, the row is kept and a note (→ finding) says what is doubtful.
"""

from __future__ import annotations

import itertools
import re

from vnplan.extractors.appendix.cues import (
    LEADING_ID,
    ROW_ID,
    TRAILING_MONEY,
    UNIT_FIELDS,
    DraftRow,
    cues,
    ends_dangling,
    is_timeline,
    is_unit,
    is_upper_title,
    normalise_id,
    parse_money,
)
from vnplan.reference.keys import BULLETS

# Debris after the table: a digital-signature timestamp "2020-12-24T09:19:46+0700".
_DEBRIS = re.compile(r"^\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# A first word in capitals: an acronym continuing a cell ("TN&TKQ", "PAKN", "CB,CC của").
_ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ&,.\-/]+(?:\s|$)")
_BULLETS = tuple(BULLETS)  # the marks a bulleted line opens with
_ENDS_IN_DIGIT = re.compile(r"\d$")
# A line opening with a percentage: "100% TTHC …", "Từ 90% văn bản …".
_PERCENT = re.compile(r"^(?:Từ\s+)?\d{1,3}(?:[.,]\d+)?\s?%")

TEXT_FIELDS = ("target", "task", "output")


def rebuild_rows(lines: list[tuple[int, int, str]], columns: list[str]) -> list[DraftRow]:
    """Rows of a flattened table from its body ``lines`` (start, end, text) and the canonical
    fields of its printed columns, left to right."""
    builder = _Builder(columns)
    for start, _end, text in lines:
        if text.lstrip()[:1].isdigit() and _DEBRIS.match(text):
            continue
        for piece in _split_line(text, start, columns):
            builder.feed(piece)
    builder.finish()
    return builder.rows


def _split_line(text: str, start: int, columns: list[str]) -> list[tuple[str, int, int, bool]]:
    """A line as (text, start, end, is_id) pieces: a leading row id, the text, a trailing amount."""
    pieces = []
    body = text.strip()
    pos = start + len(text) - len(text.lstrip())
    first = body[:1]
    may_open_with_id = first.isdigit() or (first != "" and first in "IVX")  # as ids begin
    if may_open_with_id and ROW_ID.match(body):
        return [(body, pos, pos + len(body), True)]
    match = LEADING_ID.match(body) if may_open_with_id else None
    if match:
        pieces.append((match["id"], pos, pos + len(match["id"]), True))
        pos += match.end()
        body = body[match.end():]
    # (an amount can only end a line that ends in a digit or "đ"/"đồng")
    ends_like_money = body[-1:].isdigit() or body.endswith(("đ", "đồng"))
    money = TRAILING_MONEY.search(body) if "budget" in columns and ends_like_money else None
    if money and body[: money.start()].strip() and not _ENDS_IN_DIGIT.search(body[: money.start()]):
        head = body[: money.start()]
        pieces.append((head, pos, pos + len(head.rstrip()), False))
        pieces.append((money["amount"], pos + money.start("amount"), pos + money.end("amount"), False))
    elif body:
        pieces.append((body, pos, pos + len(body), False))
    return pieces


class _Builder:
    """Places tokens into rows, left to right along the printed columns."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.first_text = next((c for c in columns if c in ("target", "task")), None)
        first_unit = next((i for i, c in enumerate(columns) if c in UNIT_FIELDS), len(columns))
        # text columns before the first unit column (target, task) and after it (output)
        self.early_text = [c for c in columns[:first_unit] if c in TEXT_FIELDS]
        self.rows: list[DraftRow] = []
        self.row: DraftRow | None = None
        self.col: str | None = None  # the column the last token went to
        self.closed = True  # the current row is complete (its last column was filled)
        self.last_text = ""  # the text of the last token, to see whether it dangles
        self.total: tuple[int, int, int] | None = None  # (amount, start, end) of a total row
        self.want_total = False

    # -- placing -------------------------------------------------------------------------

    def feed(self, piece: tuple[str, int, int, bool]) -> None:
        text, start, end, is_id = piece
        if is_id:
            self._new_row()
            self._put("id", normalise_id(text), start, end)
            return
        kind = self._classify(text)
        if kind == "total":
            self.want_total = True
        elif kind == "money":
            self._money(text, start, end)
        elif self.want_total:
            return  # text after the total row is not part of the table
        elif self.row is None or (self.closed and not self._continues_closed(kind, text, start, end)):
            self._new_row()
            self._put(self._opening_column(), text, start, end)
        elif not self.closed:
            self._place(kind, text, start, end)

    def _continues_closed(self, kind: str, text: str, start: int, end: int) -> bool:
        """Lines printed below a row's vertically centred last cells still belong to it: a
        task ending in ':' goes on, as does a bulleted list ending in ';'. ``kind`` is the
        line's class (``_classify``)."""
        row = self.row
        if row is None or kind in ("unit", "time", "title"):
            return False
        for name in ("task", "target", "output"):
            cell = row.cells.get(name, "")
            if cell.endswith(":") or (cell.endswith(";") and text.startswith(_BULLETS)):
                row.add(name, text, start, end)
                self.last_text = text
                return True
        return False

    def _opening_column(self) -> str:
        return self.first_text or self.columns[min(1, len(self.columns) - 1)]

    def _place(self, kind: str, text: str, start: int, end: int) -> None:
        row, col = self.row, self.col
        assert row is not None
        if col == "id":
            if kind == "time" and "timeline" in self.columns and row.filled(self.first_text or ""):
                self._put("timeline", text, start, end)
            else:
                self._put(self.first_text or col, text, start, end)
            return
        if kind == "cont" and col is not None:
            self._put(col, text, start, end)
            return
        if kind == "title":
            if col in self.early_text and is_upper_title(row.cells.get(col, "")):
                self._put(col, text, start, end)
            else:
                self._new_row()
                self._put(self._opening_column(), text, start, end)
            return
        if kind == "time" and "timeline" in self.columns:
            self._put("timeline", text, start, end)
            return
        if kind == "unit" and any(c in self.columns for c in UNIT_FIELDS):
            self._unit(text, start, end)
            return
        # plain text
        if col in self.early_text:
            following = self.early_text[self.early_text.index(col) + 1:]
            if following:
                self._put(following[0], text, start, end)
            else:  # a new line of text after a task: the task row had no other cells
                self._new_row()
                self._put(self._opening_column(), text, start, end)
            return
        if col in UNIT_FIELDS or col == "output":
            if col != "output" and "timeline" in self.columns:
                text = self._split_inner_timeline(text, start, end)
                if text is None:
                    return
            self._put("output" if "output" in self.columns else col, text, start, end)
            return
        # text after the timeline: a new row without an id
        self._new_row()
        self._put(self._opening_column(), text, start, end)

    def _split_inner_timeline(self, text: str, start: int, end: int) -> str | None:
        """'Kết quả cập nhật Thường xuyên' holds the output and the timeline side by side."""
        match = cues().inner_timeline.search(text)
        if not match or not text[match.end()].isupper():
            return text
        head, tail = text[: match.start()], text[match.end():]
        self._put("output", head, start, start + len(head))
        self._put("timeline", tail, start + match.end(), end)
        return None

    def _unit(self, text: str, start: int, end: int) -> None:
        row, col = self.row, self.col
        assert row is not None and col is not None
        units = [c for c in self.columns if c in UNIT_FIELDS]
        here = self.columns.index(col)
        if col in units and cues().unit_qualifier.match(text.strip()) and "UBND" not in row.cells[col]:
            self._put(col, text, start, end)  # "Đội ngũ công chức" ⏎ "UBND xã"
        elif here < self.columns.index(units[0]):
            self._put(units[0], text, start, end)
        elif col == "output":
            self._put(col, text, start, end)
        elif col not in units:  # after the timeline: a row without an id begins
            self._new_row()
            self._put(self._opening_column(), text, start, end)
        elif col != units[-1]:
            self._put(units[units.index(col) + 1], text, start, end)
        else:
            self._third_unit(units, text, start, end)

    def _third_unit(self, units: list[str], text: str, start: int, end: int) -> None:
        """A third unit name in a row: the first was the task of a row without an id
        ("Kiểm tra, giám sát công tác CCHC" ⏎ "Đảng ủy, HĐND" ⏎ "Đảng ủy, HĐND" ⏎ "Các ban…")."""
        row = self.row
        assert row is not None
        new = DraftRow()
        row.move(units[0], new, self._opening_column())
        for earlier, later in itertools.pairwise(units):
            row.move(later, new, earlier)
        new.notes.append(("appendix_cell_doubtful", "info", "three unit names in a row: the "
                          "first is read as the task of a row without an id"))
        self.rows.append(new)
        self.row = new
        self._put(units[-1], text, start, end)

    def _money(self, text: str, start: int, end: int) -> None:
        amount = parse_money(text)
        if self.want_total:
            if self.total is None and amount is not None:
                self.total = (amount, start, end)
            return
        if self.row is None or "budget" not in self.columns or self.row.filled("budget"):
            self._new_row()
        assert self.row is not None
        self._put("budget", text, start, end)
        self.closed = True

    def _put(self, name: str, text: str, start: int, end: int) -> None:
        assert self.row is not None
        self.row.add(name, text, start, end)
        self.col = name
        self.last_text = text
        self.closed = name == self.columns[-1]

    def _new_row(self) -> None:
        self.row = DraftRow()
        self.rows.append(self.row)
        self.col = None
        self.closed = False
        self.last_text = ""

    def finish(self) -> None:
        self.rows = [r for r in self.rows if r.cells]

    # -- reading a line ------------------------------------------------------------------

    def _classify(self, text: str) -> str:
        c = cues()
        stripped = text.strip()
        if "budget" in self.columns and parse_money(stripped) is not None:
            return "money"
        if c.total_label.match(stripped):
            return "total"
        previous = self.last_text.rstrip()
        # "… của cơ quan cấp trên" ⏎ "Văn phòng - Thống kê": a unit name starts a new cell
        # unless the line above clearly asks for more ("… của UBND tỉnh và" ⏎ "UBND huyện")
        dangling = previous and self.col is not None and ends_dangling(previous)
        if dangling and (not is_unit(stripped) or ends_dangling(previous, strong=True)):
            return "cont"
        if previous and self.col in UNIT_FIELDS and c.unit_head.match(previous):
            return "cont"  # "Lãnh đạo" ⏎ "Đảng ủy, HĐND"
        if is_timeline(stripped):
            return "time"
        if is_unit(stripped):
            return "unit"
        if is_upper_title(stripped) and len(stripped.split()) >= 3:
            return "title"
        if is_upper_title(stripped) and is_upper_title(previous) and self.col in self.early_text:
            return "cont"  # the rest of a group title: "HÀNH CCHC", "BỘ, CÔNG CHỨC"
        if stripped.startswith(_BULLETS):
            return "cont" if previous.endswith((";", ":")) else "text"
        if "%" in stripped and _PERCENT.match(stripped) and self.col not in self.early_text:
            return "text"  # "100% máy tính có cài đặt …": a target-like task begins
        first = stripped[0]
        if first.islower() or first.isdigit() or first in "(,;.)%" or _ACRONYM.match(stripped):
            return "cont"
        if previous.endswith((";", ":")) and self.col not in self.early_text:
            return "cont"
        return "text"
