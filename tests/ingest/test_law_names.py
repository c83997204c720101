"""Names of laws OCR misspelled, put right from the known names (ingest/law_names.py): a word or
two with a letter or an accent wrong; another law's name, a short name, a profession, or words
that already are a name stay as read; no real document of ../shared/corpus changes."""

from __future__ import annotations

import pytest
from support import SHARED
from vnplan.ingest.law_names import restore_law_names


@pytest.mark.parametrize(("read", "meant"), [
    ("căn cứ Luật bản hành văn bản quy phạm pháp tuật năm 2015;",
     "căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2015;"),
    ("Luật Thực hành tiết kiệm, chống lóng phớ và", "Luật Thực hành tiết kiệm, chống lãng phí và"),
    ("theo Luật tổ chức chính quyền địa phưong ngày", "theo Luật tổ chức chính quyền địa phương ngày"),
])
def test_a_misspelled_name_is_put_right(read, meant):
    assert restore_law_names(read) == meant


@pytest.mark.parametrize("line", [
    "Luật Ban hành văn bản quy phạm pháp luật",  # already a name
    "Luật Đấu thầu số 22/2023/QH15",  # a short name, and another law's than Đất đai
    "Luật sư chỉ định cho bị can",  # a profession
    "Luật Tổ chức Chính phủ ngày 18/02/2025",  # a name, capitals as printed
    "Luật bản hành văn bản quy phạm",  # the name cut at the line's end: too few words
    "Luật Thuế thu nhập xoá bỏ hẳn",  # more words wrong than right
])
def test_other_words_stay_as_read(line):
    assert restore_law_names(line) == line


def test_a_name_broken_across_lines_is_put_right_on_the_page():
    from vnplan.ingest.ocr_text import correct_page
    page = "bản theo Luật sửa đổi của Luật Bản hành văn bản quy\nphạm pháp tuật năm 2020"
    assert correct_page(page) == ("bản theo Luật sửa đổi của Luật Ban hành văn bản quy\n"
                                  "phạm pháp luật năm 2020")


def test_no_text_of_the_shared_corpus_changes():
    """Every real document of ../shared/corpus, read whole as a page is (names across lines)."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    paths = sorted(p for p in (SHARED / "corpus").rglob("*") if p.suffix in (".md", ".txt"))
    assert len(paths) > 40
    changed = [p.name for p in paths
               if restore_law_names(text := p.read_text(encoding="utf-8")) != text]
    assert changed == []
