"""Vietnamese syllables and the pairs of them that make words: what an OCR'd word is checked
against (``ingest/ocr_words.py``).

Sources, read where they are installed or shipped, nothing copied:
- underthesea's Viet74K word list (``underthesea/corpus/data/Viet74K.txt``, Apache-2.0): about
  74,000 Vietnamese words, 9,000 syllables; a word of two syllables or more gives its pairs
  ("tinh thần" gives (tinh, thần));
- the official units' names (``admin_units.tsv``) and the laws' names the reference data knows:
  place names ("Krông", "M'gar" aside: a syllable is letters only) and the words of laws;
- running text: the VLSP 2013 treebank's test sentences as underthesea's tagger writes them
  (``underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt``, shipped
  with underthesea, Apache-2.0): about 2,100 sentences, 87,000 syllables of law and politics.
  How often two syllables stand side by side there ("tại khoản": 3, "tài khoản": 0; "của các":
  228, "cửa các": 0) tells which of two readings the language has, words or not.

Every syllable is kept with its tone mark placed one way (``keys.tone_key``: "hoà" → "hòa"), so
a document written either way reads the same.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from itertools import pairwise
from pathlib import Path

import regex

from .admin_units import load_admin_units, without_kind_word
from .keys import accent_key, tone_key
from .registry import known_law_names

# One Vietnamese syllable, lower case: letters only ("pa-nô" is two).
SYLLABLE = regex.compile(r"[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+")
_WORD_LIST = ("underthesea", "corpus/data/Viet74K.txt")
# in the same package as the word list
_RUNNING_TEXT = "pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"
WORD_PAIRS_UP_TO = 3  # syllables of a listed word all of whose pairs count; longer: idioms


@dataclass(frozen=True, eq=False)  # one per process: compared, and cached on, as itself
class Lexicon:
    """Syllables (by ``tone_key``) with how many words use them (a measure of how common they
    are) and how they are spelt, the pairs of syllables that stand side by side in a word, the
    syllables by their bare letters, and how often two syllables follow each other in running
    text."""

    syllables: dict[str, int]
    spelling: dict[str, str]  # "hòa" → "hòa"; "hòan" (a key only) → "hoàn"
    pairs: frozenset[tuple[str, str]]
    by_letters: dict[str, tuple[str, ...]]
    in_text: dict[tuple[str, str], int] = field(default_factory=dict)  # ("của", "các") → 228
    text_counts: dict[str, int] = field(default_factory=dict)  # "của" → 1973 in running text
    text_size: int = 0  # syllables in the running text

    def knows(self, syllable: str) -> bool:
        return tone_key(syllable) in self.syllables

    def pair(self, first: str, second: str) -> bool:
        """Whether ``first second`` is (part of) a known word."""
        return (tone_key(first), tone_key(second)) in self.pairs

    def seen(self, first: str, second: str) -> int:
        """How often ``first second`` stands in the running text, across words too."""
        return self.in_text.get((tone_key(first), tone_key(second)), 0)

    def often(self, syllable: str) -> int:
        """How often ``syllable`` stands in the running text."""
        return self.text_counts.get(tone_key(syllable), 0)


def build_lexicon(words: list[str], names: tuple[str, ...] | list[str] = (),
                  sentences: tuple[str, ...] | list[str] = ()) -> Lexicon:
    """The lexicon of ``words`` (a word list) and ``names`` (of places, laws), any case. A phrase
    with anything but syllables in it (a digit, a comma) gives its syllables only; a word of
    more than ``WORD_PAIRS_UP_TO`` syllables is an idiom of two-syllable words ("định tỉnh |
    thần hôn"): it gives those words' pairs, not the one between them ("tỉnh thần").
    ``sentences`` (running text, any case) give how often two syllables follow each other; a
    mark or a number between them parts them."""
    raw = "\n".join([*words, *names]).casefold().replace("-", " ")
    syllables = {part for part in set(raw.split()) if SYLLABLE.fullmatch(part)}
    spelt: dict[str, Counter[str]] = {}
    for part in raw.split():
        if part in syllables:
            spelt.setdefault(tone_key(part), Counter())[part] += 1
    counts = {key: sum(forms.values()) for key, forms in spelt.items()}
    # the old placement where a word is written so ("hóa"), else the way words are ("hoàn")
    spelling = {key: key if key in forms else forms.most_common(1)[0][0]
                for key, forms in spelt.items()}
    pairs: set[tuple[str, str]] = set()
    for number, phrase in enumerate(tone_key(raw).split("\n")):
        parts = phrase.split()
        if not all(part in counts for part in parts):
            continue
        if number >= len(words) or len(parts) <= WORD_PAIRS_UP_TO:
            pairs.update(pairwise(parts))
        else:  # an idiom is two words of two: "định tỉnh | thần hôn"
            pairs.update(zip(parts[::2], parts[1::2], strict=False))
    by_letters: dict[str, list[str]] = {}
    for key in sorted(counts):
        by_letters.setdefault(accent_key(key), []).append(key)  # "thuộc" → "thuoc"
    return Lexicon(counts, spelling, frozenset(pairs),
                   {letters: tuple(found) for letters, found in by_letters.items()},
                   *_running_counts(sentences))


def _running_counts(sentences: tuple[str, ...] | list[str],
                    ) -> tuple[dict[tuple[str, str], int], dict[str, int], int]:
    """How often each two syllables follow each other in ``sentences``, how often each
    syllable stands there, and how many syllables there are."""
    pairs: Counter[tuple[str, str]] = Counter()
    single: Counter[str] = Counter()
    for sentence in sentences:
        parts = [part if SYLLABLE.fullmatch(part) else None
                 for part in tone_key(sentence.casefold()).split()]  # None: a mark, a figure
        single.update(part for part in parts if part)
        pairs.update((a, b) for a, b in pairwise(parts) if a and b)
    return dict(pairs), dict(single), single.total()


def _running_text(folder: Path) -> list[str]:
    """The sentences of the tagger's output (one token a line, its tags after a tab, a blank
    line between sentences), each as one line of text."""
    sentences, tokens = [], []
    text = unicodedata.normalize("NFC", (folder / _RUNNING_TEXT).read_text("utf-8"))
    for line in text.splitlines():
        if line.strip():
            tokens.append(line.split("\t")[0])
        elif tokens:
            sentences.append(" ".join(tokens))
            tokens = []
    return [*sentences, " ".join(tokens)] if tokens else sentences


@cache
def load_lexicon() -> Lexicon:
    """The shipped lexicon (see the module's docstring); read once, ~0.5 s."""
    package, name = _WORD_LIST
    spec = find_spec(package)  # found, not imported: underthesea takes ~0.4 s to import
    if spec is None or spec.origin is None:
        raise FileNotFoundError(f"{package} is not installed: its word list is needed for OCR")
    folder = Path(spec.origin).parent
    text = (folder / name).read_text("utf-8")
    words = unicodedata.normalize("NFC", text).splitlines()
    # a unit's name without its kind word ("Xã Tân Bình" → "tân bình"): "xã tân" is no word
    names = [without_kind_word(" ".join(unit.name.casefold().split()))
             for unit in load_admin_units().units.values()]
    names += sorted(known_law_names())
    return build_lexicon(words, names, _running_text(folder))

