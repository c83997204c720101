"""Targets: Vietnamese clauses in, numbers with comparator, unit and subject out."""

from __future__ import annotations

import pytest
from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.targets import find_targets
from vnplan.models import AppendixRow, AppendixTable


def targets(text: str):
    return find_targets(text, ExtractionContext(body_end=len(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trên 95% số hồ sơ TTHC được trả kết quả giải quyết đúng hạn.", [(95, None, "%", ">")]),
        ("Mức độ hài lòng đạt tối thiểu 90%.", [(90, None, "%", ">=")]),
        ("tỷ lệ giao dịch thanh toán trực tuyến đạt từ 35% trở lên.", [(35, None, "%", ">=")]),
        ("hồ sơ thanh toán trực tuyến đạt 80% trở lên.", [(80, None, "%", ">=")]),
        ("Phấn đấu 85% hồ sơ TTHC trả kết quả trước hạn.", [(85, None, "%", "=")]),
        ("Thời gian chờ không quá 30 phút.", [(30, None, "phút", "<=")]),
        ("Tỷ lệ hồ sơ trễ hạn dưới 2%.", [(2, None, "%", "<=")]),
        ("Phấn đấu từ 98% -100% số hồ sơ TTHC được trả kết quả đúng hạn.", [(98, 100, "%", "range")]),
        ("Kiểm tra định kỳ từ 50 – 60% các công chức chuyên môn.", [(50, 60, "%", "range")]),
        ("Từ 90-100% TTHC áp dụng hệ thống quản lý chất lượng ISO 9001:2015", [(90, 100, "%", "range")]),
        ("xuống trung bình còn tối đa 13-15 phút/01 lượt giao dịch.", [(13, 15, "phút", "range")]),
        ("Số lượng tin tuyên truyền tăng từ 15% trở lên", [(15, None, "%", "increase_by")]),
        ("Đăng ký thực hiện từ 1-2 sáng kiến về cải cách hành chính.", [(1, 2, "sáng kiến", "range")]),
        ("Kiểm tra cải cách hành chính (tối thiểu 2 lần/năm)", [(2, None, "lần/năm", ">=")]),
        ("Triển khai 5 phần mềm dùng chung", [(5, None, "phần mềm", "=")]),
        ("Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 30 % tại cấp xã", [(30, None, "%", ">=")]),
    ],
)
def test_comparators_and_units(text, expected):
    found = [(t.value, t.value_max, t.unit, t.comparator) for t in targets(text)]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ.",
        "Kinh phí thực hiện 12.900.000 đồng; dự phòng 3.960.000",
        "áp dụng hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
        "cung cấp dịch vụ công trực tuyến mức độ 3, 4",
        "giải quyết phản ánh trên Tổng đài Dịch vụ công 1022, điện thoại 0251.3861.234",
        "1. Cải cách thể chế\n2.1 Công tác chỉ đạo\na) Chỉ tiêu",
        "Báo cáo Quý I/2023 trước ngày 10 của tháng cuối kỳ; 6 tháng đầu năm 2023.",
        "Công khai kết quả 02 lần/tháng",
        "giai đoạn 2021 – 2025",
    ],
)
def test_non_targets(text):
    assert targets(text) == []


def test_two_numbers_in_one_clause_give_two_targets_with_their_own_subjects():
    found = targets(
        "- Tỷ lệ giải quyết hồ sơ đúng hạn tối thiểu 97% mức độ hài lòng của người dân về "
        "giải quyết thủ tục hành chính đạt tối thiểu 94%."
    )
    assert [t.value for t in found] == [97, 94]
    assert found[0].subject == "Tỷ lệ giải quyết hồ sơ đúng hạn"
    assert found[1].subject.startswith("mức độ hài lòng của người dân")


def test_subject_deadline_and_inherited_subject():
    found = targets(
        "- Mức độ hài lòng của người dân, tổ chức đạt từ 95%; đến năm 2025 đạt 98% trở lên."
    )
    assert [(t.value, t.comparator, t.deadline_year) for t in found] == [
        (95, ">=", None), (98, ">=", 2025)
    ]
    assert found[1].subject == found[0].subject == "Mức độ hài lòng của người dân, tổ chức"


def test_subject_after_the_number_and_baseline():
    (target,) = targets("a) 100% các văn bản QPPL do HĐND, UBND xã ban hành bảo đảm trình tự.")
    assert target.subject.startswith("văn bản QPPL do HĐND, UBND xã ban hành")
    (rank,) = targets("- Chỉ số cải cách hành chính năm 2024 cải thiện so với năm 2023 và nằm "
                      "trong nhóm 5 địa phương dẫn đầu cấp xã.")
    assert (rank.value, rank.unit, rank.comparator, rank.baseline) == (5, "hạng", "<=", "năm 2023")
    assert rank.subject == "Chỉ số cải cách hành chính năm 2024"


def test_spans_hold_the_number_and_its_comparator():
    text = "b) Mức độ hài lòng đạt tối thiểu 90%. Trong đó, đất đai đạt tối thiểu 80%."
    for target in targets(text):
        assert text[target.span[0] : target.span[1]].startswith("tối thiểu")
        assert f"{target.value:g}" in text[target.span[0] : target.span[1]]
        assert target.span[0] >= target.clause_span[0] and target.span[1] <= target.clause_span[1]


def test_appendix_objective_cells_link_their_row():
    body = "I. MỤC TIÊU\n- Đạt 100% hồ sơ đúng hạn.\n"
    row_text = "1\t70% TTHC có hồ sơ mẫu\tLập hồ sơ mẫu cho 100% TTHC\tHồ sơ mẫu"
    text = body + row_text
    start = len(body)
    table = AppendixTable(
        columns=["Stt", "Mục tiêu", "Nhiệm vụ", "Kết quả"],
        column_map={"Mục tiêu": "target", "Nhiệm vụ": "task"},
        rows=[AppendixRow(id="1", target="70% TTHC có hồ sơ mẫu", task="Lập hồ sơ mẫu cho 100% TTHC",
                          span=(start, len(text)))],
    )
    found = find_targets(text, ExtractionContext(body_end=start), [table])
    assert [(t.value, t.appendix_row) for t in found] == [(100, None), (70, "1")]
    assert found[1].subject == "TTHC có hồ sơ mẫu"
