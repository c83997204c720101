"""Line starts OCR doubted, read again with the words after them (ingest/ocr_labels.py): which
starts are doubtful, and which second readings are taken."""

from __future__ import annotations

import pytest
from PIL import Image
from vnplan.ingest.ocr import OcrWord
from vnplan.ingest.ocr_labels import doubtful_starts, is_label, relabelled, start_snippets


def line(text: str, number: int, first_confidence: float = 96.0) -> list[OcrWord]:
    words, left = [], 150
    for i, word in enumerate(text.split()):
        words.append(OcrWord(word, left, 100 * number, 20 * len(word), 30,
                             first_confidence if i == 0 else 96.0, (1, number, 1)))
        left += 20 * len(word) + 12
    return words


@pytest.mark.parametrize(("text", "confidence", "doubtful"), [
    ("©) Thực hiện có hiệu quả", 44, True),  # no label, doubted
    ("0 Tiếp nhận ý kiến", 47, True),
    ("ö. Cải cách tài chính công", 77, True),  # no label, ends as one does
    ("e) Thực hiện có hiệu quả", 44, False),  # a label already
    ("5. Cải cách tài chính công", 50, False),
    ("xã. Tăng cường", 96, True),  # looks like one: read again, and kept (see below)
    ("TI. Cải cách", 50, False),  # plain capitals: a misread numeral, left to the sequence
    ("ì công tác", 30, False),  # no capital after it: no heading
    ("Trên 95% hồ sơ", 30, False),  # a long word
    ("và Ủy ban", 90, False),  # sure, and no label's ending
    ("II. NHIỆM VỤ", 83, False),  # a roman numeral: read from the sequence (sections.py)
    ("TM. ỦY BAN NHÂN DÂN", 50, False),  # an abbreviation
])
def test_doubtful_line_starts(text, confidence, doubtful):
    words = line("a) Mục tiêu chung", 1) + line(text, 2, confidence)
    assert doubtful_starts(words) == ([4] if doubtful else [])


@pytest.mark.parametrize(("read", "again", "taken"), [
    ("©)", "e)", "e)"),
    ("0", "ƒ)", "f)"),  # an italic f
    ("ö.", "5.", "5."),
    ("Km:", "3.3", "3.3"),
    ("“", "-", "-"),
    ("xã.", "xã.", "xã."),  # no label: stays
    ("TM.", "tÃY", "TM."),
    ("©)", "Thực", "©)"),  # the label lost again: stays
    ("1,", "I.", "1,"),  # a roman numeral: read from the sequence of numerals, not from here
])
def test_a_second_reading_is_taken_only_when_it_is_a_label(read, again, taken):
    words = line(f"{read} Thực hiện", 1, 40)
    answer = line(f"{again} Thực hiện", 1)
    assert relabelled(words, {0: answer})[0].text == taken
    assert relabelled(words, {0: []})[0].text == read


def test_labels():
    assert all(map(is_label, ["a)", "đ)", "5.", "12)", "2.1.", "2.1", "1.2.3.", "-", "+"]))
    assert not any(map(is_label, ["0", "©)", "ö.", "TM.", "xã.", "2021", "A)", "5", "IV."]))


def test_a_snippet_holds_the_start_and_the_words_after_it_within_reach():
    words = line("a) Mục tiêu chung", 1) + line("©) Thực hiện có hiệu quả công tác quản lý", 2, 40)
    (index, piece), = start_snippets(words, doubtful_starts(words),
                                     Image.new("L", (1654, 2339), 255), dpi=200)
    assert index == 4
    first = words[4]
    assert piece.width <= 1.5 * 200 + 2 * 8 and piece.width > first.width
    assert piece.height == first.height + 2 * 8
