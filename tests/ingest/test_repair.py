"""The repair stage: broken lines rejoined, debris dropped, every kept character traceable."""

from __future__ import annotations

import pytest
from vnplan.ingest import RawDocument, repair


def repaired(text: str, *, pages: list[str] | None = None) -> str:
    raw = RawDocument(format="txt", pages=pages or [text], paged=pages is not None)
    return repair(raw).text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a sentence broken by the PDF's line width, with blank lines between
        (
            "Triển khai thực hiện có hiệu quả các mục tiêu, nhiệm vụ tại Nghị quyết số\n\n"
            "76/NQ-CP ngày 15/7/2021 của Chính phủ.",
            "Triển khai thực hiện có hiệu quả các mục tiêu, nhiệm vụ tại Nghị quyết số "
            "76/NQ-CP ngày 15/7/2021 của Chính phủ.",
        ),
        # a citation broken at its hyphen is rejoined without a space
        ("Quyết định số 458/QĐ-\n\nTTg ngày 03/4/2020", "Quyết định số 458/QĐ-TTg ngày 03/4/2020"),
        # a heading is never glued to the line after it
        ("1. Mục đích\nTriển khai thực hiện", "1. Mục đích\nTriển khai thực hiện"),
        # a list item starts a new line even after an unfinished one
        ("a) Chỉ tiêu\nb) Nhiệm vụ", "a) Chỉ tiêu\nb) Nhiệm vụ"),
        # Markdown and HTML marks are stripped
        ("**I. MỤC TIÊU, YÊU CẦU**", "I. MỤC TIÊU, YÊU CẦU"),
        ("## **II. NỘI DUNG**", "II. NỘI DUNG"),
        # table rows keep their cells and are not joined to neighbours
        ("<b>I</b>\t<b>Cải cách thể chế</b>\t\t\nTiếp theo", "I\tCải cách thể chế\t\t\nTiếp theo"),
        # a lone page number between blank lines is page debris
        ("kết thúc đoạn.\n\n\n2 \n\n \nĐoạn mới.", "kết thúc đoạn.\nĐoạn mới."),
        # "- nghề nghiệp": a dash before a lower-case word continues the line
        ("các tổ chức chính trị - xã hội, hội\n\n- nghề nghiệp.", "các tổ chức chính trị - xã hội, hội - nghề nghiệp."),
        # a number inside an open parenthesis is not a list item
        (
            "được thực hiện dịch vụ công trực tuyến toàn trình (dịch vụ công trực tuyến mức độ\n"
            "4) hoặc một phần",
            "được thực hiện dịch vụ công trực tuyến toàn trình (dịch vụ công trực tuyến mức độ "
            "4) hoặc một phần",
        ),
    ],
)
def test_repair(source: str, expected: str):
    assert repaired(source) == expected


def test_a_preamble_clause_never_goes_on_the_line_above():
    # a centred title's last line as long as the body's lines, then the report's first clause
    body = "\n".join(["Ủy ban nhân dân tỉnh đã ban hành kế hoạch cải cách hành chính"] * 6)
    title = "phương hướng, nhiệm vụ năm 2026 của tỉnh Lâm Đồng"
    for clause in ("Thực hiện Công văn số 4625/BNV-CCHC ngày 02/7/2025", "Căn cứ Luật số 80/2015/QH13"):
        text = repaired(f"{title}\n{clause}\n\n{body}")
        assert text.startswith(f"{title}\n{clause}")
    # a capitalised word after a full line still continues it
    assert repaired(f"{title}\nỦy ban nhân dân\n\n{body}").startswith(f"{title} Ủy ban")


def test_lone_number_directly_above_text_is_kept():
    # In a flattened table "1" is a row id, not a page number.
    assert repaired("Kinh phí\n1\nCÔNG TÁC CHỈ ĐẠO").split("\n") == ["Kinh phí", "1", "CÔNG TÁC CHỈ ĐẠO"]


def test_source_map_traces_every_kept_run():
    source = "**KẾ HOẠCH**\n\nCăn cứ Kế hoạch số 02/KH-UBND ngày 03/01/2024 của Ủy ban\n\nnhân dân huyện."
    result = repair(RawDocument(format="md", pages=[source]))
    for start, original, length in result.source_map:
        assert result.text[start : start + length] == result.original[original : original + length]
    position = result.text.index("02/KH-UBND")
    assert result.original[result.to_original(position) :].startswith("02/KH-UBND")


def test_pages_are_recorded_where_they_start():
    result = repair(RawDocument(format="pdf", pages=["Trang một.", "Trang hai."], paged=True))
    assert result.text == "Trang một.\nTrang hai."
    assert result.page_starts == [(0, 1), (11, 2)]


def test_nfc_normalisation():
    nfd = "Hoa\u0323ch"  # "Hoạch" with a combining dot below
    assert repaired(nfd) == "Hoạch"


def test_group_id_after_a_page_break_is_not_a_page_number():
    # 001's flattened appendix: blank lines, then the group id "2" runs into its title.
    text = "Khi có thay đổi\n\n\n2 \nTỔ CHỨC THỰC HIỆN VĂN\n"
    assert repaired(text).split("\n") == ["Khi có thay đổi", "2", "TỔ CHỨC THỰC HIỆN VĂN"]


def test_spaces_around_removed_tags_are_kept_once():
    assert repaired("đạt tối thiểu <b>97%</b> hồ sơ") == "đạt tối thiểu 97% hồ sơ"
    assert repaired("<li>- Rà soát;</li> <li>- Chuẩn hóa</li>") == "- Rà soát; - Chuẩn hóa"


def md(text: str) -> str:
    return repair(RawDocument(format="md", pages=[text])).text


def test_markdown_paragraphs_join_their_soft_line_breaks():
    # Markdown copied from a legal database: a paragraph wraps without blank lines, bold and
    # italic spans cross the wraps, table pipes and rules stand alone.
    source = (
        "|\n**ỦY BAN NHÂN\nDÂN**\n--------\n|\n*Đồng Tháp,\nngày 01 tháng 12 năm 2025*\n|\n\n"
        "**I. MỤC\nĐÍCH, YÊU CẦU**\n\n**1. Mục đích**\n\n"
        "Thực hiện Kế hoạch số\n283/KH-UBND ngày 24/9/2025;\n- Tăng cường\n- Đẩy mạnh\n"
    )
    assert md(source).split("\n") == [
        "ỦY BAN NHÂN DÂN",
        "Đồng Tháp, ngày 01 tháng 12 năm 2025",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "Thực hiện Kế hoạch số 283/KH-UBND ngày 24/9/2025;",
        "- Tăng cường",
        "- Đẩy mạnh",
    ]


def test_markdown_hard_break_and_star_block_stay():
    assert md("**KẾ HOẠCH  \nCải cách hành chính**") == "KẾ HOẠCH\nCải cách hành chính"
    assert md("* Mục tiêu\n- 100% hồ sơ") == "* Mục tiêu\n- 100% hồ sơ"


def one_page(text: str, ocr: bool) -> RawDocument:
    """``text`` as the one page of a PDF, read by OCR or from its text layer."""
    from vnplan.ingest.raw import PageInfo

    info = PageInfo(1, "ocr", 80.0) if ocr else PageInfo(1)
    return RawDocument(format="pdf", pages=[text], paged=True, page_info=[info])


def test_a_heading_whose_numeral_ocr_made_a_small_word_stands_alone_on_ocr_pages_only():
    text = ("khai thực hiện các nhiệm vụ của Chương trình hành động của Tỉnh ủy và\n"
            "m' MỤC ĐÍCH, YÊU CẦU\n1. Mục đích")
    assert "\nm' MỤC ĐÍCH, YÊU CẦU\n" in repair(one_page(text, ocr=True)).text
    # on a text page a line opening in lower case continues the sentence above, as before
    assert "Tỉnh ủy và m' MỤC ĐÍCH" in repair(one_page(text, ocr=False)).text


def test_an_item_whose_label_ocr_made_a_word_stands_alone_after_a_sentence_on_ocr_pages():
    text = "giám sát việc quản lý tài sản công.\nlà 7 Xây dựng và phát triển chính quyền số"
    assert "công.\nlà 7 Xây dựng" in repair(one_page(text, ocr=True)).text
    assert "công. là 7 Xây dựng" in repair(one_page(text, ocr=False)).text
    # inside a sentence a line in lower case goes on it: "… tổng số" ⏎ "là 7 Xã …"
    text = "tổng số đơn vị đạt chuẩn\nlà 7 Xã trên địa bàn"
    assert "chuẩn là 7 Xã" in repair(one_page(text, ocr=True)).text


def test_an_item_whose_full_stop_ocr_read_as_a_colon_stands_alone_on_ocr_pages():
    text = ("hiện công tác tuyên truyền cải cách hành chính với UBND xã theo định kỳ\n"
            "6: Trung tâm văn hóa thông tin - thể thao xã: Chủ trì")
    assert "định kỳ\n6: Trung tâm" in repair(one_page(text, ocr=True)).text
    assert "định kỳ 6: Trung tâm" in repair(one_page(text, ocr=False)).text


def test_a_code_with_a_colon_alone_on_an_ocr_line_ends_the_sentence_above():
    text = ("c) Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động quản lý công tác\n"
            "CCHC:\n\nd) Đẩy mạnh công tác thông tin")
    assert "quản lý công tác CCHC:\n" in repair(one_page(text, ocr=True)).text
    # typed, "CCHC:" on a line of its own is a heading and stands alone
    assert "\nCCHC:\n" in repair(one_page(text, ocr=False)).text
