"""A heading line of an official document's body, read: roman sections, numbered and
lettered items, ``*`` blocks, and their titles (``sections.py`` builds the tree from them;
``label_repair.py`` repairs the labels OCR garbled)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vnplan.extractors.document.layout import ROMAN_HEADING

# "1. Mục đích", "2.1 Công tác chỉ đạo", "1.1. Mục tiêu", "3. Công chức Tư pháp: Chủ trì…"
_NUMBERED = re.compile(r"^(?P<label>[1-9]\d?(?:\.\d{1,2}){0,3})(?P<mark>\.|\))?\s+(?P<title>\S.*)$")
# "a) Chỉ tiêu", "đ) TTHC có yêu cầu…"
_LETTERED = re.compile(r"^(?P<label>[a-zđ])\)\s*(?P<title>\S.*)$")
# "* Mục tiêu", "* Nhiệm vụ" (a short line: a block heading, not a bullet sentence)
_STAR_BLOCK = re.compile(r"^\*\s*(?P<title>\S.{0,80})$")

_TITLE_MAX = 160

# An OCR'd numbered heading: "3:1. Mục tiêu", "6.1.Mục tiêu", "2.Yêu cầu", "-1. Mục tiêu",
# "2.2-Cải cách", "7: Công tác" — the full stop between numbers read as a colon or comma, the
# one after them as a dash or colon, the space after the label lost before a capital, a speck
# glued before the number. Only on OCR pages.
_OCR_NUMBERED = re.compile(
    r"^[-.'`‘’\"]?(?P<label>[1-9]\d?(?:[.:,]\d{1,2}){0,3})(?:[.)][.:;,]?|[:;-])\s*(?P<title>\S.*)$")


@dataclass
class Heading:
    """A heading of the body, and (once the tree is built) the section it opens."""

    kind: str  # roman | numbered | lettered | star
    label: str
    title: str
    start: int
    heading_end: int
    page: int | None
    depth: int  # nesting rank: roman 0, numbered 1 + dots, star/lettered below numbered
    bare: bool = False  # "1 Text": a number with no full stop or bracket after it
    children: list[Heading] = field(default_factory=list)
    end: int = 0


def heading(text: str, start: int, end: int, page: int | None) -> Heading | None:
    """The heading ``text`` (a line of the body at ``start``–``end``) is as printed, or None."""
    if "\t" in text:
        return None  # a table row
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    match = ROMAN_HEADING.match(stripped)
    if match:
        return Heading("roman", match["numeral"], title_of(match["title"]), start + lead, end,
                       page, 0)
    match = _NUMBERED.match(stripped)
    if match and not looks_like_value(stripped):
        label = match["label"]
        return Heading("numbered", label, title_of(match["title"]), start + lead, end, page,
                       1 + label.count("."), bare=match["mark"] is None and "." not in label)
    match = _STAR_BLOCK.match(stripped)
    if match:
        return Heading("star", "*", title_of(match["title"]), start + lead, end, page, 8)
    match = _LETTERED.match(stripped)
    if match:
        return Heading("lettered", match["label"], title_of(match["title"]), start + lead, end,
                       page, 9)
    return None


def ocr_numbered(text: str, start: int, end: int, page: int | None) -> Heading | None:
    """A numbered heading as OCR damaged it (``_OCR_NUMBERED``), with its label as printed."""
    stripped = text.strip()
    match = _OCR_NUMBERED.match(stripped) if "\t" not in text else None
    if match is None or looks_like_value(stripped.lstrip("-.'`‘’\"")) \
            or not match["title"][0].isupper() \
            or (match["label"] in ("11", "111") and capitals(match["title"])):  # "11; NHIỆM VỤ"
        return None
    label = re.sub(r"[:,]", ".", match["label"])
    lead = len(text) - len(text.lstrip())
    return Heading("numbered", label, title_of(match["title"]), start + lead, end, page,
                   1 + label.count("."))


def looks_like_value(text: str) -> bool:
    """'100% …', '12.900.000', '2021 – 2025' are not numbered headings."""
    return bool(re.match(r"^\d+(?:[.,]\d+)*\s*(?:%|đồng|triệu|năm\b|[-–]\s*\d)", text))


def title_of(text: str) -> str:
    """A heading's title: the part before a colon that introduces its text, else the whole line
    when short, else up to its first colon or full stop."""
    text = text.strip()
    # a colon glued on both sides ("HĐND:UBND", "9001:2015") introduces nothing
    label = re.match(r"^(?P<head>(?:[^:]|:(?=\S)){2,80}?):\s+(?P<rest>\S.*)$", text)
    if label and not (capitals(label["head"]) and capitals(label["rest"])):
        # "Công chức Tư pháp – Hộ tịch: Chủ trì tham mưu…" → the part before the colon; a
        # title in capitals goes on after one ("MỤC TIÊU: VÀ NHIỆM VỤ", a speck read so)
        return label["head"].strip()
    if _length(text) <= _TITLE_MAX:
        return text.rstrip(":").strip()
    cut = re.search(r"(?<!\.)[:.](?!\.)\s", text)  # a colon or full stop, not an ellipsis
    if cut and _length(text[: cut.start()]) <= _TITLE_MAX:
        return text[: cut.start()].strip()
    end = _TITLE_MAX
    while _length(text[:end]) < _TITLE_MAX:
        end += 1
    return text[:end].rstrip() + "…"


def _length(text: str) -> int:
    """``text``'s length with an ellipsis one character, printed "…" or read as "..." (OCR, a
    PDF's text layer): the same title is cut at the same word whatever the form."""
    return len(text) - 2 * text.count("...")


def capitals(title: str) -> bool:
    """Whether ``title`` is written in capitals (four letters or more, 80 % of them)."""
    letters = [ch for ch in title if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)
