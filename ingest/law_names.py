"""Names of laws OCR misspelled, put right from the names the reference data knows.

On an OCR'd line, the words after "Luật" that read as a known law's name with a letter or an
accent wrong in a word or two ("Luật bản hành văn bản quy phạm pháp tuật") are that law's name:
the words OCR damaged are put back ("Luật Ban hành văn bản quy phạm pháp luật"), so the
citation reads, resolves and is checked as the law it names. Only a name of three words or
more; at most two words wrong, and no more wrong than right; only when exactly one known name
fits; never when the words already are a known name; and a word wrong by more than one letter
or its accents is another word ("Đất đai" is no slip of "Đấu thầu").
"""

from __future__ import annotations

import re
from functools import cache

from vnplan.reference.keys import word_slip
from vnplan.reference.registry import known_law_names

MIN_WORDS = 3  # a shorter name ("An ninh mạng" has three) is not restored
MAX_SLIPS = 2  # words of a name OCR may have damaged

_LAW = re.compile(r"\b[Ll]uật\s+")
_WORD = re.compile(r"[^\W\d_]+")
_BETWEEN = re.compile(r"[\s,]*")  # what may stand between the words of a name


@cache
def _names() -> dict[int, tuple[tuple[str, ...], ...]]:
    """The known law names (without "Luật") as words, by their number of words."""
    by_key: dict[tuple[str, ...], tuple[str, ...]] = {}
    for name in sorted(known_law_names()):  # capitals sort first: "Thực hành …" before "thực hành …"
        words = tuple(_WORD.findall(name))
        if len(words) >= MIN_WORDS:
            by_key.setdefault(tuple(w.casefold() for w in words), words)
    by_length: dict[int, list[tuple[str, ...]]] = {}
    for words in by_key.values():
        by_length.setdefault(len(words), []).append(words)
    return {n: tuple(found) for n, found in by_length.items()}


def restore_law_names(line: str) -> str:
    """``line`` with the names of laws OCR misspelled put right (see the module's docstring)."""
    if "uật " not in line:
        return line
    for law in reversed(list(_LAW.finditer(line))):  # from the end: offsets before stay put
        words = _following_words(line, law.end())
        fix = _known_name(words)
        if fix is not None:
            for match, word in reversed(list(zip(words, fix, strict=False))):
                if match[0].casefold() != word.casefold():
                    line = line[:match.start()] + word + line[match.end():]
    return line


def _following_words(line: str, start: int) -> list[re.Match[str]]:
    """The words from ``start`` on, while only spaces and commas stand between them."""
    words: list[re.Match[str]] = []
    pos, longest = start, max(_names(), default=0)
    while len(words) < longest:
        match = _WORD.match(line, _BETWEEN.match(line, pos).end())
        if match is None:
            break
        words.append(match)
        pos = match.end()
    return words


def _known_name(words: list[re.Match[str]]) -> tuple[str, ...] | None:
    """The one known name the first words read as, with slips; None when the words already are
    a name, or none or several fit."""
    read = [w[0] for w in words]
    for length in sorted(_names(), reverse=True):  # the longest name first
        if length > len(read):
            continue
        fits = []
        for name in _names()[length]:
            slips = _slips(read[:length], name)
            if slips == 0:
                return None  # already a known name
            if slips is not None:
                fits.append(name)
        if len(fits) == 1:
            return fits[0]
        if fits:
            return None
    return None


def _slips(read: list[str], name: tuple[str, ...]) -> int | None:
    """How many words of ``read`` are slips of ``name``'s; None when one is another word or the
    slips are too many."""
    slips = 0
    for got, meant in zip(read, name, strict=True):
        if got.casefold() == meant.casefold():
            continue
        if not word_slip(got, meant):
            return None
        slips += 1
    return slips if slips <= min(MAX_SLIPS, len(name) - slips) else None
