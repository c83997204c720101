"""Tables in any layout: a small table in (tab-separated lines, with the source's cells where it
gave them), rows out — in the body and in the appendix, tasks, targets and inspections."""

from __future__ import annotations

from datetime import date

import pytest
from vnplan.extractors.appendix import find_appendix
from vnplan.extractors.appendix.timelines import parse_timeline
from vnplan.extractors.context import ExtractionContext
from vnplan.ingest import RawTable


def read(text: str, rows: list[list[list[str | None]]] = (), body_end: int | None = None,
         **context):
    """Tables and findings of ``text``; ``rows`` are the source's tables as cells."""
    tables = [RawTable(rows=t) for t in rows]
    end = len(text) if body_end is None else body_end
    return find_appendix(text, ExtractionContext(body_end=end, tables=tables, **context))


def lines(table: list[list[str | None]]) -> str:
    return "\n".join("\t".join(c or "" for c in row) for row in table)


def rows_of(table) -> list[tuple]:
    return [(r.id, r.parent_id, r.is_group_header, r.task, r.target, r.lead, r.subject_unit)
            for r in table.rows]


HEADER = [["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do"],
          ["Số: 12/KH-UBND", "Lâm Đồng, ngày 5 tháng 1 năm 2026"]]
CLOSING = [["Nơi nhận: - Bộ Nội vụ; - Lưu: VT.", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"]]
BODY_TABLE = [["TT", "Nội dung", "Trách nhiệm thực hiện", "Thời gian (Năm 2026)"],
              ["1", "Giải đáp vướng mắc về CCHC", "Lãnh đạo Sở Công Thương", "Từ tháng 3 đến tháng 9/2026"],
              ["2", "Đối thoại với doanh nghiệp", "Lãnh đạo Công an tỉnh", "Quý I–II/2026"]]


def test_a_table_in_the_body_is_read_and_layout_tables_are_not():
    text = "\n".join([lines(HEADER), "KẾ HOẠCH", "III. NỘI DUNG", "a) Tổ chức đối thoại",
                      lines(BODY_TABLE), "IV. TỔ CHỨC THỰC HIỆN", lines(CLOSING)])
    tables, findings = read(text, [HEADER, BODY_TABLE, CLOSING])
    assert len(tables) == 1 and not findings
    table = tables[0]
    assert (table.kind, table.title) == ("tasks", "a) Tổ chức đối thoại")
    assert rows_of(table) == [
        ("1", None, False, "Giải đáp vướng mắc về CCHC", None, "Lãnh đạo Sở Công Thương", None),
        ("2", None, False, "Đối thoại với doanh nghiệp", None, "Lãnh đạo Công an tỉnh", None),
    ]
    assert (table.rows[0].timeline.start, table.rows[0].timeline.end) == (date(2026, 3, 1), date(2026, 9, 30))
    assert (table.rows[1].timeline.start, table.rows[1].timeline.end) == (date(2026, 1, 1), date(2026, 6, 30))


INDICATORS = [
    ["STT", "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", "Kết quả thống kê", None, "Ghi chú"],
    [None, None, "Đơn vị tính", "Số liệu", None],
    ["1.", "Kiểm tra CCHC", "", "", ""],
    ["1.1.", "Số sở, ngành đã kiểm tra", "Cơ quan, đơn vị", "04", ""],
    ["1.2.", "Tỷ lệ xử lý các vấn đề phát hiện qua kiểm tra", "%", "100", ""],
    ["1.2.1.", "Số vấn đề phát hiện qua kiểm tra", "Vấn đề", "23", ""],
]


def test_two_row_header_long_header_cell_and_indicator_hierarchy():
    text = "PHỤ LỤC\nBiểu mẫu 1\n" + lines(INDICATORS)
    tables, _ = read(text, [INDICATORS], body_end=0)
    table = tables[0]
    assert table.kind == "targets"
    assert table.columns[2:4] == ["Đơn vị tính", "Số liệu"]
    assert list(table.column_map.values()) == ["id", "target", "unit_of_measure", "value", "note"]
    assert [(r.id, r.parent_id, r.is_group_header, r.target, r.lead) for r in table.rows] == [
        ("1", None, True, "Kiểm tra CCHC", None),  # a group's id is normalised ("1." → "1")
        ("1.1.", "1", False, "Số sở, ngành đã kiểm tra", None),
        ("1.2.", "1", False, "Tỷ lệ xử lý các vấn đề phát hiện qua kiểm tra", None),
        ("1.2.1.", "1.2.", False, "Số vấn đề phát hiện qua kiểm tra", None),
    ]


def test_tables_one_after_another_in_an_appendix_are_separate():
    second = [INDICATORS[0], INDICATORS[1], ["1.", "Số VBQPPL đã ban hành", "Văn bản", "249", ""]]
    text = "\n".join(["PHỤ LỤC", "Biểu mẫu 1", lines(INDICATORS), "Biểu mẫu 2",
                      "Cải cách thể chế", lines(second)])
    tables, _ = read(text, [INDICATORS, second], body_end=0)
    assert [len(t.rows) for t in tables] == [4, 1]
    assert tables[1].title == "Biểu mẫu 2 Cải cách thể chế"


CATALOGUE = [["TT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện"],
             ["A", "THỦ TỤC HÀNH CHÍNH CẤP TRUNG ƯƠNG", None, None, None],
             ["I", "LĨNH VỰC BẢO VỆ THỰC VẬT", None, None, None],
             ["1", "5.000119", "Công bố dịch hại thực vật", "Bảo vệ thực vật", "Bộ Nông nghiệp và Môi trường"],
             ["B", "THỦ TỤC HÀNH CHÍNH CẤP TỈNH", None, None, None],
             ["1", "6.000243", "Lập kế hoạch vùng sản xuất", "Trồng trọt", "Ủy ban nhân dân cấp tỉnh"]]


def test_group_rows_in_cells_spanning_the_row_with_letters_and_romans():
    tables, _ = read("PHỤ LỤC\n" + lines(CATALOGUE), [CATALOGUE], body_end=0)
    table = tables[0]
    assert table.kind == "other"  # a catalogue (Mã TTHC), not a task list
    assert rows_of(table) == [
        ("A", None, True, "THỦ TỤC HÀNH CHÍNH CẤP TRUNG ƯƠNG", None, None, None),
        ("I", "A", True, "LĨNH VỰC BẢO VỆ THỰC VẬT", None, None, None),
        ("1", "I", False, "Công bố dịch hại thực vật", None, "Bộ Nông nghiệp và Môi trường", None),
        ("B", None, True, "THỦ TỤC HÀNH CHÍNH CẤP TỈNH", None, None, None),
        ("1", "B", False, "Lập kế hoạch vùng sản xuất", None, "Ủy ban nhân dân cấp tỉnh", None),
    ]


@pytest.mark.parametrize(
    ("table", "kind", "expected"),
    [
        ([["STT", "Đơn vị được kiểm tra", "Nội dung kiểm tra", "Thời gian kiểm tra"],
          ["1", "UBND xã Đức Trọng", "Công tác CCHC", "Tháng 5/2026"]],
         "inspection", ("1", None, False, "Công tác CCHC", None, None, "UBND xã Đức Trọng")),
        ([["TT", "Chỉ tiêu", "Cơ quan chủ trì", "Thời hạn"],
          ["1", "100% TTHC được công khai", "Sở Nội vụ", "Năm 2026"]],
         "targets", ("1", None, False, None, "100% TTHC được công khai", "Sở Nội vụ", None)),
        ([["Tỉnh (trước sắp xếp)", "Điểm số", "Thứ hạng"], ["Lâm Đồng", "83,1/100", "62/63"]],
         "other", (None, None, False, "Lâm Đồng", None, None, "Lâm Đồng")),
    ],
    ids=["inspection", "target-assignment", "evaluated-units"],
)
def test_the_kind_of_table_and_an_inspected_unit_is_never_the_lead(table, kind, expected):
    tables, _ = read("PHỤ LỤC\n" + lines(table), [table], body_end=0)
    assert tables[0].kind == kind
    assert rows_of(tables[0]) == [expected]


def test_rows_placed_by_guesswork_give_one_finding_per_table():
    text = "\n".join(["PHỤ LỤC", "STT\tNhiệm vụ\tChủ trì\tThời gian",
                      "1\tRà soát văn bản\tSở Tư pháp\tQuý I/2026",
                      "2\tKiểm tra công vụ Sở Nội vụ Quý II/2026\t\t",
                      "3\tTuyên truyền CCHC Sở Văn hóa Năm 2026\t\t"])
    _, findings = read(text, body_end=0)
    doubtful = [f for f in findings if f.kind == "appendix_cell_doubtful"]
    assert len(doubtful) == 1
    assert doubtful[0].message.startswith("2 row(s)") and doubtful[0].message.endswith("2, 3")


def test_a_data_table_that_cannot_be_read_says_so_once_with_its_page():
    table = [["PAR Index", "SIPAS", "PAPI"], ["83,1", "83,0%", "41,02"], ["86,6", "83,1%", "40,53"]]
    text = "BÁO CÁO\nI. KẾT QUẢ\n" + lines(table) + "\nII. TỒN TẠI"
    tables, findings = read(text, [table], page_starts=[(0, 3)])
    assert tables == []
    assert [(f.kind, f.page) for f in findings] == [("appendix_table_unread", 3)]
    assert "page 3" in findings[0].message


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        ("Từ tháng 3 đến tháng 9/2026", None, date(2026, 3, 1), date(2026, 9, 30)),
        ("Quý I–II/2026", None, date(2026, 1, 1), date(2026, 6, 30)),
        ("Từ quý I đến quý III/2026", None, date(2026, 1, 1), date(2026, 9, 30)),
        ("Trước 15/12", 2026, None, date(2026, 12, 15)),
        ("Trước 15/12", None, None, None),
        ("6 tháng đầu năm 2026", None, date(2026, 1, 1), date(2026, 6, 30)),
        ("Giai đoạn 2026-2030", None, date(2026, 1, 1), date(2030, 12, 31)),
        ("Quý IV-2025", None, date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_timelines_with_spans(text, year, start, end):
    timeline = parse_timeline(text, year)
    assert (timeline.start, timeline.end) == (start, end)
