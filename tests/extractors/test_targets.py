"""Targets: Vietnamese clauses in, numbers with comparator, unit and subject out."""

from __future__ import annotations

import pytest
from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.targets import find_targets
from vnplan.models import AppendixRow, AppendixTable, Metadata, Section
from vnplan.reference.vocabularies import load_target_kind_cues, parse_target_kind_cues


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
        # A band up to, not including, its top: one range, not "≥ 70" and "≤ 100".
        ("Số ĐVSN tự bảo đảm từ 70% - dưới 100% chi thường xuyên", [(70, 100, "%", "range")]),
        ("đơn vị tự bảo đảm từ 70% đến dưới 100% chi thường xuyên", [(70, 100, "%", "range")]),
        ("đơn vị tự bảo đảm từ 70 đến dưới 100% chi thường xuyên", [(70, 100, "%", "range")]),
        ("đơn vị tự bảo đảm dưới 30% chi thường xuyên", [(30, None, "%", "<=")]),
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


def test_targets_of_every_cell_of_a_row_link_their_row():
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
    # the objective cell and the task cell both hold a target (issue 15: whichever column)
    assert [(t.value, t.appendix_row) for t in found] == [(100, None), (70, "1"), (100, "1")]
    assert found[1].subject == "TTHC có hồ sơ mẫu"


# --- target (a commitment) or result (an achievement reported) --------------------------------


def kinds(text: str, doc_type: str | None, *, sections=(), title: str | None = None):
    """(value, value_max, comparator, kind, period) of each number of ``text`` in a document
    of ``doc_type`` dated 2025."""
    metadata = Metadata(doc_type=doc_type, title=title) if doc_type else None
    context = ExtractionContext(body_end=len(text), metadata=metadata, plan_year=2025,
                                sections=list(sections))
    return [(t.value, t.value_max, t.comparator, t.kind, t.period)
            for t in find_targets(text, context)]


@pytest.mark.parametrize(
    ("doc_type", "text", "expected"),
    [
        # The family decides when the clause says nothing: a report reports, a plan commits.
        ("Báo cáo", "Tỷ lệ hồ sơ trực tuyến đạt 68,1%.", [(68.1, None, "=", "result", None)]),
        ("Kế hoạch", "Tỷ lệ hồ sơ trực tuyến đạt 68,1%.", [(68.1, None, "=", "target", None)]),
        ("Quyết định", "đảm bảo cắt giảm tối thiểu 30% thời gian thực hiện TTHC",
         [(30, None, ">=", "target", None)]),
        (None, "Tỷ lệ hồ sơ trực tuyến đạt 68,1%.", [(68.1, None, "=", "target", None)]),
        # A report quotes the commitment beside the result, in an aside or after it.
        ("Báo cáo", "Tỷ lệ hồ sơ giải quyết đúng hẹn toàn tỉnh đạt 97,28% (chỉ tiêu đề ra là "
         "tối thiểu 98%).", [(97.28, None, "=", "result", None), (98, None, ">=", "target", None)]),
        ("Báo cáo", "Tỷ lệ hồ sơ đúng hẹn chưa đạt chỉ tiêu đề ra (chỉ tiêu tối thiểu 98%, hiện "
         "đạt 97,28%).", [(98, None, ">=", "target", None), (97.28, None, "=", "result", None)]),
        ("Báo cáo", "Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp, chỉ đạt 51,79% (chỉ tiêu đề ra "
         "trong năm 2025 là 70%).",
         [(51.79, None, "=", "result", None), (70, None, "=", "target", None)]),
        # "đề ra" of the tasks does not make the figure in the aside a commitment.
        ("Báo cáo", "Tỉnh đã hoàn thành 45/45 nhiệm vụ đề ra (đạt 100% kế hoạch).",
         [(100, None, "=", "result", None)]),
        # An aside closed before the number speaks of something else ("bổ sung có mục tiêu").
        ("Báo cáo", "Giải ngân 3.757 tỷ đồng (không gồm vốn bổ sung có mục tiêu), bằng 38,27% "
         "dự toán.", [(38.27, None, "=", "result", None)]),
        # A scoring threshold is not a figure reached.
        ("Báo cáo", "Tỷ lệ hồ sơ thanh toán trực tuyến là 78,61% (trường hợp đạt 100% thì tiêu "
         "chí này đạt điểm tối đa).",
         [(78.61, None, "=", "result", None), (100, None, "=", "target", None)]),
        # Forward-looking clauses of a report are commitments.
        ("Báo cáo", "Phấn đấu tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 80%.",
         [(80, None, ">=", "target", None)]),
        ("Báo cáo", "Chỉ tiêu năm 2026: tỷ lệ số hóa hồ sơ đạt 90%.",
         [(90, None, "=", "target", None)]),
        ("Báo cáo", "Đến năm 2030, 100% hồ sơ TTHC được số hóa.",
         [(100, None, "=", "target", None)]),
        # A result keeps the period it covers.
        ("Báo cáo", "Tính đến ngày 27/11/2025, tỷ lệ số hóa hồ sơ đạt 82%.",
         [(82, None, "=", "result", "đến ngày 27/11/2025")]),
        ("Báo cáo", "9 tháng đầu năm 2025, tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,1%.",
         [(99.1, None, "=", "result", "9 tháng đầu năm 2025")]),
        ("Báo cáo", "Tổng thu ngân sách tăng 20% so với năm 2024.",
         [(20, None, "increase_by", "result", None)]),  # a baseline year is not the period
        ("Báo cáo", "Số ĐVSN tự bảo đảm từ 70% - dưới 100% chi thường xuyên là 36 đơn vị.",
         [(70, 100, "range", "result", None)]),
        # A plan's figures are targets unless the clause plainly reports a past result.
        ("Kế hoạch", "Phấn đấu 85% hồ sơ TTHC trả kết quả trước hạn.",
         [(85, None, "=", "target", None)]),
        ("Kế hoạch", "Đến năm 2025, đạt 98% trở lên.", [(98, None, ">=", "target", None)]),
        ("Kế hoạch", "Năm 2024, tỷ lệ hồ sơ trực tuyến đã đạt 45%.",
         [(45, None, "=", "result", "năm 2024")]),
        ("Kế hoạch", "Tính đến nay, 100% TTHC đã được công bố.",
         [(100, None, "=", "result", None)]),
        # "đã được" in a relative clause names what is measured; it reports nothing.
        ("Kế hoạch", "TTHC đã được triển khai thanh toán trực tuyến, hồ sơ thanh toán trực tuyến "
         "đạt trên 80%.", [(80, None, ">", "target", None)]),
    ],
)
def test_target_or_result(doc_type, text, expected):
    assert kinds(text, doc_type) == expected


def section(numeral: str, heading: str, body: str) -> tuple[str, Section]:
    text = f"{numeral}. {heading}\n{body}"
    return text, Section(numeral=numeral, title=heading, span=(0, len(text)),
                         heading_span=(0, len(numeral) + 2 + len(heading)))


@pytest.mark.parametrize(
    ("doc_type", "heading", "body", "expected"),
    [
        ("Báo cáo", "PHƯƠNG HƯỚNG, NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TRỌNG TÂM NĂM 2026",
         "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 80%.", [(80, None, "=", "target", None)]),
        ("Báo cáo", "ĐỀ XUẤT NHIỆM VỤ, GIẢI PHÁP CẢI THIỆN CÁC CHỈ SỐ",
         "Nâng tỷ lệ hồ sơ đúng hẹn lên 98%.", [(98, None, "=", "target", None)]),
        ("Báo cáo", "VỀ KẾT QUẢ CÁC CHỈ SỐ NĂM 2024 CỦA TỈNH",
         "Chỉ số SIPAS 83,0%.", [(83, None, "=", "result", "năm 2024")]),
        ("Kế hoạch", "KẾT QUẢ THỰC HIỆN NĂM 2024",
         "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%.", [(98.5, None, "=", "result", "năm 2024")]),
        ("Kế hoạch", "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM 2024",
         "Phấn đấu năm 2025 tỷ lệ hồ sơ đúng hạn đạt 99%.", [(99, None, "=", "target", None)]),
        ("Kế hoạch", "MỤC TIÊU", "100% hồ sơ được giải quyết đúng hạn.",
         [(100, None, "=", "target", None)]),
    ],
)
def test_section_titles_decide_when_the_clause_does_not(doc_type, heading, body, expected):
    text, heading_section = section("I", heading, body)
    assert kinds(text, doc_type, sections=[heading_section]) == expected


def test_a_result_takes_its_period_from_the_document_title_last():
    found = kinds("Tỷ lệ số hóa hồ sơ đạt 82%.", "Báo cáo",
                  title="Công tác cải cách hành chính năm 2025 và phương hướng năm 2026")
    assert found == [(82, None, "=", "result", "năm 2025")]


def test_a_result_has_no_deadline():
    (result,) = find_targets(
        "Trong năm 2025, tỷ lệ hồ sơ trực tuyến đạt 68,1%.",
        ExtractionContext(body_end=49, metadata=Metadata(doc_type="Báo cáo"), plan_year=2025),
    )
    assert (result.kind, result.deadline_year, result.period) == ("result", None, "năm 2025")


def test_kind_cues_are_data():
    cues = load_target_kind_cues()
    assert "Báo cáo" in cues.result_families
    assert "phấn đấu" in cues.commitment_cues and "tính đến" in cues.result_cues
    with pytest.raises(ValueError, match="result_cues"):
        parse_target_kind_cues("result_families: [Báo cáo]\ncommitment_cues: [phấn đấu]\n")
