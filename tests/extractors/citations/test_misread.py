"""Numbers OCR misread, put right by the registry and the cited date (citations/misread.py)."""

from __future__ import annotations

from datetime import date

import pytest
from support import registry_entry
from vnplan.extractors.citations.finding import find_legal_references
from vnplan.extractors.context import ExtractionContext
from vnplan.reference.registry import parse_registry

REGISTRY = parse_registry(
    registry_entry("107/2020/NĐ-CP", "Nghị định", "Sửa đổi 24/2014", "Chính phủ", "2020-09-14")
    + registry_entry("108/2020/NĐ-CP", "Nghị định", "Sửa đổi 37/2014", "Chính phủ", "2020-09-14")
    + registry_entry("458/QĐ-TTg", "Quyết định", "Đề án lưu trữ", "Thủ tướng Chính phủ", "2020-04-03")
    + registry_entry("28/2018/QĐ-TTg", "Quyết định", "Gửi, nhận văn bản điện tử",
                     "Thủ tướng Chính phủ", "2018-07-12"))


def read(text: str, ocr: bool = True, registry=REGISTRY):
    context = ExtractionContext(page_starts=[(0, 1)], ocr_pages=frozenset({1} if ocr else ()),
                                registry=registry, plan_date=date(2023, 1, 5), as_of=date(2023, 1, 5))
    return find_legal_references(text, context)


@pytest.mark.parametrize(("text", "meant"), [
    ("thực hiện Nghị định số 197/2020/NĐ-CP ngày 14/9/2020 của Chính phủ", "197→107"),  # a digit
    ("tại Quyết định số 488/QĐ-TTg ngày 03/4/2020 của Thủ tướng", "488→458"),  # a year-less one
    ("theo Quyết định số 28/2018/QĐ ngày 12/7/2018 của Thủ tướng", "QĐ→QĐ-TTg"),  # its code cut
])
def test_an_ocr_misread_number_is_read_as_the_registrys_document_of_that_date(text, meant):
    refs, findings = read(text)
    expected = {"197→107": "107/2020/NĐ-CP", "488→458": "458/QĐ-TTg", "QĐ→QĐ-TTg": "28/2018/QĐ-TTg"}
    assert refs[0].number == expected[meant]
    repaired = [f for f in findings if f.kind == "ocr_number_repaired"]
    assert len(repaired) == 1 and repaired[0].suggestion == expected[meant] and repaired[0].page == 1
    assert refs[0].surface.split()[-1] in text  # the surface keeps what was read


@pytest.mark.parametrize("text", [
    "Nghị định số 197/2020/NĐ-CP của Chính phủ",  # no date: nothing to go by
    "Nghị định số 109/2020/NĐ-CP ngày 14/9/2020",  # only its last digit differs from 107, 108
    "Nghị định số 177/2020/NĐ-CP ngày 15/9/2020",  # none of that date
    # consecutive numbers of one day: 106 or 109 may be a decree the registry lacks, not 107 or
    # 108 misread
    "Nghị định số 106/2020/NĐ-CP ngày 14/9/2020",
])
def test_a_number_is_left_as_read_unless_one_document_fits(text):
    refs, findings = read(text)
    assert refs[0].number == text.split("số ")[1].split()[0]
    assert not [f for f in findings if f.kind == "ocr_number_repaired"]


def test_a_typed_number_is_what_its_author_wrote():
    refs, findings = read("thực hiện Nghị định số 197/2020/NĐ-CP ngày 14/9/2020", ocr=False)
    assert refs[0].number == "197/2020/NĐ-CP"
    assert not [f for f in findings if f.kind == "ocr_number_repaired"]


@pytest.mark.parametrize("other", [
    ("117/2020/NĐ-CP", "2020-09-14"),  # two documents of that day fit: 107 and 117
    ("197/2020/NĐ-CP", "2020-12-30"),  # the number as read is a document, whatever its date
])
def test_the_number_is_left_as_read_when_the_registry_does_not_single_one_out(other):
    registry = parse_registry(
        registry_entry("107/2020/NĐ-CP", "Nghị định", "Một", "Chính phủ", "2020-09-14")
        + registry_entry(other[0], "Nghị định", "Hai", "Chính phủ", other[1]))
    refs, findings = read("Nghị định số 197/2020/NĐ-CP ngày 14/9/2020", registry=registry)
    assert refs[0].number == "197/2020/NĐ-CP"
    assert not [f for f in findings if f.kind == "ocr_number_repaired"]


def test_a_standards_year_after_the_document_is_the_one_it_prints_elsewhere():
    text = ("áp dụng TCVN ISO 9001:2015 tại UBND xã; duy trì, cải tiến hệ thống quản lý chất "
            "lượng theo TCVN ISO 9001:2075 (plan of 2023)")
    refs, findings = read(text)
    assert [r.number for r in refs] == ["TCVN ISO 9001:2015", "TCVN ISO 9001:2015"]
    repaired = [f for f in findings if f.kind == "ocr_number_repaired"]
    assert len(repaired) == 1 and repaired[0].suggestion == "TCVN ISO 9001:2015"
    assert refs[1].surface.endswith("9001:2075")  # the surface keeps what was read


@pytest.mark.parametrize(("text", "ocr"), [
    ("áp dụng tại UBND xã theo TCVN ISO 9001:2075", True),  # no other year to go by
    ("TCVN ISO 9001:2005 và TCVN ISO 9001:2015; TCVN ISO 9001:2035", True),  # two years fit
    ("ISO 9001:2015 và TCVN ISO 9001:2075", True),  # another standard's year
    ("TCVN ISO 9001:2015 và TCVN ISO 9001:2075", False),  # typed: as its author wrote
    ("TCVN ISO 9001:2015 và TCVN ISO 9001:2022", True),  # a year that can be
])
def test_a_standards_year_is_left_as_read_unless_the_document_settles_it(text, ocr):
    refs, findings = read(text, ocr=ocr)
    assert refs[-1].number.endswith(text.split()[-1])
    assert [r.surface.split()[-1] for r in refs] == [r.number.split()[-1] for r in refs]
    assert not [f for f in findings if f.kind == "ocr_number_repaired"]


def test_an_undated_plan_goes_by_its_periods_first_year():
    context = ExtractionContext(page_starts=[(0, 1)], ocr_pages=frozenset({1}), registry=REGISTRY,
                                plan_year=2021, as_of=date(2023, 1, 5))
    refs, findings = find_legal_references(
        "theo TCVN ISO 9001:2015 tại xã; cải tiến theo TCVN ISO 9001:2075", context)
    assert [r.number for r in refs] == ["TCVN ISO 9001:2015", "TCVN ISO 9001:2015"]
    assert not [f for f in findings if f.kind == "future_date"]
