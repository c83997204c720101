"""What an appendix cell looks like: row ids, money, timeline phrases, unit names, headers.

The words come from ``corpora/reference/appendix_headers.yaml``; this module turns them into
patterns once and offers the small tests both table builders (grid and flattened) share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from vnplan.reference.keys import BULLETS, accent_key
from vnplan.reference.vocabularies import AppendixVocabulary, load_appendix_vocabulary

# Vietnamese capital letters, for character classes.
UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
FIELDS = ("id", "target", "task", "lead", "support", "output", "timeline", "budget")
# Fields of a row's own text (its identity): a row with none of them continues the row above.
KEY_FIELDS = ("id", "target", "task", "subject_unit")

# A row id as printed: "1", "1.3.1", "2,2,1" (a typo for 2.2.1), "1.1.", "I", "IV", "1)".
# The "who" columns of a task table: the units leading (chủ trì) and supporting (phối hợp) it.
UNIT_FIELDS = ("lead", "support")
ROW_ID = re.compile(r"^(?P<id>[IVX]{1,5}|\d{1,2}(?:\s?[.,]\s?\d{1,2}){0,3})\s*[.):]?$")
# In an id cell a single capital ("A", "B") heads a group above the roman ones (catalogues).
LETTER_ID = re.compile(rf"^[{UPPER}][.)]?$")
# A row id that begins a line with the row's text after it: "1.5 Công tác …", "3 CẢI CÁCH TTHC",
# "II. Cải cách thủ tục hành chính", "5.1.2 100% cán bộ …". Not "02 lần/tháng", "10 ngày sau".
LEADING_ID = re.compile(
    r"^(?P<id>[IVX]{1,5}|[1-9]\d?(?:[.,]\d{1,2}){0,3})(?:[.):]\s*|\s+)"
    rf"(?=[{UPPER}]|\d{{1,3}}\s?%|\()"
)
# A sum of money: "3.960.000", "12,900,000", "3.960.000 đ", "720.000đồng".
MONEY = re.compile(r"^(?P<amount>\d{1,3}(?:[.,]\d{3})+|\d{5,})\s*(?:đ|đồng|VNĐ|VND)?\.?$")
# A money amount ending a line after another cell: "Hàng tháng 720.000".
TRAILING_MONEY = re.compile(r"\s(?P<amount>\d{1,3}(?:[.,]\d{3}){1,4})\s*(?:đ|đồng)?$")
# A complete date inside a cell: "30/01/2021", "28/02/2021;".
DATE_IN = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?!\d)")
# An all-capitals title line: "CÔNG TÁC CHỈ ĐẠO ĐIỀU", "BỘ, CÔNG CHỨC".
_LETTERS = re.compile(r"[^\W\d_]")
# A cell waiting for its date: "- Ban hành Kế hoạch trước", "Trước ngày".
_ENDS_BEFORE = re.compile(r"\btrước(?:\s+ngày)?$")
_BEFORE_LAST_WORDS = ("trước", "ngày")  # the words such a cell ends with
# A delay or a frequency: "10 ngày sau khi …", "02 tháng kể từ …", "2 lần/năm".
_DELAY = re.compile(r"^\d{1,2}\s+(?:ngày|tháng|tuần)\s+(?:sau|trước|kể từ)")
_TIMES_PER = re.compile(r"^\d+\s*lần\s*/")
# Marks that leave a line hanging: "… các cơ quan,", "Sở Nội vụ -".
_DANGLING_MARKS = ",(–-/&"
_SPACE = re.compile(r"\s")
_SEPARATOR = re.compile(r"[.,]")


@dataclass
class DraftRow:
    """A row being rebuilt: cell texts by canonical field, where each lies, what went wrong."""

    cells: dict[str, str] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    inherited: set[str] = field(default_factory=set)  # cells copied from a merged cell above
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, severity, message)

    def add(self, name: str, text: str, start: int, end: int) -> None:
        """Append ``text`` (found at ``start:end``) to the cell ``name``."""
        text = _collapse_spaces(text)
        if not text:
            return
        old = self.cells.get(name)
        if old:
            broken = old.endswith(("-", "–")) and not old.endswith((" -", " –"))
            self.cells[name] = old + ("" if broken else " ") + text
            a, b = self.spans[name]
            self.spans[name] = (min(a, start), max(b, end))
        else:
            self.cells[name] = text
            self.spans[name] = (start, end)

    def move(self, source: str, target: DraftRow, name: str) -> None:
        """Move the cell ``source`` of this row into ``target`` as ``name``."""
        if source in self.cells:
            a, b = self.spans.pop(source)
            target.add(name, self.cells.pop(source), a, b)

    def filled(self, name: str) -> bool:
        return bool(self.cells.get(name))

    @property
    def span(self) -> tuple[int, int]:
        """Where the row's own cells stand (a cell inherited from a merged cell above is not
        part of it)."""
        own = [span for name, span in self.spans.items() if name not in self.inherited]
        if not own:
            return (0, 0)
        starts, ends = zip(*own, strict=True)
        return min(starts), max(ends)


def _collapse_spaces(text: str) -> str:
    """Each run of whitespace as one space, none at the ends: 'a  b\n' → 'a b'."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # already so (the space is the only printable whitespace): most cells
    return " ".join(text.split())


@dataclass(frozen=True)
class Cues:
    """Compiled cue patterns of the vocabulary."""

    vocabulary: AppendixVocabulary
    column_start: re.Pattern
    unit_start: re.Pattern
    unit_head: re.Pattern
    unit_qualifier: re.Pattern
    timeline_start: re.Pattern
    inner_timeline: re.Pattern
    dangling_end: re.Pattern
    strong_dangling_end: re.Pattern
    dangling_last_chars: frozenset[str]  # the characters a dangling end (either kind) ends with
    total_label: re.Pattern


def _alternation(words) -> str:
    """Words as a regex alternation, longest first; spaces match any run of spaces, and a
    trailing space asks for a capitalised word next ("Ban Chỉ đạo" is a unit, "Ban hành" is not)."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        piece = re.escape(word.strip()).replace("\\ ", " ").replace(" ", r"\s+")
        parts.append(piece + (rf"\s+(?=[{UPPER}])" if word.endswith(" ") else ""))
    return "|".join(parts)


@cache
def cues() -> Cues:
    v = load_appendix_vocabulary()
    starts = _alternation(v.column_starts)
    timeline = _alternation(v.timeline_starts)
    return Cues(
        vocabulary=v,
        # a header word at a line start or after a space (not after "/": "Kết quả/Sản phẩm")
        column_start=re.compile(rf"(?:(?<=^)|(?<=\s))(?:{starts})(?!\w)"),
        unit_start=re.compile(rf"^(?:{_alternation(v.unit_starts)})"),
        unit_head=re.compile(rf"^(?:{_alternation(v.unit_heads)})$"),
        unit_qualifier=re.compile(rf"^(?:{_alternation(v.unit_qualifiers)})$"),
        timeline_start=re.compile(rf"^(?:{timeline})(?!\w)"),
        # a capitalised timeline phrase after another cell on the same line:
        # "Kết quả cập nhật Thường xuyên", "Báo cáo Khi có yêu cầu"
        inner_timeline=re.compile(rf"(?<=\S)\s+(?=(?:{timeline})(?!\w))"),
        dangling_end=re.compile(rf"(?:[{re.escape(_DANGLING_MARKS)}]|\b(?:{_alternation(v.dangling_words)}))\s*$"),
        strong_dangling_end=re.compile(
            rf"(?:[{re.escape(_DANGLING_MARKS)}]|\b(?:{_alternation(v.dangling_before_units)}))\s*$"
        ),
        dangling_last_chars=frozenset(_DANGLING_MARKS).union(
            w.strip()[-1] for w in (*v.dangling_words, *v.dangling_before_units) if w.strip()
        ),
        total_label=re.compile(rf"^(?:{_alternation(v.total_labels)})\s*(?:cộng|số)?\s*:?$"),
    )


def normalise_id(text: str) -> str:
    """'2,2,1' → '2.2.1'; '1.1.' → '1.1'; 'II.' → 'II'."""
    cleaned = _SPACE.sub("", text).replace(",", ".")
    return cleaned.rstrip(".):")


# The tests below are pure functions of a cell's text, asked again and again for the same
# cells (each placement of a row is scored cell by cell): they are cached.


@lru_cache(maxsize=8192)
def parse_money(text: str) -> int | None:
    """'3.960.000' → 3960000; None when the cell is not a sum of money."""
    stripped = text.strip()
    match = MONEY.match(stripped) if stripped[:1].isdigit() else None  # an amount opens with a digit
    if not match:
        return None
    return int(_SEPARATOR.sub("", match["amount"]))


@lru_cache(maxsize=8192)
def ends_dangling(text: str, strong: bool = False) -> bool:
    """A line that cannot end there ("… của UBND tỉnh và", "… các cơ quan,"): the next line
    continues its cell. ``strong``: even a unit name on the next line continues it."""
    c = cues()
    tail = text.rstrip()
    if tail[-1:] not in c.dangling_last_chars:  # most lines: no mark or dangling word ends them
        return False
    pattern = c.strong_dangling_end if strong else c.dangling_end
    reach = _dangling_reach()
    return bool(pattern.search(tail[-reach:] if reach else text))


@cache
def _dangling_reach() -> int:
    """How much of a line's end the dangling patterns can look at: the longest dangling word
    and the character before it (for its word boundary); 0 (the whole line) when a word has
    a space in it."""
    v = cues().vocabulary
    words = [*v.dangling_words, *v.dangling_before_units]
    if any(w != w.strip() or " " in w for w in words):
        return 0
    return max(map(len, words), default=0) + 1


@lru_cache(maxsize=8192)
def is_upper_title(text: str) -> bool:
    """A line in capitals, like a group heading of the table ("CẢI CÁCH TTHC")."""
    if not text.isupper():  # a lower-case letter, or no cased letter at all
        return False
    letters = _LETTERS.findall(text)
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


@lru_cache(maxsize=8192)
def is_timeline(text: str) -> bool:
    """A cell that reads like a timeline: starts with a timeline phrase, holds a full date, or
    ends waiting for one ("- Ban hành Kế hoạch trước")."""
    stripped = text.strip().lstrip(BULLETS + " ").strip()
    if cues().timeline_start.match(stripped):
        return True
    # (the date and "trước" searches scan the whole cell: only cells with a "/" or ending in
    # one of the words can match, and most cells are long task texts that do neither)
    if "/" in stripped and DATE_IN.search(stripped):
        return True
    if stripped.endswith(_BEFORE_LAST_WORDS) and _ENDS_BEFORE.search(stripped):
        return True
    if not stripped[:1].isdigit():  # a delay or a frequency opens with its number
        return False
    return bool(_DELAY.match(stripped)) or bool(_TIMES_PER.match(stripped))


@lru_cache(maxsize=8192)
def is_unit(text: str) -> bool:
    """A cell that names a unit (chủ trì / phối hợp): 'Văn phòng – Thống kê', 'Bộ phận TN&TKQ'."""
    return bool(cues().unit_start.match(text.strip()))


# A parenthesis in a header: "Thời gian (Năm 2026)", "Tỉnh (trước sắp xếp)".
_PARENTHESIS = re.compile(r"\([^()]*\)?")


@lru_cache(maxsize=8192)
def classify_header(header: str) -> str | None:
    """The canonical field of a printed column header, or None."""
    lowered = " ".join(header.split()).casefold()
    bare = None
    for field_name, phrase, pattern in _header_rules():
        if pattern is None:
            if bare is None:  # the whole header, a parenthesis aside: "Tỉnh (trước sắp xếp)"
                bare = " ".join(_PARENTHESIS.sub(" ", lowered).split()).strip(" .:")
            if lowered.strip(" .") == phrase or bare == phrase:
                return field_name
        elif pattern.search(lowered):
            return field_name
    return _classify_unaccented(accent_key(_STRAY_MARKS.sub(" ", header)))


# Marks OCR leaves between a header's words ("Mục'tiêu", "Nhiệm vụ ¬"): read as spaces when a
# header matches no rule as printed.
_STRAY_MARKS = re.compile(r"[\'\"`‘’“”¬*#_~|]+")


def _classify_unaccented(key: str) -> str | None:
    """The field of a header whose accents OCR misread ("Chu trì" for "Chủ trì") or which OCR
    marked with stray marks: the same rules on keys without accents or marks, tried only when
    the header matched none as printed."""
    bare = " ".join(accent_key(_PARENTHESIS.sub(" ", key)).split()).strip(" .:")
    for field_name, phrase, pattern in _unaccented_rules():
        if pattern is None:
            if key.strip(" .") == phrase or bare == phrase:
                return field_name
        elif pattern.search(key):
            return field_name
    return None


@cache
def _unaccented_rules() -> tuple[tuple[str, str, re.Pattern | None], ...]:
    return tuple((f, accent_key(phrase), None if pattern is None else
                  re.compile(rf"(?<!\w){re.escape(accent_key(phrase))}(?!\w)"))
                 for f, phrase, pattern in _header_rules())


def header_words(header: str) -> int:
    """How many words a header cell has, its parenthesis aside ("Chỉ tiêu thống kê (Sử dụng
    trong kỳ báo cáo …)" has 4): a note in brackets does not make a header a data cell."""
    return len(_PARENTHESIS.sub(" ", header).split())


@cache
def _header_rules() -> tuple[tuple[str, str, re.Pattern | None], ...]:
    """(field, casefolded phrase, pattern) in the vocabulary's order; an id header and a
    rule's ``whole`` phrases are matched whole (pattern None), the others as words inside the
    header."""
    rules = []
    for rule in cues().vocabulary.columns:
        for phrase in rule.headers:
            folded = phrase.casefold()
            pattern = None if rule.field == "id" else re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")
            rules.append((rule.field, folded, pattern))
        rules.extend((rule.field, phrase.casefold(), None) for phrase in rule.whole)
    return tuple(rules)
