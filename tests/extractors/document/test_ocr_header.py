"""The header and appendix caption of OCR'd pages: a type heading whose accents OCR misread
("QUYÉT ĐỊNH") names its type, and a caption read with a stray mark and misread accents still
gives the plan its number and date."""

from __future__ import annotations

import pytest
from vnplan.extractors.document.header import is_authority_line
from vnplan.extractors.document.layout import is_appendix_caption
from vnplan.extractors.document.metadata import _caption_facts, _heading_type


@pytest.mark.parametrize(("line", "label"), [
    ("QUYẾT ĐỊNH", "Quyết định"), ("QUYÉT ĐỊNH", "Quyết định"), ("KÉ HOẠCH", "Kế hoạch"),
    ("NGHỊ QUYÉT", "Nghị quyết"), ("BÁO CÀO", "Báo cáo"),
    ("KẾ HOẠCH.", "Kế hoạch"),  # a speck read as a full stop after it
    ("Quyết định thành lập", None),  # not a heading in capitals
    ("QUYẾT ĐỊNH THÀNH LẬP BAN CHỈ ĐẠO", None),  # more than a type
])
def test_a_type_heading_is_read_through_ocr_accents(line, label):
    assert _heading_type(line) == label


@pytest.mark.parametrize(("line", "caption"), [
    ("(Ban hành kèm theo Kế hoạch số 57/KH-UBND ngày 24/12/2020)", True),
    ("-( Ban hành kèm theo Kể Hoạch số: 57/KH-UBND ngày,24 tháng 12", True),  # OCR'd
    ("*(Kèm theo Quyết định sô 12/QĐ-UBND)*", True),
    ("Kế hoạch triển khai các nhiệm vụ", False),
    ("Kế hoạch này thay thế", False),
])
def test_an_appendix_caption_is_known_through_ocr_accents_and_marks(line, caption):
    assert is_appendix_caption(line) is caption


def test_the_number_and_date_of_an_ocr_caption_are_read():
    facts = _caption_facts(["PHỤ LỤC", "NHIỆM VỤ CỤ THỂ",
                            "-( Ban hành kèm theo Kể Hoạch sô: 57/KH-UBND ngày 24 tháng 12 năm 2020"])
    assert facts["number"] == "57/KH-UBND"
    assert str(facts["date"]) == "2020-12-24"


@pytest.mark.parametrize(("line", "authority"), [
    ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", True),
    ("ỦY BAN THƯỜNG VỤ-QUỐC HỘI", True),  # a speck between two words read as a dash
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", True),  # a dash of its own
    ("VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH", False),
])
def test_the_line_naming_who_issues_is_known_through_a_dash_speck(line, authority):
    assert is_authority_line(line, []) is authority
