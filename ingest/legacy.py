"""Legacy Vietnamese font encodings (TCVN3 / VNI) → Unicode.

Documents typed before Unicode used 8-bit fonts: TCVN3 (ABC, ``.VnTime``) and VNI
(``VNI-Times``). Extracted, their text is mojibake read as Latin-1:

    TCVN3  "KÕ ho¹ch c¶i c¸ch hµnh chÝnh"   → "Kế hoạch cải cách hành chính"
    VNI    "Keá hoaïch caûi caùch haønh chính" → "Kế hoạch cải cách hành chính"

The mapping tables are data (``corpora/reference/legacy_encodings.yaml``). Detection works
line by line, so a document that mixes Unicode and legacy paragraphs keeps its Unicode
lines untouched: a line holding any letter that only Unicode Vietnamese has (ă, đ, ơ, ư,
ạ … ỹ) is never converted.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from vnplan.reference.vocabularies import legacy_encoding_tables

from .raw import RawDocument, RawTable

# Letters only Unicode Vietnamese text contains; a line with one of them is already Unicode.
_UNICODE_ONLY = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9\u0300-\u0323]")
# TCVN3 codes 0xA1–0xBF: never used by VNI and never Vietnamese letters in Unicode text,
# e.g. "¹" (ạ) in "ho¹ch", "®" (đ) in "®iÒu", the soft hyphen (ư) in "c\xadêng".
_TCVN3_EXCLUSIVE = {chr(b) for b in range(0xA1, 0xC0)}
# VNI marks that are not Vietnamese letters in Unicode text: "ø" (huyền) in "haønh",
# "ï" (nặng) in "hoaïch", "ñ" (đ), "ö" (ư) …
_VNI_STRONG = set("øûïåäëüñöæîØÛÏÅÄËÜÑÖÆÎ")
_WORD = re.compile(r"\S+")
_ANY_MARKER = re.compile("[" + re.escape("".join(sorted(_TCVN3_EXCLUSIVE | _VNI_STRONG))) + "]")
_MIN_MARKERS = 5  # a document needs this many legacy marks before we call it legacy
_MIN_MARKERS_PER_WORD = 0.1  # … and this density in the lines that carry them


def _tables() -> dict[str, dict[str, str]]:
    return legacy_encoding_tables()


@cache
def _pattern(encoding: str) -> re.Pattern[str]:
    keys = sorted(_tables()[encoding], key=len, reverse=True)  # longest first: "aù" before "a"
    return re.compile("|".join(re.escape(k) for k in keys))


def detect_encoding(text: str) -> str | None:
    """'tcvn3', 'vni' or None (Unicode or not Vietnamese) for a whole text."""
    if not _ANY_MARKER.search(text):
        return None  # the usual case, decided in one scan
    tcvn3 = vni = words = 0
    for line in text.splitlines():
        if _UNICODE_ONLY.search(line):
            continue
        t = sum(ch in _TCVN3_EXCLUSIVE for ch in line)
        v = sum(ch in _VNI_STRONG for ch in line)
        if t or v:
            tcvn3 += t
            vni += v
            words += len(_WORD.findall(line))
    if not words:
        return None
    if tcvn3 >= _MIN_MARKERS and tcvn3 / words >= _MIN_MARKERS_PER_WORD and tcvn3 * 4 >= vni:
        return "tcvn3"
    if vni >= _MIN_MARKERS and vni / words >= _MIN_MARKERS_PER_WORD and tcvn3 * 10 < vni:
        return "vni"
    return None


def convert_text(text: str, encoding: str) -> tuple[str, int]:
    """Convert the legacy lines of ``text``; returns (text, number of lines converted).

    Call it for a text ``detect_encoding`` found legacy: every line without a Unicode-only
    letter is converted, since in TCVN3 even "á" or "ê" are codes (for ỏ and ờ).
    """
    table = _tables()[encoding]
    out, converted = [], 0
    for line in text.split("\n"):
        if _UNICODE_ONLY.search(line) or line.isascii():
            out.append(line)
            continue
        new = _pattern(encoding).sub(lambda m: table[m.group(0)], line)
        if encoding == "tcvn3":
            new = _restore_capitals(line, new)
        converted += new != line
        out.append(new)
    return "\n".join(out), converted


def _restore_capitals(old: str, new: str) -> str:
    """TCVN3 has no capital toned letters: ``.VnTimeH`` headings use the lowercase codes.

    A word (or a whole line) whose ASCII letters are all capitals was set in such a font,
    e.g. "KÕ HO¹CH" → "KẾ HOẠCH", so its converted letters are capitalised too.
    """
    letters = [ch for ch in old if ch.isascii() and ch.isalpha()]
    if len(letters) >= 4 and all(ch.isupper() for ch in letters):
        return new.upper()

    def word(m: re.Match[str]) -> str:
        ascii_letters = [ch for ch in m.group(0) if ch.isascii() and ch.isalpha()]
        if len(ascii_letters) >= 2 and all(ch.isupper() for ch in ascii_letters):
            return m.group(0).upper()
        return m.group(0)

    return _WORD.sub(word, new)


def convert_legacy(raw: RawDocument) -> RawDocument:
    """The document with TCVN3 / VNI text converted, and the conversion recorded."""
    encoding = detect_encoding("\n".join(raw.pages))
    if encoding is None:
        return raw
    pages, lines = [], 0
    for page in raw.pages:
        text, n = convert_text(page, encoding)
        pages.append(text)
        lines += n
    tables = [
        RawTable(
            rows=[[None if c is None else convert_text(c, encoding)[0] for c in row]
                  for row in table.rows],
            page=table.page,
            first_line=table.first_line,
        )
        for table in raw.tables
    ]
    name = {"tcvn3": "TCVN3", "vni": "VNI"}[encoding]
    return replace(
        raw,
        pages=pages,
        tables=tables,
        conversions=[*raw.conversions, f"{name} → Unicode ({lines} lines)"],
    )
