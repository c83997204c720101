"""scripts/registry_coverage.py counts what the registry knows, on the corpus or on a folder set
aside: national citations by type, laws by name resolved to their number, local ones apart."""

from __future__ import annotations

import sys
from datetime import date

from support import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import registry_coverage
from vnplan.reference.registry import load_registry


def test_a_folder_set_aside_is_counted_by_cited_type(tmp_path):
    (tmp_path / "plan.txt").write_text(
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH\nSố: 12/KH-UBND\nAn Bình, ngày 10 tháng 01 năm 2026\n"
        "KẾ HOẠCH\nCải cách hành chính năm 2026\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ;\n"
        "Căn cứ Nghị định số 999/2019/NĐ-CP ngày 01/02/2019 của Chính phủ;\n"
        "Căn cứ Kế hoạch số 05/KH-UBND ngày 02/01/2026 của UBND huyện;\n",
        encoding="utf-8")
    (tmp_path / "SOURCES.md").write_text("where the files came from", encoding="utf-8")
    result = registry_coverage.coverage(load_registry(), [tmp_path])
    assert result["files"] == 1
    rows = {r["type"]: (r["citations"], r["known"]) for r in result["by_cited_type"]}
    assert rows["Nghị định"] == (2, 1)  # 999/2019 is no decree the registry holds
    assert rows["Luật"] == (1, 1)
    assert rows["ALL"] == (3, 2)
    assert result["laws_by_name"] == {"citations": 1, "resolved": 1}
    assert result["skipped"] == {"not national": 1}  # the district's plan
    assert "laws cited by name: 1 of 1" in registry_coverage.render(result)
    # of the two known, those whose entry had its current status seen on a page
    registry = load_registry()
    law = registry.find_by_name("Luật Tổ chức chính quyền địa phương", None, date(2025, 6, 16))
    seen = int(registry.find("61/2018/NĐ-CP").status_confirmed) + int(law.status_confirmed)
    assert result["judged_by_entry"] == {"judged": 2, "status_seen": seen}
    assert f"of the 2 judged by a registry entry, {seen} (" in registry_coverage.render(result)
    # what the registry does not know is listed, so a user knows what to research next
    assert [(m["number"], m["known"]) for m in result["misses"]] == [("999/2019/NĐ-CP", False)]


def test_misses_are_written_one_per_line(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "letter.txt").write_text(
        "BỘ NỘI VỤ\nSố: 15/BNV-CCHC\nHà Nội, ngày 05 tháng 3 năm 2026\n"
        "V/v triển khai\nThực hiện Nghị định số 998/2019/NĐ-CP ngày 01/02/2019 của Chính phủ;\n",
        encoding="utf-8")
    out = tmp_path / "misses.jsonl"
    assert registry_coverage.main(["--folder", str(folder), "--misses", str(out)]) == 0
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 1
    assert '"number": "998/2019/NĐ-CP"' in lines[0] and '"file": "letter.txt"' in lines[0]
