"""Words OCR misread, put right from the Vietnamese lexicon (``vnplan.reference.lexicon``).

On a poor scan, a speck by a letter changes it or its marks ("qủyền", "hgười", "tỉnh thần"
for "tinh thần"), or glues two words with a mark ("cá.nhân", "thực:hiện"). Tesseract reads
such words with low confidence. For each line of OCR'd words:

- two words glued by a stray mark are two: "cá.nhân" → "cá nhân" (a mark no word has inside:
  . : ` *), "bộ'phận" → "bộ phận" (a quote or a dash: when both are known syllables);
- a word that is no Vietnamese syllable ("hgười", "qủyền") becomes the known syllable it nearly
  is: one letter changed, added or dropped, or its marks (a mark costs ``MARK``), taken when it
  makes a known word with a neighbour ("hgười dân" → "người dân"); a change of marks alone
  ("củá" → "của") needs no neighbour when Tesseract was unsure of the word. A capitalised word
  keeps its marks (names: "Mỵ", "Kà"), a word read with confidence (English: "not") needs a
  neighbour;
- a full stop or colon between two syllables of one word is a speck ("trên cơ. sở", "cải cách
  hành: chính"; the next word in lower case): a sentence or a clause does not end inside a word;
  so is a full stop between any two known syllables, the next in lower case ("xây dựng. kế
  hoạch"): a sentence begins with a capital (an abbreviation in capitals keeps it: "TP. Hồ");
- a known syllable Tesseract was unsure of (confidence under ``SURE``) that makes no word with
  its neighbours becomes one that differs by its marks alone and does ("kế họach" → "kế
  hoạch"); one it was less than ``CERTAIN`` of, only when the word it makes is with a neighbour
  read with confidence (``CERTAIN`` or more) and not in a word already: "tỉnh thần" (87, 97)
  → "tinh thần", but "nhu cầu chi" stays ("nhu cầu" is a word, so "cầu chì" is not meant).

Left as read: words of one letter (list labels), capitalised known syllables (names:
"Nguyễn"; a sentence's first word is read as if in lower case), codes in capitals that are no syllable ("TTHC"), anything with a digit.
Measured on the five samples' poor scans and, blind, on 13 documents of ../shared made into
scans (README, "Words put right").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

import regex
from vnplan.reference.keys import accent_key, tone_key
from vnplan.reference.lexicon import SYLLABLE, Lexicon, load_lexicon

SURE = 70.0  # Tesseract's confidence (0–100) from which a known syllable needs a sure neighbour
CERTAIN = 90.0  # from which a known syllable is taken as read, and an unknown word changes
# only to make a word ("not" stays "not")
MARK = 0.35  # cost of a mark (tone or vowel mark, đ's bar) read wrong; another letter costs 1
REACH = 1.0  # an unknown word is put right within this cost; a known one only by its marks

_EDGES = regex.compile(r"^(\W*)(.*?)(\W*)$", regex.DOTALL)
_GLUED = regex.compile(r"^(\p{L}{2,}?)([.:\-'’‘`*])(\p{L}{2,})$")
_NEVER_INSIDE = ".:`*"  # marks no word has between its letters; a quote or dash may ("M'nông")
_LETTERS = "abcdeghiklmnopqrstuvxy"
# What a sentence's first word follows: a list label or a sentence's end ("5.", "a)", "-",
# "xã."). There a capital is the sentence's, not a name's ("Bạn biên tập" is "Ban biên tập").
_OPENS = regex.compile(r"^(?:[\dIVX]+(?:\.\d+)*[.):]?|\p{Ll}\)|[-–+•*]|.*[.!?:;])$")
_INSIDE_A_WORD = (".", ":")  # a speck read as punctuation between a word's two syllables


def correct_words(words: Sequence[tuple[str, float]]) -> list[list[str]]:
    """One line's words (text, confidence), each as the words it reads as: itself, itself put
    right, or two words where a stray mark glued them."""
    lexicon = load_lexicon()
    pieces = [_unglued(text, lexicon) for text, _ in words]
    flat = [(piece, confidence) for found, (_, confidence) in zip(pieces, words, strict=True)
            for piece in found]
    fixed = iter(_corrected(flat, lexicon))
    return [[next(fixed) for _ in found] for found in pieces]


def _unglued(text: str, lexicon: Lexicon) -> list[str]:
    """``text`` split where a stray mark glues two words: "cá.nhân", "chịư.trách" (a mark no
    word has inside), "bộ'phận" (a quote or dash: both known syllables)."""
    lead, core, tail = _EDGES.match(text).groups()
    glued = _GLUED.match(core)
    if glued is None:
        return [text]
    first, mark, second = glued.groups()
    if _shape(first) not in ("lower", "title") or not second.islower():
        return [text]
    if mark in _NEVER_INSIDE or (lexicon.knows(first.lower()) and lexicon.knows(second)):
        return [lead + first, second + tail]
    return [text]


def _corrected(words: list[tuple[str, float]], lexicon: Lexicon) -> list[str]:
    """The words of a line, each put right or kept (see the module's docstring)."""
    split = [list(_EDGES.match(text).groups()) for text, _ in words]
    known = [core.lower() if len(core) > 1 and _shape(core) and _syllable(core.lower()) else None
             for _, core, _ in split]
    for i, ((lead, core, tail), (_, confidence)) in enumerate(zip(split, words, strict=True)):
        if known[i] is None:
            continue
        before = known[i - 1] if i and not split[i - 1][2] and not lead else None
        after = known[i + 1] if i + 1 < len(split) and not tail and not split[i + 1][0] else None
        if SURE <= confidence < CERTAIN and lexicon.knows(known[i]):  # only with sure neighbours
            if before and (words[i - 1][1] < CERTAIN or _paired(split, known, i - 2, lexicon)):
                before = None
            if after and (words[i + 1][1] < CERTAIN or _paired(split, known, i + 1, lexicon)):
                after = None
        opening = i == 0 or _OPENS.match("".join(split[i - 1])) is not None
        best = _best(known[i], core.lower() if opening else core, confidence, before, after,
                     lexicon)
        if best is not None:
            known[i] = best
            split[i][1] = _recased(lexicon.spelling[best], _shape(core))
    for i in range(len(split) - 1):  # "cơ. sở", "hành: chính": no word ends inside a word
        if (split[i][2] in _INSIDE_A_WORD and known[i] and known[i + 1] and not split[i + 1][0]
                and split[i + 1][1].islower()
                and _speck_between(split[i][2], split[i][1], known[i], known[i + 1], lexicon)):
            split[i][2] = ""
    return ["".join(parts) for parts in split]


def _speck_between(mark: str, printed: str, first: str, second: str, lexicon: Lexicon) -> bool:
    """Whether ``mark`` after ``printed`` (read as the syllable ``first``) and before ``second``
    (in lower case) is a speck: the two make a word, or it is a full stop between known
    syllables ("dựng. kế": no sentence begins so) after a word not in capitals ("TP. Hồ")."""
    if lexicon.pair(first, second):
        return True
    return (mark == "." and _shape(printed) != "upper" and lexicon.knows(first)
            and lexicon.knows(second))


def _paired(split: list[list[str]], known: list[str | None], i: int, lexicon: Lexicon) -> bool:
    """Whether words ``i`` and ``i + 1`` make a word already ("nhu cầu" in "nhu cầu chi": "cầu"
    is taken, and "chi" is not "chì" for "cầu chì")."""
    return (0 <= i < len(split) - 1 and known[i] is not None and known[i + 1] is not None
            and not split[i][2] and not split[i + 1][0] and lexicon.pair(known[i], known[i + 1]))


def _best(word: str, core: str, confidence: float, before: str | None, after: str | None,
          lexicon: Lexicon) -> str | None:
    """The syllable ``word`` (lower case) should read as, or None to keep it."""
    def words_made(syllable: str) -> int:
        return ((before is not None and lexicon.pair(before, syllable))
                + (after is not None and lexicon.pair(syllable, after)))

    is_known = lexicon.knows(word)
    shape = _shape(core)
    if is_known and (confidence >= CERTAIN or shape == "title" or words_made(word)):
        return None
    reach = MARK if is_known or shape == "upper" else REACH
    own = tone_key(word)
    found = [(syllable, cost) for syllable, cost in _near(word, lexicon)
             if cost <= reach and syllable != own]
    if shape == "title":  # a name keeps its marks ("Mỵ", "Kà"); "Gải cách" is still "Cải cách"
        found = [(syllable, cost) for syllable, cost in found if cost > MARK]
    if not found:
        return None
    syllable, cost = max(found, key=lambda pair: (words_made(pair[0]), -pair[1],
                                                    lexicon.syllables[pair[0]], pair[0]))
    alone = not is_known and cost <= MARK and shape == "lower" and confidence < CERTAIN
    return syllable if alone or words_made(syllable) else None


@lru_cache(maxsize=16384)  # a page's words repeat: "của", "các", "TTHC"
def _near(word: str, lexicon: Lexicon) -> tuple[tuple[str, float], ...]:
    """Known syllables within one bare letter of ``word``, with the cost of each."""
    bare = accent_key(word)
    found: set[str] = set()
    for key in _one_letter_off(bare):
        found.update(lexicon.by_letters.get(key, ()))
    return tuple((syllable, _cost(word, syllable)) for syllable in sorted(found))


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


def _cost(a: str, b: str) -> float:
    """Edit distance of ``a`` and ``b`` where a letter read with the wrong marks costs ``MARK``."""
    bare_a, bare_b = [accent_key(x) for x in a], [accent_key(y) for y in b]
    previous = [float(j) for j in range(len(b) + 1)]
    for i, x in enumerate(a, 1):
        current = [float(i)]
        for j, y in enumerate(b, 1):
            change = 0.0 if x == y else MARK if bare_a[i - 1] == bare_b[j - 1] else 1.0
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + change))
        previous = current
    return previous[-1]


def _syllable(text: str) -> bool:
    return SYLLABLE.fullmatch(text) is not None


def _shape(core: str) -> str | None:
    """How a word is written: "lower", "title" ("Cải"), "upper" ("CẢI"), or None (mixed)."""
    if core.islower():
        return "lower"
    if core.isupper():
        return "upper" if len(core) > 1 else "title"
    if core[:1].isupper() and core[1:].islower():
        return "title"
    return None


def _recased(syllable: str, shape: str | None) -> str:
    if shape == "upper":
        return syllable.upper()
    return syllable[:1].upper() + syllable[1:] if shape == "title" else syllable
