"""Accents of OCR'd section headings, restored from the phrases headings are made of.

Tesseract misreads accents more than letters: "YÊU CẦU" comes back "YÊU CÂU", "THỰC HIỆN" as
"THỤC HIỆN". A short heading on an OCR page whose words match a heading phrase
(corpora/reference/heading_phrases.yaml) letter for letter but not accent for accent is given
the phrase's accents; the case of each word is kept. Nothing else is touched: a long title is
a sentence, not a heading, and a phrase must be two words or more.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import pairwise

from vnplan.reference.keys import accent_key
from vnplan.reference.vocabularies import heading_phrases

_WORD = re.compile(r"[^\W\d_]+")
_MAX_WORDS = 12  # a heading, not a sentence


@cache
def _phrases() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(accent keys, words) of every phrase, longest first."""
    out = {tuple(accent_key(w) for w in phrase.split()): tuple(phrase.split())
           for phrase in heading_phrases()}
    return tuple(sorted(out.items(), key=lambda item: -len(item[0])))


def restore_heading(title: str) -> str:
    """``title`` with the accents of the heading phrases it is made of (see the module)."""
    text = unicodedata.normalize("NFC", title)
    words = list(_WORD.finditer(text))
    if len(words) > _MAX_WORDS:
        return title
    title = text
    keys = [accent_key(m.group()) for m in words]
    fixed: dict[int, str] = {}
    for phrase_keys, phrase in _phrases():
        size = len(phrase_keys)
        for i in range(len(words) - size + 1):
            if tuple(keys[i : i + size]) != phrase_keys or not _adjacent(title, words[i : i + size]):
                continue
            for j, word in enumerate(phrase):
                if i + j not in fixed and words[i + j].group().casefold() != word:
                    fixed[i + j] = word
    if not fixed:
        return title
    parts, last = [], 0
    for i, match in enumerate(words):
        if i in fixed:
            parts += [title[last : match.start()], _cased_like(match.group(), fixed[i])]
            last = match.end()
    return "".join(parts) + title[last:]


def _adjacent(title: str, words: list[re.Match[str]]) -> bool:
    """Whether only spaces separate them ("MỤC ĐÍCH, YÊU CẦU" is two phrases, not one)."""
    return all(not title[a.end() : b.start()].strip(" ") for a, b in pairwise(words))


def _cased_like(printed: str, word: str) -> str:
    if printed.isupper():
        return word.upper()
    if printed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
