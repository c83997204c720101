"""Citation numbers as OCR damages them: a doubled dash, a doubled Đ, Ð for Đ."""

from __future__ import annotations

import pytest

from vnplan.pipeline import extract_bytes


@pytest.mark.parametrize(("text", "number"), [
    ("Căn cứ Kế hoạch số 02/KH- -UBND ngày 03/01/2024 của UBND huyện;", "02/KH-UBND"),
    ("Căn cứ Quyết định số 3396/QĐÐ- UBND ngày 15/12/2022 của UBND tỉnh;", "3396/QĐ-UBND"),
    ("Căn cứ Nghị định số 61/2018/NÐ-CP ngày 23/4/2018 của Chính phủ;", "61/2018/NĐ-CP"),
])
def test_ocr_damaged_numbers_are_read_as_printed(text, number):
    plan = f"KẾ HOẠCH\nCải cách hành chính\n{text}\nI. MỤC TIÊU\nNội dung.\n"
    record = extract_bytes(plan.encode(), "plan.txt")
    assert [r.number for r in record.legal_references] == [number]
