"""Compiled patterns for citations (trích dẫn văn bản), built once from ``corpora/reference``.

Every pattern uses the ``regex`` module and is applied with a timeout (``SCAN_TIMEOUT``); the
patterns themselves are anchored on digits or fixed words and bounded, so a 1 MB line of digits
and slashes is scanned in linear time. Helpers here turn a matched number into its parts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex
from vnplan.reference.keys import DASH
from vnplan.reference.vocabularies import CitationFormats, load_citation_formats

FORMATS: CitationFormats = load_citation_formats()
SCAN_TIMEOUT = 2.0  # seconds per pattern and document: a safety net, never reached on real text

# Dashes extraction leaves inside codes: "NĐ–CP", "NĐ‐CP", "NĐ−CP".
DASHES = regex.compile(DASH)
_SPACE = regex.compile(r"\s+")


def fold(text: str) -> str:
    """Text without Vietnamese marks, for matching damaged input: 'Nghị định' → 'Nghi dinh'."""
    text = text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def type_key(words: str) -> str:
    """Key of a written type: case, spacing and marks ignored ('NGHỊ  ĐỊNH' → 'nghi dinh')."""
    return fold(_SPACE.sub(" ", words.strip())).casefold()


# Written type → label, over every variant and its unaccented copy.
TYPE_LABELS: dict[str, str] = {
    type_key(variant): t.label for t in FORMATS.types for variant in (*t.variants, t.label)
}
_VARIANTS = sorted(
    {v for t in FORMATS.types for v in t.variants} | {fold(v) for t in FORMATS.types for v in t.variants},
    key=len, reverse=True,
)

# Type codes (NĐ, QĐ, TT …) → labels that carry them; body codes → issuing body.
CODE_LABELS: dict[str, list[str]] = {}
for _t in FORMATS.types:
    for _code in _t.codes:
        CODE_LABELS.setdefault(_code, []).append(_t.label)
ISSUERS = FORMATS.issuers
# Codes written without the Đ ("ND", "QD", "HDND") → the code, unless the bare form is a code too
# (HD is Hướng dẫn, not HĐ).
_KNOWN = set(CODE_LABELS) | set(ISSUERS)
ASCII_CODES = {fold(c): c for c in _KNOWN if fold(c) != c and fold(c) not in _KNOWN}
# Codes printed in capitals in an all-caps title: "06/QĐ-TTG" is 06/QĐ-TTg.
UPPER_CODES = {c.upper(): c for c in _KNOWN if c.upper() != c and c.upper() not in _KNOWN}

# A segment of a code: "NĐ", "TTg", "CTr", "UBND", "QH15", "BNNMT" (a whole token).
_SEG = r"[A-ZĐÐ][A-Za-zĐđÐ0-9]{0,14}(?!\w)"
# Segments joined by a dash, with the spaces damage leaves: "NĐ-CP", "NĐ - CP", "QĐ- UBND".
# "&" joins two units of one body: "1014/SNV-CCHC&VTLT". OCR doubles a dash: "KH- -UBND".
_CODE = rf"{_SEG}(?:\s{{0,2}}(?:{DASH}(?:\s?{DASH})?|&)\s{{0,2}}{_SEG}){{0,4}}"

# A document number (số hiệu), in its three forms:
#   61/2018/NĐ-CP, 71/2014/TTLT-BTC-BNV, 80/2025/QH15, 117/2013-NĐ-CP (malformed: dash after the year)
#   468/QĐ-TTg, 5755/KH-UBND, 33/NĐ-CP (year missing), 16947/SXD-TCĐT, 30c/NQ-CP (a letter
#   after the number, as some documents are numbered)
#   19-NQ/TW, 02-CTr/TU, 04-QĐ/HU (party documents)
# Not inside a longer token: "D:2024/KeHoach" and "1.2/QĐ" are not numbers.
# (?=\d) first: the scan skips to digits before trying the lookbehind (twice as fast).
NUMBER = regex.compile(
    rf"""(?=\d)(?<![\w:/.\\\-–])
    (?P<num>\d{{1,5}}(?:\.\d{{1,2}}(?=\s?/\s?(?:19|20)\d{{2}})|[a-zđ](?=/))?)   # 66.2/2025/NQ-CP, 30c/NQ-CP
    (?:
        \s?/\s?(?P<year>(?:19|20)\d{{2}})\s?(?P<ysep>/|{DASH})\s{{0,2}}(?P<code>{_CODE})
      | \s?/\s?(?P<code2>{_CODE})
      | \s?{DASH}\s?(?P<ptype>{_SEG})\s?/\s?(?P<pbody>{_CODE})
    )""",
    regex.VERBOSE,
)

# What may stand between a type and its number: " số ", " số: ", " Số hiệu ", or just a space.
# Two alternatives rather than an optional group: the same leftmost match, found ~3× faster.
NUMBER_LEAD = regex.compile(r"\s(?:số|so)(?:\s+hiệu)?\s*:?\s*$|\s*$", regex.IGNORECASE)
TYPE_WINDOW = 48  # characters looked at before a number
_MAX_TYPE_WORDS = max(len(v.split()) for v in _VARIANTS)
# The first letter of a word: "Nghị định" → "N", "đ" (``\b\w``: twice as fast as a lookbehind).
_WORD_STARTS = regex.compile(r"\b\w")


def type_before(text: str, pos: int) -> tuple[int, str] | None:
    """(start, label) of the type written just before ``pos``: "Nghị định số ", "Kế hoạch số: ",
    "Thông tư liên tịch " — the longest variant that ends there, or None."""
    window_start = max(0, pos - TYPE_WINDOW)
    lead = NUMBER_LEAD.search(text, window_start, pos)
    end = lead.start() if lead else pos
    starts = [m.start() for m in _WORD_STARTS.finditer(text, window_start, end)][-_MAX_TYPE_WORDS:]
    for start in starts:  # the earliest start first: the longest variant wins
        label = TYPE_LABELS.get(type_key(text[start:end]))
        if label is not None:
            return start, label
    return None


# The end of a short mention, "Nghị định 61" or "Quyết định số 468" (kept only when it resolves to
# a full citation in the same document): not a number going on, a date, a count or a percentage.
SHORT_END = r"(?![\w/.,%\-–]|\s*(?:năm|tháng|ngày|lần|%))"
# A number that may be a short mention: the whole run of digits, leading zeros apart
# ("061" → "61"). One pattern for every document; the numbers a document cites are kept after.
SHORT_MENTION = regex.compile(r"(?=\d)(?<![\w/.,\-–])0*(?P<num>\d+)" + SHORT_END)

# The date that belongs to a citation, right after it:
# ", ngày 23/4/2018", " ngày 25 tháng 11 năm 2021", " ban hành ngày 07/10/2013".
DATE_AFTER = regex.compile(
    r"[ \t\r\n,]{0,3}\(?(?:ban\s+hành\s+)?ngày\s+(?:"
    r"(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})\s?[/.\-]\s?(?P<y>(?:19|20)\d{2})"
    r"|(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d{2}))(?!\d)",
    regex.IGNORECASE,
)


def _spellings(name: str) -> set[str]:
    """A name with both placements of the tone mark on 'uy': 'Ủy ban' and 'Uỷ ban'."""
    return {name, name.replace("Ủy", "Uỷ").replace("ủy", "uỷ"), name.replace("Uỷ", "Ủy").replace("uỷ", "ủy")}


_ISSUER_NAMES = sorted(
    {s for n in (*ISSUERS.values(), *FORMATS.issuer_names) for s in _spellings(n)}, key=len, reverse=True
)
_NAMES = "|".join(r"\s+".join(regex.escape(w) for w in n.split()) for n in _ISSUER_NAMES)
_ONE_ISSUER = (
    r"(?:(?:Chủ\s+tịch|Thường\s+trực|Ban\s+Thường\s+vụ)\s+)?"
    rf"(?:{_NAMES})"
    r"(?:\s+(?:sáu\s+|lần\s+thứ\s+\w+\s+)?\(?Khó?a\s+[IVXL]+\)?)?"  # term: "sáu Khóa XII", "(Khóa XII)"
    r"(?:\s+(?:tỉnh|huyện|xã|phường|thị\s+trấn|thị\s+xã|thành\s+phố|quận)"  # place: "tỉnh Hải Dương"
    r"(?:\s+(?-i:\p{Lu}\w*)){0,3})?"
)
# The issuer of a citation, right after it: "của Chính phủ", "của Chủ tịch UBND tỉnh Đồng Nai",
# "của Bộ Tài chính, Bộ Nội vụ", "của Ban Chấp hành Trung ương Đảng (Khóa XII)".
ISSUER_AFTER = regex.compile(
    rf"[ \t\r\n,]{{0,3}}(?:của|do)\s+(?P<issuer>{_ONE_ISSUER}(?:(?:\s*,\s*|\s+và\s+){_ONE_ISSUER})*)(?!\w)",
    regex.IGNORECASE,
)

# A law by name: "Luật Tổ chức chính quyền địa phương", "Bộ luật Lao động", "Pháp lệnh …".
# Capitalised only: "pháp luật" and "luật" are not citations ("Bộ Luật" is written both ways).
LAW_HEAD = regex.compile(r"(?=[BLP])(?<![\w])(?P<kind>Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s+(?=\w)")
# The amending law's name: "Luật sửa đổi, bổ sung một số điều của Luật …", also cited short as
# "Luật sửa đổi một số điều của Luật …" or "Luật sửa đổi, bổ sung Luật …".
AMENDING = regex.compile(
    r"sửa\s+đổi(?:,?\s+bổ\s+sung)?\s+(?:một\s+số\s+điều\s+của\s+)?(?=(?:Bộ\s+)?luật\s|Pháp\s+lệnh\s)",
    regex.IGNORECASE)
# A year closing a law's name: " năm 2015", " 2015".
NAME_YEAR = regex.compile(r"\s+(?:năm\s+)?(?P<y>(?:19|20)\d{2})(?!\d)")
# A number after a law's name: " số 72/2025/QH15".
NUMBER_AFTER = regex.compile(r"\s+(?:số\s*)?(?=\d)")
# Words inside a law's name (a comma, semicolon, bracket or quote ends it).
NAME_WORD = regex.compile(r"\s+(?P<w>[^\s,;.:()\[\]“”\"!?…|]+)")

# A standard: "TCVN ISO 9001:2015", "ISO 9001:2015", "ISO 9001", "TCVN 11930:2017".
# Each pattern scanning whole documents starts with a lookahead on its first letter, so the
# scan skips ahead before it tries the (slow) lookbehind.
STANDARD = regex.compile(
    r"(?=[TI])(?<![\w])(?P<std>TCVN\s+ISO(?:/IEC)?|ISO(?:/IEC)?|TCVN)\s+(?P<code>\d{3,5}(?:-\d{1,2})?)"
    r"(?:\s?:\s?(?P<y>(?:19|20)\d{2}))?(?![\w:])"
)


@dataclass(frozen=True)
class NumberParts:
    """A document number taken apart: ``71/2014/TTLT-BTC-BNV`` → 71, 2014, TTLT, (BTC, BNV)."""

    number: str  # normalised as written: dashes and spacing fixed, Đ restored
    ordinal: str  # the leading number: "61"
    year: int | None
    type_code: str | None  # "NĐ"
    bodies: tuple[str, ...]  # ("CP",)
    party: bool  # "19-NQ/TW"
    dash_after_year: bool  # "117/2013-NĐ-CP"


def normalise_code(segment: str) -> str:
    """One code segment as printed officially: 'NÐ' → 'NĐ', 'ND' → 'NĐ', 'QH15' kept."""
    segment = segment.replace("Ð", "Đ")
    if "ĐĐ" in segment and segment.replace("ĐĐ", "Đ") in _KNOWN:  # OCR doubled it: "QĐĐ"
        segment = segment.replace("ĐĐ", "Đ")
    segment = ASCII_CODES.get(segment, segment)
    return UPPER_CODES.get(segment, segment)


def body_code(segment: str) -> str:
    """The body in a segment, without a legislature's term: 'QH15' → 'QH', 'UBTVQH14' → 'UBTVQH'."""
    return segment.rstrip("0123456789") or segment


def split_code(code: str) -> list[str]:
    return [normalise_code(s.strip()) for s in DASHES.split(code) if s.strip()]


def number_parts(match: regex.Match) -> NumberParts:
    """The parts of a ``NUMBER`` match."""
    ordinal = match["num"]
    if match["ptype"]:
        type_code = normalise_code(match["ptype"])
        bodies = tuple(split_code(match["pbody"]))
        number = f"{ordinal}-{type_code}/{'-'.join(bodies)}"
        return NumberParts(number, ordinal, None, type_code, bodies, True, False)
    segments = split_code(match["code"] or match["code2"])
    type_code = segments[0] if segments[0] in CODE_LABELS else None
    bodies = tuple(segments[1:] if type_code else segments)
    year = int(match["year"]) if match["year"] else None
    dash_after_year = bool(match["ysep"]) and match["ysep"] != "/"
    joined = "-".join(segments)
    if year is None:
        number = f"{ordinal}/{joined}"
    else:
        number = f"{ordinal}/{year}{'-' if dash_after_year else '/'}{joined}"
    return NumberParts(number, ordinal, year, type_code, bodies, False, dash_after_year)


def looks_like_code(parts: NumberParts) -> bool:
    """Whether the letters after the slash are a document code, not a word: 'NĐ-CP', not 'Ha'."""
    segments = [parts.type_code] if parts.type_code else []
    segments += parts.bodies
    for seg in segments:
        if seg in CODE_LABELS or body_code(seg) in ISSUERS:
            continue
        upper = sum(1 for c in seg if c.isupper() or c.isdigit())
        if len(seg) < 2 or upper < len(seg) - 1:
            return False
    return bool(segments)
