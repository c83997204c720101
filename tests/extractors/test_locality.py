"""The locality as official units: codes at the document's date, successors after 2025-07-01.

Every expected successor below was read in the resolution that made it (the file and clause
are named); units that no list of 2025-03-01 has stay unresolved, with a finding."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from support import RESOLUTIONS, needs_shared
from typer.testing import CliRunner
from vnplan.extractors.locality import resolve_locality
from vnplan.models import Locality
from vnplan.reference.admin_units import load_admin_units, name_key

from vnplan.cli import app
from vnplan.cli.locality import parse_place

AS_OF = date(2026, 11, 23)
BEFORE = date(2024, 1, 31)

# (commune, district, province) as printed → (codes), successors (level, code, name, share)
CASES = [
    # sample 000; 1666/NQ-UBTVQH15 khoản 5: "… Tống Phan, Quang Hưng thành xã mới … xã Quang Hưng"
    (("xã Tống Phan", "huyện Phù Cừ", "tỉnh Hưng Yên"), ("33", "333", "12409"),
     [("commune", "12391", "Xã Quang Hưng", "full"), ("province", "33", "Tỉnh Hưng Yên", "full")]),
    # sample 001 (names no province; huyện Nam Đông was merged into Phú Lộc in early 2025);
    # 1675/NQ-UBTVQH15 khoản 34: "… các xã Hương Phú, Hương Lộc, Thượng Lộ thành … xã Khe Tre"
    (("xã Thượng Lộ", "huyện Nam Đông", None), ("46", None, "20185"),
     [("commune", "20161", "Xã Khe Tre", "full")]),
    # sample 002; 1662/NQ-UBTVQH15 khoản 80: "… các xã Tân Bình, Bình Lợi, Thạnh Phú thành
    # phường mới có tên gọi là phường Tân Triều"
    (("xã Tân Bình", "huyện Vĩnh Cửu", "tỉnh Đồng Nai"), ("75", "735", "26194"),
     [("commune", "26188", "Phường Tân Triều", "full"), ("province", "75", "Tỉnh Đồng Nai", "full")]),
    # sample 003; 1669/NQ-UBTVQH15 khoản 38: "… phường Hoàng Tân, phường Hoàng Tiến và một phần …
    # thành phường mới có tên gọi là phường Trần Nhân Tông"; Hải Dương went into Hải Phòng
    (("phường Hoàng Tân", "thành phố Chí Linh", "tỉnh Hải Dương"), ("30", "290", "10573"),
     [("commune", "10573", "Phường Trần Nhân Tông", "full"),
      ("province", "31", "Thành phố Hải Phòng", "full")]),
    # sample 004: xã Nam Trung (Nam Sách) is not in the list of 2025-03-01 (merged before)
    (("xã Nam Trung", "huyện Nam Sách", "tỉnh Hải Dương"), ("30", "291", None),
     [("province", "31", "Thành phố Hải Phòng", "full")]),
    # a province document after the reorganisation: a unit of the new list, unchanged
    ((None, None, "tỉnh Lâm Đồng"), ("68", None, None), []),
    ((None, None, "thành phố Hà Nội"), ("01", None, None), []),
    # Thừa Thiên Huế has been the city of Huế since 2025-01-01
    ((None, None, "tỉnh Thừa Thiên Huế"), ("46", None, None), []),
]


def place(printed):
    commune, district, province = printed
    return Locality(commune=commune, district=district, province=province)


@pytest.mark.parametrize(("printed", "codes", "successors"), CASES, ids=lambda v: str(v)[:40])
def test_locality_codes_and_successors(printed, codes, successors):
    on = BEFORE if printed[0] or printed[1] else date(2025, 12, 1)
    found, findings = resolve_locality(place(printed), on, AS_OF)
    assert (found.province_code, found.district_code, found.commune_code) == codes
    assert [(s.level, s.code, s.name, s.share) for s in found.successors] == successors
    assert (found.commune, found.district, found.province) == printed  # names stay as printed
    if successors and successors[0][0] == "commune":
        assert any(f.kind == "locality_reorganised" for f in findings)


def test_a_unit_that_cannot_be_resolved_is_never_guessed():
    found, findings = resolve_locality(place(("xã Không Tên", None, "tỉnh Đồng Nai")), BEFORE, AS_OF)
    assert found.commune_code is None and found.province_code == "75"
    assert findings[0].kind == "locality_unresolved"
    found, findings = resolve_locality(place((None, None, "tỉnh Không Có")), BEFORE, AS_OF)
    assert found.province_code is None and found.successors == []
    assert findings[0].kind == "locality_unresolved"


def test_a_name_shared_by_several_units_is_ambiguous_without_its_district():
    units = load_admin_units()
    names = {}
    for unit in units.units.values():
        if unit.era == "old" and unit.level == 3 and unit.kind == "Xã":
            province = units.province_of(unit)
            names.setdefault((province.code, name_key(unit.name)), []).append(unit)
    (province_code, name), _ = next((k, v) for k, v in sorted(names.items()) if len(v) > 1)
    province = units.unit("old", 1, province_code)
    found, findings = resolve_locality(place((f"xã {name.title()}", None, province.name)),
                                       BEFORE, AS_OF)
    assert found.commune_code is None
    assert "names 2 units" in findings[0].message or "names 3 units" in findings[0].message


def test_before_the_reorganisation_there_are_no_successors():
    found, findings = resolve_locality(place(CASES[2][0]), BEFORE, date(2025, 6, 30))
    assert found.commune_code == "26194" and found.successors == [] and findings == []


@pytest.mark.parametrize(("text", "expected"), [
    ("xã Tân Bình, huyện Vĩnh Cửu, tỉnh Đồng Nai",
     {"commune": "xã Tân Bình", "district": "huyện Vĩnh Cửu", "province": "tỉnh Đồng Nai"}),
    ("phường Hoàng Tân, thành phố Chí Linh, tỉnh Hải Dương",
     {"commune": "phường Hoàng Tân", "district": "thành phố Chí Linh", "province": "tỉnh Hải Dương"}),
    ("thành phố Hà Nội", {"commune": None, "district": None, "province": "thành phố Hà Nội"}),
])
def test_cli_reads_a_place_as_its_parts(text, expected):
    assert parse_place(text) == expected


def test_cli_prints_codes_and_successors():
    result = CliRunner().invoke(app, ["locality", "xã Tân Bình, huyện Vĩnh Cửu, tỉnh Đồng Nai",
                                      "--date", "2024-01-31", "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "26194" in result.output and "Phường Tân Triều" in result.output
    result = CliRunner().invoke(app, ["locality", "xã Không Tên, tỉnh Không Có"])
    assert result.exit_code == 1 and "not resolved" in result.output


# --- the mapping against the resolutions' own words --------------------------------------------

# "… toàn bộ diện tích tự nhiên, quy mô dân số của các xã A, B và C thành xã mới có tên gọi là
# **xã D**": every unit listed in full went into D. Only clauses whose list is plain names are
# checked (no "một phần", no "(huyện …)", no "phần còn lại").
_CLAUSE = re.compile(
    r"Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của (?P<olds>[^.]{3,300}?) thành "
    r"(?:xã|phường|đặc khu) mới có tên gọi là \*\*(?P<new>(?:xã|phường|đặc khu) [^*]+)\*\*")
_UNIT = re.compile(r"(?:(?:các\s+)?(?P<kind>xã|phường|thị trấn)\s+)?(?P<name>[^,]+?)\s*$")


def clauses(text: str):
    text = " ".join(text.replace("\\", " ").split())
    for match in _CLAUSE.finditer(text):
        olds = match["olds"]
        if any(w in olds for w in ("một phần", "(", "phần còn lại", "sau khi")):
            continue
        kind, names = None, []
        for part in re.split(r",\s*|\s+và\s+", olds):
            unit = _UNIT.match(part.strip())
            if unit is None:
                continue
            kind = unit["kind"] or kind
            names.append((kind, unit["name"]))
        yield names, match["new"]


@needs_shared
def test_the_mapping_agrees_with_the_resolutions():
    units = load_admin_units()
    checked = agreed = 0
    disagreements = []
    for path in sorted(Path(RESOLUTIONS).glob("*_NQ-UBTVQH15.md")):
        text = " ".join(unicodedata.normalize("NFC", path.read_text("utf-8")).split())
        title = re.search(r"CẤP XÃ CỦA (TỈNH|THÀNH PHỐ) ([^*]+?) NĂM 2025", text)
        if title is None:
            continue
        new_province = units.named("new", 1, title[2].title())
        if not new_province:
            continue
        olds_in_province = {m[0] for m in units.merged_into.get((1, new_province[0].code), [])}
        for names, new_name in clauses(text):
            for kind, name in names:
                candidates = [u for u in units.named("old", 3, name)
                              if units.province_of(u).code in olds_in_province
                              and (kind is None or u.kind.casefold() == kind)]
                if len(candidates) != 1:
                    continue  # a name the province has twice: the clause cannot tell which
                checked += 1
                links = units.successors.get((3, candidates[0].code), [])
                targets = {name_key(units.unit("new", 3, code).name) for code, _ in links}
                if name_key(new_name) in targets:
                    agreed += 1
                else:
                    disagreements.append((path.name, name, new_name, sorted(targets)))
    assert checked > 1000, checked
    assert agreed / checked >= 0.99, disagreements[:10]
