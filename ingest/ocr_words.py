"""Words OCR misread, put right from the Vietnamese lexicon (``vnplan.reference.lexicon``).

On a poor scan, a speck by a letter changes it or its marks ("qủyền", "hgười", "tỉnh thần"
for "tinh thần"), or glues two words with a mark ("cá.nhân", "thực:hiện"). Tesseract reads
such words with low confidence. What tells a misread word from a word is the lexicon: the
syllables and the words of the word list, and how often two syllables stand side by side in
running text, there and on the page itself (pairs of words in lower case read with confidence
on the page's other lines: "của tỉnh", "chi thường" on a province's budget report are its own
language). For each line of OCR'd words:

- letters no Vietnamese word has are read for the letters they came from ("Ñhiệm", "höạch");
- two words glued by a stray mark are two: "cá.nhân" → "cá nhân" (a mark no word has inside:
  . : ` *), "bộ'phận" → "bộ phận" (a quote or a dash: when both are known syllables),
  "Tráoh-nhiệm", "Mục,tiêều" (a dash or comma where the two are nearly a word: the mark goes),
  "triểnˆcơ" (an accent standing alone); "thiếtvà" → "thiết và" (a space lost between two
  known syllables that make a word or stand ``SEEN_TWICE`` in the running text);
- a word that is no Vietnamese syllable ("hgười", "qủyền") becomes the known syllable it nearly
  is: one letter changed, added or dropped, or its marks (a mark costs ``MARK``), taken when it
  makes a known word with a neighbour ("hgười dân" → "người dân") or, in lower case, stands so
  beside one in the text ("thẻo hướng" → "theo hướng"); a change of marks alone ("củá" →
  "của") needs no neighbour when Tesseract was unsure of the word. A capitalised word keeps
  its marks (names: "Mỵ", "Kà"); a code in capitals ("TTHC") changes its marks only;
- two neighbours, one no syllable, that are nearly a word of the text together become it:
  "Nhjệm ụ" → "Nhiệm vụ", "THỤC HIEỆN" → "THỰC HIỆN";
- a known syllable Tesseract was less than ``CERTAIN`` of that makes no word with its
  neighbours becomes one that does:
  - by its marks ("kế họach" → "kế hoạch"); read with ``SURE`` confidence or more, only with a
    neighbour read with confidence and not in a word already: "tỉnh thần" (87, 97) → "tinh
    thần", but "nhu cầu chi" stays ("nhu cầu" is a word, so "cầu chì" is not meant);
  - by a letter ("hà nước" → "nhà nước", "Cải oách" → "Cải cách"), when the word it makes is
    with a neighbour read with confidence and the text has it at least ``SEEN_TWICE``, has
    never seen the syllable as read beside its neighbours, and has the new one as often;
- a known syllable that makes a listed word the text never has, read with less than
  ``CERTAIN``, becomes the one differing by its marks that makes it and that the text has
  ("thông tín" → "thông tin");
- a known syllable read with confidence that neither makes a word nor stands so in the text
  beside its neighbours becomes the syllable differing by its marks that the text has beside
  both, when it is the more common: "ban hành vặn bản" → "văn bản"; at a clause's start (a
  mark before it), the one that makes a word the text has ``SEEN_TWICE`` with the next:
  "xây dựng, bạn hành" → "ban hành"; a syllable read with confidence that the running text
  never has becomes, by a letter, the one the text has beside both neighbours read with
  confidence ``SEEN_TWICE`` ("của tơ quan" → "cơ quan"), or after a list label beside the
  next ("4. Gông chức"); a misread mark counts ``MARKS_FIRST`` times likelier than a letter;
- a syllable the text has beside a neighbour as read stays when the change would have it less
  often there ("tại khoản" stays, though "tài khoản" is a word); a known syllable never
  becomes a rarer one the text has not seen beside its neighbours ("cấp" stays, not "cạp"); a
  word does not run into a name ("phường Hoàng": "phương hoàng" is no reading);
- a word is looked at again once the word after it was put right ("tơ quaä": "quan" first);
- a full stop or colon between two syllables of one word is a speck ("trên cơ. sở", "cải cách
  hành: chính"; the next word in lower case): a sentence or a clause does not end inside a word;
  so is a full stop between any two known syllables, the next in lower case ("xây dựng. kế
  hoạch"): a sentence begins with a capital (an abbreviation in capitals keeps it: "TP. Hồ").

Left as read: words of one letter without a mark (list labels), capitalised known syllables
(names: "Nguyễn"; a sentence's first word is read as if in lower case, and keeps its letters
at a line's start, where a name may begin a line), anything with a digit.
Measured on the five samples' poor scans and, blind, on 21 documents of ../shared made into
scans (README, "Words put right"; ``scripts/evaluate_ocr_words.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import regex
from vnplan.ingest.ocr_spelling import MARK, marked_otherwise, nearby
from vnplan.reference.keys import accent_key, tone_key
from vnplan.reference.lexicon import SYLLABLE, Lexicon, load_lexicon

SURE = 70.0  # Tesseract's confidence (0–100) from which a known syllable needs a sure neighbour
CERTAIN = 90.0  # from which a known syllable is taken as read but against the text on both
# sides, and an unknown word changes only to make a word ("not" stays "not")
REACH = 1.0  # a word is put right within this cost
MARKS_FIRST = 10  # how much likelier a misread mark is than a misread letter, in sightings
SEEN_TWICE = 2  # sightings of a word in the text for a known syllable to change a letter for
# it: once may be chance ("coi thường" for "chi thường")

_EDGES = regex.compile(r"^(\W*)(.*?)(\W*)$", regex.DOTALL)
_SPACING_MARKS = "ˆ˜´¨ˇ˘˙"  # accents standing alone, as a speck is read ("triểnˆcơ")
_GLUED = regex.compile(rf"^(\p{{L}}{{2,}}?)([.:\-'’‘`*,{_SPACING_MARKS}])(\p{{L}}{{2,}})$")
_NEVER_INSIDE = ".:`*" + _SPACING_MARKS  # marks no word has between its letters; a quote or
# dash may ("M'nông")
# What a sentence's first word follows: a list label or a sentence's end ("5.", "a)", "-",
# "xã."). There a capital is the sentence's, not a name's ("Gông chức" is "Công chức").
_LIST_LABEL = r"[\dIVX]+(?:\.\d+)*[.):]?|\p{Ll}\)|[-–+•*]"
_OPENS = regex.compile(rf"^(?:{_LIST_LABEL}|.*[.!?:;])$")
_LABEL = regex.compile(rf"^(?:{_LIST_LABEL})$")
# Letters no Vietnamese word has, read for the ones a speck made them from: "Ñhiệm", "höạch",
# "quaä" (then put right as any word: "quan").
_LOOKALIKES = str.maketrans("ñäöëïüšÑÄÖËÏÜŠ", "naoeiusNAOEIUS")
_INSIDE_A_WORD = (".", ":")  # a speck read as punctuation between a word's two syllables


@dataclass(frozen=True)
class Sightings:
    """Syllables read with confidence (``CERTAIN``) and in lower case on a page, and the pairs
    of them read side by side, nothing between: the page's own text, counted as running
    text."""

    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    single: Counter[str] = field(default_factory=Counter)


def sightings(lines: Sequence[Sequence[tuple[str, float]]]) -> Sightings:
    """What ``lines`` (each its words, text and confidence) read with confidence."""
    pairs: Counter[tuple[str, str]] = Counter()
    single: Counter[str] = Counter()
    for line in lines:
        read = [_sure_syllable(text, confidence) for text, confidence in line]
        single.update(syllable for syllable, _ in read if syllable)
        pairs.update((a, b) for (a, (_, a_tail)), (b, (b_lead, _)) in pairwise(read)
                     if a and b and not a_tail and not b_lead)
    return Sightings(pairs, single)


def _sure_syllable(text: str, confidence: float) -> tuple[str | None, tuple[str, str]]:
    """``text`` as a syllable (tone key) when read with confidence and in lower case (a
    capital may be a name's, or a misread one's repeated down a list: "Gông chức"), with its
    edges."""
    key, lead, tail = _syllable_key(text)
    return (key if confidence >= CERTAIN else None), (lead, tail)


@lru_cache(maxsize=16384)
def _syllable_key(text: str) -> tuple[str | None, str, str]:
    """``text``'s letters as a syllable in lower case (tone key), or None; its edges."""
    lead, core, tail = _edges(text)
    return (tone_key(core) if len(core) > 1 and _syllable(core) else None), lead, tail


@dataclass(frozen=True)
class _Text:
    """The lexicon's running text and the page's own but for the line being read (``line``),
    as one: how often a syllable, and two side by side, stand in them."""

    lexicon: Lexicon
    page: Sightings
    line: Sightings

    def seen(self, first: str, second: str) -> int:
        key = (tone_key(first), tone_key(second))
        return self.lexicon.seen(first, second) + self.page.pairs[key] - self.line.pairs[key]

    def often(self, syllable: str) -> int:
        key = tone_key(syllable)
        return self.lexicon.often(syllable) + self.page.single[key] - self.line.single[key]


def correct_words(words: Sequence[tuple[str, float]],
                  page: Sightings | None = None) -> list[list[str]]:
    """One line's words (text, confidence), each as the words it reads as: itself, itself put
    right, or two words where a stray mark glued them. ``page``: what the page's lines read
    with confidence (``sightings``); this line's own are taken out of it."""
    lexicon = load_lexicon()
    page = page or Sightings()
    line = sightings([words]) if page.pairs or page.single else Sightings()
    pieces = [_unglued(text.translate(_LOOKALIKES), lexicon) for text, _ in words]
    flat = [(piece, confidence) for found, (_, confidence) in zip(pieces, words, strict=True)
            for piece in found]
    fixed = iter(_corrected(flat, _Text(lexicon, page, line)))
    return [[next(fixed) for _ in found] for found in pieces]


def _unglued(text: str, lexicon: Lexicon) -> list[str]:
    """``text`` split where a stray mark glues two words: "cá.nhân", "chịư.trách" (a mark no
    word has inside), "bộ'phận" (a quote or dash: both known syllables), or where the space
    between two was lost ("thiếtvà")."""
    lead, core, tail = _edges(text)
    glued = _GLUED.match(core)
    if glued is None:
        spaced = _space_lost(core, lexicon)
        return [text] if spaced is None else [lead + spaced[0], spaced[1] + tail]
    first, mark, second = glued.groups()
    if _shape(first) not in ("lower", "title") or not second.islower():
        return [text]
    if mark in _NEVER_INSIDE or (mark != "," and lexicon.knows(first.lower())
                                 and lexicon.knows(second)):
        return [lead + first, second + tail]
    if mark in "-," and _nearly_a_word(first.lower(), second, lexicon):  # "Tráoh-nhiệm",
        return [lead + first, second + tail]  # "Mục,tiêều": a speck inside a word
    return [text]


def _space_lost(core: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """``core``, in lower case and no known syllable, as the two it is with the space
    between them lost, when exactly one such split makes a word or stands ``SEEN_TWICE`` in
    the running text ("thiếtvà" → "thiết và"); else None."""
    if len(core) < 4 or not core.islower() or not core.isalpha() or lexicon.knows(core):
        return None
    found = [(core[:i], core[i:]) for i in range(2, len(core) - 1)
             if lexicon.knows(core[:i]) and lexicon.knows(core[i:])
             and (lexicon.pair(core[:i], core[i:])
                  or lexicon.seen(core[:i], core[i:]) >= SEEN_TWICE)]
    return found[0] if len(found) == 1 else None


def _nearly_a_word(first: str, second: str, lexicon: Lexicon) -> bool:
    """Whether ``first`` and ``second``, one no syllable, are each within one letter of a
    syllable and the two make a word."""
    if lexicon.knows(first) and lexicon.knows(second):
        return False

    def near(word: str) -> list[str]:
        return [tone_key(word)] if lexicon.knows(word) else \
            [syllable for syllable, cost in nearby(word, lexicon) if cost <= REACH]
    return any(lexicon.pair(a, b) for a in near(first) for b in near(second))


def _corrected(words: list[tuple[str, float]], text: _Text) -> list[str]:
    """The words of a line, each put right or kept (see the module's docstring); a word is
    looked at again once the word after it was put right ("tơ quaä": "quan", then "cơ")."""
    lexicon = text.lexicon
    split = [list(_edges(word)) for word, _ in words]
    known = [core.lower() if len(core) > 1 and _shape(core) and _syllable(core.lower()) else None
             for _, core, _ in split]
    # after a list label or a sentence's end (corrections change letters, never these marks)
    after_label = [i > 0 and _OPENS.match("".join(split[i - 1])) is not None
                   for i in range(len(split))]
    read = list(known)
    for i in range(len(split)):
        _put_right(i, split, known, words, after_label, text)
    _pairs_put_right(split, known, [confidence for _, confidence in words], after_label, text)
    for i in range(len(split) - 1):  # looked at again once the next word was put right
        if known[i] is not None and known[i] == read[i] and known[i + 1] != read[i + 1]:
            _put_right(i, split, known, words, after_label, text)
    for i in range(len(split) - 1):  # "cơ. sở", "hành: chính": no word ends inside a word
        if (split[i][2] in _INSIDE_A_WORD and known[i] and known[i + 1] and not split[i + 1][0]
                and split[i + 1][1].islower()
                and _speck_between(split[i][2], split[i][1], known[i], known[i + 1], lexicon)):
            split[i][2] = ""
    return ["".join(parts) for parts in split]


def _put_right(i: int, split: list[list[str]], known: list[str | None],
               words: list[tuple[str, float]], after_label: list[bool], text: _Text) -> None:
    """Word ``i`` of a line put right or kept (``split`` and ``known`` changed in place)."""
    if known[i] is None:
        return
    lexicon = text.lexicon
    lead, core, tail = split[i]
    confidence = words[i][1]
    before = known[i - 1] if i and not split[i - 1][2] and not lead else None
    after = known[i + 1] if i + 1 < len(split) and not tail and not split[i + 1][0] else None
    if after and _shape(core) == "lower" and _shape(split[i + 1][1]) != "lower":
        after = None  # a name begins there ("phường Hoàng"): no word runs into a name
    if SURE <= confidence < CERTAIN and lexicon.knows(known[i]):  # only with sure neighbours
        # one in a word already is taken, unless the text has it beside a reading of this
        # one ("công nghệ thông tín": "thông tin" stands in the text, "cầu chì" does not)
        if before and (words[i - 1][1] < CERTAIN or (
                _paired(split, known, i - 2, lexicon)
                and not _beside(before, known[i], text, first=True))):
            before = None
        if after and (words[i + 1][1] < CERTAIN or (
                _paired(split, known, i + 1, lexicon)
                and not _beside(after, known[i], text, first=False))):
            after = None
    # a sentence's first word is read as if in lower case; at a line's start it may be a
    # name the line begins with ("Tân"), so its letters stay
    read_as = core.lower() if (i == 0 or after_label[i]) and _shape(core) == "title" \
        else core
    sure = (i > 0 and words[i - 1][1] >= CERTAIN,
            i + 1 < len(words) and words[i + 1][1] >= CERTAIN)
    best = _best(known[i], read_as, confidence, (before, after), text, sure,
                 letters=after_label[i] or read_as == core,
                 clause=i > 0 and bool(split[i - 1][2] or lead),
                 labelled=i > 0 and _LABEL.match("".join(split[i - 1])) is not None)
    if best is not None:
        known[i] = best
        split[i][1] = _recased(lexicon.spelling[best], _shape(core))


def _pairs_put_right(split: list[list[str]], known: list[str | None], confidences: list[float],
                     after_label: list[bool], text: _Text) -> None:
    """Two neighbours, one still no syllable, put right together where they nearly make a
    word of the text ("Nhjệm ụ" → "Nhiệm vụ"); ``split`` and ``known`` changed in place."""
    lexicon = text.lexicon
    # a letter with a mark ("ụ") is no list label: it may be what is left of a word
    words = [word or (core.lower() if len(core) == 1 and core.isalpha() and not core.isascii()
                      else None) for word, (_, core, _) in zip(known, split, strict=True)]
    for i in range(len(split) - 1):
        if (split[i][2] or split[i + 1][0] or words[i] is None or words[i + 1] is None
                or (lexicon.knows(words[i]) and lexicon.knows(words[i + 1]))):
            continue
        shapes = [_shape(split[i][1]), _shape(split[i + 1][1])]
        if (i == 0 or after_label[i]) and shapes[0] == "title":
            shapes[0] = "lower"
        both = _pair_put_right(words[i : i + 2], confidences[i : i + 2], shapes, text)
        for j, syllable in zip((i, i + 1), both or (), strict=False):
            if syllable != words[j]:
                known[j] = words[j] = syllable
                split[j][1] = _recased(lexicon.spelling[syllable], _shape(split[j][1]))


def _pair_put_right(pair: list[str], confidences: list[float], shapes: list[str | None],
                    text: _Text) -> tuple[str, str] | None:
    """The word of the text two neighbours nearly are, one no syllable ("nhjệm ụ" →
    "nhiệm vụ"): each within one letter, the fewest changes; a known syllable read with
    confidence stays as read. None when no such word is near."""
    lexicon = text.lexicon
    if all(lexicon.knows(word) for word in pair):
        return None
    options = []
    for word, confidence, shape in zip(pair, confidences, shapes, strict=True):
        if (shape not in ("lower", "upper") or (shape == "upper" and word.isascii())  # "TT"
                or (lexicon.knows(word) and confidence >= CERTAIN)):
            options.append([(tone_key(word), 0.0)])
            continue
        near = [(syllable, cost) for syllable, cost in nearby(word, lexicon) if cost <= REACH]
        options.append([(tone_key(word), 0.0)] * lexicon.knows(word) + near)
    found = [((first, second), cost_a + cost_b) for first, cost_a in options[0]
             for second, cost_b in options[1]
             if lexicon.pair(first, second) and text.seen(first, second)]
    if not found:
        return None
    return min(found, key=lambda item: (item[1], -text.seen(*item[0]), item[0]))[0]


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


def _beside(neighbour: str, word: str, text: _Text, first: bool) -> bool:
    """Whether the text has ``neighbour`` (before ``word`` when ``first``, else after it)
    beside a syllable differing from ``word`` by its marks, ``SEEN_TWICE`` or more."""
    return any((text.seen(neighbour, syllable) if first else text.seen(syllable, neighbour))
               >= SEEN_TWICE for syllable in marked_otherwise(word, text.lexicon))


def _best(word: str, core: str, confidence: float, neighbours: tuple[str | None, str | None],
          text: _Text, sure: tuple[bool, bool], letters: bool, clause: bool,
          labelled: bool = False) -> str | None:
    """The syllable ``word`` (lower case, read as ``core``) should read as, or None to keep it.
    ``sure``: whether each neighbour was read with confidence; ``letters``: whether a known
    syllable may change by a letter (not a name that may begin the line); ``clause``: whether
    a mark parts it from the word before (a clause begins: "xây dựng, bạn hành"); ``labelled``:
    whether a list label ("4.", "a)") is that word (an item's title begins)."""
    lexicon = text.lexicon
    before, after = neighbours

    def words_made(syllable: str) -> int:
        return ((before is not None and lexicon.pair(before, syllable))
                + (after is not None and lexicon.pair(syllable, after)))

    def seen_with(syllable: str) -> int:
        return ((text.seen(before, syllable) if before is not None else 0)
                + (text.seen(syllable, after) if after is not None else 0))

    is_known = lexicon.knows(word)
    shape = _shape(core)
    if (is_known and confidence >= CERTAIN and shape == "lower" and after
            and not words_made(word) and not seen_with(word)):
        if before:
            return _against_both(word, before, after, text, letters=letters and all(sure))
        return _against_after(word, after, text, letters=labelled and sure[1]) if clause else None
    if is_known and words_made(word) and confidence < CERTAIN and shape != "title" \
            and not seen_with(word):  # "thông tín" is listed, but the text has "thông tin"
        found = [syllable for syllable in marked_otherwise(word, lexicon)
                 if words_made(syllable) and seen_with(syllable) >= SEEN_TWICE]
        return max(found, key=lambda s: (seen_with(s), s)) if found else None
    if is_known and (confidence >= CERTAIN or shape == "title" or words_made(word)):
        return None
    letter_changes = (not is_known and not (shape == "upper" and core.isascii())  # "TTHC"
                      ) or (is_known and shape == "lower" and letters)
    own = tone_key(word)
    found = [(syllable, cost) for syllable, cost in nearby(word, lexicon)
             if cost <= (REACH if letter_changes else MARK) and syllable != own]
    if shape == "title":  # a name keeps its marks ("Mỵ", "Kà"); "Gải cách" is still "Cải cách"
        found = [(syllable, cost) for syllable, cost in found if cost > MARK]
    if not found:
        return None
    # a word the text has twice or more beside a neighbour before a cheaper one it has not
    # ("theo đối": "theo dõi", not "theo đòi")
    syllable, cost = max(found, key=lambda pair: (words_made(pair[0]),
                                                    min(seen_with(pair[0]), SEEN_TWICE),
                                                    -pair[1], seen_with(pair[0]),
                                                    lexicon.syllables[pair[0]], pair[0]))
    if not is_known:
        alone = cost <= MARK and shape == "lower" and confidence < CERTAIN
        # "thẻo hướng": "theo" stands so in the text (a capitalised word may be a name: "Kà")
        attested = shape != "title" and seen_with(syllable) > 0
        return syllable if alone or attested or words_made(syllable) else None
    if seen_with(own) >= max(seen_with(syllable), 1):
        return None  # "tại khoản" is how the text writes it, "tài khoản" is not
    if text.often(syllable) < text.often(own) and not seen_with(syllable):
        return None  # "cấp" is not "cạp", nor "sau" "sầu", beside words the text has not seen
    if cost <= MARK:
        return syllable if words_made(syllable) else None
    # another letter, or marks on two letters: a word with a neighbour read with confidence,
    # one the text has, for a syllable it has never seen there and (another letter) has less
    # often ("hà nước", "loanh nghiệp"; "theo đối" → "theo dõi", though "đối" is common)
    made = ((sure[0] and before is not None and lexicon.pair(before, syllable)
             and text.seen(before, syllable) >= SEEN_TWICE)
            or (sure[1] and after is not None and lexicon.pair(syllable, after)
                and text.seen(syllable, after) >= SEEN_TWICE))
    marks_alone = accent_key(syllable) == accent_key(own)
    return syllable if made and not seen_with(own) and (
        marks_alone or text.often(syllable) >= text.often(own)) else None


def _against_after(word: str, after: str, text: _Text, letters: bool) -> str | None:
    """For a known syllable read with confidence that begins a clause and makes no word with
    the next one, which the text never has after it: the more common one differing
    by its marks that makes a word with it the text has ``SEEN_TWICE`` ("xây dựng, bạn hành"
    → "ban hành"); by a letter, when the text has never seen the syllable as read and
    ``letters`` (after a list label, the next word read with confidence: "4. Gông chức" →
    "Công chức"; after a clause's mark "hồ sơ; thẻ công chức" stays)."""
    marked = marked_otherwise(word, text.lexicon)
    found = [syllable for syllable in _others(word, text, letters)
             if text.lexicon.pair(syllable, after)
             and text.seen(syllable, after) >= SEEN_TWICE
             and text.often(syllable) > text.often(word)]
    return max(found, key=lambda s: (text.seen(s, after) * (MARKS_FIRST if s in marked else 1),
                                     s)) if found else None


def _against_both(word: str, before: str, after: str, text: _Text, letters: bool) -> str | None:
    """For a known syllable read with confidence that the text never has beside ``before`` nor
    ``after``: the more common one differing by its marks that it has beside both ("ban hành
    vặn bản" → "văn"); by a letter, when the text has never seen the syllable as read, has the
    other beside both ``SEEN_TWICE``, and ``letters`` (both neighbours read with confidence:
    "của tơ quan" → "cơ", "xây dựng xà phát triển" → "và"); else None. A mark is ``MARKS_FIRST`` times likelier:
    "tố quan" stands in the text too, but "cơ quan" a hundred times more often."""
    marked = marked_otherwise(word, text.lexicon)
    found = [syllable for syllable in _others(word, text, letters)
             if min(text.seen(before, syllable), text.seen(syllable, after))
             >= (1 if syllable in marked else SEEN_TWICE)
             and text.often(syllable) > text.often(word)]
    return max(found, key=lambda s: ((text.seen(before, s) + text.seen(s, after))
                                     * (MARKS_FIRST if s in marked else 1), s)) \
        if found else None


def _others(word: str, text: _Text, letters: bool) -> tuple[str, ...]:
    """The known syllables ``word`` may be instead: those differing by one letter's marks, and
    when ``letters`` and the text has never seen ``word``, those one letter off: a syllable read
    with confidence that Vietnamese text does not use ("tơ", "gông") is more likely misread."""
    marked = marked_otherwise(word, text.lexicon)
    if not letters or text.often(word):
        return marked
    own = tone_key(word)
    return marked + tuple(syllable for syllable, cost in nearby(word, text.lexicon)
                          if MARK < cost <= REACH and syllable != own)


@lru_cache(maxsize=16384)
def _edges(text: str) -> tuple[str, str, str]:
    """``text`` as the marks before it, its letters, the marks after it."""
    return _EDGES.match(text).groups()


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
