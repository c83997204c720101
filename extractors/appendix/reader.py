"""The data tables of a document (phụ lục nhiệm vụ, biểu mẫu, tables in the body): every row
with its cells.

    text → stretches that may hold a table (``segments``: runs of table rows in the body, one
    per PHỤ LỤC or per table inside it) → title, caption, header and kind (``header``) →
    draft rows (``appendix_grid`` for tab-separated or cell tables, ``appendix_flat`` for
    tables flattened to one cell per line) → ids, parents, timelines, budgets → arithmetic.

A row the extractor cannot read with confidence is kept, and a ``Finding`` says why; budget
sums that do not add up are findings (``budget_mismatch``), never errors.
"""

from __future__ import annotations

import re

from vnplan.extractors.appendix.cues import (
    KEY_FIELDS,
    LETTER_ID,
    DraftRow,
    cues,
    is_upper_title,
    normalise_id,
    parse_money,
)
from vnplan.extractors.appendix.flat import rebuild_rows
from vnplan.extractors.appendix.grid import build_rows
from vnplan.extractors.appendix.header import Line, find_header, is_layout_row, table_kind
from vnplan.extractors.appendix.segments import is_appendix_start, table_segments
from vnplan.extractors.appendix.timelines import parse_timeline
from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.document.layout import is_appendix_caption
from vnplan.models import AppendixRow, AppendixTable, Finding

# "PHỤ LỤC", "PHỤ LỤC I", "Phụ lục 02:", "PHỤ LỤC SỐ 1" — a label line starting a table.
_APPENDIX_LABEL = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s+)?[IVX\d]+)?\s*[:.]?\s*$")
_ROMAN = re.compile(r"^[IVX]+$")
_CELL_FIELDS = ("target", "task", "lead", "support", "output")


def find_appendix(
    text: str, context: ExtractionContext
) -> tuple[list[AppendixTable], list[Finding]]:
    """Every data table of the document — in the body and in its appendices (PHỤ LỤC) — and
    findings about their rows and sums. Layout tables (the header beside the national motto,
    the Nơi nhận beside the signature) are not data tables and are left alone."""
    begin = len(text) if context.body_end is None else context.body_end
    known = _table_cells(context)
    tables: list[AppendixTable] = []
    findings: list[Finding] = []
    for segment, grid_only in table_segments(text, begin, lambda line: _cells(line, known)):
        result = _read_table(segment, context, known, grid_only)
        if result is not None:
            if result[0] is not None:
                tables.append(result[0])
            findings.extend(result[1])
    return tables, findings


def _read_table(
    lines: list[Line], context: ExtractionContext, known: dict, grid_only: bool
) -> tuple[AppendixTable | None, list[Finding]] | None:
    header = find_header(lines, lambda line: _cells(line, known), grid_only)
    if header is None:
        return _unread(lines, context, known)
    title_lines, caption = [], None
    for line in lines[: header.start]:
        stripped = line.text.strip()
        if caption is None and is_appendix_caption(stripped):
            caption = stripped.strip("() -").strip()
        elif not _APPENDIX_LABEL.match(stripped):
            title_lines.append(stripped)
    body = lines[header.end:]
    fields = [f or "" for f in header.fields]
    if header.grid:
        drafts = build_rows(_grid_rows(body, known), list(header.fields))
        total = _grid_total(drafts)
    else:
        drafts = rebuild_rows(body, [f for f in fields if f])  # lines are (start, end, text)
        total = None
        if drafts and set(drafts[-1].cells) == {"budget"}:  # an amount alone below the rows
            total = parse_money(drafts.pop().cells["budget"])
    rows, parents, findings = _finish_rows(drafts, context, set(fields))
    total, total_findings = _total(rows, parents, total, context)
    findings.extend(total_findings)
    table = AppendixTable(
        kind=table_kind(header.fields),
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


def _unread(
    lines: list[Line], context: ExtractionContext, known: dict
) -> tuple[None, list[Finding]] | None:
    """A table of data whose header names no known column says so once, with its page."""
    rows = [line for line in lines if "\t" in line.text]
    if len(rows) < 2 or not known or not all(_line_key(_cells(r, known)) in known for r in rows[:2]):
        return None  # only tables the source gave as cells: tab-separated prose is no table
    if is_layout_row(_cells(rows[0], known)):
        return None
    span = (rows[0].start, rows[-1].end)
    page = context.page_at(span[0])
    where = f" on page {page}" if page else ""
    return None, [Finding(
        kind="appendix_table_unread", severity="info", span=span, page=page,
        message=f"a table of {len(rows)} rows{where} has no header naming known columns "
        f"(appendix_headers.yaml); its rows are not read")]


def _cells(line: Line, known: dict) -> list[str | None]:
    """The cells of a tab-separated line: the source's own cells where it gave them (a merged
    cell shows as None), else the line split at its tabs."""
    cells: list[str | None] = [c.strip() for c in line.text.split("\t")]
    return known.get(_line_key(cells), cells) if known else cells


# -- grid rows ------------------------------------------------------------------------------


def _grid_rows(body: list[Line], known: dict) -> list[tuple[list[str | None], int, int]]:
    """Tab-separated lines as cells; where the source gave real cells (``context.tables``)
    they replace the line's, so merged cells show as None. A line without tabs continues
    the last cell of the row above — unless that row came whole from the source's cells:
    then the table is over."""
    rows: list[tuple[list[str | None], int, int]] = []
    whole = False  # the row above is a row of the source's cells
    for line in body:
        if "\t" not in line.text:
            if not rows:
                continue
            if whole or is_appendix_start(line.text) or is_appendix_caption(line.text):
                break
            cells, start, _ = rows[-1]
            last = max((k for k, c in enumerate(cells) if c), default=0)
            cells[last] = f"{cells[last] or ''} {line.text.strip()}".strip()
            rows[-1] = (cells, start, line.end)
            continue
        cells: list[str | None] = [c.strip() for c in line.text.split("\t")]
        whole = False
        if known:  # real cells (DOCX/HTML/PDF tables) to look the line up in
            key = _line_key(cells)
            whole = key in known
            cells = known.get(key, cells)
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
    drafts: list[DraftRow], context: ExtractionContext, fields: set[str]
) -> tuple[list[AppendixRow], list[int | None], list[Finding]]:
    findings: list[Finding] = []
    _infer_group_ids(drafts)
    parents = _parents(drafts)
    has_children = {p for p in parents if p is not None}
    seen_ids: set[tuple[int | None, str]] = set()
    others_have_cells = _others_have_cells(drafts)
    # A table of units evaluated with no text column ("Tỉnh | Điểm số | Thứ hạng"): the unit
    # is the row's label, so it is its task too (never its lead).
    label_is_unit = "subject_unit" in fields and not fields & {"task", "target"}
    doubtful: list[AppendixRow] = []  # rows with only their task cell
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
        # cells beside its text (a group's subtotal does not make it a row of its own)
        has_cells = any(v for f, v in cells.items() if f not in KEY_FIELDS and f != "budget")
        row = AppendixRow(
            id=row_id,
            parent_id=drafts[parents[i]].cells.get("id") if parents[i] is not None else None,
            is_group_header=i in has_children and not has_cells,
            target=cells.get("target"),
            task=cells.get("subject_unit") if label_is_unit else cells.get("task"),
            lead=cells.get("lead"),
            subject_unit=cells.get("subject_unit"),
            support=cells.get("support"),
            output=cells.get("output"),
            timeline=parse_timeline(cells["timeline"], context.plan_year)
            if draft.filled("timeline") else None,
            budget_vnd=budget,
            span=span,
            page=page,
        )
        rows.append(row)
        if not has_cells and i not in has_children and row.task and others_have_cells:
            doubtful.append(row)
        if row_id is not None and (parents[i], row_id) in seen_ids:
            draft.notes.append(("appendix_duplicate_id", "info",
                                f"the id {row_id} is printed twice in the same group"))
        seen_ids.add((parents[i], row_id or ""))
        for kind, severity, message in draft.notes:
            findings.append(Finding(kind=kind, severity=severity, message=message, span=span,
                                    page=page, row=row_id))
    if doubtful:
        findings.append(_doubtful_rows(doubtful, context))
    return rows, parents, findings


def _doubtful_rows(rows: list[AppendixRow], context: ExtractionContext) -> Finding:
    """One finding for the rows of a table whose other cells were not found, listing them."""
    names = [r.id or f"“{' '.join((r.task or '').split()[:6])} …”" for r in rows]
    listed = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    first = rows[0]
    return Finding(
        kind="appendix_cell_doubtful", severity="warning", span=first.span,
        page=context.page_at(first.span[0]), row=first.id if len(rows) == 1 else None,
        message=f"{len(rows)} row(s) with only the task cell found: their other cells may be "
        f"run together on one line or lost; check in the source: {listed}")


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
    letter: int | None = None  # the last lettered group (A, B …), above the roman ones
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
        if LETTER_ID.match(row_id) and not _ROMAN.match(row_id.rstrip(".)")):
            letter, roman, numbered = i, None, {}
            parents.append(None)
            continue
        if _ROMAN.match(row_id.rstrip(".)")):
            roman, numbered = i, {}
            parents.append(letter)
            continue
        key = normalise_id(row_id)
        parts = key.split(".")
        parent = roman if roman is not None else letter
        for k in range(len(parts) - 1, 0, -1):
            hit = numbered.get(".".join(parts[:k]))
            if hit is not None:
                parent = hit
                break
        numbered[key] = i
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
