"""Repair what extraction broke, keeping a map back to the original text.

The repaired text has one logical line per ``\\n``: a heading, a paragraph, a list item or a
table row. Blank lines, lone page numbers and page-break debris are dropped; lines broken
mid-sentence are rejoined; Markdown and HTML formatting marks are stripped (table cells stay
separated by tabs). Every character kept comes from the original, except the single spaces
inserted where two broken lines are rejoined, so ``source_map`` traces any span back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from vnplan.reference.keys import BULLET_CLASS

from .raw import RawDocument

# Formatting marks to drop inside a line: HTML tags (<b>, </li>, <ul style=…>),
# Markdown emphasis (**bold**, __bold__), a leading heading marker (## ) and a
# Markdown hard line break (two trailing spaces are just whitespace).
_FORMATTING = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,200}>|\*\*|__|^\s{0,3}#{1,6}\s+")

# A line that is only a page number: "12", "- 12 -", "Trang 12", "12/19".
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:[Tt]rang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$")

# The start of a heading or list item, never glued to the line before it:
# "I.", "IV -", "1.", "2.1", "1.1.", "a)", "đ)", "-", "+", "*", "•", "Điều 3."
_ITEM_START = re.compile(
    r"""^\s*(?:
        [IVXLC]{1,6}\s*[.:\-–)]            # roman numeral: I.  II-  IV:
      | \d{1,2}(?:[.,]\d{1,2}){0,3}[.)]?\s  # 1.  2.1  1.1.  2,2,1 (then a space)
      | [a-zđ][)]                           # a)  đ)
      | BULLET\s*                              # bullets (keys.BULLETS)
      | (?:Điều|Chương|Mục|Phần|PHẦN|PHỤ\s+LỤC|Phụ\s+lục)\s
    )""".replace("BULLET", BULLET_CLASS),
    re.VERBOSE,
)

# A cell of a flattened table standing alone: "12.900.000", "1.3.1", "30/01/2021", "Quý I".
_LONE_VALUE = re.compile(r"^[\d.,/%\s-]+$")

# Punctuation that ends a sentence or a clause a line may legitimately end with.
_TERMINAL = ".;:!?)]”\"/"


@dataclass
class RepairedText:
    """The text extractors read, and how it maps to the original."""

    text: str
    original: str  # the decoded pages joined by form feeds
    source_map: list[tuple[int, int, int]]  # (repaired_start, original_start, length)
    page_starts: list[tuple[int, int]] = field(default_factory=list)  # (offset, page number)
    lines_repaired: int = 0
    lines_dropped: int = 0

    def to_original(self, offset: int) -> int:
        """The original offset of a repaired-text offset (inserted spaces map to their left)."""
        lo, hi = 0, len(self.source_map) - 1
        best = 0
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.source_map[mid][0] <= offset:
                best, lo = mid, mid + 1
            else:
                hi = mid - 1
        if not self.source_map:
            return offset
        start, orig, length = self.source_map[best]
        return orig + min(offset - start, length)


@dataclass(slots=True)
class _Line:
    """One physical line of the original, cleaned, as runs of original offsets."""

    runs: Sequence[tuple[int, int]]  # (original_start, original_end) pieces kept, in order
    text: str  # the cleaned text of those runs joined
    page: int
    is_table_row: bool = False
    # Markdown: the line belongs to a paragraph whose line breaks are soft (no blank line
    # before it, no hard break "  " or "\\" at the end of the line before).
    soft_break_before: bool = False


class _Builder:
    """Accumulates the repaired text with its source map.

    The pieces are joined into a chunk every few thousand, so a file of millions of short lines
    does not hold a string object per line (only the source map, which the record keeps)."""

    _CHUNK = 4096  # pieces joined at a time

    def __init__(self, original: str) -> None:
        self.original = original
        self.parts: list[str] = []
        self.chunks: list[str] = []
        self.length = 0
        self.source_map: list[tuple[int, int, int]] = []

    def copy(self, start: int, end: int) -> None:
        if end <= start:
            return
        if self.source_map:
            r, o, n = self.source_map[-1]
            if r + n == self.length and o + n == start:
                self.source_map[-1] = (r, o, n + end - start)
                self._add(self.original[start:end])
                return
        self.source_map.append((self.length, start, end - start))
        self._add(self.original[start:end])

    def insert(self, text: str) -> None:
        self._add(text)

    def _add(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)
        if len(self.parts) >= self._CHUNK:
            self.chunks.append("".join(self.parts))
            self.parts.clear()

    def text(self) -> str:
        return "".join([*self.chunks, *self.parts])


def repair(raw: RawDocument) -> RepairedText:
    """Repair a decoded document into one logical line per ``\\n``."""
    pages = [unicodedata.normalize("NFC", page) for page in raw.pages]
    original = "\f".join(pages)
    lines, dropped = _clean_lines(original, raw.format)
    width = _typical_width(lines)
    ocr_pages = {info.number for info in raw.page_info if info.method == "ocr"}
    out = _Builder(original)
    page_starts: list[tuple[int, int]] = []
    repaired = 0
    previous: _Line | None = None
    lines.reverse()
    while lines:  # popped, so each line is freed once copied (the source map grows meanwhile)
        line = lines.pop()
        if previous is not None and _continues(previous, line, width, line.page in ocr_pages):
            glue = "" if _ends_with_split_code(previous.text) else " "
            if glue:
                out.insert(glue)
            repaired += 1
        elif previous is not None:
            out.insert("\n")
        if raw.paged and (not page_starts or page_starts[-1][1] != line.page):
            page_starts.append((out.length, line.page))
        for start, end in line.runs:
            out.copy(start, end)
        previous = line
    if raw.paged and not page_starts:
        page_starts.append((0, 1))
    return RepairedText(
        text=out.text(),
        original=original,
        source_map=out.source_map,
        page_starts=page_starts,
        lines_repaired=repaired,
        lines_dropped=dropped,
    )


def _clean_lines(original: str, fmt: str) -> tuple[list[_Line], int]:
    """Physical lines with formatting stripped; blank lines and page numbers dropped."""
    markdown = fmt == "md"
    emphasis = _emphasis_asterisks(original) if markdown else set()
    cleaned: list[_Line | None] = []  # one entry per physical line; None for a blank one
    pages: list[int] = []  # the page of each physical line
    hard_break = True
    for page_no, start, raw_line in _physical_lines(original):
        pages.append(page_no)
        # A blank line stays blank once marks are removed; "|", "---", "|---|---|" are
        # Markdown table and rule syntax, no text.
        if raw_line.isspace() or not raw_line or (markdown and _MD_RULE.match(raw_line)):
            cleaned.append(None)
            hard_break = True
            continue
        if markdown or _has_marks(raw_line):
            runs = _strip_formatting(original, start, start + len(raw_line), emphasis)
            text = "".join([original[a:b] for a, b in runs])
            if not text.strip():
                cleaned.append(None)
                hard_break = True
                continue
        else:  # the common case: plain text, single spaces (as in _strip_formatting)
            left_stripped = raw_line.lstrip(" ")
            text = left_stripped.rstrip(" ")
            lead = start + len(raw_line) - len(left_stripped)
            runs = ((lead, lead + len(text)),)
        cleaned.append(_Line(runs, text, page_no, "\t" in text, markdown and not hard_break))
        if markdown:
            hard_break = raw_line.endswith(("  ", "\\")) or raw_line.lstrip().startswith("#")

    kept: list[_Line] = []
    dropped = 0
    for i, line in enumerate(cleaned):
        if line is None:
            continue
        if _may_be_page_number(line.text) and _isolated(cleaned, i, pages):
            dropped += 1
            continue
        kept.append(line)
    return kept, dropped


def _may_be_page_number(text: str) -> bool:
    """``_PAGE_NUMBER`` matches; the last-character test first spares the regex on prose."""
    last = text[-1]
    return (last.isdigit() or last == "-" or last.isspace()) and bool(_PAGE_NUMBER.match(text))


# A line holding formatting marks or odd spaces takes the slow path of _strip_formatting.
_MARK_CHARS = re.compile(r"[<*_#\u00a0\r\v]")


def _has_marks(line: str) -> bool:
    return "  " in line or bool(_MARK_CHARS.search(line))


# Markdown lines that hold only table or rule syntax: "|", "--------", "|---|:--|".
# Possessive (*+), so that a line of spaces or dashes that fails is not retried from every
# split of its runs: the plain pattern took time cubic in a list item's indentation.
_MD_RULE = re.compile(r"^\s*+(?:\|\s*+)*+(?:[-=:]{3,}+\s*+\|?+\s*+)*+\|?+\s*+$")
# Markdown emphasis with single asterisks, possibly over a soft line break:
# "*Đồng Tháp,⏎ngày 01 tháng 12 năm 2025*". "* Mục tiêu" (a space after) is not emphasis.
_EMPHASIS = re.compile(r"(?<![*\\\w])\*(?=[^\s*])(?:[^*\n]|\n(?![ \t]*\n))*?(?<=[^\s*])\*(?![*\w])")


def _emphasis_asterisks(original: str) -> set[int]:
    """Offsets of the asterisks that open and close Markdown emphasis."""
    return {offset for m in _EMPHASIS.finditer(original) for offset in (m.start(), m.end() - 1)}
_WORD_OR_TAB = re.compile(r"\t|[^ \t\u00a0\r\v]+")
_SPACE_CHAR = re.compile(r"[ \u00a0\r\v]")


def _strip_formatting(
    original: str, start: int, end: int, drop: set[int] = frozenset()
) -> list[tuple[int, int]]:
    """Runs of the line ``original[start:end]`` left after removing formatting marks (and the
    characters at the offsets in ``drop``) and collapsing spaces (tabs, which separate table
    cells, are kept)."""
    line = original[start:end]
    if not _has_marks(line):  # the common case: plain text, single spaces
        stripped = line.strip(" ")
        if not stripped:
            return []
        lead = len(line) - len(line.lstrip(" "))
        return [(start + lead, start + lead + len(stripped))]
    # Words (and tabs) left once the marks are removed, as (start, end) in the line.
    words: list[tuple[int, int]] = []
    cursor = 0
    marks = [m.span() for m in _FORMATTING.finditer(line)]
    marks += [(o - start, o - start + 1) for o in drop if start <= o < end]
    for mark in [*sorted(marks), None]:
        stop = mark[0] if mark else len(line)
        if stop > cursor:
            words += [m.span() for m in _WORD_OR_TAB.finditer(line, cursor, stop)]
        if mark:
            cursor = max(cursor, mark[1])
    return [(start + a, start + b) for a, b in _join_words(line, words)]


def _join_words(line: str, words: list[tuple[int, int]]) -> list[list[int]]:
    """Runs of ``line`` keeping the words and, between two words, the first of the spaces that
    separated them ("tối thiểu <b>97%" → "tối thiểu 97%"); beside a tab (a table cell
    boundary) no space is kept. Contiguous pieces are merged into one run."""
    runs: list[list[int]] = []
    for a, b in words:
        if runs:
            end = runs[-1][1]
            if line[a] != "\t" and line[end - 1] != "\t":
                space = _SPACE_CHAR.search(line, end, a)
                if space:
                    kept = space.start()
                    if kept == end:
                        end = runs[-1][1] = kept + 1
                    else:
                        runs.append([kept, kept + 1])
                        end = kept + 1
            if end == a:
                runs[-1][1] = b
                continue
        runs.append([a, b])
    return runs


def _physical_lines(original: str) -> Iterator[tuple[int, int, str]]:
    """(page, start offset, text) of every line of the original, pages split at form feeds."""
    offset = 0
    for page, page_text in enumerate(original.split("\f"), start=1):
        for line in page_text.split("\n"):
            yield page, offset, line
            offset += len(line) + 1  # the newline or form feed after it


def _isolated(cleaned: list[_Line | None], i: int, pages: list[int]) -> bool:
    """A lone number is a page number when blank lines or a page break surround it.

    Flattened tables also have lone numbers (row ids), but those sit directly above the
    row's text; a printed page number stands apart.
    """
    page = pages[i]
    before = after = 0
    j = i - 1
    while j >= 0 and cleaned[j] is None:
        before += 1
        j -= 1
    k = i + 1
    while k < len(cleaned) and cleaned[k] is None:
        after += 1
        k += 1
    at_page_edge = (j < 0 or pages[j] != page) or (k >= len(cleaned) or pages[k] != page)
    # Both sides blank, and more than a single blank line around it: a group id of a
    # flattened table often follows blank lines but runs straight into its row's text.
    return at_page_edge or (before >= 1 and after >= 1 and before + after >= 3)


def _typical_width(lines: list[_Line]) -> int:
    """The usual length of a full line of prose (lines of a PDF page are broken near it)."""
    lengths = sorted(
        len(line.text) for line in lines if not line.is_table_row and line.text.count(" ") >= 6
    )
    if not lengths:
        return 80
    # The 80th percentile of prose lines (seven words or more; flattened table cells and
    # headings are shorter).
    return lengths[int(0.8 * (len(lengths) - 1))]


_SPLIT_CODE = re.compile(r"\d+/(?:\d{4}/)?[A-ZĐ]{1,6}-$")
_DANGLING_DASH = re.compile(r"\s[-–]$")
_DASH_YEAR = re.compile(r"[-–]\s*\d{4}\b")
_ENDS_WITH_YEAR = re.compile(r"\d{4}$")


# A preamble's clause or a report's opening paragraph: "Căn cứ Luật …", "Thực hiện Công văn …".
# Capitalised, they never go on a sentence, even after a line that ran to the full width (a
# centred title's last line can: "… của tỉnh Lâm Đồng" ⏎ "Thực hiện Công văn số …").
_CLAUSE_START = re.compile(r"^(?:Căn cứ|Thực hiện)\s")


# "CCHC:" alone on an OCR'd line: "CCHC." ending a sentence, its full stop read as a colon
_LONE_CODE_COLON = re.compile(r"^[A-ZĐ]{2,7}:\s*$")


def _ends_with_split_code(text: str) -> bool:
    """A document code broken at its hyphen: '458/QĐ-' or '62/2020/NĐ-'."""
    return text.endswith("-") and bool(_SPLIT_CODE.search(text))


def _continues(previous: _Line, line: _Line, width: int, ocr: bool = False) -> bool:
    """Whether ``line`` continues the sentence that ``previous`` broke off. On an OCR'd page a
    heading whose numeral OCR made a small word ("m' MỤC ĐÍCH, YÊU CẦU") stands alone too."""
    if previous.is_table_row or line.is_table_row:
        return False
    prev = previous.text.rstrip()
    cur = line.text.lstrip()
    if not prev or not cur:
        return False
    if line.soft_break_before and not _ITEM_START.match(cur):
        return True  # Markdown: a soft line break inside a paragraph is a space
    if _ends_with_split_code(prev):
        return True
    dangling = prev[-1] in "-–" and _DANGLING_DASH.search(prev)
    dash_year = cur[0] in "-–" and _DASH_YEAR.match(cur)
    if dangling or (dash_year and _ENDS_WITH_YEAR.search(prev)):
        return True  # "giai đoạn 2021 -" ⏎ "2025", "năm 2021" ⏎ "– 2025"
    if _is_heading(prev) or (_is_heading(cur) and not (ocr and _LONE_CODE_COLON.match(cur))) \
            or (ocr and _is_unnumbered_heading(cur)):
        return False
    open_paren = "(" in prev and prev.count("(") > prev.count(")")
    ends_clause = prev[-1] in _TERMINAL and not prev.endswith(("-", "–"))
    if _ITEM_START.match(cur):
        # "- nghề nghiệp": a dash before a lower-case word is a broken compound, not a bullet;
        # "mức độ (" ⏎ "4) hoặc": a number inside an open parenthesis is not an item.
        after_dash = cur.lstrip("-– ")
        broken_dash = cur[0] in "-–" and after_dash[:1].islower()
        return not ends_clause and (broken_dash or open_paren)
    first = cur[0]
    if ocr and (_capital_after(_OCR_ITEM, cur)
                or (ends_clause and _capital_after(_GARBLED_ITEM, cur))):
        return False
    if first.islower() and not prev.endswith((":", "./.")):
        return True  # a sentence never starts in lower case: this line continues
    if ends_clause:
        return False
    if first in ",;":
        return True
    if first.isdigit():
        # "85% hồ sơ…", "76/NQ-CP ngày…" continue a wrapped line; an amount, id or date
        # standing alone (a flattened table cell) does not.
        if _LONE_VALUE.match(cur):
            return False
        return len(prev) > 0.6 * width or open_paren
    if _CLAUSE_START.match(cur):
        return False
    # An upper-case start continues only a line that ran to the full width (a wrapped line).
    return (len(prev) >= 0.8 * width or open_paren) and not prev.isupper()


# An item whose label's full stop OCR read as a colon: "6: Trung tâm văn hóa …" (OCR'd pages).
_OCR_ITEM = re.compile(r"^\d{1,2}[:;]\s+(?P<next>\w)")
# An item whose label OCR garbled into a word before its last figure: "là 7 Xây dựng …" for
# "2.7 Xây dựng …" (the sections' sequence decides whether it is one).
_GARBLED_ITEM = re.compile(r"^[^\W\d_]{1,3}\s+[1-9]\d?[.)]?\s+(?P<next>\w)")


def _capital_after(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` opens as ``pattern`` (an item's label as OCR read it) with a capital
    after it: "6: Trung tâm", "là 7 Xây dựng"."""
    match = pattern.match(text)
    return match is not None and match["next"].isupper()


def _is_unnumbered_heading(text: str) -> bool:
    """A heading in capitals after a token of one to three characters without a capital: OCR's
    reading of a numeral ("m' MỤC TIÊU VÀ NHIỆM VỤ", "mì MỤC TIÊU")."""
    token, _, rest = text.partition(" ")
    return (len(token) <= 3 and not any(c.isupper() for c in token)
            and len(rest.split()) >= 2 and _is_heading(rest.strip()))


def _is_heading(text: str) -> bool:
    """A short all-capitals line (KẾ HOẠCH, I. MỤC TIÊU, NƠI NHẬN) stands alone."""
    if len(text) >= 120 or not text.isupper():
        return False  # long, or has a lower-case letter, or has no letter at all
    # "CCHC." is the end of a sentence, not a heading
    return not (text.rstrip().endswith((".", ";", ",")) and " " not in text.strip())
