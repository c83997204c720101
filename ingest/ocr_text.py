"""Clean-up of the text Tesseract reads from a poor scan, before anything else sees it.

Specks and JPEG noise come back as stray marks ("¬", "„", "`", ":", a lone quote) at the edges
of lines, and inside document numbers the dash between two codes comes back as a colon, a
dash with a quote after it, twice, or a space ("76/NQ: CP", "18- “NQ/TW", "130/2005/NĐ- cP",
"45/2020/NĐ- -CP"), sometimes at a line's end. Both break readers that work on any text (a
heading "I. MỤC TIÊU ¬ tạ ¬", a citation cut after "NĐ"). Only OCR'd pages go through here,
and only marks that cannot be text are dropped: a token made of stray marks alone at the start
or end of a line, and noise between the parts of a document code whose second part is a known
code; a code one letter from a known one is read as that one ("UBWD"; "Đ" after "Nghị định
số …", whose code is NĐ). Everything is pure, line by line but for a code broken at a line's end.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vnplan.reference.keys import DASH, accent_key, one_edit
from vnplan.reference.vocabularies import load_citation_formats

from .law_names import restore_law_names

# Marks that stand for specks when they make a whole token at a line's edge. A dash or a plus
# opens a list item and a dash at a line's end joins two words across the break ("Văn phòng -
# Thống kê" in a table cell), so neither is ever dropped.
_STRAY = "¬„`'\"“”‘’°_|~^ˆ›‹»«:;.,·"
# A lone "l" is a speck too: no Vietnamese word is "l". A stray mark glued to a heading's
# numeral goes as well: "'*6. Cải cách", "_V. TỔ CHỨC".
_STRAY_START = re.compile(
    rf"^(?:(?:[{re.escape(_STRAY)}]+|l)\s+)+|^[{re.escape(_STRAY)}*]+(?=\d{{1,2}}\.|[IVX]{{1,4}}\.)")
_STRAY_END = re.compile(rf"(?:\s+(?:[{re.escape(_STRAY)}¬—*•]+|l))+$")
# A dash read as something else between two parts of a code: ":", "-:", "- “", "—", " - ",
# or read twice ("NĐ- -CP", "QĐ- -UBND").
_SEPARATOR = rf"\s?(?:{DASH}|:|;)(?:[\s“”\"'‘’:]{{0,3}}|\s{DASH})"


@lru_cache(maxsize=1)
def _code_join() -> re.Pattern[str]:
    """'NĐ: CP' → the place to put a dash back: a code, noise, then a known code (or one OCR
    made one letter off: "CT- TTIg")."""
    known = _known_alternation()
    # After "/" (a number's code) or a digit and a dash (a party number "18- NQ/TW").
    return re.compile(
        rf"(?P<head>(?:\d/(?:(?:19|20)\d\d/)?|/)[A-ZĐÐ][A-Za-zĐÐ]{{0,7}}|\d)"
        rf"(?P<noise>{_SEPARATOR})"
        rf"(?P<code>(?i:{known})|[A-ZĐÐ][A-Za-zĐÐ0-9]{{1,8}})(?=[\s/,;.)\-–]|$)",
    )


@lru_cache(maxsize=1)
def _codes_by_upper() -> dict[str, str]:
    return {c.upper(): c for c in known_codes()}


# Capitals with a Vietnamese mark: no code has one, so in a code each is a misread letter
# ("7178/PÀ-UBND", "QĐ-ƯBND", "CT-TÍg"); Đ is a code's own letter.
_MARKED_CAPS = "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_CODE_FIRST = f"A-ZĐÐ{_MARKED_CAPS}"
_CODE_REST = f"A-Za-zĐÐ0-9{_MARKED_CAPS}"
# A document number's code, for the letter-by-letter check: "5575/KH-UBWD", "39-NOQ/TW".
_NUMBER_CODE = re.compile(
    rf"(?<=\d/)(?:(?:19|20)\d\d/)?(?P<code>[{_CODE_FIRST}][{_CODE_REST}]*(?:-[{_CODE_FIRST}][{_CODE_REST}]*){{0,4}})"
    r"|(?<=\d-)\s?(?P<party>[A-ZĐÐ][A-Za-zĐÐ]{0,4}/[A-ZĐÐ]{1,6})(?![\w])")


@lru_cache(maxsize=1)
def _known_alternation() -> str:
    """The known codes as a regular expression's alternation, longest first."""
    return "|".join(sorted((re.escape(c) for c in known_codes()), key=len, reverse=True))


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    """Type codes (NĐ, QĐ, KH …) and body codes (CP, TTg, UBND …) of the citation formats."""
    formats = load_citation_formats()
    return frozenset({c for t in formats.types for c in t.codes} | set(formats.issuers))


# A party number broken after its dash, its code beginning the next line: "57-" and "NQ/ITW ngày".
_PARTY_ACROSS = re.compile(r"(?<=\d-)\n(?:[ \t]*\n)?[ \t]*[A-ZĐÐ][A-Za-zĐÐ]{0,4}/[A-ZĐÐ]{1,6}(?![\w])")


# A code segment's letters and the Assembly's term after them: "UBTVQH15", "UBTVQHI15".
_TERM = re.compile(r"^(?P<letters>.*?[^\d])(?P<term>\d{2})$")


@lru_cache(maxsize=4096)
def _nearest_code(segment: str) -> str:
    """A code segment as read, or the one known code OCR could have made it from by one letter
    changed, dropped or added ("UBWD" → "UBND", "NOQ" → "NQ", a digit in it: "TT1g" → "TTg");
    the term after a code is kept ("UBTVQHI15" → "UBTVQH15"); kept when none or several."""
    known = known_codes()
    term = _TERM.match(segment)
    if term and not term["letters"][-1].isdigit():
        return _nearest_code(term["letters"]) + term["term"]
    if segment in known or len(segment) < 3 or not segment[0].isalpha() or (
            sum(c.isdigit() for c in segment) > 1):
        return segment
    near = [code for code in known if len(code) >= 2 and one_edit(segment, code)]
    return near[0] if len(near) == 1 else segment


_SEGMENT = re.compile(rf"[{_CODE_FIRST}][{_CODE_REST}]*")


def _fix_codes(match: re.Match[str]) -> str:
    return _SEGMENT.sub(lambda m: _code_segment(m[0]), match[0])


def _code_segment(segment: str) -> str:
    """``_nearest_code`` of a code segment; one with a marked capital is read without the
    marks, and kept as read when that makes no known code ("PÀ" → "PA", "ƯBND" → "UBND")."""
    unmarked = _unmarked(segment)
    if unmarked == segment:
        return _nearest_code(segment)
    near = _nearest_code(unmarked)
    term = _TERM.match(near)
    return near if (term["letters"] if term else near) in known_codes() else segment


def _unmarked(text: str) -> str:
    """``text`` without Vietnamese marks on its letters; Đ kept."""
    return "".join(c if c in "ĐđÐ" else unicodedata.normalize("NFD", c)[0] for c in text)


def _join(match: re.Match[str]) -> str:
    code = match["code"]
    if match["head"][-1].isdigit() and match["noise"].strip() in ("", "-"):
        return match[0]  # "18-NQ/TW" already joined; "18 NQ" is not a number
    known = _codes_by_upper().get(code.upper())
    if known is None:
        code = _nearest_code(code)
        if code not in known_codes():
            return match[0]  # no known code after the noise: nothing to join
    elif not code[0].isupper():
        code = known
    return f"{match['head']}-{code}"


@lru_cache(maxsize=1)
def _typed_codes() -> tuple[re.Pattern[str], dict[str, str]]:
    """'Nghị định. số 106/2020/Đ-CP': a type word, its number, and a type code OCR cut or
    misread; the type's one code by its word ("nghị định" → "NĐ")."""
    by_word = {v.casefold(): t.codes[0] for t in load_citation_formats().types
               if len(t.codes) == 1 and not t.codeless  # a letter's code is its sender's
               for v in t.variants}
    words = "|".join(sorted(map(re.escape, by_word), key=len, reverse=True))
    return re.compile(rf"(?i:(?P<word>{words}))[.,:]?\s+(?:(?i:số)[.:]?\s*)?\d+[a-z]?/(?:(?:19|20)\d\d/)?"
                      rf"(?P<code>[A-ZĐÐ]{{1,4}})(?=-[A-Z])"), by_word


def _typed_code(match: re.Match[str]) -> str:
    """The type code the type word calls for, where OCR made it one letter off ("Đ" for "NĐ")."""
    code = match["code"]
    meant = _typed_codes()[1][match["word"].casefold()]
    if code == meant or code in known_codes() or not one_edit(code, meant):
        return match[0]
    start = match.start("code") - match.start()
    return match[0][:start] + meant


# A quote mark between two letters after a word with a vowel ("Bộ'phận", "NHIỆM'VỤ",
# "Bộ\"phận"): a speck read between two words, so a space. Names of the highlands keep theirs,
# which follows consonants alone ("Cư M'gar", "Ea H'Leo", "Ch'ơm", "Tr'hy").
_QUOTE_INSIDE = re.compile(r"(?<=[^\W\d_])['’‘`´\"]+(?=[^\W\d_])")
# A single quote glued after a word's comma or full stop, before the next word: "TIÊU,'YÊU
# CẦU" → "TIÊU, YÊU CẦU" (a speck; a double quote may open a quotation and is left).
_QUOTE_AFTER_MARK = re.compile(r"(?<=[^\W\d_])([,;:.])['’‘`´]+(?=[^\W\d_])")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_VOWELS = frozenset("aăâeêioôơuưy")
# A single quote glued to a line's first word with no other on the line ("'PHỤ LỤC", "„Hồ Văn
# Chính"): a speck. (A double quote may open a quotation and is left.)
_QUOTE_START = re.compile(r"^(\s*)['‘’`´„‚](?=[^\W\d_])(?!.*['‘’`´])")
# A list item's letter whose bracket came back as another mark: "aj Các ban", "b} Xác định".
_LETTER_BRACKET = re.compile(r"^(\s*[a-zđ])[j}\]|](?=\s+[^\W\d_])")
# A year split by a space inside a number: "61/201 8/NĐ-CP".
_SPLIT_YEAR = re.compile(r"(?<=\d/)((?:19|20)\d)\s(\d)(?=/)")
# The Assembly's code after a number's year with its term split or its first figure lost:
# "203/2025/QH1 5", "203/2025/QH 5" (every term that numbers its laws with the year is 11 or
# later, so "1" and the figure read).
_TERM_CUT = re.compile(r"(?<=\d/(?:19|20)\d\d/)(QH|UBTVQH)1? (\d)(?=[\s;,.)]|$)")


@lru_cache(maxsize=1)
def _year_slash() -> re.Pattern[str]:
    """A number's year and code with the slash between read as a figure or a stroke:
    "203/20257QH15", "72/20257QH13" (only before a code the reference data knows)."""
    known = _known_alternation()
    return re.compile(rf"(?<=\d/)((?:19|20)\d\d)[71lI|](?=(?:{known})(?:\d{{2}})?(?![A-Za-z]))")


# A standard's year after a colon OCR doubled or spaced: "ISO' 9001: :2015" → "ISO 9001:2015";
# on a page, also when the number begins the next line ("TCVN ISO\n9001: :2015").
# The colon may also come back as a space or a full stop ("ISO 9001 2015", "9001.2015").
_STANDARD = re.compile(r"\b(ISO|TCVN)['’`]?\s(\d{3,5})(?:\s?:[\s:]{0,2}|\.| )((?:19|20)\d\d)\b")
_STANDARD_BROKEN = re.compile(
    r"\b(ISO|TCVN)['’`]?(\s*\n\s*)(\d{3,5})(?:\s?:[ :]{0,2}|\.| )((?:19|20)\d\d)\b")
# "TCVN ISO" with one letter of either misread: "TGVN ISO", "TCVN TSO" (only as the pair, so a
# "TCN" standard or an "IS" elsewhere stays as printed).
_STANDARD_PAIR = re.compile(r"\b([A-Z0-9]{3,5})([ \t]+)([A-Z0-9]{2,4})(?=\s+\d{4,5}\b)")
# A standard's name with a letter misread ("TŒVN ISO", "IŠỞ 9001") or a dash for its space
# ("ISO-9001"), and its number with a figure read as a letter ("ISO 90đ1:2015"): the name must be
# "ISO" or "TCVN" once its marks are gone, the number four or five figures, one at most misread.
_STANDARD_LOOSE = re.compile(
    r"(?<!\w)([^\W\d_]{3,4})([ \t]*-[ \t]*|[ \t]*\n?[ \t]*)(?=\d)(\w{4,5})(?=[\s:}).,;]|$)")
_STANDARD_FIRST = re.compile(r"(?<!\w)([^\W\d_]{4})(?=[ \t]+ISO\b)")
_FIGURE_LOOKALIKES = str.maketrans({"đ": "0", "Đ": "0", "d": "0", "D": "0", "o": "0", "O": "0"})
# Letters that are never Vietnamese, read for the ones they look like: "UBÑD", "ÑĂM".
_LOOKALIKES = str.maketrans({"Ñ": "N", "ñ": "n"})
# A dash OCR doubled between two figures of a range: "từ 98%- -100%" → "từ 98%-100%".
_DOUBLED_DASH = re.compile(r"(?<=\d)(%?)-\s+-\s?(?=\d)")


_BRACKETS = frozenset("j}]|")


def _letter_bracket(match: re.Match[str]) -> str:
    """"a)" for "aj" before a capital: the item's bracket as OCR read it."""
    after = match.string[match.end():].lstrip()
    return match[1] + ")" if after[:1].isupper() else match[0]


def _quote_inside(match: re.Match[str]) -> str:
    """A space for a quote between two words, when the word before has a vowel."""
    word = _WORD_BEFORE.search(match.string, 0, match.start())
    letters = accent_key(word[0]).casefold() if word else ""
    return " " if _VOWELS.intersection(letters) else match[0]


def _standard_pair(match: re.Match[str]) -> str:
    first, space, second = match.groups()
    if (first == "TCVN" or one_edit(first, "TCVN")) and (second == "ISO" or one_edit(second, "ISO")):
        return f"TCVN{space}ISO"
    return match[0]


def _standard_name(word: str) -> str | None:
    """"ISO" or "TCVN" when ``word`` is one of them with its letters' marks misread."""
    key = accent_key(word.replace("Œ", "C").replace("œ", "c")).upper()
    return key if key in ("ISO", "TCVN") else None


def _standard_loose(match: re.Match[str]) -> str:
    word, space, read = match.groups()
    name, number = _standard_name(word), read.translate(_FIGURE_LOOKALIKES)
    misread = sum(not ch.isdigit() for ch in read)
    if name is None or not space or not number.isdigit() or misread > 1:
        return match[0]  # not a standard, or glued to its number ("ISO9001"), or too damaged
    return f"{name}{' ' if '-' in space else space}{number}"


def _standard_first(match: re.Match[str]) -> str:
    return "TCVN" if _standard_name(match[1]) == "TCVN" else match[0]


def correct_line(line: str) -> str:
    """One OCR'd line without stray marks at its edges, with codes joined by a dash and the
    names of laws OCR misspelled put right."""
    line = _clean_line(line)
    return restore_law_names(line) if "uật " in line else line


def _clean_line(line: str) -> str:
    """``correct_line`` but for the names of laws, which a page puts right across its lines."""
    line = _STRAY_START.sub("", line).translate(_LOOKALIKES)
    line = _STRAY_END.sub("", line)
    if line[1:2] in _BRACKETS or line[2:3] in _BRACKETS:
        line = _LETTER_BRACKET.sub(_letter_bracket, line)
    if any(mark in line for mark in "'’‘`´\"„‚"):
        line = _QUOTE_AFTER_MARK.sub(r"\1 ", line)
        line = _QUOTE_START.sub(r"\1", _QUOTE_INSIDE.sub(_quote_inside, line))
    if "- -" in line:
        line = _DOUBLED_DASH.sub(r"\1-", line)
    if "ISO" in line or "TCVN" in line:
        line = _STANDARD.sub(r"\1 \2:\3", line)
    if "/" in line:
        line = _year_slash().sub(r"\1/", _SPLIT_YEAR.sub(r"\1\2", line))
        line = _code_join().sub(_join, _TERM_CUT.sub(r"\g<1>1\2", line))
        line = _NUMBER_CODE.sub(_fix_codes, line)
        line = _typed_codes()[0].sub(_typed_code, line)
    return line


@lru_cache(maxsize=1)
def _code_across_lines() -> re.Pattern[str]:
    """'488/QĐ:' ending a line, 'TTg ngày …' beginning the next (a blank line between): a code
    broken at the line's end, its dash read as a colon or a dash."""
    known = _known_alternation()
    return re.compile(rf"(?P<head>\d/(?:(?:19|20)\d\d/)?[A-ZĐÐ][A-Za-zĐÐ]{{0,7}})\s?(?:{DASH}|:)[ \t]*"
                      rf"(?P<brk>\n(?:[ \t]*\n)?)[ \t]*(?P<code>{known}|[{_CODE_FIRST}][A-Za-zĐÐ{_MARKED_CAPS}]{{1,7}})"
                      rf"(?:[ \t]+|(?=[,;.)]|$))", re.MULTILINE)


def _join_across(match: re.Match[str]) -> str:
    """A code broken at a line's end joined on the first line, when the next line begins with
    a known code or one read with a marked capital ("QĐ-" and "ƯBND ngày")."""
    code = match["code"]
    if code not in known_codes():
        code = _code_segment(code)
        if code not in known_codes():
            return match[0]
    return f"{match['head']}-{code}{match['brk']}"


def correct_page(text: str) -> str:
    """Every line of an OCR'd page through ``correct_line``; blank lines kept; a standard's
    name and number read apart ("TGVN ISO\n\n9001: :2015") put right where they are; a code
    broken at a line's end ("488/QĐ:" and "TTg ngày …") joined on the first line, and the code
    of a party number broken after its dash read letter by letter ("57-" and "NQ/ITW" → NQ/TW).
    Law names
    are put right once, on the whole page, so a name broken across lines is one too."""
    text = "\n".join(_clean_line(line) for line in text.split("\n"))
    if "uật " in text:  # a law's name broken across lines ("Luật Bản hành văn bản quy\nphạm …")
        text = restore_law_names(text)
    if "/" in text:
        text = _code_across_lines().sub(_join_across, text)
        text = _PARTY_ACROSS.sub(_fix_codes, text)
    text = _STANDARD_LOOSE.sub(_standard_loose, _STANDARD_FIRST.sub(_standard_first, text))
    if "SO" in text:  # "ISO", and what OCR makes of it ("TSO")
        text = _STANDARD_PAIR.sub(_standard_pair, text)
        text = _STANDARD_BROKEN.sub(r"\1\2\3:\4", text)
    return text
