"""Appendix work-programme tables (phụ lục nhiệm vụ): every task row with its cells.

    text after ``context.body_end`` → tables (one per PHỤ LỤC) → title, caption, header →
    draft rows (``appendix_grid`` for tab-separated or cell tables, ``appendix_flat`` for
    tables flattened to one cell per line) → ids, parents, timelines, budgets → arithmetic.

A row the extractor cannot read with confidence is kept, and a ``Finding`` says why; budget
sums that do not add up are findings (``budget_mismatch``), never errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from vnplan.extractors.appendix.cues import (
    DraftRow,
    classify_header,
    cues,
    is_upper_title,
    normalise_id,
    parse_money,
)
from vnplan.extractors.appendix.flat import rebuild_rows
from vnplan.extractors.appendix.grid import build_rows, is_header_row
from vnplan.extractors.appendix.timelines import parse_timeline
from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.document.layout import APPENDIX_CAPTION, APPENDIX_TITLE
from vnplan.models import AppendixRow, AppendixTable, Finding

# "PHỤ LỤC", "PHỤ LỤC I", "Phụ lục 02:", "PHỤ LỤC SỐ 1" — a label line starting a table.
_APPENDIX_LABEL = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s+)?[IVX\d]+)?\s*[:.]?\s*$")
_APPENDIX_START = APPENDIX_TITLE
_ROMAN = re.compile(r"^[IVX]+$")
_CELL_FIELDS = ("target", "task", "lead", "support", "output")


class Line(NamedTuple):
    """A line of the appendix with its offsets, like ``layout.Line`` but a plain tuple: an
    appendix has hundreds of lines, and a tuple is made in half the time of a frozen dataclass."""

    start: int
    end: int
    text: str


@dataclass
class _Header:
    columns: list[str]  # as printed
    fields: list[str | None]  # canonical field of each column
    start: int  # index of the first line of the header
    end: int  # index of the first line after it
    grid: bool  # cells separated by tabs


def find_appendix(
    text: str, context: ExtractionContext
) -> tuple[list[AppendixTable], list[Finding]]:
    """The appendix tables of a plan, and findings about their rows and sums."""
    begin = len(text) if context.body_end is None else context.body_end
    lines = _lines_from(text, begin)
    tables: list[AppendixTable] = []
    findings: list[Finding] = []
    for segment in _segments(lines):
        result = _read_table(segment, context)
        if result is not None:
            tables.append(result[0])
            findings.extend(result[1])
    return tables, findings


def _lines_from(text: str, begin: int) -> list[Line]:
    """The lines of ``text`` with something on them that start at or after ``begin`` (as
    ``split_lines`` gives them, but only the appendix part of the text is split)."""
    if begin > 0 and text[begin - 1 : begin] != "\n":
        newline = text.find("\n", begin)
        if newline < 0:
            return []
        begin = newline + 1
    lines = []
    pos = begin
    for raw in text[begin:].split("\n"):
        if raw.strip():
            lines.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def _segments(lines: list[Line]) -> list[list[Line]]:
    """One list of lines per appendix: a new one begins at each later PHỤ LỤC line."""
    segments: list[list[Line]] = []
    for line in lines:
        if not segments or (len(segments[-1]) > 3 and _is_appendix_start(line.text)):
            segments.append([])
        segments[-1].append(line)
    return segments


def _is_appendix_start(text: str) -> bool:
    """A 'PHỤ LỤC …' line (the cheap test first: most lines do not start so)."""
    stripped = text.strip()
    return stripped.startswith(("PHỤ", "Phụ")) and bool(_APPENDIX_START.match(stripped))


def _read_table(
    lines: list[Line], context: ExtractionContext
) -> tuple[AppendixTable, list[Finding]] | None:
    header = _find_header(lines)
    if header is None:
        return None
    title_lines, caption = [], None
    for line in lines[: header.start]:
        stripped = line.text.strip()
        if caption is None and APPENDIX_CAPTION.match(stripped.lstrip("( ")):
            caption = stripped.strip("() ").strip()
        elif not _APPENDIX_LABEL.match(stripped):
            title_lines.append(stripped)
    body = lines[header.end:]
    fields = [f or "" for f in header.fields]
    if header.grid:
        drafts = build_rows(_grid_rows(body, context), list(header.fields))
        total = _grid_total(drafts)
    else:
        drafts = rebuild_rows(body, [f for f in fields if f])  # lines are (start, end, text)
        total = None
        if drafts and set(drafts[-1].cells) == {"budget"}:  # an amount alone below the rows
            total = parse_money(drafts.pop().cells["budget"])
    rows, parents, findings = _finish_rows(drafts, context)
    total, total_findings = _total(rows, parents, total, context)
    findings.extend(total_findings)
    table = AppendixTable(
        title=" ".join(title_lines) or None,
        caption=caption,
        columns=header.columns,
        column_map={c: f for c, f in zip(header.columns, header.fields, strict=True) if f},
        rows=rows,
        total_budget_vnd=total,
        span=(lines[0].start, max([lines[header.end - 1].end] + [r.span[1] for r in rows])),
    )
    findings.extend(_check_budgets(rows, parents, total, context))
    return table, findings


# -- the header -----------------------------------------------------------------------------


def _find_header(lines: list[Line]) -> _Header | None:
    for i, line in enumerate(lines):
        if "\t" in line.text:
            cells = [c.strip() for c in line.text.split("\t")]
            if is_header_row(cells):
                while cells and not cells[-1]:
                    cells.pop()
                return _Header(cells, [classify_header(c) for c in cells], i, i + 1, True)
            continue
        header = _flat_header(lines, i)
        if header is not None:
            return header
    return None


def _flat_header(lines: list[Line], i: int) -> _Header | None:
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
    return _Header(columns, fields, i, j, False)


# -- grid rows ------------------------------------------------------------------------------


def _grid_rows(body: list[Line], context: ExtractionContext) -> list[tuple[list[str | None], int, int]]:
    """Tab-separated lines as cells; where the source gave real cells (``context.tables``)
    they replace the line's, so merged cells show as None. A line without tabs continues
    the last cell of the row above."""
    known = _table_cells(context)
    rows: list[tuple[list[str | None], int, int]] = []
    for line in body:
        if "\t" not in line.text:
            if not rows:
                continue
            if _is_appendix_start(line.text) or APPENDIX_CAPTION.match(line.text.strip()):
                break
            cells, start, _ = rows[-1]
            last = max((k for k, c in enumerate(cells) if c), default=0)
            cells[last] = f"{cells[last] or ''} {line.text.strip()}".strip()
            rows[-1] = (cells, start, line.end)
            continue
        cells: list[str | None] = [c.strip() for c in line.text.split("\t")]
        if known:  # real cells (DOCX/HTML/PDF tables) to look the line up in
            cells = known.get(_line_key(cells), cells)
        rows.append((list(cells), line.start, line.end))
    return rows


def _line_key(cells) -> tuple[str, ...]:
    key = [" ".join((c or "").split()) for c in cells]
    while key and not key[-1]:
        key.pop()
    return tuple(key)


def _table_cells(context: ExtractionContext) -> dict[tuple[str, ...], list[str | None]]:
    return {_line_key(row): row for table in context.tables for row in table.rows}


def _grid_total(drafts: list[DraftRow]) -> int | None:
    """A 'Tổng cộng' row: its amount is the table's total, and it is not a task row."""
    label = cues().total_label
    for draft in list(drafts):
        name = next((n for n in ("id", "target", "task") if draft.filled(n)), None)
        if name and label.match(draft.cells[name]) and draft.filled("budget"):
            drafts.remove(draft)
            return parse_money(draft.cells["budget"])
    return None


# -- rows -----------------------------------------------------------------------------------


def _finish_rows(
    drafts: list[DraftRow], context: ExtractionContext
) -> tuple[list[AppendixRow], list[int | None], list[Finding]]:
    findings: list[Finding] = []
    _infer_group_ids(drafts)
    parents = _parents(drafts)
    has_children = {p for p in parents if p is not None}
    seen_ids: set[tuple[int | None, str]] = set()
    others_have_cells = _others_have_cells(drafts)
    rows: list[AppendixRow] = []
    for i, draft in enumerate(drafts):
        cells = draft.cells
        span = draft.span
        page = context.page_at(span[0])
        row_id = cells.get("id")
        budget_text = cells.get("budget")
        budget = parse_money(budget_text) if budget_text else None
        if budget_text and budget is None:
            draft.notes.append(("appendix_cell_doubtful", "warning",
                                f"the budget cell {budget_text!r} is not an amount of money"))
        has_cells = any(cells.get(f) for f in ("lead", "support", "output", "timeline"))  # filled
        row = AppendixRow(
            id=row_id,
            parent_id=drafts[parents[i]].cells.get("id") if parents[i] is not None else None,
            is_group_header=i in has_children and not has_cells,
            target=cells.get("target"),
            task=cells.get("task"),
            lead=cells.get("lead"),
            support=cells.get("support"),
            output=cells.get("output"),
            timeline=parse_timeline(cells["timeline"]) if draft.filled("timeline") else None,
            budget_vnd=budget,
            span=span,
            page=page,
        )
        rows.append(row)
        if not has_cells and i not in has_children and row.task and others_have_cells:
            draft.notes.append(("appendix_cell_doubtful", "warning",
                                "only the task cell was found: the row's other cells may be run "
                                "together on one line or lost; check this row in the source"))
        if row_id is not None and (parents[i], row_id) in seen_ids:
            draft.notes.append(("appendix_duplicate_id", "info",
                                f"the id {row_id} is printed twice in the same group"))
        seen_ids.add((parents[i], row_id or ""))
        for kind, severity, message in draft.notes:
            findings.append(Finding(kind=kind, severity=severity, message=message, span=span,
                                    page=page, row=row_id))
    return rows, parents, findings


def _others_have_cells(drafts: list[DraftRow]) -> bool:
    return any(d.filled("lead") or d.filled("timeline") for d in drafts)


def _infer_group_ids(drafts: list[DraftRow]) -> None:
    """A group title whose number was lost ('TỔ CHỨC THỰC HIỆN VĂN BẢN QPPL…' above '2.1')
    takes the first part of the next id, when no row has that number yet."""
    seen: set[str] = set()
    for i, draft in enumerate(drafts):
        if draft.filled("id"):
            seen.add(draft.cells["id"])
            continue
        title = draft.cells.get("task", "")
        if not is_upper_title(title) or any(draft.filled(f) for f in _CELL_FIELDS[2:]):
            continue
        following = next((d.cells["id"] for d in drafts[i + 1:] if d.filled("id")), None)
        if following and "." in following:
            number = following.split(".")[0]
            if number not in seen:
                start = draft.span[0]
                draft.cells["id"], draft.spans["id"] = number, (start, start)
                seen.add(number)
                draft.notes.append(("appendix_id_inferred", "info",
                                    f"the group's number was not printed (or was lost); "
                                    f"read as {number} from the row {following} below it"))


def _parents(drafts: list[DraftRow]) -> list[int | None]:
    """Each row's parent (an index): 1.1.1 → 1.1 → 1 → I; a row without an id belongs to the
    numbered row above it, or is that row's sibling when it has its own target."""
    parents: list[int | None] = []
    numbered: dict[str, int] = {}  # each id since the last roman group → its last row's index
    roman: int | None = None
    owner: int | None = None  # the last row with an id
    for i, draft in enumerate(drafts):
        row_id = draft.cells.get("id")
        if row_id is None:
            if owner is None:
                parents.append(None)
            elif draft.filled("target") and "target" not in draft.inherited and drafts[owner].filled("target"):
                parents.append(parents[owner])
            else:
                parents.append(owner)
            continue
        owner = i
        if _ROMAN.match(row_id):
            roman, numbered = i, {}
            parents.append(None)
            continue
        parts = normalise_id(row_id).split(".")
        parent = roman
        for k in range(len(parts) - 1, 0, -1):
            hit = numbered.get(".".join(parts[:k]))
            if hit is not None:
                parent = hit
                break
        numbered[row_id] = i
        parents.append(parent)
    return parents


# -- budgets --------------------------------------------------------------------------------


def _total(
    rows: list[AppendixRow], parents: list[int | None], printed: int | None,
    context: ExtractionContext,
) -> tuple[int | None, list[Finding]]:
    """The table's grand total: a 'Tổng cộng' row, else a last amount larger than every other
    (a total row whose label was lost), else the sum of the top-level budgets."""
    if printed is not None:
        return printed, []
    amounts = [r.budget_vnd for r in rows if r.budget_vnd is not None]
    last = rows[-1] if rows else None
    if last is not None and last.budget_vnd is not None and len(amounts) >= 3:
        others = amounts[:-1]
        if last.budget_vnd > max(others) and not last.is_group_header:
            total = last.budget_vnd
            last.budget_vnd = None
            return total, [Finding(
                kind="appendix_total_unlabelled", severity="info",
                message=f"the last amount {total:,} is larger than every other and is read as "
                "the grand total (no 'Tổng cộng' label)".replace(",", "."),
                span=last.span, page=context.page_at(last.span[0]), row=last.id)]
    effective = _Budgets(rows, parents)
    top = [effective(i) for i, p in enumerate(parents) if p is None]
    known = [t for t in top if t is not None]
    return (sum(known) if known else None), []


class _Budgets:
    """Each row's budget, or the sum of its children's when it has none printed; the rows
    directly under each row are listed once, and each sum is worked out once."""

    def __init__(self, rows: list[AppendixRow], parents: list[int | None]) -> None:
        self.rows = rows
        self.children: list[list[int]] = [[] for _ in rows]
        for j, p in enumerate(parents):
            if p is not None:
                self.children[p].append(j)
        self._known: dict[int, int | None] = {}

    def __call__(self, i: int) -> int | None:
        if i not in self._known:
            if self.rows[i].budget_vnd is not None:
                self._known[i] = self.rows[i].budget_vnd
            else:
                known = [s for s in map(self, self.children[i]) if s is not None]
                self._known[i] = sum(known) if known else None
        return self._known[i]


def _check_budgets(
    rows: list[AppendixRow], parents: list[int | None], total: int | None,
    context: ExtractionContext,
) -> list[Finding]:
    findings = []
    effective = _Budgets(rows, parents)
    for i, row in enumerate(rows):
        if row.budget_vnd is None:
            continue
        parts = [effective(j) for j in effective.children[i]]
        known = [p for p in parts if p is not None]
        if known and sum(known) != row.budget_vnd:
            findings.append(_mismatch(
                f"row {row.id or row.task}: budget {_vnd(row.budget_vnd)} but its rows add up "
                f"to {_vnd(sum(known))}", row, context))
    top = [effective(i) for i, p in enumerate(parents) if p is None]
    known = [t for t in top if t is not None]
    if total is not None and known and sum(known) != total:
        findings.append(_mismatch(
            f"grand total {_vnd(total)} but the groups add up to {_vnd(sum(known))}", None, context))
    return findings


def _mismatch(message: str, row: AppendixRow | None, context: ExtractionContext) -> Finding:
    return Finding(
        kind="budget_mismatch", severity="warning", message=message,
        span=row.span if row else None,
        page=context.page_at(row.span[0]) if row else None,
        row=row.id if row else None,
    )


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")
