"""Codes in capitals OCR misread, put right from the codes the document prints
(ingest/ocr_codes.py): only near a code printed often, only once, never a syllable or a code that
repeats in its own right."""

from __future__ import annotations

import pytest
from vnplan.ingest.ocr_codes import document_codes, repair_codes

PAGE = ("Kế hoạch CCHC năm 2024 của UBND xã. Công tác CCHC, giải quyết TTHC, kiểm soát TTHC; "
        "văn bản QPPL của HĐND và UBND; CCHC gắn với TTHC; ban hành văn bản QPPL; UBND, HĐND, "
        "QPPL, HĐND. Phó Chủ tịch (PCT) chủ trì.")


@pytest.mark.parametrize(("read", "meant"), [
    ("công tác GŒHG:", "công tác CCHC:"),  # three letters read as ones they look like
    ("công tác CCHG.", "công tác CCHC."),
    ("kiểm soát TTHƠ", "kiểm soát TTHC"),  # marks folded, then O for C
    ("của ƯBND xã", "của UBND xã"),
    ("văn bản QPEL", "văn bản QPPL"),
    ("của HĐKD xã", "của HĐND xã"),
])
def test_misread_codes_are_put_right(read, meant):
    assert repair_codes(read, document_codes([PAGE])) == meant


@pytest.mark.parametrize("line", [
    "BAN BIÊN TẬP",  # syllables
    "VIỆT NAM",
    "do PCT chủ trì",  # three capitals: may be a code of its own
    "theo tiêu chuẩn TCVN",  # no code of the document near it
    "năm 2024, mục 1.2",
    "Chủ tịch UBND xã",  # right as it is
])
def test_words_that_are_no_misread_code_stay(line):
    assert repair_codes(line, document_codes([PAGE])) == line


def test_a_code_printed_often_is_a_code_of_its_own():
    codes = document_codes([PAGE, "TTHG TTHG TTHG"])  # printed three times: not a misreading
    assert repair_codes("giải quyết TTHG", codes) == "giải quyết TTHG"


def test_two_codes_within_reach_leave_the_word_as_read():
    codes = document_codes(["CCHC CCHC CCHC GCHT GCHT GCHT"])
    assert repair_codes("GCHC", codes) == "GCHC"


def test_a_document_without_common_codes_is_left_alone():
    assert repair_codes("công tác CCHG", document_codes(["CCHC một lần"])) == "công tác CCHG"


def test_a_code_the_reference_data_knows_is_never_another_code_misread():
    # KTNN (the State Audit) is one lookalike and one letter from NSNN, a code printed often
    codes = document_codes(["dự toán NSNN; chi NSNN; thu NSNN"])
    assert repair_codes("Công văn số 113/KTNN-TH", codes) == "Công văn số 113/KTNN-TH"
    assert repair_codes("Công văn số 113/KSNN-TH", codes) == "Công văn số 113/NSNN-TH"
