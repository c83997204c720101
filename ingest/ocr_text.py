"""Clean-up of the text Tesseract reads from a poor scan, before anything else sees it.

Specks and JPEG noise come back as stray marks ("¬", "„", "`", ":", a lone quote) at the edges
of lines, and inside document numbers the dash between two codes comes back as a colon, a
dash with a quote after it, or a space ("76/NQ: CP", "18- “NQ/TW", "130/2005/NĐ- cP"). Both
break readers that work on any text (a heading "I. MỤC TIÊU ¬ tạ ¬", a citation cut after
"NĐ"). Only OCR'd pages go through here, and only marks that cannot be text are dropped:
a token made of stray marks alone at the start or end of a line, and noise between the parts
of a document code whose second part is a known code. Everything is pure and line by line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.reference.keys import DASH, one_edit
from vnplan.reference.vocabularies import load_citation_formats

# Marks that stand for specks when they make a whole token at a line's edge. A dash or a plus
# opens a list item and a dash at a line's end joins two words across the break ("Văn phòng -
# Thống kê" in a table cell), so neither is ever dropped.
_STRAY = "¬„`'\"“”‘’°_|~^ˆ›‹»«:;.,·"
# A lone "l" is a speck too: no Vietnamese word is "l". A stray mark glued to a heading's
# numeral goes as well: "'*6. Cải cách", "_V. TỔ CHỨC".
_STRAY_START = re.compile(
    rf"^(?:(?:[{re.escape(_STRAY)}]+|l)\s+)+|^[{re.escape(_STRAY)}*]+(?=\d{{1,2}}\.|[IVX]{{1,4}}\.)")
_STRAY_END = re.compile(rf"(?:\s+(?:[{re.escape(_STRAY)}¬—*•]+|l))+$")
# A dash read as something else between two parts of a code: ":", "-:", "- “", "—", " - ".
_SEPARATOR = rf"\s?(?:{DASH}|:|;)[\s“”\"'‘’:]{{0,3}}"


@lru_cache(maxsize=1)
def _code_join() -> re.Pattern[str]:
    """'NĐ: CP' → the place to put a dash back: a code, noise, then a known code."""
    known = "|".join(sorted((re.escape(c) for c in _known_codes()), key=len, reverse=True))
    # After "/" (a number's code) or a digit and a dash (a party number "18- NQ/TW").
    return re.compile(
        rf"(?P<head>(?:\d/(?:(?:19|20)\d\d/)?|/)[A-ZĐÐ][A-Za-zĐÐ]{{0,7}}|\d)"
        rf"(?P<noise>{_SEPARATOR})"
        rf"(?P<code>(?i:{known}))(?=[\s/,;.)\-–]|$)",
    )


@lru_cache(maxsize=1)
def _codes_by_upper() -> dict[str, str]:
    return {c.upper(): c for c in _known_codes()}


# A document number's code, for the letter-by-letter check: "5575/KH-UBWD", "39-NOQ/TW".
_NUMBER_CODE = re.compile(
    r"(?<=\d/)(?:(?:19|20)\d\d/)?(?P<code>[A-ZĐÐ][A-Za-zĐÐ0-9]*(?:-[A-ZĐÐ][A-Za-zĐÐ0-9]*){0,4})"
    r"|(?<=\d-)\s?(?P<party>[A-ZĐÐ][A-Za-zĐÐ]{0,4}/[A-ZĐÐ]{1,6})(?![\w])")


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    """Type codes (NĐ, QĐ, KH …) and body codes (CP, TTg, UBND …) of the citation formats."""
    formats = load_citation_formats()
    return frozenset({c for t in formats.types for c in t.codes} | set(formats.issuers))


@lru_cache(maxsize=4096)
def _nearest_code(segment: str) -> str:
    """A code segment as read, or the one known code OCR could have made it from by one letter
    changed, dropped or added ("UBWD" → "UBND", "NOQ" → "NQ"); kept when none or several."""
    known = _known_codes()
    if segment in known or len(segment) < 3 or any(c.isdigit() for c in segment):
        return segment
    near = [code for code in known if len(code) >= 2 and one_edit(segment, code)]
    return near[0] if len(near) == 1 else segment


_SEGMENT = re.compile(r"[A-ZĐÐ][A-Za-zĐÐ0-9]*")


def _fix_codes(match: re.Match[str]) -> str:
    return _SEGMENT.sub(lambda m: _nearest_code(m[0]), match[0])


def _join(match: re.Match[str]) -> str:
    code = match["code"]
    if match["head"][-1].isdigit() and match["noise"].strip() in ("", "-"):
        return match[0]  # "18-NQ/TW" already joined; "18 NQ" is not a number
    code = _codes_by_upper().get(code.upper(), code) if not code[0].isupper() else code
    return f"{match['head']}-{code}"


# A year split by a space inside a number: "61/201 8/NĐ-CP".
_SPLIT_YEAR = re.compile(r"(?<=\d/)((?:19|20)\d)\s(\d)(?=/)")
# A standard's year after a colon OCR doubled or spaced: "ISO' 9001: :2015" → "ISO 9001:2015";
# on a page, also when the number begins the next line ("TCVN ISO\n9001: :2015").
_STANDARD = re.compile(r"\b(ISO|TCVN)['’`]?\s(\d{3,5})\s?:[\s:]{0,2}((?:19|20)\d\d)\b")
_STANDARD_BROKEN = re.compile(r"\b(ISO|TCVN)['’`]?(\s*\n\s*)(\d{3,5})\s?:[ :]{0,2}((?:19|20)\d\d)\b")
# "TCVN ISO" with one letter of either misread: "TGVN ISO", "TCVN TSO" (only as the pair, so a
# "TCN" standard or an "IS" elsewhere stays as printed).
_STANDARD_PAIR = re.compile(r"\b([A-Z0-9]{3,5})([ \t]+)([A-Z0-9]{2,4})(?=\s+\d{4,5}\b)")
# Letters that are never Vietnamese, read for the ones they look like: "UBÑD", "ÑĂM".
_LOOKALIKES = str.maketrans({"Ñ": "N", "ñ": "n"})
# A dash OCR doubled between two figures of a range: "từ 98%- -100%" → "từ 98%-100%".
_DOUBLED_DASH = re.compile(r"(?<=\d)(%?)-\s+-\s?(?=\d)")


def _standard_pair(match: re.Match[str]) -> str:
    first, space, second = match.groups()
    if (first == "TCVN" or one_edit(first, "TCVN")) and (second == "ISO" or one_edit(second, "ISO")):
        return f"TCVN{space}ISO"
    return match[0]


def correct_line(line: str) -> str:
    """One OCR'd line without stray marks at its edges and with codes joined by a dash."""
    line = _STRAY_START.sub("", line).translate(_LOOKALIKES)
    line = _STRAY_END.sub("", line)
    if "- -" in line:
        line = _DOUBLED_DASH.sub(r"\1-", line)
    if ":" in line:
        line = _STANDARD.sub(r"\1 \2:\3", line)
    if "/" in line:
        line = _code_join().sub(_join, _SPLIT_YEAR.sub(r"\1\2", line))
        line = _NUMBER_CODE.sub(_fix_codes, line)
    return line


def correct_page(text: str) -> str:
    """Every line of an OCR'd page through ``correct_line``; blank lines kept; a standard's
    name and number read apart ("TGVN ISO\n\n9001: :2015") put right where they are."""
    text = "\n".join(correct_line(line) for line in text.split("\n"))
    if "SO" in text:  # "ISO", and what OCR makes of it ("TSO")
        text = _STANDARD_PAIR.sub(_standard_pair, text)
        text = _STANDARD_BROKEN.sub(r"\1\2\3:\4", text)
    return text
