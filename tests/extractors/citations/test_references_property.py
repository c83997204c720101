"""Property tests: citations generated in every form and damaged the ways extraction damages
them are still found and normalised; pathological input finishes fast."""

from __future__ import annotations

import time
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from vnplan.extractors.citations.finding import find_legal_references
from vnplan.extractors.context import ExtractionContext

# (type as written, code form, issuer, needs a year)
FORMS = [
    ("Nghị định", "{n}/{y}/NĐ-CP", "Chính phủ"),
    ("Thông tư", "{n}/{y}/TT-BTC", "Bộ Tài chính"),
    ("Thông tư liên tịch", "{n}/{y}/TTLT-BTC-BNV", "Bộ Tài chính, Bộ Nội vụ"),
    ("Quyết định", "{n}/QĐ-TTg", "Thủ tướng Chính phủ"),
    ("Quyết định", "{n}/{y}/QĐ-UBND", "Ủy ban nhân dân"),
    ("Chỉ thị", "{n}/CT-TTg", "Thủ tướng Chính phủ"),
    ("Kế hoạch", "{n}/KH-UBND", "Ủy ban nhân dân"),
    ("Nghị quyết", "{n}-NQ/TW", "Ban Chấp hành Trung ương Đảng"),
    ("Chương trình hành động", "{n}-CTr/TU", "Tỉnh ủy"),
    ("Công văn", "{n}/UBND-VP", "Ủy ban nhân dân"),
    ("Hướng dẫn", "{n}/HD-BNV", "Bộ Nội vụ"),
    ("Kết luận", "{n}-KL/TW", "Ban Chấp hành Trung ương Đảng"),
    ("Thông báo", "{n}/TB-UBND", "Ủy ban nhân dân"),
    ("Đề án", "{n}/ĐA-UBND", "Ủy ban nhân dân"),
]


def damage_code(code: str, how: str) -> str:
    """A code the way extraction leaves it."""
    if how == "spaced":
        return code.replace("-", " - ")
    if how == "en_dash":
        return code.replace("-", "–")
    if how == "ascii":
        return code.replace("Đ", "D")
    if how == "ocr_eth":
        return code.replace("Đ", "Ð")  # U+00D0, looks the same
    if how == "line_break":
        head, _, tail = code.rpartition("-")
        return f"{head}-\n{tail}" if head else code
    return code


@st.composite
def citations(draw):
    doc_type, form, issuer = draw(st.sampled_from(FORMS))
    n = draw(st.integers(1, 9999))
    y = draw(st.integers(2006, 2025))
    number = form.format(n=f"{n:02d}" if n < 10 else n, y=y)
    how = draw(st.sampled_from(["clean", "spaced", "en_dash", "ascii", "ocr_eth", "line_break"]))
    so = draw(st.sampled_from(["số ", "", "số: "]))
    d = draw(st.dates(date(y, 1, 1), date(y, 12, 31)))
    dated = draw(st.booleans())
    worded = draw(st.booleans())
    when = ""
    if dated:
        when = (f" ngày {d.day} tháng {d.month} năm {d.year}" if worded
                else f" ngày {d.day}/{d.month}/{d.year}")
    written = f"{doc_type} {so}{damage_code(number, how)}{when}"
    return written, doc_type, number, (d if dated else None), issuer


@given(citations(), st.sampled_from(["Căn cứ ", "- Thực hiện ", "theo "]),
       st.sampled_from([";", " về việc triển khai.", ", cụ thể như sau:"]))
@settings(max_examples=300, deadline=None)
def test_generated_citations_are_normalised(cite, before, after):
    written, doc_type, number, issued, issuer = cite
    text = before + written + after
    found, findings = find_legal_references(text, ExtractionContext())
    assert len(found) == 1, (text, found)
    ref = found[0]
    assert ref.doc_type == doc_type
    assert ref.number == number
    assert ref.issued_date == issued
    assert ref.issuer == issuer
    assert ref.corrected_number is None
    assert text[ref.span[0]:ref.span[1]] == ref.surface
    assert not [f for f in findings if f.kind in ("type_code_mismatch", "missing_year")]


@given(st.integers(1, 999), st.integers(2010, 2025), st.dates(date(2010, 1, 1), date(2025, 12, 31)))
@settings(max_examples=100, deadline=None)
def test_missing_year_is_inferred_from_the_date(n, _, d):
    text = f"theo Nghị định số {n}/NĐ-CP ngày {d.day}/{d.month}/{d.year} của Chính phủ."
    (ref,), findings = find_legal_references(text, ExtractionContext())
    assert ref.corrected_number == f"{n}/{d.year}/NĐ-CP"
    assert [f.kind for f in findings] == ["missing_year"]


@given(st.text(alphabet="0123456789/-–NĐQCPTKHUBD .\n", max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_of_digits_codes_and_slashes_never_crashes(text):
    found, _ = find_legal_references(text, ExtractionContext())
    for ref in found:
        assert text[ref.span[0]:ref.span[1]] == ref.surface


def test_a_megabyte_line_of_digits_and_slashes_finishes_fast():
    for unit in ("1/", "12/2020/", "1-", "12/NĐ-", "1/2/3-4 ", "Nghị định số 1"):
        text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
        started = time.perf_counter()
        find_legal_references(text, ExtractionContext())
        assert time.perf_counter() - started < 10, unit
