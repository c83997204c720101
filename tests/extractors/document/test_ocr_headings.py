"""Headings of OCR'd pages: accents OCR misread are restored from the heading phrases
(heading_phrases.yaml), with a finding; text pages and sentences are left as printed."""

from __future__ import annotations

import pytest
from support import EXTRA, PLANS, RESOLUTIONS, needs_shared
from vnplan.extractors.document.heading_words import restore_heading
from vnplan.extractors.document.layout import find_layout
from vnplan.extractors.document.sections import find_sections_checked
from vnplan.ingest import IngestOptions, read_document


@pytest.mark.parametrize(("read", "restored"), [
    ("MỤC TIÊU, YÊU CÂU", "MỤC TIÊU, YÊU CẦU"),
    ("TỔ CHỨC THỤC HIỆN", "TỔ CHỨC THỰC HIỆN"),
    ("KINH PHÍ THỤC HIẾN", "KINH PHÍ THỰC HIỆN"),
    ("MỤC TIÊƯ VÀ NHIỆM VỤ CỤ THỂ", "MỤC TIÊU VÀ NHIỆM VỤ CỤ THỂ"),
    ("MỤC ĐÍCH - YÊU CẤU", "MỤC ĐÍCH - YÊU CẦU"),
    ("Công chức Vấn phòng - Thống kê", "Công chức Văn phòng - Thống kê"),  # case kept
    ("ĐÁNH GIA CHUNG", "ĐÁNH GIÁ CHUNG"),
])
def test_misread_accents_of_heading_phrases_are_restored(read, restored):
    assert restore_heading(read) == restored


@pytest.mark.parametrize("title", [
    "MỤC ĐÍCH, YÊU CẦU",  # already right
    "Chi tiêu ngân sách",  # "chi tiêu" is not "chỉ tiêu": no such phrase is shipped
])
def test_right_or_unlisted_titles_stay(title):
    assert restore_heading(title) == title


def test_a_sentence_is_not_a_heading():
    sentence = ("Tiếp tục thực hiện chính sách tinh giản biên chế theo tỉnh thần Nghị quyết số "
                "18-NQ/TW, bảo đảm yêu câu đặt ra")
    assert restore_heading(sentence) == sentence


def test_words_split_by_punctuation_are_not_one_phrase():
    assert restore_heading("KINH PHÍ; THỤC HIỆN") == "KINH PHÍ; THỤC HIỆN"


def _sections(ocr: bool):
    text = ("KẾ HOẠCH\nCải cách hành chính năm 2024\nI. MỤC TIÊU, YÊU CÂU\nNội dung.\n"
            "II. TỔ CHỨC THỤC HIỆN\nNội dung.\nNơi nhận:\n- Lưu: VT.")
    pages = frozenset({1}) if ocr else frozenset()
    return find_sections_checked(text, find_layout(text), lambda _: 1, pages)


def test_ocr_pages_get_restored_titles_and_a_finding_each():
    sections, findings = _sections(ocr=True)
    assert [s.title for s in sections] == ["MỤC TIÊU, YÊU CẦU", "TỔ CHỨC THỰC HIỆN"]
    assert [f.kind for f in findings] == ["section_title_restored"] * 2
    assert '"MỤC TIÊU, YÊU CÂU"' in findings[0].message


def test_text_pages_keep_titles_as_printed():
    sections, findings = _sections(ocr=False)
    assert [s.title for s in sections] == ["MỤC TIÊU, YÊU CÂU", "TỔ CHỨC THỤC HIỆN"]
    assert findings == []


@needs_shared
def test_no_line_of_the_true_text_corpus_is_changed():
    """Every line of the corpus's documents (plans, extra, resolutions), read as a heading:
    none is changed — a restoration that fired on right text would be a false change."""
    changed = []
    for folder in (PLANS, EXTRA, RESOLUTIONS):
        for path in sorted(folder.iterdir()):
            if path.name == "README.md":
                continue
            raw = read_document(path.read_bytes(), path.name, IngestOptions())
            for page in raw.pages:
                changed += [(path.name, line) for line in page.splitlines()
                            if restore_heading(line) != line]
    assert changed == []
