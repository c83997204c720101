"""Legal references: a Vietnamese snippet in, the expected citations and findings out."""

from __future__ import annotations

from datetime import date

import pytest
from goldenlib import record_json
from support import needs_shared
from vnplan.extractors.citations.checks import FINDING_KINDS
from vnplan.extractors.citations.finding import find_legal_references
from vnplan.extractors.context import ExtractionContext
from vnplan.reference.vocabularies import load_citation_formats

pytestmark = needs_shared


def refs(text: str, **context):
    found, findings = find_legal_references(text, ExtractionContext(**context))
    return found, findings


def cite(doc_type, number, *, issued=None, issuer=None, corrected=None, kind="document", title=None):
    """The fields a table row checks; None fields must be None."""
    return dict(kind=kind, doc_type=doc_type, number=number, corrected_number=corrected,
                issued_date=issued, issuer=issuer, title=title)


def fields(ref) -> dict:
    return dict(kind=ref.kind, doc_type=ref.doc_type, number=ref.number,
                corrected_number=ref.corrected_number, issued_date=ref.issued_date,
                issuer=ref.issuer, title=ref.title)


FIND = [
    ("Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa;",
     [cite("Nghị định", "61/2018/NĐ-CP", issued=date(2018, 4, 23), issuer="Chính phủ")]),
    ("theo Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ phê duyệt",
     [cite("Quyết định", "468/QĐ-TTg", issued=date(2021, 3, 27), issuer="Thủ tướng Chính phủ")]),
    ("Tiếp tục thực hiện Nghị quyết số 19-NQ/TW ngày 25/10/2017 của Hội nghị Trung ương sáu Khóa XII.",
     [cite("Nghị quyết", "19-NQ/TW", issued=date(2017, 10, 25),
           issuer="Hội nghị Trung ương sáu Khóa XII")]),
    ("Thực hiện Chương trình hành động số 02-CTr/TU ngày 09 tháng 12 năm 2020 của Tỉnh uỷ thực hiện",
     [cite("Chương trình hành động", "02-CTr/TU", issued=date(2020, 12, 9), issuer="Tỉnh uỷ")]),
    ("Quy định số 04-QĐ/HU ngày 07/11/2023 của Ban Thường vụ Huyện ủy về phân cấp",
     [cite("Quy định", "04-QĐ/HU", issued=date(2023, 11, 7), issuer="Ban Thường vụ Huyện ủy")]),
    ("Thông tư liên tịch số 71/2014/TTLT-BTC-BNV ngày 30/5/2014 của Bộ Tài chính, Bộ Nội vụ về",
     [cite("Thông tư liên tịch", "71/2014/TTLT-BTC-BNV", issued=date(2014, 5, 30),
           issuer="Bộ Tài chính, Bộ Nội vụ")]),
    ("theo kế hoạch số 5755/KH-UBND ngày 27/5/2021 của Chủ tịch UBND tỉnh, trong đó",
     [cite("Kế hoạch", "5755/KH-UBND", issued=date(2021, 5, 27), issuer="Chủ tịch UBND tỉnh")]),
    ("theo quy định tại Thông tư số 01/2023/TT-VPCP ngày 05/04/2023 của Văn phòng Chính phủ;",
     [cite("Thông tư", "01/2023/TT-VPCP", issued=date(2023, 4, 5), issuer="Văn phòng Chính phủ")]),
    # Without "số", without a date: the issuer comes from the code table.
    ("Tổ chức thực hiện nghiêm Nghị định 115/2020/NĐ-CP về tuyển dụng",
     [cite("Nghị định", "115/2020/NĐ-CP", issuer="Chính phủ")]),
    # The date split across lines, worded.
    ("Kế hoạch số 4347/KH-UBND ngày 25 tháng\n11 năm 2021 của Ủy ban nhân dân tỉnh Hải Dương về việc",
     [cite("Kế hoạch", "4347/KH-UBND", issued=date(2021, 11, 25),
           issuer="Ủy ban nhân dân tỉnh Hải Dương")]),
    # A comma between number and date.
    ("theo Nghị định số 130/2005/NĐ-CP, ngày 17/10/2005; và",
     [cite("Nghị định", "130/2005/NĐ-CP", issued=date(2005, 10, 17), issuer="Chính phủ")]),
    # Year missing where the form requires it: inferred from the date.
    ("theo Nghị định số 33/NĐ-CP ngày 10/6/2023 của Chính phủ quy định",
     [cite("Nghị định", "33/NĐ-CP", corrected="33/2023/NĐ-CP", issued=date(2023, 6, 10),
           issuer="Chính phủ")]),
    # Malformed separator after the year.
    ("Nghị định số 117/2013-NĐ-CP ngày 07/10/2013 của Chính phủ",
     [cite("Nghị định", "117/2013-NĐ-CP", corrected="117/2013/NĐ-CP", issued=date(2013, 10, 7),
           issuer="Chính phủ")]),
    # Damage: spaces and a Unicode dash inside the code, no Đ, OCR Ð.
    ("Nghị định số 62/2020/NĐ - CP và Nghị định số 106/2020/NĐ–CP và Nghị định 45/2020/ND-CP "
     "và Quyết định số 07/2022/QĐ- UBND và Nghị định số 30/2020/NÐ-CP.",
     [cite("Nghị định", "62/2020/NĐ-CP", issuer="Chính phủ"),
      cite("Nghị định", "106/2020/NĐ-CP", issuer="Chính phủ"),
      cite("Nghị định", "45/2020/NĐ-CP", issuer="Chính phủ"),
      cite("Quyết định", "07/2022/QĐ-UBND", issuer="Ủy ban nhân dân"),
      cite("Nghị định", "30/2020/NĐ-CP", issuer="Chính phủ")]),
    # Laws by name, one with a comma in its name, one amending another, one with its number.
    ("trên cơ sở Luật Tổ chức chính quyền địa phương, Luật cán bộ, công chức, Luật Viên chức, Nghị quyết",
     [cite("Luật", None, kind="law", issuer="Quốc hội", title="Luật Tổ chức chính quyền địa phương"),
      cite("Luật", None, kind="law", issuer="Quốc hội", title="Luật cán bộ, công chức"),
      cite("Luật", None, kind="law", issuer="Quốc hội", title="Luật Viên chức")]),
    ("và Luật sửa đổi, bổ sung một số điều của Luật ban hành văn bản quy phạm pháp luật năm 2020.",
     # a law by name carries the number of the version it names (the registry's 2020 law)
     [cite("Luật", None, kind="law", issuer="Quốc hội", corrected="63/2020/QH14",
           title="Luật sửa đổi, bổ sung một số điều của Luật ban hành văn bản quy phạm pháp luật năm 2020")]),
    # issue 16: names with commas read whole; "Luật sư" is not a law; an amending law's list of
    # laws is its title, not citations of their own
    ("Căn cứ Luật Phổ biến, giáo dục pháp luật ngày 20 tháng 6 năm 2012;",
     [cite("Luật", None, kind="law", issuer="Quốc hội", issued=date(2012, 6, 20),
           corrected="14/2012/QH13", title="Luật Phổ biến, giáo dục pháp luật")]),
    ("Đoàn Luật sư tỉnh và Hội Luật gia tỉnh phối hợp thực hiện.", []),
    ("Luật pháp Việt Nam quy định rõ; theo Luật Việt Nam hiện hành thì", []),
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu, Luật Thuế xuất khẩu, thuế nhập "
     "khẩu, Luật Đầu tư công số 90/2025/QH15;",
     [cite("Luật", "90/2025/QH15", kind="law", issuer="Quốc hội",
           title="Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu, Luật Thuế xuất khẩu, "
           "thuế nhập khẩu, Luật Đầu tư công")]),
    # an amending law cited short ("sửa đổi một số điều", without "bổ sung"), with its date:
    # one citation, resolved to the registry's law of that date
    ("Căn cứ Luật sửa đổi một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
     "địa phương ngày 22/11/2019;",
     [cite("Luật", None, kind="law", issuer="Quốc hội", issued=date(2019, 11, 22),
           corrected="47/2019/QH14", title="Luật sửa đổi một số điều của Luật Tổ chức Chính phủ "
           "và Luật Tổ chức chính quyền địa phương")]),
    # issue 16: a code joined by "&", a code in capitals, a decimal number
    ("theo Công văn số 1014/SNV-CCHC&VTLT ngày 03/3/2025 của Sở Nội vụ",
     [cite("Công văn", "1014/SNV-CCHC&VTLT", issued=date(2025, 3, 3), issuer="Sở Nội vụ")]),
    ("THEO QUYẾT ĐỊNH SỐ 06/QĐ-TTG CỦA THỦ TƯỚNG",
     [cite("Quyết định", "06/QĐ-TTg", issuer="Thủ tướng Chính phủ")]),
    ("Nghị quyết số 66.2/2025/NQ-CP của Chính phủ",
     [cite("Nghị quyết", "66.2/2025/NQ-CP", issuer="Chính phủ")]),
    ("Căn cứ Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ; lớp 3a/5",
     [cite("Nghị quyết", "30c/NQ-CP", issued=date(2011, 11, 8), issuer="Chính phủ")]),
    ("Căn cứ Luật Thủ đô số 39/2024/QH15;",
     [cite("Luật", "39/2024/QH15", kind="law", issuer="Quốc hội", title="Luật Thủ đô")]),
    ("thực hiện nghiêm túc Luật Ngân sách nhà nước hiện hành về công khai",
     [cite("Luật", None, kind="law", issuer="Quốc hội", title="Luật Ngân sách nhà nước")]),
    # Standards.
    ("theo tiêu chuẩn TCVN ISO 9001:2015 vào hoạt động; cải tiến ISO 9001 theo quy định",
     [cite("Tiêu chuẩn", "TCVN ISO 9001:2015", kind="standard"),
      cite("Tiêu chuẩn", "ISO 9001", kind="standard")]),
]

NOT_CITATIONS = [
    "D:2024/KeHoachCCHC/Truc.",
    "Báo cáo Quý I/2023: thời gian chốt số liệu tính từ ngày 10/12/2022 đến ngày 09/3/2023.",
    "giai đoạn 2021-2025, tỷ lệ 98%-100%, mức 3,4 và 2 lần/năm; 24/7",
    "theo quy định của pháp luật và các văn bản hướng dẫn thi hành Luật, Chỉ thị của UBND huyện",
    "Ban hành Kế hoạch và tổ chức triển khai thực hiện Kế hoạch kiểm tra; Quyết định công bố",
    "Hệ thống quản lý chất lượng theo TCVN ISO.",
]


@pytest.mark.parametrize(("text", "expected"), FIND, ids=[t[:40] for t, _ in FIND])
def test_finds_citations(text, expected):
    found, _ = refs(text)
    assert [fields(r) for r in found] == expected
    for ref in found:
        assert text[ref.span[0]:ref.span[1]] == ref.surface


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_no_citation_where_there_is_none(text):
    assert refs(text)[0] == []


def test_repeats_share_a_document_id_and_short_mentions_resolve():
    text = (
        "Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ. Nghị định số 61/2018/NĐ-CP "
        "ngày 23/4/2018. Sau đó: theo Quyết định 468/QĐ-TTg và Nghị định 61 về một cửa."
    )
    found, _ = refs(text)
    assert [r.doc_id for r in found] == ["468/QĐ-TTg@2021", "61/2018/NĐ-CP", "468/QĐ-TTg@2021",
                                         "61/2018/NĐ-CP"]
    assert [r.resolved_from for r in found] == [None, None, 0, 1]
    assert found[3].number == "61" and found[3].corrected_number == "61/2018/NĐ-CP"


def test_same_yearless_number_in_different_years_is_two_documents():
    text = ("Kế hoạch số 02/KH-UBND ngày 03/01/2024 của UBND huyện; Kế hoạch số 02/KH-UBND ngày "
            "07/01/2022 của UBND huyện.")
    found, findings = refs(text)
    assert found[0].doc_id != found[1].doc_id
    assert not [f for f in findings if f.kind == "conflicting_dates"]


def test_a_short_mention_that_is_ambiguous_is_left_out():
    text = ("Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 và Nghị định số 61/2019/NĐ-CP ngày 01/7/2019; "
            "theo Nghị định 61.")
    assert len(refs(text)[0]) == 2


FLAG = [
    ("Thông tư số 56/2022/NĐ-CP ngày 16/9/2022 của Bộ Tài chính hướng dẫn",
     "type_code_mismatch", "Thông tư số 56/2022/TT-BTC"),
    ("theo Kế hoạch số 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng (Khóa XII) về",
     "type_code_mismatch", "Nghị quyết số 19-NQ/TW"),
    ("theo Nghị định số 33/NĐ-CP ngày 10/6/2023 của Chính phủ", "missing_year", "33/2023/NĐ-CP"),
    ("theo Nghị định 61/2018/NĐ-CP ngày 23/4/2019 của Chính phủ", "date_year_mismatch",
     "ngày 23/4/2018"),
    ("Nghị định số 117/2013-NĐ-CP ngày 07/10/2013", "malformed_number", "117/2013/NĐ-CP"),
    ("Kế hoạch số 5755/KH-UBND ngày 27/5/2021 của Chủ tịch UBND tỉnh; kế hoạch số 5755/KH-UBND "
     "ngày 27/5/2021; Kế hoạch số 5575/KH-UBND ngày 27/5/2021 về một cửa", "conflicting_numbers",
     "5755/KH-UBND"),
    ("Nghị định số 06/2021/NĐ-CP ngày 26/01/2021; Nghị định số 06/2021/NĐ-CP ngày 26/01/2025",
     "conflicting_dates", "ngày 26/01/2021"),
    ("Quyết định số 12/QĐ-UBND ngày 31/02/2021", "impossible_date", None),
    ("Công văn số 123/XYZW-VP ngày 01/02/2021", "unknown_issuer_code", None),
]


@pytest.mark.parametrize(("text", "kind", "suggestion"), FLAG, ids=[k for _, k, _ in FLAG])
def test_flags_anomalies(text, kind, suggestion):
    _, findings = refs(text)
    hits = [f for f in findings if f.kind == kind]
    assert len(hits) == 1, findings
    assert hits[0].suggestion == suggestion
    assert hits[0].message and hits[0].reference is not None


def test_flags_a_date_after_the_plan():
    text = "Quyết định số 10/QĐ-UBND ngày 05/03/2024 của UBND tỉnh"
    _, findings = refs(text, plan_date=date(2024, 1, 31))
    assert [f.kind for f in findings] == ["future_date"]
    _, findings = refs(text, plan_date=date(2024, 6, 1))
    assert findings == []


def test_clean_citations_raise_no_findings():
    text = ("Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ; Quyết định số 468/QĐ-TTg "
            "ngày 27/3/2021 của Thủ tướng Chính phủ; Nghị quyết số 19-NQ/TW ngày 25/10/2017.")
    assert refs(text, plan_date=date(2024, 1, 1))[1] == []


# The anomalies the five samples contain (../shared/corpus/plans/README.md), found by the whole pipeline.
CORPUS_FINDINGS = {
    "000_4f848aa26585e125": [("type_code_mismatch", "Thông tư số 56/2022/TT-BTC")],
    "001_ff0077eced82c646": [],
    "002_85e43a95c6b96bf4": [
        ("type_code_mismatch", "Nghị quyết số 19-NQ/TW"),
        ("missing_year", "33/2023/NĐ-CP"),
        ("conflicting_numbers", "5755/KH-UBND"),
    ],
    "003_0c3cb101d15ae807": [],
    "004_2e14f1f6f31def56": [
        ("date_year_mismatch", "ngày 23/4/2018"),
        ("malformed_number", "117/2013/NĐ-CP"),
    ],
}


@pytest.mark.parametrize("stem", sorted(CORPUS_FINDINGS))
def test_corpus_anomalies_are_flagged(stem):
    record = record_json(stem)
    ours = [(f["kind"], f["suggestion"]) for f in record["findings"] if f["kind"] in FINDING_KINDS]
    assert ours == CORPUS_FINDINGS[stem]


def test_reference_data_is_consistent():
    formats = load_citation_formats()
    labels = [t.label for t in formats.types]
    assert len(labels) == len(set(labels))
    for t in formats.types:
        assert t.variants, t.label
        assert t.codes or t.codeless, f"{t.label}: no codes and not codeless"
    assert formats.issuers["CP"] == "Chính phủ"
    assert formats.issuers["TTg"] == "Thủ tướng Chính phủ"
    assert formats.issuers["TW"] == "Ban Chấp hành Trung ương Đảng"
    assert formats.year_type_codes >= {"NĐ", "TT", "TTLT"}


def test_a_law_by_name_in_an_undated_document_is_the_version_in_force_when_checked():
    # no date, no period: the version in force on the date the citations are checked at (as
    # the validity check reads it); with a date, the version of that date
    text = "Theo quy định của Luật Đất đai về thu hồi đất"
    found, _ = refs(text, as_of=date(2026, 11, 23))
    assert found[0].corrected_number == "31/2024/QH15"
    found, _ = refs(text, as_of=date(2026, 11, 23), plan_date=date(2020, 5, 1))
    assert found[0].corrected_number == "45/2013/QH13"
    found, _ = refs(text)  # no date at all: no version is picked
    assert found[0].corrected_number is None


@pytest.mark.parametrize(("text", "expected"), [
    # "Bộ Luật" with a capital L is the code, not a law named "Lao động"
    ("Thực hiện theo quy định của Bộ Luật Lao động và các văn bản hướng dẫn",
     [("Bộ luật", "Bộ Luật Lao động", "45/2019/QH14")]),
    # an abbreviation inside the name is read as its words when the registry is asked
    ("trọng tâm là: Luật Bảo vệ BMNN năm 2018; Luật thuế TNCN",
     [("Luật", "Luật Bảo vệ BMNN năm 2018", "29/2018/QH14"),
      ("Luật", "Luật thuế TNCN", "04/2007/QH12")]),
    # a law adopted before the document but not yet in force is still the law it names
    ("hoàn thiện Luật Bảo vệ dữ liệu cá nhân", [("Luật", "Luật Bảo vệ dữ liệu cá nhân", "91/2025/QH15")]),
    # an amending law named without "một số điều của" is one citation; one that amends several
    # laws at once names none of its own, only those it lists; a list of bills is no law
    ("| Luật sửa đổi, bổ sung Luật Ngân sách nhà nước |",
     [("Luật", "Luật sửa đổi, bổ sung Luật Ngân sách nhà nước", None)]),
    ("Luật sửa đổi, bổ sung 07 Luật (Luật Đấu thầu; Luật Hải quan)",
     [("Luật", "Luật Đấu thầu", "22/2023/QH15"), ("Luật", "Luật Hải quan", "54/2014/QH13")]),
    ("Danh sách Luật trình Quốc hội (Kỳ họp tháng 5/2025)", []),
    # "Pháp Luật" is the law in general, whatever follows
    ("tiện ích nâng cao của Hệ Thống Pháp Luật vui lòng lựa chọn và đăng ký", []),
    # an abbreviated name; an amending law cited without the numbers its title lists
    ("thực hiện Luật PBGDPL", [("Luật", "Luật PBGDPL", "14/2012/QH13")]),
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất Đai, Luật Nhà ở, Luật Kinh doanh Bất "
     "động sản và Luật các Tổ chức tín dụng ngày 29 tháng 6 năm 2024;",
     [("Luật", "Luật sửa đổi, bổ sung một số điều của Luật Đất Đai, Luật Nhà ở, Luật Kinh doanh "
       "Bất động sản và Luật các Tổ chức tín dụng", "43/2024/QH15")]),
])
def test_laws_by_name_in_a_document_of_august_2025(text, expected):
    found, _ = refs(text, plan_date=date(2025, 8, 1))
    assert [(r.doc_type, r.title, r.corrected_number) for r in found] == expected


def test_the_laws_an_amending_law_lists_with_their_numbers_are_its_title():
    # each listed law's own number stays inside the amending law's title, which names the
    # amending law (43/2024/QH15); the listed laws are no citations of their own
    text = ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà "
            "ở số 27/2023/QH15, Luật Kinh doanh bất động sản số 29/2023/QH15 và Luật Các tổ chức "
            "tín dụng số 32/2024/QH15 ngày 29 tháng 6 năm 2024;")
    found, _ = refs(text, plan_date=date(2024, 9, 1))
    assert [(r.number, r.corrected_number, r.issued_date) for r in found] == [
        (None, "43/2024/QH15", date(2024, 6, 29))]


def test_an_amending_law_that_names_a_law_without_its_luat_is_one_citation():
    # "… của Phòng, chống thiên tai và Luật Đê điều ngày 17/6/2020": 60/2020/QH14, adopted that
    # day, not "Luật Đê điều" (2006) dated 2020
    text = ("Căn cứ Luật sửa đổi, bổ sung một số điều của Phòng, chống thiên tai và Luật Đê điều "
            "ngày 17/6/2020;")
    found, _ = refs(text, plan_date=date(2025, 5, 7))
    assert [(r.corrected_number, r.issued_date) for r in found] == [
        ("60/2020/QH14", date(2020, 6, 17))]


def test_a_law_in_the_title_of_a_cited_document_is_no_citation_of_its_own():
    text = ("Căn cứ Nghị định số 15/2019/NĐ-CP ngày 01 tháng 02 năm 2019 của Chính phủ quy định "
            "chi tiết một số điều và biện pháp thi hành Luật giáo dục nghề nghiệp;\n"
            "Căn cứ Nghị định số 102/2024/NĐ-CP của Chính phủ quy định chi tiết thi hành một số "
            "điều của Luật Đất đai; Luật Nhà ở;\n"
            "Thực hiện Quyết định số 12/QĐ-TTg và Luật Thanh tra;")
    found, _ = refs(text, plan_date=date(2024, 9, 1))
    assert [r.number or r.title for r in found] == [
        "15/2019/NĐ-CP", "102/2024/NĐ-CP", "Luật Nhà ở", "12/QĐ-TTg", "Luật Thanh tra"]


def test_a_law_named_again_without_its_date_is_the_version_cited_with_it():
    # a circular of 31 July 2024 cites the Land Law of 18 January 2024 (in force the next
    # day), then "Luật Đất đai" alone: the same law, not the 2013 one still in force that day
    text = ("Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;\n"
            "Điều 1. Thông tư này quy định tại khoản 8 Điều 59 Luật Đất đai.")
    found, _ = refs(text, plan_date=date(2024, 7, 31))
    assert [r.corrected_number for r in found] == ["31/2024/QH15", "31/2024/QH15"]


def test_a_law_named_before_its_adoption_is_the_bill_of_the_law_adopted_later():
    # a report of May 2025 on bills: Luật Nhà giáo was adopted on 16 June 2025 as 73/2025/QH15
    text = "Tỉnh đã góp ý dự án Luật Nhà giáo; thực hiện Luật Thi đua, khen thưởng."
    found, _ = refs(text, plan_date=date(2025, 5, 25))
    assert [(r.title, r.corrected_number) for r in found] == [
        ("Luật Nhà giáo", "73/2025/QH15"), ("Luật Thi đua, khen thưởng", "06/2022/QH15")]
    # years before a law's adoption, its name is not taken for that law's bill
    found, _ = refs(text, plan_date=date(2022, 5, 25))
    assert found[0].corrected_number is None


@pytest.mark.parametrize(("text", "expected"), [
    # "số" (digital) ends a law's name when no number follows it
    ("Căn cứ Luật Chuyển đổi số ngày 11 tháng 12 năm 2025;",
     [("Luật Chuyển đổi số", "148/2025/QH15")]),
    ("theo Luật Chuyển đổi số, Luật Dữ liệu và các văn bản",
     [("Luật Chuyển đổi số", "148/2025/QH15"), ("Luật Dữ liệu", "60/2024/QH15")]),
    # "số" before a number or an elided one is the number's word, not the name's
    ("Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024;", [("Luật Đất đai", None)]),
    ("theo Luật Đất đai số …/2024/QH15;", [("Luật Đất đai", "31/2024/QH15")]),
])
def test_a_law_named_with_so_digital(text, expected):
    found, _ = refs(text, plan_date=date(2026, 8, 1))
    laws = [r for r in found if r.kind == "law"]
    assert [(r.title.split(" ngày")[0], r.corrected_number) for r in laws] == expected


def test_a_tables_rule_ends_a_law_name():
    found, _ = refs("| 2 | Luật Công nghiệp công nghệ số      |\n| 3 | Luật Thủ đô |", plan_date=date(2026, 8, 1))
    assert [r.title for r in found if r.kind == "law"] == ["Luật Công nghiệp công nghệ số", "Luật Thủ đô"]


@pytest.mark.parametrize("text", [
    "Luật Công nghiệp công nghệ số\nLuật Thủ đô",  # a new line that starts with "Luật"
    "xây dựng Luật Công nghiệp công nghệ số trình Quốc hội thông qua; Luật Thủ đô",
])
def test_a_law_name_the_registry_does_not_hold_ends_before_the_next_law(text):
    found, _ = refs(text, plan_date=date(2026, 8, 1))
    assert [r.title for r in found if r.kind == "law"] == ["Luật Công nghiệp công nghệ số", "Luật Thủ đô"]


def test_a_joint_resolution_keeps_its_long_code():
    found, _ = refs("Căn cứ Nghị quyết liên tịch số 102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN ngày 24 "
                    "tháng 6 năm 2025 của Ủy ban Thường vụ Quốc hội", plan_date=date(2026, 1, 5))
    assert [(r.doc_type, r.number) for r in found] == [
        ("Nghị quyết liên tịch", "102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN")]


@pytest.mark.parametrize(("text", "year_missing"), [
    # the Standing Committee's resolutions with their type code are numbered without a year
    ("Căn cứ Nghị quyết số 1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội", False),
    # its normative resolutions and the Assembly's laws, without a type code, carry one
    ("Căn cứ Nghị quyết số 35/UBTVQH15 ngày 12/7/2023", True),
    ("Căn cứ Luật số 80/QH15 ngày 24/6/2025", True),
])
def test_which_assembly_numbers_carry_a_year(text, year_missing):
    found, findings = refs(text, plan_date=date(2025, 8, 1))
    assert ("missing_year" in [f.kind for f in findings]) is year_missing
    assert (found[0].corrected_number is not None) is year_missing
