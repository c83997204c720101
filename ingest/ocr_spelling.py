"""Known syllables near a word OCR misread: those differing by one letter's marks, and those
within one letter changed, added or dropped, each with the cost of the change (a mark read
wrong costs ``MARK``, another letter 1). Used by ``ocr_words.py``."""

from __future__ import annotations

from functools import cache, lru_cache

from vnplan.reference.keys import accent_key, tone_key
from vnplan.reference.lexicon import Lexicon

MARK = 0.35  # cost of a mark (tone or vowel mark, đ's bar) read wrong; another letter costs 1
_LETTERS = "abcdeghiklmnopqrstuvxy"


@lru_cache(maxsize=16384)
def marked_otherwise(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """Known syllables that differ from ``word`` by one letter's marks (``MARK``)."""
    own = tone_key(word)
    return tuple(syllable for syllable in lexicon.by_letters.get(accent_key(word), ())
                 if syllable != own and cost(word, syllable) <= MARK)


@lru_cache(maxsize=16384)  # a page's words repeat: "của", "các", "TTHC"
def nearby(word: str, lexicon: Lexicon) -> tuple[tuple[str, float], ...]:
    """Known syllables within one bare letter of ``word``, with the cost of each."""
    bare = accent_key(word)
    found: set[str] = set()
    for key in _one_letter_off(bare):
        found.update(lexicon.by_letters.get(key, ()))
    return tuple((syllable, cost(word, syllable)) for syllable in sorted(found))


@cache
def _one_letter_off(bare: str) -> frozenset[str]:
    """``bare`` and every string one letter changed, added or dropped."""
    out = {bare}
    for i in range(len(bare) + 1):
        for letter in _LETTERS:
            out.add(bare[:i] + letter + bare[i:])
            if i < len(bare):
                out.add(bare[:i] + letter + bare[i + 1:])
        if i < len(bare):
            out.add(bare[:i] + bare[i + 1:])
    return frozenset(out)


def cost(a: str, b: str) -> float:
    """Edit distance of ``a`` and ``b`` where a letter read with the wrong marks costs ``MARK``."""
    bare_a, bare_b = bare_letters(a), bare_letters(b)
    previous = [float(j) for j in range(len(b) + 1)]
    for i, x in enumerate(a, 1):
        current = [float(i)]
        for j, y in enumerate(b, 1):
            change = 0.0 if x == y else MARK if bare_a[i - 1] == bare_b[j - 1] else 1.0
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + change))
        previous = current
    return previous[-1]


@lru_cache(maxsize=32768)
def bare_letters(word: str) -> tuple[str, ...]:
    """Each letter of ``word`` without its marks."""
    return tuple(accent_key(letter) for letter in word)
