"""Markdown tables of every shape become tab-separated rows and cells: a snippet in, rows out."""

from __future__ import annotations

import pytest
from vnplan.ingest.markdown import read_markdown_tables

ONE_CELL_PER_LINE = """Trước bảng.

|
**STT**
|
**Tên nhiệm vụ**
|
**Cơ quan chủ trì**
|
|
**I.
NÂNG CAO NHẬN THỨC**
|
|
1
|
Triển khai nền tảng đào tạo
trực tuyến mở
|
Sở KH&CN
|

Sau bảng.
"""

GROUP_BESIDE_ID = """|
TT
|
Mã TTHC
|
Tên thủ tục hành chính
|
|
**A**
|
**THỦ TỤC HÀNH CHÍNH CẤP TRUNG ƯƠNG**
|
|
1
|
5.000119
|
Công bố dịch hại thực vật
|
"""

PIPE = """| STT | Nội dung | Chủ trì |
|-----|:---------|---------|
| 1 | Rà soát<br>văn bản | Sở Tư pháp |
| 2 | Kiểm tra | Sở Nội vụ |
"""

PIPE_WITHOUT_LEADING_BAR = """Phụ lục

Mẫu số 01 | Phiếu Đăng ký dự tuyển |
Mẫu số 02 | Thông báo về việc nghỉ hưu đối với công chức |
"""


@pytest.mark.parametrize(
    ("markdown", "rows"),
    [
        (ONE_CELL_PER_LINE, [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì"],
                             ["I. NÂNG CAO NHẬN THỨC", None, None],
                             ["1", "Triển khai nền tảng đào tạo trực tuyến mở", "Sở KH&CN"]]),
        (GROUP_BESIDE_ID, [["TT", "Mã TTHC", "Tên thủ tục hành chính"],
                           ["A", "THỦ TỤC HÀNH CHÍNH CẤP TRUNG ƯƠNG", None],
                           ["1", "5.000119", "Công bố dịch hại thực vật"]]),
        (PIPE, [["STT", "Nội dung", "Chủ trì"], ["1", "Rà soát văn bản", "Sở Tư pháp"],
                ["2", "Kiểm tra", "Sở Nội vụ"]]),
        (PIPE_WITHOUT_LEADING_BAR, [["Mẫu số 01", "Phiếu Đăng ký dự tuyển"],
                                    ["Mẫu số 02", "Thông báo về việc nghỉ hưu đối với công chức"]]),
    ],
    ids=["one-cell-per-line", "group-beside-id", "pipe", "pipe-without-leading-bar"],
)
def test_tables_become_cells_and_tab_lines(markdown, rows):
    text, tables = read_markdown_tables(markdown)
    assert len(tables) == 1
    assert tables[0].rows == rows
    lines = text.split("\n")
    first = tables[0].first_line
    assert lines[first:first + len(rows)] == ["\t".join(c or "" for c in row) for row in rows]


def test_text_around_a_table_stays():
    text, _ = read_markdown_tables(ONE_CELL_PER_LINE)
    assert text.startswith("Trước bảng.\n")
    assert text.rstrip().endswith("Sau bảng.")


def test_a_layout_table_of_one_cell_per_line_is_a_table_too():
    markdown = "|\nNơi nhận:\n- Như Điều 3;\n|\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n|\n\nPHỤ LỤC\n"
    text, tables = read_markdown_tables(markdown)
    assert tables[0].rows == [["Nơi nhận: - Như Điều 3;", "KT. BỘ TRƯỞNG THỨ TRƯỞNG"]]
    assert "PHỤ LỤC" in text


def test_a_lone_bar_is_no_table():
    text, tables = read_markdown_tables("Đoạn văn\n|\n\nĐoạn khác\n")
    assert tables == []
    assert "Đoạn khác" in text


def test_work_is_linear_on_a_long_table():
    row = "|\n1\n|\nNhiệm vụ\n|\nSở Nội vụ\n|\n"
    _, tables = read_markdown_tables("|\nSTT\n|\nNội dung\n|\nChủ trì\n|\n" + row * 5000)
    assert len(tables[0].rows) == 5001
