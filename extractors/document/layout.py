"""Where the parts of a plan lie: header, body, closing block, appendix.

A plan reads: header (issuer, số hiệu, place and date) → title → preamble (Căn cứ…) →
sections I, II, … → closing block (Nơi nhận, TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH, name) →
appendix (PHỤ LỤC / NHIỆM VỤ CỤ THỂ … with its caption and table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnplan.extractors.document.signature import is_signature_line
from vnplan.reference.keys import accent_key

# "I. MỤC TIÊU", "II - NHIỆM VỤ", "IV: KINH PHÍ", "III) …"
ROMAN_HEADING = re.compile(r"^(?P<numeral>[IVX]{1,5})\s*[.:\-–)]\s*(?P<title>\S.*)$")

# The closing block starts at "Nơi nhận:" or at the signature (an authority or office line).
_RECIPIENTS = re.compile(r"^(?:\*\*)?Nơi\s+nhận\s*:?", re.IGNORECASE)

# The appendix opens with "PHỤ LỤC", a caption "(Ban hành kèm theo Kế hoạch số …)"
# or "(Kế hoạch số … ngày …)", or an upper-case table title followed by such a caption.
APPENDIX_TITLE = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)\b")
# The same cue words without accents, for OCR'd text ("Nơi nhân:", "PHU LỤC"): matched on
# ``accent_key`` of the line, only where the accented pattern failed.
_RECIPIENTS_KEY = re.compile(r"^(?:\*\*)?noi\s+nhan\s*:")
_APPENDIX_TITLE_KEY = re.compile(r"^phu\s+luc\b")


def is_recipients(text: str) -> bool:
    """A "Nơi nhận:" line (the closing block starts there), accents as OCR read them."""
    if _RECIPIENTS.match(text):
        return True
    return text[:3].lstrip("*")[:1] in ("N", "n") and bool(_RECIPIENTS_KEY.match(accent_key(text[:20])))


def is_appendix_title(text: str) -> bool:
    """A "PHỤ LỤC" title line; without its accents only when written in capitals."""
    if APPENDIX_TITLE.match(text):
        return True
    return text[:1] == "P" and text[:7].isupper() and bool(_APPENDIX_TITLE_KEY.match(accent_key(text[:12])))
APPENDIX_CAPTION = re.compile(
    r"^\(?\s*(?:Ban\s+hành\s+)?(?:kèm\s+theo\s+)?(?:Kế\s+hoạch|Quyết\s+định|Nghị\s+định|Nghị\s+quyết|"
    r"Thông\s+tư|Chỉ\s+thị|Báo\s+cáo|Chương\s+trình|Đề\s+án)\s+số\s*:?\s*\S*",
    re.IGNORECASE,
)
# The same caption without its accents ("Ban hành kèm theo Kể Hoạch số: 57/KH-UBND" as OCR read
# it), after a stray mark or two before its bracket ("-( Ban hành …").
_APPENDIX_CAPTION_KEY = re.compile(
    r"^[^\w(]{0,2}\(?\s*(?:ban hanh )?(?:kem theo )?(?:ke hoach|quyet dinh|nghi dinh|nghi quyet|"
    r"thong tu|chi thi|bao cao|chuong trinh|de an) so\b")


def is_appendix_caption(text: str) -> bool:
    """A caption under an appendix's title naming the document it comes with: "(Ban hành kèm
    theo Kế hoạch số 57/KH-UBND …)"; also with its accents misread or a mark before it."""
    stripped = text.strip(" *")
    return bool(APPENDIX_CAPTION.match(stripped)
                or _APPENDIX_CAPTION_KEY.match(accent_key(stripped[:60])))


@dataclass(frozen=True, slots=True)  # slots: a document may hold millions of lines
class Line:
    """A line of the repaired text with its offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Layout:
    """Offsets of the plan's parts in the repaired text (``len(text)`` when absent)."""

    lines: tuple[Line, ...]
    first_section: int | None  # index into lines of the first roman-numeral heading
    closing: int  # index of the first line of the closing block (or len(lines))
    appendix: int  # index of the first line of the appendix (or len(lines))

    def offset(self, index: int, text_length: int) -> int:
        return self.lines[index].start if index < len(self.lines) else text_length


def split_lines(text: str) -> tuple[Line, ...]:
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return tuple(lines)


def find_layout(text: str) -> Layout:
    """Locate sections, closing block and appendix in repaired text."""
    lines = split_lines(text)
    first_section = next(
        (i for i, ln in enumerate(lines) if ROMAN_HEADING.match(ln.text) and "\t" not in ln.text),
        None,
    )
    # A decision's or decree's articles have no roman sections: a roman heading after the
    # signature or inside a PHỤ LỤC belongs to what is annexed, not to the body.
    ends = (i for i, ln in enumerate(lines)
            if is_recipients(ln.text.strip()) or is_appendix_title(ln.text.strip()))
    body_end = next(ends, None)
    if first_section is not None and body_end is not None and first_section > body_end:
        first_section = None
    start = first_section or 0
    appendix = _find_appendix(lines, start)
    closing = _find_closing(lines, start, appendix)
    return Layout(lines=lines, first_section=first_section, closing=closing, appendix=appendix)


def _find_closing(lines: tuple[Line, ...], start: int, appendix: int) -> int:
    for i in range(start, appendix):
        if is_recipients(lines[i].text.strip()):
            return i
    for i in range(start, appendix):
        if len(lines[i].text) < 60 and is_signature_line(lines[i].text):
            return i
    return appendix


def _find_appendix(lines: tuple[Line, ...], start: int) -> int:
    """The appendix begins after the signature: a PHỤ LỤC title, a table title with its
    caption, or the first table row."""
    recipients = next(
        (i for i in range(start, len(lines)) if is_recipients(lines[i].text.strip())), None
    )
    for i in range(start, len(lines)):
        stripped = lines[i].text.strip()
        if is_appendix_title(stripped) and (recipients is None or i > recipients):
            return i
    if recipients is None:
        return len(lines)
    for i in range(recipients + 1, len(lines)):
        stripped = lines[i].text.strip()
        if is_appendix_caption(stripped) and "(" in stripped[:3]:
            j = i
            while j - 1 > recipients and _is_upper_title(lines[j - 1].text):
                j -= 1
            return j
        if "\t" in lines[i].text:
            return i
    return len(lines)


def _is_upper_title(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 6 and sum(ch.isupper() for ch in letters) / len(letters) > 0.9


def find_cell(text: str, cell: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Where a table cell's text stands inside ``span`` of the repaired text (the cell may
    have been rebuilt from lines the repair rejoined, so spacing may differ)."""
    at = text.find(cell, span[0], span[1])  # fast path: the cell stands verbatim
    if at >= 0:
        return at, at + len(cell)
    words = cell.split()
    return _find_words(text, words, span[0], span[1]) if words else None


def _find_words(text: str, words: list[str], start: int, end: int) -> tuple[int, int] | None:
    """The first place in ``text[start:end]`` where ``words`` stand in order with whitespace
    (one character or more) between them; as the regex ``w1\\s+w2\\s+…`` would find, without
    compiling one pattern per cell (every plan brings new cells)."""
    first = words[0]
    at = text.find(first, start, end)
    while at >= 0:
        pos = at + len(first)
        for word in words[1:]:
            gap = pos
            while gap < end and text[gap].isspace():
                gap += 1
            if gap == pos or gap + len(word) > end or not text.startswith(word, gap):
                break
            pos = gap + len(word)
        else:
            return at, pos
        at = text.find(first, at + 1, end)
    return None
