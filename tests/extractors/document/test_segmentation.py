"""Sections and metadata on plans written the many ways communes write them."""

from __future__ import annotations

from datetime import date

import pytest
from vnplan.extractors.document.layout import find_layout
from vnplan.extractors.document.metadata import find_metadata
from vnplan.extractors.document.sections import find_sections

HEADER_PLAN = """ỦY BAN NHÂN DÂN XÃ TÂN BÌNH
Số: 13/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân Bình, ngày 31 tháng 01 năm 2024
KẾ HOẠCH
Cải cách hành chính xã Tân Bình
giai đoạn 2021 - 2025
Căn cứ Kế hoạch số 56/KH-UBND ngày 19/01/2024 của UBND huyện Vĩnh Cửu;
I - MỤC TIÊU
1.1. Mục tiêu chung
a) Chỉ tiêu: 100% văn bản được ban hành đúng quy định.
* Nhiệm vụ
1.2. Nhiệm vụ
IV: KINH PHÍ
Nơi nhận:
- UBND huyện;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Nam"""


def outline(sections):
    return [((s.numeral or s.label), s.title, outline(s.children)) for s in sections]


def test_sections_of_every_heading_style():
    layout = find_layout(HEADER_PLAN)
    assert outline(find_sections(HEADER_PLAN, layout)) == [
        ("I", "MỤC TIÊU", [
            ("1.1", "Mục tiêu chung", [("a", "Chỉ tiêu", []), ("*", "Nhiệm vụ", [])]),
            ("1.2", "Nhiệm vụ", []),
        ]),
        ("IV", "KINH PHÍ", []),
    ]


def test_metadata_from_a_full_header():
    meta = find_metadata(HEADER_PLAN, find_layout(HEADER_PLAN))
    assert meta.number == "13/KH-UBND" and meta.number_source == "header"
    assert meta.issued_date == date(2024, 1, 31) and meta.issued_place == "Tân Bình"
    assert meta.issuer == "UBND xã Tân Bình"
    assert meta.doc_type == "Kế hoạch"
    assert meta.title == "Cải cách hành chính xã Tân Bình giai đoạn 2021 - 2025"
    assert (meta.period.start_year, meta.period.end_year) == (2021, 2025)
    assert meta.locality.district == "huyện Vĩnh Cửu"
    assert meta.signer.name == "Trần Văn Nam"
    assert meta.signer.capacity == "PHÓ CHỦ TỊCH" and meta.signer.on_behalf_of == "KT. CHỦ TỊCH"
    assert meta.recipients == ["UBND huyện", "Lưu: VT"]


def test_a_blank_date_is_null_not_a_guess():
    text = "Số: /KH-UBND\nTân Bình, ngày   tháng   năm 2024\nKẾ HOẠCH\nCải cách hành chính năm 2024\nI. MỤC TIÊU"
    meta = find_metadata(text, find_layout(text))
    assert meta.number is None and meta.issued_date is None
    assert meta.issued_place == "Tân Bình"
    assert meta.period.start_year == 2024


def test_caption_fills_what_the_header_left_blank():
    text = (
        "KẾ HOẠCH\nCải cách hành chính năm 2021\nI. MỤC TIÊU\nNội dung.\nNơi nhận:\n- Lưu: VT.\n"
        "CHỦ TỊCH\nHồ Văn Chính\nPHỤ LỤC\nNHIỆM VỤ CỤ THỂ\n"
        "( Ban hành kèm theo Kế hoạch số: 57/KH-UBND ngày 24 tháng 12 năm 2020 của UBND xã Thượng Lộ)"
    )
    layout = find_layout(text)
    meta = find_metadata(text, layout)
    assert meta.number == "57/KH-UBND" and meta.number_source == "appendix_caption"
    assert meta.issued_date == date(2020, 12, 24)
    assert meta.locality.commune == "xã Thượng Lộ"
    assert layout.lines[layout.appendix].text == "PHỤ LỤC"
    # the appendix is not a section
    assert [s.numeral for s in find_sections(text, layout)] == ["I"]


def test_header_and_closing_typed_as_word_tables():
    # A DOCX header and signature are two-column tables: their rows arrive tab-separated,
    # and a cell's lines run together.
    text = (
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: /KH-UBND\tLâm Đồng, ngày tháng 12 năm 2025\n"
        "KẾ HOẠCH\nCải cách hành chính nhà nước năm 2026 tỉnh Lâm Đồng\n"
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n"
        "I. MỤC TIÊU\nNội dung.\n"
        "Nơi nhận: - Bộ Nội vụ; - Thường trực Tỉnh ủy; - Lưu: VT, NC.\t"
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Ngọc Phúc"
    )
    meta = find_metadata(text, find_layout(text))
    assert meta.issuer == "UBND tỉnh Lâm Đồng" and meta.locality.province == "tỉnh Lâm Đồng"
    assert meta.number is None and meta.issued_date is None and meta.issued_place == "Lâm Đồng"
    assert meta.recipients == ["Bộ Nội vụ", "Thường trực Tỉnh ủy", "Lưu: VT, NC"]
    assert (meta.signer.on_behalf_of, meta.signer.capacity, meta.signer.name) == (
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Ngọc Phúc")
    assert text[slice(*meta.signer.span)] == "Nguyễn Ngọc Phúc"


# A document as a legal site's page gives it: the page's title and its table of facts first,
# then the document's own header (the form users save from thuvienphapluat, luatvietnam …).
WEB_PAGE_DECREE = """Nghị định 283/2025/NĐ-CP sửa đổi Nghị định 120/2020/NĐ-CP về đơn vị sự nghiệp công lập
Số hiệu\t283/2025/NĐ-CP
Cơ quan ban hành\tChính phủ
Ngày ban hành\t31/10/2025
Loại văn bản\tNghị định
Tình trạng\tĐã biết
CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 283/2025/NĐ-CP
Hà Nội, ngày 31 tháng 10 năm 2025
NGHỊ ĐỊNH
SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 120/2020/NĐ-CP
Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;"""


@pytest.mark.parametrize(("text", "number", "issued", "issuer"), [
    (WEB_PAGE_DECREE, "283/2025/NĐ-CP", date(2025, 10, 31), "Chính phủ"),
    # a local body printed without its unit gets the unit the text names
    ("| ỦY BAN NHÂN DÂN ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
     "| Số: 12/KH-UBND | Sơn La, ngày 17 tháng 02 năm 2023 |\n"
     "KẾ HOẠCH\nBảo vệ bí mật nhà nước trên địa bàn tỉnh Sơn La năm 2023\n"
     "Căn cứ Luật Bảo vệ bí mật nhà nước ngày 15 tháng 11 năm 2018;",
     "12/KH-UBND", date(2023, 2, 17), "UBND tỉnh Sơn La"),
    # Markdown joins a web page's lines: the whole header is one paragraph
    ("Nghị định 117/2025/NĐ-CP. CHÍNH PHỦ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc "
     "lập - Tự do - Hạnh phúc --------------- Số: 117/2025/NĐ-CP Hà Nội, ngày 09 tháng 6 "
     "năm 2025 NGHỊ ĐỊNH QUY ĐỊNH QUẢN LÝ THUẾ Căn cứ Luật Quản lý thuế ngày 13 tháng 6 năm 2019;",
     "117/2025/NĐ-CP", date(2025, 6, 9), None),
])
def test_a_header_as_legal_sites_print_it_is_read(text, number, issued, issuer):
    meta = find_metadata(text, find_layout(text))
    assert (meta.number, meta.issued_date, meta.issuer) == (number, issued, issuer)


def test_a_long_title_is_cut_at_the_same_word_whether_its_ellipsis_is_one_glyph_or_three_dots():
    item = ("c) Rà soát, đề xuất cắt giảm, đơn giản hóa các TTHC (cắt giảm thời gian, thành phần "
            "hồ sơ, yêu cầu điều kiện,{} đối với các TTHC đang là rào cản, gây khó khăn, tốn kém "
            "chi phí của người dân, doanh nghiệp trong tuân thủ TTHC).")
    titles = []
    for ellipsis in ("…", "..."):
        text = f"I. NHIỆM VỤ\n1. Cải cách thủ tục hành chính\n{item.format(ellipsis)}\n"
        (section,) = find_sections(text, find_layout(text))
        titles.append(section.children[0].children[0].title.replace("...", "…"))
    assert titles[0] == titles[1]
    assert titles[0].endswith("gây khó khăn, tốn…")  # 160 characters, the ellipsis one
