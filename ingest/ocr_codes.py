"""Codes in capitals that OCR misread, put right from the codes the document itself prints.

An administrative document repeats a handful of codes: CCHC, TTHC, UBND, QPPL, HĐND. On a scan
a letter of one is misread now and then: "CCHG", "GŒHG", "ƯBND", "QPEL", "TTHƠ", "HĐKD". Where
the document prints a code at least ``COMMON`` times, a word in capitals on an OCR'd page that
nearly is that code is taken for it, when

- it is printed fewer than ``COMMON`` times itself (a code in its own right repeats),
- it is no Vietnamese syllable ("BẠN", "NAM" stay), nor a code of an issuing body or a type
  of document the reference data knows (KTNN, the State Audit, is not NSNN misread),
- exactly one of the document's codes is within reach: the letters compared without their
  marks, a letter OCR takes for another (``LOOKALIKES``: G or Œ for C, E for P, 1 for I or L)
  costing ``LOOKALIKE``, any other letter 1, within ``REACH`` per letter;
- and, in a word of three letters, something other than a capital is in it ("PC1", "TŒ"):
  "PCT" may be a code of its own beside "PCI".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex
from vnplan.reference.keys import accent_key
from vnplan.reference.lexicon import load_lexicon

from .ocr_text import known_codes

COMMON = 3  # times a code is printed in the document to be taken as one of its codes
LOOKALIKE = 0.5  # cost of a letter read as one it looks like
REACH = 0.4  # cost allowed per letter of the word
# letter as read → letters it may stand for (marks already folded)
LOOKALIKES = {
    "G": "C", "Œ": "C", "€": "C", "O": "C", "E": "PCB", "1": "IL", "I": "LT", "L": "I",
    "F": "LT", "Y": "T", "P": "TDĐ", "K": "N", "R": "N", "D": "Đ", "Đ": "D", "T": "I",
}

_WORD = regex.compile(r"(?<![\p{L}\d])[\p{Lu}\dŒ€]{3,7}(?![\p{L}\d])")
_CODE = regex.compile(r"^[A-ZĐ]{3,7}$")


@dataclass(frozen=True)
class DocumentCodes:
    printed: Counter[str]  # words in capitals (letters only, three to seven) → times printed
    common: tuple[str, ...]  # those printed at least ``COMMON`` times: the document's codes


def document_codes(texts: Iterable[str]) -> DocumentCodes:
    """The words in capitals ``texts`` print, and which of them are the document's codes."""
    printed = Counter(word for text in texts for word in _WORD.findall(text) if _CODE.match(word))
    return DocumentCodes(printed, tuple(code for code, n in printed.items() if n >= COMMON))


def repair_codes(text: str, codes: DocumentCodes) -> str:
    """``text`` (a line or a cell of an OCR'd page) with its misread codes put right."""
    if not codes.common:
        return text
    return _WORD.sub(lambda match: _meant(match.group(), codes), text)


def _meant(word: str, codes: DocumentCodes) -> str:
    if codes.printed[word] >= COMMON or sum(ch.isupper() for ch in word) < 2:
        return word
    if len(word) == 3 and _CODE.match(word):
        return word
    if load_lexicon().knows(word.lower()) or word in _known_codes():
        return word
    near = [code for code in codes.common
            if len(code) == len(word) and _cost(word, code) <= REACH * len(word)]
    return near[0] if len(near) == 1 else word


@cache
def _known_codes() -> frozenset[str]:
    """Codes of issuing bodies and of document types (KTNN, UBND, KH), in capitals."""
    return frozenset(code.upper() for code in known_codes())


def _cost(read: str, code: str) -> float:
    total = 0.0
    for a, b in zip(read, code, strict=True):
        bare = a if a in "ĐŒ€" else accent_key(a).upper()
        if bare == b:
            continue
        total += LOOKALIKE if b in LOOKALIKES.get(bare, "") else 1.0
    return total


def repair_pages(pages: list, scans: Iterable[int]) -> None:
    """The codes of the OCR'd pages (``scans``, indexes into ``pages``) put right in place, in
    their lines and table cells, from the codes of the whole document."""
    codes = document_codes(
        [line for page in pages for line in page.lines]
        + [cell for page in pages for _, rows in page.tables for row in rows for cell in row
           if cell])
    if not codes.common:
        return
    for index in scans:
        page = pages[index]
        page.lines = [repair_codes(line, codes) for line in page.lines]
        page.tables = [(at, [[cell and repair_codes(cell, codes) for cell in row] for row in rows])
                       for at, rows in page.tables]
