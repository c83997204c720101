"""Shared keys and character classes: one copy of each, imported wherever it is needed.

Dashes, bullets and the keys that make two spellings of a number, a law's name or a unit's name
compare equal live here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

# Dashes other than the ASCII hyphen that extraction leaves inside numbers: "NĐ – CP", "NĐ‐CP"
# (U+2010–U+2015 hyphens and dashes, U+2212 minus).
OTHER_DASHES = "\u2010-\u2015\u2212"
# Any dash, as a regex character class: "-", "‐", "–", "—", "−".
DASH = rf"[-{OTHER_DASHES}]"
# The marks a bulleted line or list item opens with: "- ", "– ", "+ ", "• ", "* ", "● ", "▪ ".
BULLETS = "-–+•*●▪"
# The same as a regex character class.
BULLET_CLASS = "[" + re.escape(BULLETS) + "]"

_DASHES = re.compile(f"[{OTHER_DASHES}]")
_SPACES = re.compile(r"\s+")
# A year inside a law's name: "Luật Lưu trữ năm 2024", "Luật Lưu trữ 2024".
NAME_YEAR = re.compile(r"\s*(?:năm\s*)?\b(19|20)\d{2}\b")
# A unit's key drops these from the end: "Công chức Văn hóa – Xã hội xã" → "văn hóa-xã hội".
_UNIT_TAIL = re.compile(r"\s+(?:xã|phường|thị\s+trấn|cấp\s+xã)$")


# A resolution of the National Assembly or its Standing Committee numbered with a year has no
# "NQ-" in its number ("76/2025/UBTVQH15", "129/2025/QH15"), but is often cited with one
# ("76/2025/NQ-UBTVQH15"); only the year-less ones have it ("1656/NQ-UBTVQH15"), and some
# citations drop its dash ("406/NQUBTVQH15").
_ASSEMBLY_WITH_YEAR = re.compile(r"^(\d+[A-Z]?/(?:19|20)\d{2}/)NQ-?((?:UBTV)?QH\d+)$")
_ASSEMBLY_NO_DASH = re.compile(r"/NQ((?:UBTV)?QH\d+)$")


def number_key(number: str) -> str:
    """Compare numbers (số hiệu) the way a reader does: '61/2018/ND - CP' == '61/2018/NĐ-CP',
    '76/2025/NQ-UBTVQH15' == '76/2025/UBTVQH15', '406/NQUBTVQH15' == '406/NQ-UBTVQH15'."""
    text = unicodedata.normalize("NFC", number)
    text = _DASHES.sub("-", text)
    text = _SPACES.sub("", text).upper().replace("Đ", "D")
    if "QH" not in text:  # most numbers: no Assembly resolution to compare
        return text
    text = _ASSEMBLY_WITH_YEAR.sub(r"\1\2", text)
    return _ASSEMBLY_NO_DASH.sub(r"/NQ-\1", text)


# How an amending law's name is written: "sửa đổi, bổ sung", "sửa đổi bổ sung" or "sửa đổi".
_AMENDS = re.compile(r"\bsửa đổi(?:,? bổ sung)? một số điều\b")


# The number of a law listed inside another's name, as an amending law's title gives them
# ("… của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15 và …"): cited without.
LISTED_LAW_NUMBER = r"\s+số\s+\d+/(?:19|20)\d{2}/[Qq][Hh]\d+"
_LISTED_NUMBER = re.compile(LISTED_LAW_NUMBER + r"(?=\s*,|\s+và\s)")
_LAST_LISTED_NUMBER = re.compile(LISTED_LAW_NUMBER + "$")
_YEAR_IN_NUMBER = re.compile(r"/((?:19|20)\d{2})/")


def number_year(number: str) -> int | None:
    """The year a number carries ("211/2025/NĐ-CP" → 2025; none in "76/NQ-CP")."""
    match = _YEAR_IN_NUMBER.search(number)
    return int(match.group(1)) if match else None


def name_key(name: str, *, keep_year: bool = True) -> str:
    """Compare law names case- and spacing-insensitively; 'năm 2015' and '2015' are the same,
    and so are an amending law's "sửa đổi một số điều" and "sửa đổi, bổ sung một số điều", and
    its list of laws with or without their numbers."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = _SPACES.sub(" ", text).strip(" .,;:")
    text = _AMENDS.sub("sửa đổi, bổ sung một số điều", text)
    text, listed = _LISTED_NUMBER.subn("", text)
    if listed:  # the last law of the list too
        text = _LAST_LISTED_NUMBER.sub("", text)
    text = re.sub(r"\bnăm\s+((?:19|20)\d{2})\b", r"\1", text)
    if not keep_year:
        text = NAME_YEAR.sub("", text).strip()
    return text


def unit_key(spelling: str, prefixes: tuple[str, ...] = ()) -> str:
    """Compare unit spellings the way a reader does: case, dash kind and spacing ignored."""
    text = unicodedata.normalize("NFC", spelling).casefold()
    text = _DASHES.sub("-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = _SPACES.sub(" ", text).strip(" .,;:")
    stripped = True
    while stripped:  # "Trách nhiệm của công chức Văn phòng …" drops both prefixes
        stripped = False
        for prefix in prefixes:
            if text.startswith(prefix + " "):
                text, stripped = text[len(prefix) + 1 :], True
                break
    return _UNIT_TAIL.sub("", text).strip()


# Old and new placement of the tone mark on "oa", "oe", "uy": "Hoà" and "Hòa", "Thuỷ" and "Thủy".
_OLD_STYLE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_STYLE_PATTERN = re.compile("|".join(_OLD_STYLE))


@lru_cache(maxsize=1 << 16)  # OCR's word checks ask for the same syllables again and again
def tone_key(text: str) -> str:
    """``text`` (lower case, NFC) with the tone mark placed one way: "hoà" → "hòa"."""
    return _OLD_STYLE_PATTERN.sub(lambda m: _OLD_STYLE[m.group()], text)


def accent_key(text: str) -> str:
    """``text`` without tone marks, vowel marks or case, spaces collapsed: "YÊU CẤU" and
    "Yêu cầu" → "yeu cau". For matching headings and cue words tolerant of OCR accent errors."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    return _SPACES.sub(" ", stripped).strip().casefold()


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with one letter dropped, added or changed: what OCR does to a
    numeral or a code ("II" for "III", "UBWD" for "UBND")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


# At most this many words written in one name and not in the other ("Luật Quản lý tài sản công"
# for "Luật Quản lý, sử dụng tài sản công" in an amending law's list), and only in a long name:
# one word in five at most ("Luật Đầu tư" is not "Luật Đầu tư công").
_NAME_WORDS_DROPPED = 2
_NAME_WORDS_PER_DROP = 5


def nearly_same_name(a: str, b: str) -> bool:
    """Whether two law names differ only as a slip of the pen does: words that differ are the
    same without accents or one letter apart ("phát luật" for "pháp luật", "Dữ trữ" for "Dự
    trữ"), and in a long name at most two words are left out or added. Another law's name
    differs by a word of its own ("Luật Đất đai", "Luật Đấu thầu") and is not nearly the same."""
    wa = re.findall(r"\w+", name_key(a, keep_year=False))
    wb = re.findall(r"\w+", name_key(b, keep_year=False))
    if min(len(wa), len(wb)) < 3:
        return False
    dropped = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op == "replace":
            if i2 - i1 != j2 - j1 or not all(map(word_slip, wa[i1:i2], wb[j1:j2])):
                return False
        elif op != "equal":
            dropped += (i2 - i1) + (j2 - j1)
    return dropped <= min(_NAME_WORDS_DROPPED, min(len(wa), len(wb)) // _NAME_WORDS_PER_DROP)


def word_slip(x: str, y: str) -> bool:
    """One word written (or OCR'd) for another by a slip: the same without accents, or one
    letter apart."""
    x, y = accent_key(x), accent_key(y)
    return x == y or one_edit(x, y)
