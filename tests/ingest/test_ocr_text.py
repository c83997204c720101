"""OCR clean-up (ingest/ocr_text.py): stray marks at line edges, codes joined, nothing else."""

import pytest
from vnplan.ingest.ocr_text import correct_line, correct_page


@pytest.mark.parametrize(("read", "meant"), [
    # stray marks standing alone at a line's edges
    ("I. MỤC TIÊU ¬—— ¬", "I. MỤC TIÊU"),
    ("; a) Các ban, ngành", "a) Các ban, ngành"),
    ("„ ` Ủy ban nhân dân xã", "Ủy ban nhân dân xã"),
    ("5. Cải cách công vụ  * l", "5. Cải cách công vụ"),
    ("'*6. Cải cách tài chính công", "6. Cải cách tài chính công"),
    ("_V. TỔ CHỨC THỰC HIỆN", "V. TỔ CHỨC THỰC HIỆN"),
    # the dash between two parts of a code, read as something else
    ("Nghị quyết số 76/NQ: CP ngày 15/7/2021", "Nghị quyết số 76/NQ-CP ngày 15/7/2021"),
    ("Nghị định số 130/2005/NĐ- cP ngày 17", "Nghị định số 130/2005/NĐ-CP ngày 17"),
    ("Nghị định 115/2020/NĐ:CP của", "Nghị định 115/2020/NĐ-CP của"),
    ("Chỉ thị số 13/CT: “TTg ngày", "Chỉ thị số 13/CT-TTg ngày"),
    ("Nghị quyết số 18- “NQ/TW và", "Nghị quyết số 18-NQ/TW và"),
    ("Nghị định số 61/201 8/NĐ-CP về", "Nghị định số 61/2018/NĐ-CP về"),
    ("Chỉ thị số 19/CT-UBÑD ngày", "Chỉ thị số 19/CT-UBND ngày"),
    ("theo TCVN ISO' 9001: :2015 tại", "theo TCVN ISO 9001:2015 tại"),
    ("theo TCVN ISO 9001 2015 tại", "theo TCVN ISO 9001:2015 tại"),  # the colon as a space
    ("áp dụng ISO 9001.2015", "áp dụng ISO 9001:2015"),  # … or a full stop
    ("Phấn đấu từ 98%- -100% số hồ sơ", "Phấn đấu từ 98%-100% số hồ sơ"),
    # the dash OCR doubled inside a code
    ("Nghị định số 45/2020/NĐ- -CP và", "Nghị định số 45/2020/NĐ-CP và"),
    ("Quyết định số 42/2021/QĐ- -UBND, ngày", "Quyết định số 42/2021/QĐ-UBND, ngày"),
    ("Quyết định 468/QĐ- -TTg về", "Quyết định 468/QĐ-TTg về"),
    # a type code one letter off the one its type word calls for
    ("CP và Nghị định. số 106/2020/Đ: -CP của", "CP và Nghị định. số 106/2020/NĐ-CP của"),
    ("theo Thông tư số 01/2021/T-BNV", "theo Thông tư số 01/2021/TT-BNV"),
    # a code one letter away from exactly one known code
    ("Kế hoạch số 5575/KH-UBWD ngày", "Kế hoạch số 5575/KH-UBND ngày"),
    ("Nghị quyết số 39-NOQ/TW của", "Nghị quyết số 39-NQ/TW của"),
    ("Nghị quyết số 39- NOQ/TW ngày", "Nghị quyết số 39- NQ/TW ngày"),
    ("Chỉ thị số 23/CT-TT1g ngày", "Chỉ thị số 23/CT-TTg ngày"),  # a digit read inside a code
    ("Chỉ thị số 23/CT- TTIg ngày", "Chỉ thị số 23/CT-TTg ngày"),  # … a letter, after a space
    ("Nghị quyết số 1659/NQ-UBTVQHI15 ngày", "Nghị quyết số 1659/NQ-UBTVQH15 ngày"),  # its term kept
    # a speck read as a quote between two words, or glued to a line's first word
    ("Bộ'phận chủ trì", "Bộ phận chủ trì"),
    ("NHIỆM'VỤ CỤ THỂ", "NHIỆM VỤ CỤ THỂ"),
    ('Bộ"phận phối hợp', "Bộ phận phối hợp"),
    ("'PHỤ LỤC", "PHỤ LỤC"),
    # a list item's bracket read as another mark
    ("aj Các ban, ngành, đoàn thể", "a) Các ban, ngành, đoàn thể"),
    ("b} Xác định rõ trách nhiệm", "b) Xác định rõ trách nhiệm"),
    ("„Hồ Văn Chính", "Hồ Văn Chính"),
])
def test_repairs_what_ocr_breaks(read, meant):
    assert correct_line(read) == meant


@pytest.mark.parametrize("line", [
    "- Phòng Nội vụ;",  # a dash opens a list item
    "+ Lưu: VT.",
    "Văn phòng -",  # a dash at the end joins a word across the break
    "Nghị định số 61/2018/NĐ-CP về",
    "Nghị quyết số 18-NQ/TW và",
    "Quý I, 6 tháng, năm 2021",
    "Phụ lục I",
    "Tỷ lệ đạt 18: 20 xã",  # a colon after a number that is no code
    "năm 2021 - - 2025 là giai đoạn",  # spaced on both sides: not OCR's doubled dash
    "ISO 9001:2015",
    "ISO 9001 và năm 2015",
    "Văn bản số 1014/SNV-CCHC&VTLT",  # known codes stay as they are
    "Nghị quyết số 1659/NQ-UBTVQH15 và Luật số 80/2015/QH13",  # a term after a code
    "Công văn số 12/XYZW",  # far from every known code
    "Kế hoạch 12/KH- Phòng Nội vụ",  # a word after the dash, no code
    "Quyết định số 12/QĐ-UBND",  # the type's own code
    "Quyết định số 25/KH-UBND",  # another known code: cited so, not misread
    "Nghị định số 45/2020/QĐ-CP",  # a known code, however odd: the checks flag it
    "Văn bản số 45/V-UBND",  # a letter's code is its sender's, whatever it is
    "xã Cư M'gar, Ea H'Leo, Ch'ơm, Tr'hy và thị trấn D'Ran",  # names of the highlands
    "'Lưu' là",  # a quotation: the mark opens and closes
    "aj các ban",  # no capital after it: not an item
    '"Thực hiện" là',
])
def test_leaves_sound_text_alone(line):
    assert correct_line(line) == line


@pytest.mark.parametrize(("read", "meant"), [
    # a standard's number on the next line, its colon doubled; "TCVN ISO" with a letter misread
    ("theo tiêu chuẩn TCVN ISO\n9001: :2015 nhằm", "theo tiêu chuẩn TCVN ISO\n9001:2015 nhằm"),
    ("theo tiêu chuẩn\nTCVN TSO\n9001 :2015\nThường xuyên", "theo tiêu chuẩn\nTCVN ISO\n9001:2015\nThường xuyên"),
    ("tiêu chuẩn\nTGVN ISO\n\n9001:2015 -", "tiêu chuẩn\nTCVN ISO\n\n9001:2015 -"),
    ("TCVN ISO\n9001 2015 nhằm", "TCVN ISO\n9001:2015 nhằm"),
    # a code broken at a line's end, its dash read as a colon; a blank line between
    ("tại Quyết định số 488/QĐ:\n\nTTg ngày 03/4/2020 của", "tại Quyết định số 488/QĐ-TTg\n\nngày 03/4/2020 của"),
    ("Nghị định số 45/2020/NĐ-\nCP và", "Nghị định số 45/2020/NĐ-CP\nvà"),
    # a party number broken after its dash, its code misread on the next line
    ("Nghị quyết số 57-\nNQ/ITW ngày 22/12/2024", "Nghị quyết số 57-\nNQ/TW ngày 22/12/2024"),
    ("Kế hoạch số 08-\n\nKH/TUI ngày", "Kế hoạch số 08-\n\nKH/TU ngày"),
    ("năm 2025-\nNQ/XYZW", "năm 2025-\nNQ/XYZW"),  # no code one letter off: as read
    # a code with a marked capital, which no code has: read without the mark
    ("Phương án số 7178/PÀ-UBND ngày", "Phương án số 7178/PA-UBND ngày"),
    ("Chỉ thị số 23/CT-TÍg ngày 02/9/2021", "Chỉ thị số 23/CT-TTg ngày 02/9/2021"),
    ("Quyết định số 1737/QĐ-\nƯBND ngày 17/10/2025", "Quyết định số 1737/QĐ-UBND\nngày 17/10/2025"),
    # … but a word that makes no known code so stays as read
    ("số 12/QĐ-\nỦy ban nhân dân", "số 12/QĐ-\nỦy ban nhân dân"),
    ("trang 1/Ủy ban", "trang 1/Ủy ban"),
    # a number's slash read as a figure between its year and a known code; a term's "1" lost
    ("theo Nghị quyết số 203/20257QH15;", "theo Nghị quyết số 203/2025/QH15;"),
    ("Nghị quyết số 203/2025/QH 5;", "Nghị quyết số 203/2025/QH15;"),
    ("nghị quyết số 203/2025/QH1 5; l", "nghị quyết số 203/2025/QH15;"),
    ("Nghị quyết số 76/2025/UBTVQH 5 ngày", "Nghị quyết số 76/2025/UBTVQH15 ngày"),
    ("Quyết định số 12/20251 ngày", "Quyết định số 12/20251 ngày"),  # no code after it
    ("năm 20257 QH", "năm 20257 QH"),  # no number
    # left alone: a TCN standard, a lone ISO, sound text
    ("theo TCN 68-176:2006 và", "theo TCN 68-176:2006 và"),
    ("Văn bản 12 ISO 9001 và TCVN ISO 9001:2015", "Văn bản 12 ISO 9001 và TCVN ISO 9001:2015"),
])
def test_page_repairs_standards_read_apart(read, meant):
    assert correct_page(read) == meant


def test_page_keeps_its_lines():
    page = "I. MỤC TIÊU ¬\n\n- Phòng Nội vụ;"
    assert correct_page(page) == "I. MỤC TIÊU\n\n- Phòng Nội vụ;"


def test_no_document_number_in_the_shared_corpus_is_changed():
    """Every document number in the real documents of ../shared/corpus reads the same after the
    clean-up: it only moves codes that are not codes and dashes that are not dashes."""
    import re

    from support import SHARED
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    number = re.compile(r"\d+(?:/[\w&]+)+(?:-[\w&]+)*|\d+-\w+/\w+")
    numbers = lambda text: number.findall(re.sub(r"(?<=\w)-\s+(?=[A-Z])", "-", text))  # noqa: E731
    lines = changed = 0
    for path in sorted((SHARED / "corpus").rglob("*.md")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if "/" not in line:
                continue
            lines += 1
            if numbers(correct_line(line)) != numbers(line):
                changed += 1
    assert lines > 500
    assert changed == 0


@pytest.mark.parametrize(("read", "meant"), [
    ("theo tiêu chuẩn TŒVN ISO\n9001:2015", "theo tiêu chuẩn TCVN ISO\n9001:2015"),  # Œ for C
    ("cải tiến IŠỞ 9001 theo quy định", "cải tiến ISO 9001 theo quy định"),  # marks on ISO
    ("TCVN ISO-9001:2015 trong", "TCVN ISO 9001:2015 trong"),  # a dash for the space
    ("chất lượng ISO\n90đ1:2015", "chất lượng ISO\n9001:2015"),  # a figure read as a letter
])
def test_a_standards_name_and_number_are_read_through_their_damage(read, meant):
    assert correct_page(read) == meant


@pytest.mark.parametrize("line", [
    "Quyết định SỐ 1234 ngày",  # "SỐ" is no standard's name
    "ISO 90đđ:2015",  # two figures misread: not taken
    "Khoản 1234 Điều 5",
    "TCVN 11930:2017",
])
def test_other_numbers_are_not_taken_for_standards(line):
    assert correct_page(line) == line


@pytest.mark.parametrize(("read", "meant"), [
    ("I. MỤC TIÊU,'YÊU CẦU", "I. MỤC TIÊU, YÊU CẦU"),  # a quote speck after a comma
    ("các ban, ngành.’Các cơ quan", "các ban, ngành. Các cơ quan"),  # … after a full stop
])
def test_a_quote_glued_after_a_comma_is_a_speck(read, meant):
    assert correct_line(read) == meant


def test_a_quotation_after_a_comma_stays():
    line = 'với chủ đề,"Năm cải cách hành chính"'
    assert correct_line(line) == line
