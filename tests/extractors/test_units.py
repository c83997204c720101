"""Units: the Tổ chức thực hiện headings and appendix cells in, named units with roles out."""

from __future__ import annotations

from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.document.layout import find_layout
from vnplan.extractors.document.sections import find_sections
from vnplan.extractors.units import find_units
from vnplan.models import AppendixRow, AppendixTable
from vnplan.reference.vocabularies import load_unit_aliases, parse_unit_aliases

PLAN = """I. MỤC TIÊU
1. Mục tiêu
Đạt 100% hồ sơ đúng hạn.
II. TỔ CHỨC THỰC HIỆN
1. Công chức Văn phòng - thống kê
- Là bộ phận thường trực Ban Chỉ đạo cải cách hành chính xã.
- Chủ trì, phối hợp với công chức Tư pháp Hộ tịch triển khai công tác tuyên truyền.
2. Công chức Tư pháp – Hộ tịch: Chủ trì tham mưu, theo dõi nội dung cải cách thể chế.
3. Kinh phí
Bố trí từ ngân sách xã.
4. Ban biên tập Trang thông tin điện tử xã, Đài truyền thanh: Chủ động phối hợp tuyên truyền.
Trên đây là Kế hoạch của UBND xã./.
"""


def units_of(text: str, appendix=()):
    layout = find_layout(text)
    context = ExtractionContext(body_end=len(text))
    context.sections = find_sections(text, layout)
    return find_units(text, context, appendix)


def test_units_from_implementation_headings():
    units = {u.name: u for u in units_of(PLAN)}
    assert list(units) == [
        "Văn phòng – Thống kê", "Tư pháp – Hộ tịch",
        "Ban biên tập Trang thông tin điện tử", "Đài truyền thanh",
    ]  # "3. Kinh phí" is not a unit
    office = units["Văn phòng – Thống kê"]
    assert office.aliases == ["Công chức Văn phòng - thống kê"]
    assert office.roles == ["chủ trì", "thường trực"]
    assert [d.role for d in office.duties] == ["thường trực", "chủ trì"]
    assert units["Tư pháp – Hộ tịch"].duties[0].text.startswith("Chủ trì tham mưu")
    assert units["Đài truyền thanh"].roles == ["phối hợp"]


def test_duty_spans_point_at_their_text_and_stop_before_the_closing():
    for unit in units_of(PLAN):
        for duty in unit.duties:
            assert " ".join(PLAN[duty.span[0] : duty.span[1]].split()) == duty.text
            assert "Trên đây" not in duty.text


def test_appendix_lead_and_support_cells():
    body = "I. MỤC TIÊU\n1. Mục tiêu\n"
    row = "1\tRà soát TTHC\tCông chức Văn phòng – Thống kê\tCác bộ phận: Văn phòng, ĐCXD-NNMT, VHXX, TP-HT"
    text = body + row
    table = AppendixTable(rows=[AppendixRow(
        id="1", task="Rà soát TTHC", lead="Công chức Văn phòng – Thống kê",
        support="Các bộ phận: Văn phòng, ĐCXD-NNMT, VHXX, TP-HT", span=(len(body), len(text)),
    )])
    units = {u.name: u for u in units_of(text, [table])}
    assert list(units) == [
        "Văn phòng – Thống kê", "Địa chính – Xây dựng – Nông nghiệp – Môi trường",
        "Văn hóa – Xã hội", "Tư pháp – Hộ tịch",
    ]
    assert units["Văn phòng – Thống kê"].roles == ["chủ trì", "phối hợp"]
    assert units["Văn phòng – Thống kê"].aliases == ["Công chức Văn phòng – Thống kê", "Văn phòng"]
    assert units["Văn hóa – Xã hội"].duties[0].text == "Rà soát TTHC"


def test_alias_table_folds_spellings_and_is_extendable(tmp_path):
    aliases = load_unit_aliases()
    for spelling in ["Văn phòng – Thống kê", "Văn phòng - thống kê", "VP-TK", "Văn phòng, thống kê",
                     "Trách nhiệm của công chức Văn phòng - Thống kê"]:
        assert aliases.canonical(spelling) == "Văn phòng – Thống kê"
    assert aliases.canonical("TP-HT") == "Tư pháp – Hộ tịch"
    assert aliases.canonical("Bộ phận TN&TKQ") == "Bộ phận Tiếp nhận và trả kết quả"
    assert aliases.canonical("ĐCXD-NNMT") == "Địa chính – Xây dựng – Nông nghiệp – Môi trường"
    extra = tmp_path / "more.yaml"
    extra.write_text("units:\n  - name: Tổ công nghệ số cộng đồng\n    aliases: [Tổ CNSCĐ]\n", "utf-8")
    assert load_unit_aliases(extra).canonical("Tổ CNSCĐ") == "Tổ công nghệ số cộng đồng"


def test_shipped_alias_table_is_valid_and_unambiguous():
    from importlib import resources

    import yaml

    raw = yaml.safe_load(resources.files("vnplan.reference").joinpath("unit_aliases.yaml").read_text("utf-8"))
    table = parse_unit_aliases(yaml.safe_dump(raw, allow_unicode=True))
    seen: dict[str, str] = {}
    for unit in raw["units"]:
        for spelling in [unit["name"], *unit["aliases"]]:
            key = table.key(spelling)
            assert seen.setdefault(key, unit["name"]) == unit["name"], f"{spelling!r} names two units"


def test_units_named_on_role_lines():
    """"Đơn vị chủ trì: …", "Cơ quan thực hiện: …", "Cơ quan phối hợp: …" (issue 14)."""
    text = ("1. Rà soát thủ tục hành chính\n- Đơn vị chủ trì: Sở Nội vụ.\n"
            "- Cơ quan phối hợp: Sở Tư pháp, Văn phòng UBND tỉnh.\n"
            "2. Tuyên truyền\nCơ quan thực hiện: UBND các xã, phường\n")
    found = {u.name: u.roles for u in find_units(text, ExtractionContext(body_end=len(text)))}
    assert found["Sở Nội vụ"] == ["chủ trì"]
    assert found["Sở Tư pháp"] == ["phối hợp"] and found["Văn phòng UBND tỉnh"] == ["phối hợp"]
    assert any(roles == ["chủ trì"] for name, roles in found.items() if "UBND" in name and "xã" in name)
