"""OCR'd words put right from the Vietnamese lexicon (ingest/ocr_words.py, reference/lexicon.py):
words glued by a speck are split, a misread syllable becomes the known one it nearly is when its
neighbours agree, and names, codes, sure readings and the real text of ../shared stay as read."""

from __future__ import annotations

import unicodedata

import pytest
from support import SHARED
from vnplan.ingest.ocr_words import correct_words, sightings
from vnplan.reference.lexicon import build_lexicon, load_lexicon

UNSURE, SURE = 50.0, 96.0  # Tesseract's confidences for a speckled word and a clean one


def read(line: str, unsure: int | None = None) -> str:
    """``line``'s words as OCR'd, put right, joined again: the word at index ``unsure`` (the
    damaged one) read with a speck's confidence, the others cleanly."""
    words = [(word, UNSURE if i == unsure else SURE) for i, word in enumerate(line.split())]
    return " ".join(piece for pieces in correct_words(words) for piece in pieces)


@pytest.mark.parametrize(("ocr", "unsure", "meant"), [
    ("các cá.nhân, tổ chức", 1, "các cá nhân, tổ chức"),  # a full stop inside a word
    ("tổ chức thực:hiện kế hoạch", 2, "tổ chức thực hiện kế hoạch"),  # a colon
    ("và chịư.trách nhiệm", 1, "và chịu trách nhiệm"),  # split, then put right
    ("các bộ'phận có liên quan", 1, "các bộ phận có liên quan"),  # a quote, known syllables
    ("phát triểnˆcơ sở dữ liệu", 1, "phát triển cơ sở dữ liệu"),  # an accent standing alone
    ("về sự cần thiếtvà tính cấp thiết", 3, "về sự cần thiết và tính cấp thiết"),  # a lost space
    ("vì con hgười", 2, "vì con người"),  # a letter wrong, "con người" a word
    ("thẩm qủyền giải quyết", 1, "thẩm quyền giải quyết"),  # the marks wrong
    ("nhiệm vụ củá xã", 2, "nhiệm vụ của xã"),  # marks alone: no neighbour needed
    ("ban hành vặn bản", 2, "ban hành văn bản"),  # a known syllable, unsure, no word made
    ("Gải cách hành chính", 0, "Cải cách hành chính"),  # a capital letter misread
    ("2. Nhiễm vụ trọng tâm", 1, "2. Nhiệm vụ trọng tâm"),  # a sentence's capital, not a name's
    ("V. TỔ CHỨC THỤC HIỆN", 3, "V. TỔ CHỨC THỰC HIỆN"),  # a heading in capitals
    ("thường xuyên trên cơ. sở thực tế", 3, "thường xuyên trên cơ sở thực tế"),  # a speck: "cơ sở"
    ("Ban chỉ đạo cải cách hành: chính xã", 5, "Ban chỉ đạo cải cách hành chính xã"),
    ("kế hoạch của UBND huyện", 1, "kế hoạch của UBND huyện"),  # nothing wrong
    ("có trách nhiệm xây dựng. kế hoạch", None, "có trách nhiệm xây dựng kế hoạch"),  # a speck:
    # a sentence never begins in lower case
    ("ngân sách hà nước", 2, "ngân sách nhà nước"),  # a known syllable, a letter lost
    ("giữa loanh nghiệp và", 1, "giữa doanh nghiệp và"),  # … a letter changed
    ("3. Gông chức kế toán", 1, "3. Công chức kế toán"),  # … a sentence's capital
    ("kế höạch", 1, "kế hoạch"),  # a letter no Vietnamese word has
    ("ban hành vặn bản", None, "ban hành văn bản"),  # read with confidence, but the text
    # has "hành văn" and "văn bản", never "vặn" beside either
    ("xây dựng, bạn hành văn bản", None, "xây dựng, ban hành văn bản"),  # … a clause's start
    ("hoạt động của tơ quan hành chính", None, "hoạt động của cơ quan hành chính"),  # a letter
    # misread with confidence: the text never has "tơ", and has "của cơ", "cơ quan"
    ("Xây dựng xà phát triển", None, "Xây dựng và phát triển"),
    ("4. Gông chức văn hóa", None, "4. Công chức văn hóa"),  # an item's title begins
])
def test_misread_words_are_put_right(ocr, unsure, meant):
    assert read(ocr, unsure) == meant


@pytest.mark.parametrize(("line", "unsure"), [
    ("ban hành văn bản", None),  # read with confidence: taken as read
    ("xã Ea Tul, huyện Cư M'gar", 5),  # a name with a quote in it
    ("thôn Ch'ơm, xã Kà Dăng", 3),  # names keep their marks
    ("theo ông Cản Văn Hùng", 2),  # … a name inside a sentence keeps its marks
    ("giải quyết TTHC, TTHƠ", 3),  # codes in capitals are never syllables
    ("mục a, b, c; 100%.cán bộ", 4),  # single letters; digits
    ("the file is not available", None),  # English read with confidence
    ("địa chỉ dichvucong.gov.vn", 2),  # a web address
    ("đúng quy định. Cơ quan chủ trì", 2),  # a sentence ends: a capital follows
    ("theo TP. hồ sơ", None),  # an abbreviation is no syllable
    ("các v.v. trên", None),
    ("nội dung như sau: các cơ quan", 3),  # a colon between two words that make no word
    ("theo quy định tại khoản 2", 3),  # the text has "định tại", though "tài khoản" is a word
    ("trình cấp có thẩm quyền", 1),  # "cạp" would be a word, but a rarer syllable than "cấp"
    ("của phường Hoàng Tân", 1),  # a name follows: "phương hoàng" is no reading
    ("Tân Hưng Đông và", 0),  # a name may begin a line: its letters stay
    ("bạn hành", None),  # at a line's start the word before may be on the line above
    ("lập hồ sơ; thẻ công chức", None),  # a clause's start, no item's: "thi công" is not meant
    ("bản đồ tơ lụa", None),  # … and a rare syllable the text has not beside both neighbours
    ("đăng ký online qua email", None),  # words of no two syllables stay whole
])
def test_names_codes_and_sure_readings_stay(line, unsure):
    assert read(line, unsure) == line


@pytest.mark.parametrize(("confidences", "meant"), [
    ((96, 87, 97, 96), "theo tinh thần Nghị"),  # fairly sure of "tỉnh", sure of "thần"
    ((96, 87, 80, 96), "theo tỉnh thần Nghị"),  # "thần" doubtful too: no word to lean on
    ((96, 92, 97, 96), "theo tinh thần Nghị"),  # sure of "tỉnh", but the text has "theo
    # tinh" and "tinh thần", never "tỉnh" beside either: a mark misread with confidence
])
def test_a_fairly_sure_syllable_needs_a_sure_neighbour(confidences, meant):
    assert read_with("theo tỉnh thần Nghị", confidences) == meant


def test_a_neighbour_in_a_word_already_is_taken():
    assert read_with("nhu cầu chi của xã", (96, 96, 85, 96, 96)) == "nhu cầu chi của xã"
    assert load_lexicon().pair("cầu", "chì")  # what the line would read as without the rule


def test_two_neighbours_are_put_right_together():
    assert read_with("b) Ñhjệm ụ", (93, 44, 82)) == "b) Nhiệm vụ"
    assert read_with("IV. TỔ CHỨC THỤC HIEỆN", (96, 96, 93, 88, 31)) == "IV. TỔ CHỨC THỰC HIỆN"


def test_the_page_read_with_confidence_is_its_own_language():
    """"của tỉnh được", read with confidence, is never "tình" where the page's other lines read
    "của tỉnh" with confidence too; the running text alone has "của tình" and "tình được"."""
    line = [("năm", 96), ("2026", 96), ("của", 97), ("tỉnh", 97), ("được", 97), ("hoàn", 97)]
    other = [("Ủy", 96), ("ban", 96), ("nhân", 96), ("dân", 96), ("của", 97), ("tỉnh", 96)]
    page = sightings([line, other])
    assert [pieces[0] for pieces in correct_words(line, page)][3] == "tỉnh"
    assert [pieces[0] for pieces in correct_words(line, sightings([line]))][3] == "tình"


def read_with(line: str, confidences: tuple[float, ...]) -> str:
    words = list(zip(line.split(" "), confidences, strict=True))
    return " ".join(piece for pieces in correct_words(words) for piece in pieces)


def test_a_glued_word_gets_two_boxes():
    from vnplan.ingest.ocr import OcrWord, corrected
    word = OcrWord("cá.nhân", left=100, top=5, width=70, height=20, confidence=60.0, line=(1, 1, 1))
    first, second = corrected([word])
    assert (first.text, second.text) == ("cá", "nhân")
    assert first.left == 100 and second.left == first.left + first.width
    assert first.width + second.width == 70


def test_the_lexicon_spells_as_words_are_written():
    lexicon = build_lexicon(["hoà bình", "hòa giải", "hoàn thành", "Ea Tul"])
    assert lexicon.knows("hoà") and lexicon.knows("hòa")  # either placement of the tone
    assert lexicon.spelling["hòan"] == "hoàn"  # the key of "hoàn", spelt as written
    assert lexicon.pair("hoà", "bình") and lexicon.pair("ea", "tul")
    assert not lexicon.pair("bình", "hòa")


def test_an_idiom_gives_its_two_words_not_the_pair_between():
    lexicon = build_lexicon(["định tỉnh thần hôn", "tinh thần"])
    assert lexicon.pair("định", "tỉnh") and lexicon.pair("thần", "hôn")
    assert not lexicon.pair("tỉnh", "thần") and lexicon.pair("tinh", "thần")


def test_running_text_counts_syllables_side_by_side():
    lexicon = build_lexicon(["tài khoản"], sentences=["Quy định tại khoản 1, tại Khoản 2."])
    assert lexicon.seen("tại", "khoản") == 2 and lexicon.seen("tài", "khoản") == 0
    assert lexicon.seen("khoản", "tại") == 0  # a comma or a figure parts two syllables
    assert lexicon.often("tại") == 2 and lexicon.text_size == 6
    shipped = load_lexicon()
    assert shipped.text_size > 80_000 and shipped.seen("của", "các") > 100


def test_the_shipped_lexicon_has_words_and_places():
    lexicon = load_lexicon()
    assert len(lexicon.syllables) > 8000 and len(lexicon.pairs) > 60000
    assert lexicon.pair("cải", "cách") and lexicon.knows("krông")  # a word; a unit's name


def test_real_text_read_with_confidence_barely_changes():
    """Every line of ../shared's resolutions and sample plans as if OCR'd cleanly: at most one
    word in 5,000 changes (names the lists spell otherwise, typos of the source); a space the
    source lost between two known syllables is put back and not counted."""
    files = sorted((SHARED / "corpus" / "resolutions-2025").glob("*.md"))
    files += sorted((SHARED / "corpus" / "plans").glob("*.txt"))
    assert files, "../shared/corpus is needed"
    words = changed = 0
    spaced: set[tuple[str, ...]] = set()
    for path in files:
        for line in unicodedata.normalize("NFC", path.read_text("utf-8")).splitlines():
            found = [(word, SURE) for word in line.split()]
            for (word, _), pieces in zip(found, correct_words(found), strict=True):
                words += 1
                if len(pieces) == 2 and "".join(pieces) == word and word.isalpha():
                    spaced.add(tuple(pieces))  # a space the source lost ("gọilà", "củaxã")
                    continue
                changed += pieces != [word]
    assert words > 100_000
    assert changed <= words / 5000
    lexicon = load_lexicon()
    assert all(lexicon.knows(a.lower()) and lexicon.knows(b) for a, b in spaced)
    assert ("gọi", "là") in spaced  # the resolutions' Markdown has "tên gọilà **xã"
