"""Sections of OCR'd pages: roman numerals Tesseract misread are taken from their sequence
(with a finding); on text pages a numeral stays as printed."""

from __future__ import annotations

import pytest
from vnplan.extractors.appendix.cues import classify_header
from vnplan.extractors.document.layout import find_layout
from vnplan.extractors.document.sections import find_sections_checked


def plan(*headings: str) -> str:
    body = "\n".join(f"{h}\nNội dung của mục.\n" for h in headings)
    return f"KẾ HOẠCH\nCải cách hành chính năm 2024\n{body}\nNơi nhận:\n- Lưu: VT."


def numerals(text: str, ocr: bool) -> tuple[list[str], list[str]]:
    pages = frozenset({1}) if ocr else frozenset()
    sections, findings = find_sections_checked(text, find_layout(text), lambda _: 1, pages)
    return [s.numeral for s in sections], [f.message.split('"')[1] for f in findings]


@pytest.mark.parametrize(("headings", "expected", "read"), [
    # "III." read as "II.": the next numeral says which it was
    (("I. MỤC TIÊU", "II. NHIỆM VỤ", "II. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN"),
     ["I", "II", "III", "IV"], ["II"]),
    # … and at the end, with nothing after it
    (("I. MỤC TIÊU", "II. NHIỆM VỤ", "II. TỔ CHỨC THỰC HIỆN"), ["I", "II", "III"], ["II"]),
    # the full stop read as a letter, l and 1 for I
    (("I. MỤC TIÊU", "Il. NHIỆM VỤ", "IIL TỔ CHỨC THỰC HIỆN"), ["I", "II", "III"], ["Il", "IIL"]),
    (("I. MỤC TIÊU", "II. NHIỆM VỤ", "III. KINH PHÍ", "1V. TỔ CHỨC", "V. BÁO CÁO", "V1. KHEN THƯỞNG"),
     ["I", "II", "III", "IV", "V", "VI"], ["1V", "V1"]),
    # the first numeral read as a digit: "1," for "I." (II follows), also when the next is
    # misread as "I." in its turn
    (("1, MỤC ĐÍCH, YÊU CẦU", "II. MỤC TIÊU", "III. TỔ CHỨC THỰC HIỆN"),
     ["I", "II", "III"], ["1"]),
    (("1, MỤC ĐÍCH, YÊU CẦU", "I. MỤC TIÊU", "III. TỔ CHỨC THỰC HIỆN"),
     ["I", "II", "III"], ["1", "I"]),
    # … or its full stop read as a 1: "I1." with II after it
    (("I1. MỤC TIÊU, NHIỆM VỤ", "II. TỔ CHỨC THỰC HIỆN"), ["I", "II"], ["I1"]),
    # "11;" for "II." before a title in capitals, where II is expected …
    (("I. MỤC TIÊU", "11; NHIỆM VỤ", "II. TỔ CHỨC THỰC HIỆN"), ["I", "II", "III"], ["11", "II"]),
    # H for II, before a title not in capitals: only between the numerals around it
    (("I. Mục đích", "II. Nhiệm vụ", "IH: Kế hoạch triển khai", "IV. Chế độ báo cáo"),
     ["I", "II", "III", "IV"], ["IH"]),
    # printed twice in the document, and the next heading confirms it: kept as printed
    (("I. MỤC TIÊU", "II. MỤC TIÊU", "II. NHIỆM VỤ", "IIL TỔ CHỨC THỰC HIỆN"),
     ["I", "II", "II", "III"], ["IIL"]),
])
def test_ocr_numerals_are_taken_from_their_sequence(headings, expected, read):
    assert numerals(plan(*headings), ocr=True) == (expected, read)


def test_numbered_headings_in_sentence_case_do_not_count_as_misread_numerals():
    # I, II, II, III with "1. …" under each (sample 000): the II printed twice stays
    text = plan("I. MỤC ĐÍCH", "1. Mục đích", "II. MỤC TIÊU", "1. Cải cách thể chế",
                "II. NHIỆM VỤ", "1. Cải cách thể chế", "IIL TỔ CHỨC THỰC HIỆN", "1. Ban Chỉ đạo")
    assert numerals(text, ocr=True) == (["I", "II", "II", "III"], ["IIL"])


def test_eleven_is_a_numbered_heading_where_ii_is_not_expected():
    text = plan("I. MỤC TIÊU", "II. NHIỆM VỤ", "11; KINH PHÍ", "III. TỔ CHỨC THỰC HIỆN")
    assert numerals(text, ocr=True) == (["I", "II", "III"], [])


def test_a_misread_numeral_before_a_title_not_in_capitals_needs_the_next_numeral():
    text = plan("I. Mục đích", "II. Nhiệm vụ", "IH: Kế hoạch triển khai", "V. Chế độ báo cáo")
    assert numerals(text, ocr=True) == (["I", "II", "V"], [])
    text = plan("I. Mục đích", "II. Nhiệm vụ", "IH: kế hoạch triển khai", "IV. Chế độ báo cáo")
    assert numerals(text, ocr=True)[0] == ["I", "II", "IV"]


def test_text_pages_keep_numerals_as_printed():
    text = plan("I. MỤC TIÊU", "II. NHIỆM VỤ", "II. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN")
    assert numerals(text, ocr=False) == (["I", "II", "II", "IV"], [])
    # and an OCR-like numeral on a text page is no heading
    text = plan("I. MỤC TIÊU", "Il. NHIỆM VỤ")
    assert numerals(text, ocr=False) == (["I"], [])


def test_numerals_ocr_made_unreadable_before_the_first_one_found_are_taken_by_count():
    text = plan("m' MỤC ĐÍCH, YÊU CẦU", "mì MỤC TIÊU VÀ NHIỆM VỤ", "IIL.-GIẢI PHÁP THỰC HIỆN",
                "IV. KINH PHÍ", "V. TỔ CHỨC THỰC HIỆN")
    assert numerals(text, ocr=True) == (["I", "II", "III", "IV", "V"], ["m'", "mì", "IIL"])
    # one too few or too many and nothing is taken: the sections begin where they are sure
    text = plan("mì MỤC TIÊU VÀ NHIỆM VỤ", "IIL.-GIẢI PHÁP THỰC HIỆN", "IV. KINH PHÍ")
    assert numerals(text, ocr=True)[0] == ["IV"]
    assert numerals(plan("m' MỤC ĐÍCH", "mì MỤC TIÊU", "IV. KINH PHÍ"), ocr=False)[0] == ["IV"]


def test_a_first_heading_numbered_1_stays_numbered_without_a_roman_ii_after_it():
    text = plan("1. MỤC ĐÍCH, YÊU CẦU", "2. NHIỆM VỤ", "III. TỔ CHỨC THỰC HIỆN")
    assert numerals(text, ocr=True)[0] == ["III"]


def test_a_numbered_heading_in_capitals_is_not_a_roman_one():
    text = plan("I. MỤC TIÊU", "1. MỤC ĐÍCH", "II. NHIỆM VỤ")
    assert numerals(text, ocr=True) == (["I", "II"], [])


def test_the_closing_block_is_found_when_ocr_misread_its_accents():
    text = plan("I. MỤC TIÊU", "II. NHIỆM VỤ").replace("Nơi nhận:", "Nơi nhân:")
    layout = find_layout(text)
    assert layout.lines[layout.closing].text == "Nơi nhân:"


@pytest.mark.parametrize(("header", "field"), [
    ("Bộ phận chủ trì", "lead"), ("Bộ phận chu trì", "lead"),  # "ủ" read as "u"
    ("Thời gian hoàn thanh", "timeline"), ("Nhiêm vụ", "task"),
    ("Mục'tiêu", "target"), ("“Nhiệm vụ ¬", "task"),  # marks OCR left between or after words
])
def test_column_headers_are_read_through_ocr_accent_errors(header, field):
    assert classify_header(header) == field


def outline(text: str, ocr: bool) -> tuple[list[tuple[str, ...]], list[str]]:
    """(label path of every numbered section, what each repaired label was read as)."""
    pages = frozenset({1}) if ocr else frozenset()
    sections, findings = find_sections_checked(text, find_layout(text), lambda _: 1, pages)
    paths: list[tuple[str, ...]] = []

    def walk(nodes, above=()):
        for node in nodes:
            path = (*above, node.numeral or node.label)
            paths.append(path)
            walk(node.children, path)
    walk(sections)
    return paths, [f.message.split('"')[1] for f in findings]


def test_ocr_numbered_labels_are_read_through_their_damage_and_taken_from_their_parent():
    text = plan("I. MỤC TIÊU", "-1. Mục đích", "4. Cải cách chế độ công vụ", "4.1. Mục tiêu",
                "4.2. Nhiệm vụ", "5. Cải cách tài chính công", "3:1. Mục tiêu", "3.2. Nhiệm vụ",
                "6. Chính quyền số", "6,1.Mục tiêu", "7.Yêu cầu", "8: Công tác", "8.1-Mục tiêu",
                "II. TỔ CHỨC THỰC HIỆN")
    paths, read = outline(text, ocr=True)
    assert paths == [("I",), ("I", "1"), ("I", "4"), ("I", "4", "4.1"), ("I", "4", "4.2"),
                     ("I", "5"), ("I", "5", "5.1"), ("I", "5", "5.2"),
                     ("I", "6"), ("I", "6", "6.1"), ("I", "7"), ("I", "8"), ("I", "8", "8.1"),
                     ("II",)]
    assert read == ["3.1", "3.2"]


def test_a_numbered_label_out_of_its_sequence_or_on_a_text_page_stays_as_printed():
    # "3.3" under "5." is not what OCR makes of "5.1" (the sequence expects 1): kept
    text = plan("I. MỤC TIÊU", "5. Tài chính công", "3.3. Mục tiêu", "II. TỔ CHỨC")
    assert outline(text, ocr=True) == ([("I",), ("I", "5"), ("I", "5", "3.3"), ("II",)], [])
    # a label two characters away from its parent's is another number: kept
    text = plan("I. MỤC TIÊU", "5. Tài chính công", "13.1. Mục tiêu", "II. TỔ CHỨC")
    assert outline(text, ocr=True)[1] == []
    # on a text page the document's own typo stays, and a damaged label is no heading
    text = plan("I. MỤC TIÊU", "5. Tài chính công", "3.1. Mục tiêu", "3:2. Nhiệm vụ", "II. TỔ CHỨC")
    assert outline(text, ocr=False) == ([("I",), ("I", "5"), ("I", "5", "3.1"), ("II",)], [])



def test_a_label_ocr_garbled_is_taken_from_the_sequence_where_it_fits():
    # "†." for "1." (the next is 2.), "*7" for "7." (its figure is the one expected), "là 7"
    # for "2.7" (under 2., after 2.6), each with a finding quoting what was read
    text = plan("I. MỤC TIÊU", "2. Nhiệm vụ", "2.6 Tài chính công", "là 7 Chính quyền số",
                "II. GIẢI PHÁP", "†. Nâng cao vai trò", "2. Đẩy mạnh", "6. Kiểm tra",
                "*7 Tăng cường theo dõi", "III. TỔ CHỨC THỰC HIỆN")
    paths, read = outline(text, ocr=True)
    assert paths == [("I",), ("I", "2"), ("I", "2", "2.6"), ("I", "2", "2.7"),
                     ("II",), ("II", "1"), ("II", "2"), ("II", "6"), ("II", "7"), ("III",)]
    assert read == ["là 7", "†.", "*7"]


@pytest.mark.parametrize("line", [
    "Về Công tác chỉ đạo",  # a word, no figure: text
    "- Tăng cường kiểm tra",  # a bullet
    "là 5 Xây dựng",  # the figure is not the one expected (2)
    "†. Nâng cao",  # no figure, and the next label is not the one after the expected one
])
def test_a_line_the_sequence_does_not_explain_is_no_heading(line):
    text = plan("I. MỤC TIÊU", "1. Nhiệm vụ", line, "4. Kiểm tra", "II. TỔ CHỨC")
    assert outline(text, ocr=True) == ([("I",), ("I", "1"), ("I", "4"), ("II",)], [])


def test_a_garbled_label_on_a_text_page_stays_as_printed():
    text = plan("I. GIẢI PHÁP", "†. Nâng cao vai trò", "2. Đẩy mạnh", "II. TỔ CHỨC")
    assert outline(text, ocr=False) == ([("I",), ("I", "2"), ("II",)], [])


def test_a_block_heading_whose_star_ocr_lost_is_one_of_the_documents_blocks():
    text = plan("I. NHIỆM VỤ", "1. Thể chế", "* Mục tiêu", "* Nhiệm vụ", "2. Chính quyền số",
                "Mục tiêu", "* Nhiệm vụ", "II. TỔ CHỨC")
    pages = frozenset({1})
    sections, findings = find_sections_checked(text, find_layout(text), lambda _: 1, pages)
    second = sections[0].children[1]
    assert [(c.label, c.title) for c in second.children] == [("*", "Mục tiêu"), ("*", "Nhiệm vụ")]
    assert [f.kind for f in findings] == ["section_numeral_repaired"]
    # on a text page, or where no block has that title, the line is text
    sections, _ = find_sections_checked(text, find_layout(text), lambda _: 1, frozenset())
    assert [c.title for c in sections[0].children[1].children] == ["Nhiệm vụ"]
    other = text.replace("\nMục tiêu\n", "\nKết quả\n")
    sections, _ = find_sections_checked(other, find_layout(other), lambda _: 1, pages)
    assert [c.title for c in sections[0].children[1].children] == ["Nhiệm vụ"]
