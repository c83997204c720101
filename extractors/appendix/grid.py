"""Rows of a table that kept its cells: tab-separated lines (Markdown, and the rendering of
DOCX/PDF/HTML tables) or ``RawTable`` cells, where a merged cell shows as ``None``.

Sample 002 shows what such rows do::

    I ⇥ Cải cách thể chế ⇥ ⇥ …            ← a group row: an id and a title
    1 ⇥ 100% văn bản … ⇥ Tham mưu … ⇥ …   ← a task row
    ⇥ ⇥ Nâng cao chất lượng … ⇥ …          ← empty Stt and Mục tiêu: merged with the row above
    ⇥ ⇥ ⇥ ⇥ ⇥ HT, Quân sự, Công an ⇥       ← the end of a cell broken onto the next line
    Stt ⇥ Mục tiêu ⇥ …                      ← the header again after a page break

Real cells (DOCX/HTML/PDF) say more: a ``None`` is a part of a merged cell. Sample plan
Lâm Đồng 2026 (DOCX) shows both kinds::

    2 ⇥ Tham mưu ban hành Kế hoạch … ⇥ Kế hoạch kiểm tra … ⇥ … ⇥ Sở Nội vụ ⇥ …
    None ⇥ None ⇥ Kế hoạch tự kiểm tra … ⇥ …   ← Stt and Nhiệm vụ merged down: a row of its own
    5 ⇥ … ⇥ Theo phân công tại Quyết định … ⇥ None ⇥ …   ← one cell across Chủ trì and Phối hợp
"""

from __future__ import annotations

import re

from vnplan.extractors.appendix.cues import (
    LETTER_ID,
    ROW_ID,
    UNIT_FIELDS,
    DraftRow,
    classify_header,
    ends_dangling,
    header_words,
    is_timeline,
    is_unit,
    normalise_id,
    parse_money,
)

# A group row's single cell: "II. Cải cách thủ tục hành chính (TTHC)", "1 Kiểm soát TTHC".
_ID_AND_TITLE = re.compile(r"^(?P<id>[IVX]{1,5}|\d{1,2}(?:[.,]\d{1,2}){0,3})[.):]?\s+(?P<title>\S.*)$")
# Cells that belong to the row's identity; a row with none of them continues the row above.
_KEY_FIELDS = ("id", "target", "task")

GridRow = tuple[list[str | None], int, int]  # cells, start, end


def is_header_row(cells: list[str | None]) -> bool:
    """A header row: short cells (a note in brackets aside), at least three of which name
    known columns."""
    texts = [c for c in cells if c and c.strip()]
    if len(texts) < 3 or any(len(t.split(maxsplit=8)) > 8 and header_words(t) > 8 for t in texts):
        return False
    unknown = 0
    for text in texts:  # stop at the second cell that is not a header (most rows)
        if classify_header(text) is None:
            unknown += 1
            if unknown > 1:
                return False
    return len(texts) - unknown >= 3


def build_rows(rows: list[GridRow], fields: list[str | None]) -> list[DraftRow]:
    """Draft rows from grid rows whose cells line up with the printed columns ``fields``."""
    drafts: list[DraftRow] = []
    above: list[str | None] | None = None  # the cells of the grid row above, as given
    for cells, start, end in rows:
        if is_header_row(cells):
            continue  # the header repeated after a page break
        cells = _realign(_spanning_heading(cells, fields), fields)
        cells, above = _spread_unit_span(cells, fields, above), cells
        row = DraftRow()
        merged: set[str] = set()
        for name, cell in zip(fields, cells, strict=False):
            if name is None:
                continue
            if cell is None:
                merged.add(name)
                continue
            row.add(name, cell, start, end)
        if not row.cells:
            continue
        if _is_group_row(row, fields):
            _split_title(row, "task" in fields)
        previous = drafts[-1] if drafts else None
        if previous is not None and _continues(row, previous, merged, fields):
            for name, text in row.cells.items():
                previous.add(name, text, *row.spans[name])
            continue
        if previous is not None:
            _join_split_merged_cell(previous, row)
            _inherit_merged(previous, row, merged)
        drafts.append(row)
    return drafts


def _spanning_heading(cells: list[str | None], fields: list[str | None]) -> list[str | None]:
    """A group heading in a cell that spans the rest of the row, beside its id or alone:
    "A ⇥ THỦ TỤC HÀNH CHÍNH CẤP TRUNG ƯƠNG ⇥ None ⇥ None …" under "TT ⇥ Mã TTHC ⇥ Tên thủ
    tục …". Its text goes to the row's text column (task or target), wherever the cell began.
    A heading alone in the id column ("I. NÂNG CAO …") is split by ``_split_title``."""
    if not cells or cells[-1] is not None:
        return cells
    filled = [k for k, c in enumerate(cells) if c and c.strip()]
    if not filled or len(filled) > 2 or (len(filled) == 2 and filled[0] != 0):
        return cells
    k = filled[-1]
    if any(c is not None for c in cells[k + 1:]) or k >= len(fields):
        return cells
    key = next((j for j, f in enumerate(fields) if f in ("task", "target")), None)
    if key is None or key == k or fields[k] in ("id", "task", "target", "subject_unit"):
        return cells
    if len(filled) == 2 and fields[0] != "id":
        return cells
    out = list(cells)
    out[key], out[k] = cells[k], ("" if k < key else None)
    return out


def _is_group_row(row: DraftRow, fields: list[str | None]) -> bool:
    filled = [f for f in fields if f and row.filled(f)]
    return 0 < len(filled) <= 2 and all(f in ("id", "target", "task") for f in filled)


def _split_title(row: DraftRow, has_task: bool = True) -> None:
    """'II. Cải cách thủ tục hành chính' in one cell → id 'II', task '…'; a title in the
    Mục tiêu column moves to the task (when the table has one: in a table of indicators the
    group's title is an indicator too)."""
    first_field = next(iter(row.cells))
    text = row.cells[first_field]
    if first_field == "id" and len(row.cells) == 1 and (match := _ID_AND_TITLE.match(text)):
        a, b = row.spans.pop("id")
        del row.cells["id"]
        row.add("id", match["id"], a, a + len(match["id"]))
        row.add("task", match["title"], a + match.start("title"), b)
    if "id" in row.cells:
        row.cells["id"] = normalise_id(row.cells["id"])
    if has_task and "target" in row.cells and "task" not in row.cells:
        row.move("target", row, "task")


def _continues(
    row: DraftRow, previous: DraftRow, merged: set[str], fields: list[str | None]
) -> bool:
    """The rest of the row above, broken onto the next line or page: no id, and either no
    target or task at all ("TP-" ⏎ "HT, Quân sự, Công an") or one that starts in lower case
    ("Đánh giá hiệu quả … Bộ phận Một cửa" ⏎ "theo quy định của UBND tỉnh") or after a
    cell left hanging ("… cho hoạt động số hóa hồ sơ" ⏎ "TTHC, thanh toán …").
    Not so when real cells show its Stt and first text cell merged with the row above: a
    cell broken over lines stays one cell, so such a row is a row of its own."""
    if row.filled("id"):
        return False
    key = next((f for f in ("target", "task") if f in fields), None)
    if "id" in merged and key in merged:
        return False
    name = next((f for f in ("target", "task") if row.filled(f)), None)
    if name is None or row.cells[name][:1].islower():
        return True
    above = previous.cells.get(name, "")
    return bool(above) and ends_dangling(above) and row.inherited != {"target"}


def _join_split_merged_cell(previous: DraftRow, row: DraftRow) -> None:
    """A merged Stt/Mục tiêu cell whose text the converter split over two rows:
    "⇥ Thực hiện đúng quy định về ⇥ …" then "1 ⇥ quản lý ngân sách, tài sản công ⇥ …"."""
    target = row.cells.get("target", "")
    above = previous.cells.get("target", "")
    if not (row.filled("id") and not previous.filled("id") and target[:1].islower() and above):
        return
    if above.rstrip()[-1:] in ".;:!?":
        return
    a, b = row.spans["id"]
    previous.add("id", row.cells.pop("id"), a, b)
    del row.spans["id"]
    previous.add("target", row.cells.pop("target"), *row.spans.pop("target"))
    row.cells["target"], row.spans["target"] = previous.cells["target"], previous.spans["target"]
    row.inherited.add("target")


def _inherit_merged(previous: DraftRow, row: DraftRow, merged: set[str]) -> None:
    """A row with no Stt and no Mục tiêu shares them with the row above (vertically merged
    cells): it takes the target; its id stays empty (its parent is that row). In a table
    without a Mục tiêu column, a Nhiệm vụ cell merged down (``None``) is shared the same way."""
    if row.filled("id"):
        return
    if not row.filled("target") and previous.filled("target"):
        row.cells["target"], row.spans["target"] = previous.cells["target"], previous.spans["target"]
        row.inherited.add("target")
    elif "task" in merged and not row.filled("task") and previous.filled("task") and "id" in merged:
        row.cells["task"], row.spans["task"] = previous.cells["task"], previous.spans["task"]
        row.inherited.add("task")


def _spread_unit_span(
    cells: list[str | None], fields: list[str | None], above: list[str | None] | None
) -> list[str | None]:
    """One cell printed across Chủ trì and Phối hợp ("Theo phân công tại Quyết định …" ⏎
    None): the covered column names the same units. A ``None`` under a ``None`` is a cell
    merged down, not across, and is left alone."""
    out = list(cells)
    for k in range(1, min(len(out), len(fields))):
        if out[k] is not None or fields[k] not in UNIT_FIELDS or fields[k - 1] not in UNIT_FIELDS:
            continue
        if (out[k - 1] or "").strip() and (above is None or k >= len(above) or above[k] is not None):
            out[k] = out[k - 1]
    return out


# -- realigning shifted rows ----------------------------------------------------------------


def _realign(cells: list[str | None], fields: list[str | None]) -> list[str | None]:
    """A row the converter shifted by one cell (a merged cell dropped): try moving its cells
    one place right or left and keep the placement whose cells read most like their columns."""
    if len(cells) < len(fields):
        cells = cells + [""] * (len(fields) - len(cells))
    best, best_score = cells, _score(cells, fields)
    candidates = []
    if _is_empty(cells[-1]):
        candidates.append(["", *cells[:-1]])
    if _is_empty(cells[0]) and len(cells) > 1:
        candidates.append([*cells[1:], ""])
    for candidate in candidates:
        score = _score(candidate, fields)
        if score > best_score + 1:
            best, best_score = candidate, score
    return best


def _is_empty(cell: str | None) -> bool:
    return not (cell or "").strip()


def _score(cells: list[str | None], fields: list[str | None]) -> int:
    """How well the cells read like their columns; each cell is tested only for what its
    column asks (a timeline cell for a timeline or a unit, a budget cell for money, …)."""
    score = 0
    for name, cell in zip(fields, cells, strict=False):
        if not cell or name is None:
            continue
        text = cell.strip()
        if text:
            score += _cell_score(name, text)
    return score


def _cell_score(name: str, text: str) -> int:
    if name == "timeline":
        return 2 if is_timeline(text) else (-2 if is_unit(text) else 0)
    if name in UNIT_FIELDS:
        return 1 if is_unit(text) else (-2 if is_timeline(text) else 0)
    if name == "budget":
        return 2 if parse_money(text) is not None else -1
    if name == "id":
        return 2 if ROW_ID.match(text) or LETTER_ID.match(text) or _ID_AND_TITLE.match(text) else -2
    return -1 if (len(text) < 30 and is_timeline(text)) or is_unit(text) else 0
