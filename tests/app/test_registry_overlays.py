"""Registry overlays: effect clauses learned from documents, and a vbpl crawl imported."""

from __future__ import annotations

import csv
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from support import EXTRA, needs_shared
from typer.testing import CliRunner
from vnplan.extractors.citations.effects import find_effects
from vnplan.extractors.citations.finding import find_legal_references
from vnplan.extractors.context import ExtractionContext
from vnplan.models import Metadata
from vnplan.reference.registry import parse_registry

from vnplan import extract
from vnplan.cli import app
from vnplan.overlays.vbpl import VbplError, import_vbpl

runner = CliRunner()


def effects(text: str, number: str):
    context = ExtractionContext(metadata=Metadata(number=number, doc_type="Nghị định"))
    context.legal_references, _ = find_legal_references(text, context)
    return [(e.kind, e.target, e.effective_date, e.article) for e in find_effects(text, context)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Điều 71. Hiệu lực thi hành\n1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm "
     "2025.\n2. Các văn bản sau đây hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành:\n"
     "a) Nghị định số 06/2010/NĐ-CP ngày 25 tháng 01 năm 2010 của Chính phủ;\n"
     "b) Nghị định số 116/2024/NĐ-CP sửa đổi Nghị định số 138/2020/NĐ-CP.",
     [("repealed", "06/2010/NĐ-CP", date(2025, 7, 1), "Điều 71"),
      ("repealed", "116/2024/NĐ-CP", date(2025, 7, 1), "Điều 71")]),
    ("Điều 12. Hiệu lực thi hành\n2. Bãi bỏ Thông tư số 15/2024/TT-BCT quy định về thanh tra.",
     [("repealed", "15/2024/TT-BCT", None, "Điều 12")]),
    ("Điều 2. Quyết định này có hiệu lực từ ngày 04/12/2025 và thay thế:\n"
     "Điều 14, 18 Quyết định số 15/2022/QĐ-UBND ngày 30/3/2022; Điều 3 Quyết định số "
     "07/2022/QĐ-UBND ngày 13/01/2022.",
     [("partially_replaced", "15/2022/QĐ-UBND", date(2025, 12, 4), "Điều 2"),
      ("partially_replaced", "07/2022/QĐ-UBND", date(2025, 12, 4), "Điều 2")]),
    # about two other documents, not about itself: no effect clause
    ("Nghị định số 118/2025/NĐ-CP thay thế Nghị định số 61/2018/NĐ-CP từ ngày 01/7/2025.", []),
    # its own number is never its target
    ("Nghị định này (Nghị định số 99/2025/NĐ-CP) thay thế Nghị định số 61/2018/NĐ-CP.",
     [("replaced", "61/2018/NĐ-CP", None, None)]),
])
def test_effect_clauses(text, expected):
    assert effects(text, "99/2025/NĐ-CP") == expected


@needs_shared
def test_a_circular_that_repeals_a_circular_is_not_told_to_cite_itself():
    record = extract(EXTRA / "028_tt-56-2025-tt-bct-kiem-tra-chuyen-nganh.md")
    assert ("repealed", "15/2024/TT-BCT") in {(e.kind, e.target) for e in record.effects}
    own = record.metadata.number
    assert not [f for f in record.findings if f.suggestion == own]
    assert not [f for f in record.findings if f.kind == "outdated_citation"]


@needs_shared
def test_a_decree_is_never_told_to_now_cite_itself():
    record = extract(EXTRA / "024_nd-170-2025-nd-cp-tuyen-dung-cong-chuc.md")
    assert {"138/2020/NĐ-CP", "06/2010/NĐ-CP"} <= {e.target for e in record.effects}
    assert not [f for f in record.findings if f.suggestion == record.metadata.number]
    assert all("None" not in f.message for f in record.findings)


@needs_shared
def test_registry_learn_writes_an_overlay_the_registry_reads(tmp_path):
    out = tmp_path / "learned.yaml"
    result = runner.invoke(app, ["registry", "learn",
                                 str(EXTRA / "024_nd-170-2025-nd-cp-tuyen-dung-cong-chuc.md"),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "&id" not in text  # plain YAML, no aliases
    registry = parse_registry(text)
    entry = registry.find("138/2020/NĐ-CP")
    assert [(e.kind, e.by, e.effective_date) for e in entry.events] == [
        ("repealed", "170/2025/NĐ-CP", date(2025, 7, 1))]


# --- vbpl ----------------------------------------------------------------------------------------

META = [
    {"id": "1", "so_ky_hieu": "61/2018/NĐ-CP", "loai_van_ban": "Nghị định",
     "ngay_ban_hanh": "2018-04-23", "ngay_co_hieu_luc": "2018-06-21", "ngay_het_hieu_luc": "2025-07-01",
     "tinh_trang_hieu_luc": "Hết hiệu lực toàn bộ", "co_quan_ban_hanh": "Chính phủ",
     "title": "Về thực hiện cơ chế một cửa"},
    {"id": "2", "so_ky_hieu": "118/2025/NĐ-CP", "loai_van_ban": "Nghị định",
     "ngay_ban_hanh": "09/06/2025", "ngay_co_hieu_luc": "2025-07-01", "ngay_het_hieu_luc": "",
     "tinh_trang_hieu_luc": "Còn hiệu lực", "co_quan_ban_hanh": "Chính phủ", "title": ""},
    {"id": "3", "so_ky_hieu": "01/2010/TT-X", "loai_van_ban": "Thông tư",
     "ngay_ban_hanh": "2010-01-05", "ngay_co_hieu_luc": "", "ngay_het_hieu_luc": "2020-01-01",
     "tinh_trang_hieu_luc": "Hết hiệu lực toàn bộ", "co_quan_ban_hanh": "Bộ X", "title": ""},
]
RELATIONS = [
    {"doc_id": "1", "other_doc_id": "2", "relationship": "Văn bản thay thế"},
    {"doc_id": "2", "other_doc_id": "1", "relationship": "Văn bản bị thay thế"},  # same fact
    {"doc_id": "2", "other_doc_id": "3", "relationship": "Văn bản căn cứ"},  # not a change
]


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_vbpl_import_maps_relationships_and_statuses(tmp_path):
    meta, rel = write_csv(tmp_path / "m.csv", META), write_csv(tmp_path / "r.csv", RELATIONS)
    entries = {e["number"]: e for e in import_vbpl(meta, rel, date(2026, 12, 5))}
    assert [(e["kind"], e["by"], e["effective_date"]) for e in entries["61/2018/NĐ-CP"]["events"]] == [
        ("replaced", "118/2025/NĐ-CP", date(2025, 7, 1))]
    assert entries["118/2025/NĐ-CP"]["issued_date"] == date(2025, 6, 9)
    assert entries["01/2010/TT-X"]["events"][0]["kind"] == "expired"
    assert entries["61/2018/NĐ-CP"]["sources"][0]["url"].endswith("ItemID=1")


def test_vbpl_import_reads_parquet_and_the_cli_writes_an_overlay(tmp_path):
    meta, rel = tmp_path / "m.parquet", tmp_path / "r.parquet"
    pq.write_table(pa.Table.from_pylist(META), meta)
    pq.write_table(pa.Table.from_pylist(RELATIONS), rel)
    out = tmp_path / "overlay.yaml"
    result = runner.invoke(app, ["registry", "import-vbpl", str(meta), str(rel), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert parse_registry(out.read_text("utf-8")).find("61/2018/NĐ-CP").events[0].by == "118/2025/NĐ-CP"
    assert len(yaml.safe_load(out.read_text("utf-8"))) == 3


@pytest.mark.parametrize(("change", "problem"), [
    (lambda m, r: [{k: v for k, v in row.items() if k != "title"} for row in m], "missing column"),
    (lambda m, r: [{**m[0], "ngay_ban_hanh": "23/13/2018"}, *m[1:]], "is not a date"),
    (lambda m, r: [*m, {**m[0], "title": "khác"}], "contradictory"),
    (lambda m, r: [*m, {**m[0], "id": "9"}], "appears twice (ids 1 and 9)"),
])
def test_vbpl_import_refuses_malformed_input_and_writes_nothing(tmp_path, change, problem):
    meta = write_csv(tmp_path / "m.csv", change(META, RELATIONS))
    rel = write_csv(tmp_path / "r.csv", RELATIONS)
    with pytest.raises(VbplError) as error:
        import_vbpl(meta, rel, date(2026, 12, 5))
    assert any(problem in p for p in error.value.problems), error.value.problems
    out = tmp_path / "overlay.yaml"
    result = runner.invoke(app, ["registry", "import-vbpl", str(meta), str(rel), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert "vnplan: error:" in result.output


def test_vbpl_relationship_to_an_unknown_id_is_reported(tmp_path):
    meta = write_csv(tmp_path / "m.csv", META)
    rel = write_csv(tmp_path / "r.csv", [{"doc_id": "1", "other_doc_id": "77",
                                          "relationship": "Văn bản thay thế"}])
    with pytest.raises(VbplError) as error:
        import_vbpl(meta, rel, date(2026, 12, 5))
    assert "r.csv:2: id '77' is not in the metadata" in error.value.problems[0]
