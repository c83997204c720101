"""Appendix tables: Vietnamese snippets in, rows out; then the corpus plans."""

from __future__ import annotations

from datetime import date

import pytest
from goldenlib import record_json
from support import needs_shared
from vnplan.extractors.appendix import find_appendix
from vnplan.extractors.appendix.cues import classify_header, normalise_id, parse_money
from vnplan.extractors.appendix.timelines import parse_timeline
from vnplan.extractors.context import ExtractionContext
from vnplan.ingest import RawTable
from vnplan.reference.vocabularies import load_appendix_vocabulary

pytestmark = needs_shared


def read(text: str, tables: list[RawTable] | None = None):
    """The tables and findings of ``text``, all of it being appendix."""
    return find_appendix(text, ExtractionContext(body_end=0, tables=tables or []))


def cells(row) -> dict:
    fields = ("id", "parent_id", "task", "target", "lead", "support", "output", "budget_vnd")
    found = {f: getattr(row, f) for f in fields if getattr(row, f) is not None}
    if row.timeline:
        found["timeline"] = row.timeline.text
    if row.is_group_header:
        found["group"] = True
    return found


# -- cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "recurring"),
    [
        ("Trước 30/01/2021", None, date(2021, 1, 30), False),
        ("Trước\n31/12/2020", None, date(2020, 12, 31), False),
        ("Trước ngày 01/12/2024", None, date(2024, 12, 1), False),
        ("Quý III/2024", date(2024, 7, 1), date(2024, 9, 30), False),
        ("Quý II/2024", date(2024, 4, 1), date(2024, 6, 30), False),
        ("Tháng 1/2024", date(2024, 1, 1), date(2024, 1, 31), False),
        ("Năm 2024", date(2024, 1, 1), date(2024, 12, 31), False),
        ("Từ 01/3/2024 đến 30/6/2024", date(2024, 3, 1), date(2024, 6, 30), False),
        ("Thường xuyên", None, None, True),
        ("Thường xuyên trong năm", None, None, True),
        ("Thực hiện thường xuyên trong năm", None, None, True),
        ("Báo cáo định kỳ theo thời gian quy định; thực hiện thường xuyên trong năm", None, None, True),
        ("Trước ngày 31/01 năm liền kề", None, None, False),
        ("Hàng tháng", None, None, True),
        ("02 lần/tháng", None, None, True),
        ("Khi có yêu cầu", None, None, False),
        ("Sau khi văn bản có hiệu lực", None, None, False),
        ("Quý I, 6 tháng, quý III và năm 2021", None, None, False),
    ],
)
def test_timelines(text, start, end, recurring):
    timeline = parse_timeline(text)
    assert (timeline.start, timeline.end, timeline.recurring) == (start, end, recurring)
    assert timeline.text == " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "amount"),
    [("3.960.000", 3960000), ("12,900,000", 12900000), ("720.000 đ", 720000), ("2021", None),
     ("Thường xuyên", None), ("1.3.1", None)],
)
def test_money(text, amount):
    assert parse_money(text) == amount


@pytest.mark.parametrize(("text", "expected"), [("2,2,1", "2.2.1"), ("1.1.", "1.1"), ("II.", "II")])
def test_row_ids(text, expected):
    assert normalise_id(text) == expected


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("TT", "id"), ("Stt", "id"), ("Nhiệm vụ cụ thể", "task"), ("Nhiệm vụ, hoạt động", "task"),
        ("Nhiệm vụ/hoạt động", "task"), ("Mục tiêu", "target"),
        ("Bộ phận chủ trì tham mưu", "lead"), ("Cơ quan chủ trì", "lead"),
        ("Bộ phận chủ trì phối hợp", "support"), ("Cơ quan phối hợp", "support"),
        ("Sản phẩm kiểm chứng", "output"), ("Kết quả, sản phẩm", "output"),
        ("Kết quả/Sản phẩm", "output"), ("Thời gian thực hiện", "timeline"),
        ("Thời gian hoàn thành", "timeline"), ("Kinh phí thực hiện", "budget"), ("Ghi chú", "note"),
        ("Trách nhiệm thực hiện", "lead"), ("Tên thủ tục hành chính", "task"),
        ("Cơ quan thực hiện", "lead"), ("Tên nhiệm vụ/dự án", "task"),
        ("Đơn vị được kiểm tra", "subject_unit"), ("Tỉnh (trước sắp xếp)", "subject_unit"),
        ("Đơn vị tính", "unit_of_measure"), ("Kết quả thống kê", "value"), ("Mã TTHC", "code"),
        ("Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", "target"),
        ("Theo dõi, kiểm tra, đôn đốc", None),
    ],
)
def test_header_synonyms(header, field):
    assert classify_header(header) == field


def test_vocabulary_is_complete():
    vocabulary = load_appendix_vocabulary()
    fields = {rule.field for rule in vocabulary.columns}
    assert fields >= {"id", "target", "task", "lead", "support", "output", "timeline", "budget",
                      "subject_unit"}
    assert {rule.kind for rule in vocabulary.table_kinds} == {"tasks", "targets", "inspection"}
    assert vocabulary.layout_cells
    assert all(rule.headers for rule in vocabulary.columns)
    assert vocabulary.timeline_starts and vocabulary.unit_starts and vocabulary.dangling_words


# -- a table flattened to one cell per line (sample 001) ------------------------------------

FLAT = """PHỤ LỤC
NHIỆM VỤ CỤ THỂ TRIỂN KHAI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021
( Ban hành kèm theo Kế hoạch số: 57/KH-UBND ngày 24 tháng 12 năm 2020 của UBND xã Thượng Lộ)
TT Nhiệm vụ cụ thể
Bộ phận chủ trì tham mưu
Bộ phận phối hợp triển khai thực hiện
Sản phẩm kiểm chứng
Thời gian thực hiện
Kinh phí thực hiện
1
CÔNG TÁC CHỈ ĐẠO ĐIỀU
HÀNH CCHC
5.000.000
1.1
Ban hành kế hoạch CCHC đạt yêu cầu theo hướng dẫn của cơ quan cấp trên
Văn phòng - Thống kê
Các ban, ngành có liên quan
Kế hoạch CCHC năm 2021
Trước
31/12/2020
1.2
Thực hiện chế độ báo cáo định kỳ
3.960.000
Báo cáo định kỳ hàng quý, 6 tháng, năm về kiểm soát TTHC
Văn phòng – Thống kê
Bộ phận
TN&TKQ
Các báo cáo định kỳ về kiểm soát
TTHC
Quý I, 6 tháng, quý III và năm
2021
3.960.000
Báo cáo chất lượng cán bộ, công chức
Văn phòng – Thống kê
Các ban, ngành có liên quan
Báo cáo Khi có yêu cầu
TỔ CHỨC THỰC HIỆN VĂN
BẢN QPPL TẠI ĐỊA PHƯƠNG
2,1
Xử lý văn bản QPPL sau rà soát
Tư pháp – Hộ tịch
Các ban, ngành có liên quan
Văn bản đã xử lý
Hàng tháng 720.000
2.2 Tuyên truyền nội dung CCHC thông qua các hình thức khác:
Văn hóa – Xã hội
Bộ phận
TN&TKQ
- Biên bản tuyên truyền;
Hàng tháng 2.100.000
Pano, tuyên truyền miệng trực tiếp.
- Hình ảnh tuyên truyền.
      10.000.000
"""


def test_flattened_table_is_rebuilt_row_by_row():
    (table,), findings = read(FLAT)
    assert table.title == "NHIỆM VỤ CỤ THỂ TRIỂN KHAI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021"
    assert table.caption.startswith("Ban hành kèm theo Kế hoạch số: 57/KH-UBND")
    assert table.columns[:2] == ["TT", "Nhiệm vụ cụ thể"]
    assert table.column_map["Bộ phận phối hợp triển khai thực hiện"] == "support"
    assert [cells(r) for r in table.rows] == [
        {"id": "1", "task": "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CCHC", "budget_vnd": 5000000, "group": True},
        {"id": "1.1", "parent_id": "1",
         "task": "Ban hành kế hoạch CCHC đạt yêu cầu theo hướng dẫn của cơ quan cấp trên",
         "lead": "Văn phòng - Thống kê", "support": "Các ban, ngành có liên quan",
         "output": "Kế hoạch CCHC năm 2021", "timeline": "Trước 31/12/2020"},
        {"id": "1.2", "parent_id": "1", "task": "Thực hiện chế độ báo cáo định kỳ",
         "budget_vnd": 3960000, "group": True},
        {"parent_id": "1.2", "task": "Báo cáo định kỳ hàng quý, 6 tháng, năm về kiểm soát TTHC",
         "lead": "Văn phòng – Thống kê", "support": "Bộ phận TN&TKQ",
         "output": "Các báo cáo định kỳ về kiểm soát TTHC",
         "timeline": "Quý I, 6 tháng, quý III và năm 2021", "budget_vnd": 3960000},
        {"parent_id": "1.2", "task": "Báo cáo chất lượng cán bộ, công chức",
         "lead": "Văn phòng – Thống kê", "support": "Các ban, ngành có liên quan",
         "output": "Báo cáo", "timeline": "Khi có yêu cầu"},
        {"id": "2", "task": "TỔ CHỨC THỰC HIỆN VĂN BẢN QPPL TẠI ĐỊA PHƯƠNG", "group": True},
        {"id": "2.1", "parent_id": "2", "task": "Xử lý văn bản QPPL sau rà soát",
         "lead": "Tư pháp – Hộ tịch", "support": "Các ban, ngành có liên quan",
         "output": "Văn bản đã xử lý", "timeline": "Hàng tháng", "budget_vnd": 720000},
        {"id": "2.2", "parent_id": "2",
         "task": "Tuyên truyền nội dung CCHC thông qua các hình thức khác: Pano, tuyên truyền "
         "miệng trực tiếp.", "lead": "Văn hóa – Xã hội", "support": "Bộ phận TN&TKQ",
         "output": "- Biên bản tuyên truyền; - Hình ảnh tuyên truyền.", "timeline": "Hàng tháng",
         "budget_vnd": 2100000},
    ]
    assert table.total_budget_vnd == 10000000
    kinds = sorted(f.kind for f in findings)
    assert "appendix_id_inferred" in kinds  # the lost "2" above "2,1"
    mismatches = [f.message for f in findings if f.kind == "budget_mismatch"]
    # group 1: 5.000.000 printed, 3.960.000 in its rows; total 10.000.000 vs 5.000.000 + 2.820.000
    assert mismatches == [
        "row 1: budget 5.000.000 but its rows add up to 3.960.000",
        "grand total 10.000.000 but the groups add up to 7.820.000",
    ]


def test_a_line_holding_several_cells_is_kept_and_flagged():
    text = FLAT.replace(
        "Báo cáo chất lượng cán bộ, công chức\nVăn phòng – Thống kê\nCác ban, ngành có liên quan\n"
        "Báo cáo Khi có yêu cầu\n",
        "Kiểm tra tình hình THPL Tư pháp – Các ban, ngành Báo cáo công tác Theo Kế hoạch\n",
    )
    (table,), findings = read(text)
    row = next(r for r in table.rows if r.task and r.task.startswith("Kiểm tra tình hình"))
    assert row.lead is None and row.timeline is None
    assert any(f.kind == "appendix_cell_doubtful" and f.severity == "warning" for f in findings)


# -- a table with cells (sample 002: tab-separated rows) ------------------------------------

GRID = (
    "NHIỆM VỤ CỤ THỂ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH NĂM 2024\n"
    "(Kế hoạch số 13/KH-UBND ngày 31/01/2024 của Chủ tịch UBND xã)\n"
    "Stt\tMục tiêu\tNhiệm vụ/hoạt động\tKết quả/Sản phẩm\tBộ phận chủ trì tham mưu\t"
    "Bộ phận chủ trì phối hợp\tThời gian hoàn thành\n"
    "I\tCải cách thể chế\t\t\t\t\t\n"
    "1\t100% văn bản QPPL được ban hành đúng quy định\tTham mưu ban hành văn bản QPPL\t"
    "Các văn bản QPPL\tCông chức Tư pháp – Hộ tịch\tCác bộ phận: Văn phòng, TP-\tQuý III/2024\n"
    "\t\t\t\t\tHT, Quân sự, Công an\t\n"
    "\t\tNâng cao chất lượng công tác xây dựng văn bản QPPL\tDanh sách\t"
    "Công chức Tư pháp – Hộ tịch\tCông chức Văn phòng – Thống kê\tThường xuyên\n"
    "II. Cải cách thủ tục hành chính (TTHC)\t\t\t\t\t\t\n"
    "Stt\tMục tiêu\tNhiệm vụ/hoạt động\tKết quả/Sản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\t"
    "Thời gian hoàn thành\n"
    "1 Kiểm soát TTHC\t\t\t\t\t\t\n"
    "1.1\t70% TTHC có hồ sơ mẫu\tLập, công khai hồ sơ mẫu\tHồ sơ mẫu số hóa\t"
    "Công chức Văn phòng – Thống kê\tCác bộ phận có liên quan\tTrước 15/02/2024\n"
    "\tTổ chức thực hiện quy trình số hóa hồ sơ TTHC\tHồ sơ TTHC được số hóa\t"
    "Các bộ phận: Văn phòng, Công an\tCông chức Văn phòng – Thống kê\tTheo kế hoạch\t\n"
)


def test_grid_rows_continuations_and_repeated_headers():
    (table,), findings = read(GRID)
    assert table.caption == "Kế hoạch số 13/KH-UBND ngày 31/01/2024 của Chủ tịch UBND xã"
    assert table.column_map["Bộ phận chủ trì phối hợp"] == "support"
    target = "100% văn bản QPPL được ban hành đúng quy định"
    assert [cells(r) for r in table.rows] == [
        {"id": "I", "task": "Cải cách thể chế", "group": True},
        {"id": "1", "parent_id": "I", "target": target, "task": "Tham mưu ban hành văn bản QPPL",
         "output": "Các văn bản QPPL", "lead": "Công chức Tư pháp – Hộ tịch",
         "support": "Các bộ phận: Văn phòng, TP-HT, Quân sự, Công an", "timeline": "Quý III/2024"},
        {"parent_id": "1", "target": target,
         "task": "Nâng cao chất lượng công tác xây dựng văn bản QPPL", "output": "Danh sách",
         "lead": "Công chức Tư pháp – Hộ tịch", "support": "Công chức Văn phòng – Thống kê",
         "timeline": "Thường xuyên"},
        {"id": "II", "task": "Cải cách thủ tục hành chính (TTHC)", "group": True},
        {"id": "1", "parent_id": "II", "task": "Kiểm soát TTHC", "group": True},
        {"id": "1.1", "parent_id": "1", "target": "70% TTHC có hồ sơ mẫu",
         "task": "Lập, công khai hồ sơ mẫu", "output": "Hồ sơ mẫu số hóa",
         "lead": "Công chức Văn phòng – Thống kê", "support": "Các bộ phận có liên quan",
         "timeline": "Trước 15/02/2024"},
        # shifted one cell left by the converter: put back under its headers
        {"parent_id": "1.1", "target": "70% TTHC có hồ sơ mẫu",
         "task": "Tổ chức thực hiện quy trình số hóa hồ sơ TTHC",
         "output": "Hồ sơ TTHC được số hóa", "lead": "Các bộ phận: Văn phòng, Công an",
         "support": "Công chức Văn phòng – Thống kê", "timeline": "Theo kế hoạch"},
    ]
    assert table.rows[5].timeline.end == date(2024, 2, 15)
    assert table.total_budget_vnd is None
    assert not [f for f in findings if f.severity == "warning"]


def test_real_cells_with_merged_cells_are_read_like_the_text():
    """DOCX/PDF/HTML sources give cells; a vertically merged Stt/Mục tiêu cell is None."""
    header = ["Stt", "Mục tiêu", "Nhiệm vụ/hoạt động", "Kết quả/Sản phẩm",
              "Bộ phận chủ trì tham mưu", "Bộ phận chủ trì phối hợp", "Thời gian hoàn thành"]
    first = ["2", "Hoàn thành 100% Kế hoạch rà soát", "Rà soát văn bản QPPL", "Danh mục",
             "Công chức Tư pháp – Hộ tịch", "Các bộ phận có liên quan", "Thường xuyên"]
    second = [None, None, "Triển khai Kế hoạch theo dõi thi hành pháp luật", "Kế hoạch, báo cáo",
              "Công chức Tư pháp – Hộ tịch", "Các bộ phận có liên quan", "Thường xuyên"]
    text = "\n".join("\t".join(c or "" for c in row) for row in (header, first, second))
    (table,), _ = read(text, [RawTable(rows=[header, first, second], page=3)])
    assert [r.id for r in table.rows] == ["2", None]
    assert table.rows[1].parent_id == "2"
    assert table.rows[1].target == "Hoàn thành 100% Kế hoạch rà soát"


def test_total_row_and_budget_check():
    text = (
        "TT\tNhiệm vụ\tCơ quan chủ trì\tThời gian thực hiện\tKinh phí\n"
        "1\tTUYÊN TRUYỀN CCHC\t\t\t3.000.000\n"
        "1.1\tTin bài\tVăn phòng – Thống kê\tHàng tháng\t1.000.000\n"
        "1.2\tPano\tVăn hóa – Xã hội\tQuý I/2024\t1.500.000\n"
        "\tTổng cộng\t\t\t3.000.000\n"
    )
    (table,), findings = read(text)
    assert [r.id for r in table.rows] == ["1", "1.1", "1.2"]
    assert table.total_budget_vnd == 3000000
    # group 1 says 3.000.000, its rows 2.500.000; the total agrees with the group
    assert [f.row for f in findings if f.kind == "budget_mismatch"] == ["1"]


def test_no_table_no_rows():
    tables, findings = read("Trên đây là kế hoạch cải cách hành chính năm 2024.\nNơi nhận:\n")
    assert tables == [] and findings == []


# -- the corpus -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "rows"),
    [("000_4f848aa26585e125", None), ("001_ff0077eced82c646", 103), ("002_85e43a95c6b96bf4", 86),
     ("003_0c3cb101d15ae807", None), ("004_2e14f1f6f31def56", None)],
)
def test_corpus_row_counts(stem, rows):
    tables = record_json(stem)["appendix"]
    assert [len(t["rows"]) for t in tables] == ([] if rows is None else [rows])


def test_corpus_001_budgets_are_checked():
    record = record_json("001_ff0077eced82c646")
    (table,) = record["appendix"]
    assert table["total_budget_vnd"] == 34900000
    mismatches = [f["message"] for f in record["findings"] if f["kind"] == "budget_mismatch"]
    assert mismatches == [
        "row 1: budget 12.900.000 but its rows add up to 11.900.000",
        "grand total 34.900.000 but the groups add up to 52.900.000",
    ]


def test_row_spans_point_into_the_text():
    record = record_json("001_ff0077eced82c646")
    text = record["text"]
    for row in record["appendix"][0]["rows"]:
        start, end = row["span"]
        assert 0 <= start < end <= len(text)
        printed = text[start:end].replace(",", ".")
        assert (row["id"] or "") in printed or row["id"] in {"2", "5", "7"}  # 2, 5, 7 inferred


def test_real_cells_merged_down_or_across_make_rows_of_their_own():
    """DOCX tables without a Mục tiêu column (UBND tỉnh Lâm Đồng, 2026): Stt and Nhiệm vụ
    merged down over two rows give two rows sharing the task; one cell printed across Chủ trì
    and Phối hợp names the units of both."""
    header = ["STT", "Nhiệm vụ", "Sản phẩm", "Thời gian hoàn thành", "Chủ trì thực hiện",
              "Phối hợp thực hiện", "Theo dõi, kiểm tra, đôn đốc"]
    task = "Tham mưu ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2026"
    first = ["2", task, "Kế hoạch kiểm tra của tỉnh", "Trong tháng 01/2026", "Sở Nội vụ",
             "Các cơ quan, đơn vị, địa phương", "Sở Nội vụ"]
    second = [None, None, "Kế hoạch tự kiểm tra của cơ quan, đơn vị", "Trong tháng 6/2026",
              "Các cơ quan, đơn vị, địa phương", "", "Sở Nội vụ"]
    spanned = ["3", "Tiếp tục triển khai Quyết định số 1737/QĐ-UBND", "", "Theo các mốc thời gian",
               "Theo phân công tại Quyết định số 1737/QĐ-UBND", None, "Văn phòng UBND tỉnh"]
    rows = [header, first, second, spanned]
    text = "\n".join("\t".join(c or "" for c in row) for row in rows)
    (table,), _ = read(text, [RawTable(rows=rows, page=1)])
    assert [cells(r) for r in table.rows] == [
        {"id": "2", "task": task, "output": "Kế hoạch kiểm tra của tỉnh",
         "timeline": "Trong tháng 01/2026", "lead": "Sở Nội vụ",
         "support": "Các cơ quan, đơn vị, địa phương"},
        {"parent_id": "2", "task": task, "output": "Kế hoạch tự kiểm tra của cơ quan, đơn vị",
         "timeline": "Trong tháng 6/2026", "lead": "Các cơ quan, đơn vị, địa phương"},
        {"id": "3", "task": "Tiếp tục triển khai Quyết định số 1737/QĐ-UBND",
         "timeline": "Theo các mốc thời gian",
         "lead": "Theo phân công tại Quyết định số 1737/QĐ-UBND",
         "support": "Theo phân công tại Quyết định số 1737/QĐ-UBND"},
    ]
