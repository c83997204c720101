"""Appendix rows as spreadsheets officials open: one xlsx sheet per plan, or one CSV.

    write_appendix(records, "tasks.xlsx")   # a sheet per plan, named by its số hiệu
    write_appendix(records, "tasks.csv")    # one table, with a "Kế hoạch" column first

Headers are readable Vietnamese; the columns are fixed and listed in ``COLUMNS``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from vnplan.models import PlanRecord
from vnplan.outputs.tables import appendix_row

# (header, column of the appendix_rows table): the order of the spreadsheet's columns.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Bảng", "table_idx"),
    ("STT", "row_id"),
    ("Thuộc mục", "parent_id"),
    ("Là nhóm", "is_group_header"),
    ("Mục tiêu", "target"),
    ("Nhiệm vụ", "task"),
    ("Chủ trì", "lead"),
    ("Phối hợp", "support"),
    ("Sản phẩm / kết quả", "output"),
    ("Thời gian (như in)", "timeline"),
    ("Bắt đầu", "timeline_start"),
    ("Hạn hoàn thành", "timeline_end"),
    ("Thường xuyên", "timeline_recurring"),
    ("Kinh phí (đồng)", "budget_vnd"),
    ("Trang", "page"),
)
_FLAGS = ("is_group_header", "timeline_recurring")  # shown as "x" when true
PLAN_HEADER = "Kế hoạch"
SUFFIXES = (".xlsx", ".csv")


def plan_label(record: PlanRecord) -> str:
    """How a plan is named in the export: its số hiệu, else its file name."""
    number = record.metadata.number
    return number or Path(record.source.path).stem


def appendix_rows(record: PlanRecord) -> Iterable[list]:
    """The export rows of one plan, in the order of ``COLUMNS``."""
    data = record.model_dump(mode="json", include={"appendix"})
    for t, table in enumerate(data["appendix"]):
        for i, row in enumerate(table["rows"]):
            yield [_value(appendix_row(t, table, i, row), key) for _, key in COLUMNS]


def write_appendix(records: list[PlanRecord], path: str | Path) -> Path:
    """Write the appendix rows of ``records`` to ``path`` (.xlsx or .csv); return the path.

    Raises ``ValueError`` for another suffix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"cannot write the appendix as {suffix or 'a file without suffix'}: "
                         "use .xlsx or .csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        _write_csv(records, path)
    else:
        _write_xlsx(records, path)
    return path


def _write_csv(records: list[PlanRecord], path: Path) -> None:
    # utf-8-sig: Excel opens a CSV with a byte-order mark as UTF-8 (Vietnamese stays readable)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([PLAN_HEADER] + [header for header, _ in COLUMNS])
        for record in records:
            label = plan_label(record)
            for values in appendix_rows(record):
                writer.writerow([label] + ["" if v is None else v for v in values])


def _write_xlsx(records: list[PlanRecord], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for record in records:
        sheet = book.create_sheet(_sheet_name(plan_label(record), used))
        sheet.append([header for header, _ in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in appendix_rows(record):
            sheet.append(values)
            if values[3]:  # a group row in bold, as printed
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for letter, width in zip("ABCDEFGHIJKLMNO", (6, 8, 9, 7, 40, 50, 25, 25, 30, 25, 11,
                                                     13, 11, 14, 6), strict=True):
            sheet.column_dimensions[letter].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "C2"
    if not book.sheetnames:
        book.create_sheet("Phụ lục").append([header for header, _ in COLUMNS])
    book.save(path)


def _sheet_name(label: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", "-", label).strip("' ")[:31] or "Kế hoạch"
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def _value(row: dict, key: str):
    value = row[key]
    if key == "table_idx":
        return value + 1
    if key in _FLAGS:
        return "x" if value else None
    return value
