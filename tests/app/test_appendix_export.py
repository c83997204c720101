"""Appendix rows as spreadsheets: one xlsx sheet per plan, one CSV with a plan column."""

from __future__ import annotations

import csv

import pytest
from goldenlib import CORPUS, record_json
from openpyxl import load_workbook
from support import needs_shared
from typer.testing import CliRunner
from vnplan.models import PlanRecord

from vnplan.cli import app
from vnplan.outputs.appendix_sheet import COLUMNS, PLAN_HEADER, write_appendix

pytestmark = needs_shared

STEMS = ("001_ff0077eced82c646", "002_85e43a95c6b96bf4")


@pytest.fixture(scope="module")
def records() -> list[PlanRecord]:
    return [PlanRecord.model_validate(record_json(stem)) for stem in STEMS]


def test_xlsx_has_a_sheet_per_plan(records, tmp_path):
    path = write_appendix(records, tmp_path / "tasks.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["57-KH-UBND", "13-KH-UBND"]
    sheet = book["57-KH-UBND"]
    header = [c.value for c in sheet[1]]
    assert header == [h for h, _ in COLUMNS]
    assert sheet.max_row == 1 + len(records[0].appendix[0].rows)
    first = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert first["STT"] == "1.1"
    assert first["Chủ trì"] == "Văn phòng - Thống kê"
    assert first["Hạn hoàn thành"] == "2020-12-31"
    group = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert group["Là nhóm"] == "x" and group["Kinh phí (đồng)"] == 12900000


def test_csv_has_a_plan_column(records, tmp_path):
    path = write_appendix(records, tmp_path / "tasks.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(t.rows) for r in records for t in r.appendix)
    assert {r[PLAN_HEADER] for r in rows} == {"57/KH-UBND", "13/KH-UBND"}
    quarter = next(r for r in rows if r["Thời gian (như in)"] == "Quý III/2024")
    assert (quarter["Bắt đầu"], quarter["Hạn hoàn thành"]) == ("2024-07-01", "2024-09-30")


def test_other_suffixes_are_refused(records, tmp_path):
    with pytest.raises(ValueError, match=r"use \.xlsx or \.csv"):
        write_appendix(records, tmp_path / "tasks.ods")


def test_cli_export_appendix(tmp_path):
    record_file = tmp_path / "001.json"
    record_file.write_text(PlanRecord.model_validate(record_json(STEMS[0])).model_dump_json())
    out = tmp_path / "tasks.csv"
    result = CliRunner().invoke(
        app, ["export", "--appendix", str(out), str(record_file), str(CORPUS / f"{STEMS[1]}.txt")]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        plans = {row[PLAN_HEADER] for row in csv.DictReader(handle)}
    assert plans == {"57/KH-UBND", "13/KH-UBND"}
