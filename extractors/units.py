"""Responsible units (đơn vị chủ trì, phối hợp): who the plan makes answer for what.

Two sources:
- the numbered headings of the "Tổ chức thực hiện" section — "2. Công chức Văn phòng UBND xã",
  "3. Công chức Tư pháp – Hộ tịch: Chủ trì tham mưu …", "1. Văn phòng UBND xã là cơ quan thường
  trực …" — with the items under each heading as the unit's duties;
- the lead (chủ trì) and support (phối hợp) cells of the appendix tables, when given.

Spellings are folded to one name with the alias table ``corpora/reference/unit_aliases.yaml``
(``Văn phòng - thống kê`` = ``VP-TK`` = ``Văn phòng – Thống kê``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.document.layout import find_cell
from vnplan.models import AppendixRow, AppendixTable, Duty, Section, Unit
from vnplan.reference.keys import BULLET_CLASS, accent_key
from vnplan.reference.vocabularies import UnitAliases, load_unit_aliases

ROLES = ("chủ trì", "phối hợp", "tham mưu", "thường trực")

# the "Tổ chức thực hiện" section, matched without accents (OCR reads "thụchiện" too)
_IMPLEMENTATION = re.compile(r"to\s+chuc\s+thuc\s+hien")
# "1. ", "2.1 ", "3) " before a heading's text.
_LABEL = re.compile(r"\s*\d+(?:\.\d+)*\s*[.)]?\s*")
# Where a unit's name ends in its heading and its duties begin:
# "…: Chủ trì …", "… là cơ quan thường trực …", "… có trách nhiệm …", "… (Phụ trách …)".
_NAME_END = re.compile(
    r"\s*:\s*|\s+(?=là\s+(?:cơ\s+quan|bộ\s+phận|đơn\s+vị)\b)|\s+(?=(?:có|chịu)\s+trách\s+nhiệm\b)"
    r"|\s*\(",
    re.IGNORECASE,
)
# Role words near the start of a duty: "Chủ trì, phối hợp …" → chủ trì.
_ROLE_WORD = re.compile(r"chủ\s+trì|phối\s+hợp|tham\s+mưu|thường\s+trực", re.IGNORECASE)
ROLE_WINDOW = 40
# List markers opening a duty line: "- ", "+ ", "a) ".
_MARKER = re.compile(rf"\s*(?:{BULLET_CLASS}\s*|[a-zđ]\)\s*)")
# A sentence end inside a paragraph: ". Chủ trì …".
_SENTENCE_END = re.compile(r"\.\s+(?=[A-ZĐÀ-Ỹ])")
# The plan's closing words after the last unit: "Trên đây là Kế hoạch …", "UBND xã yêu cầu …".
_CLOSING = re.compile(
    r"\s*(?:Trên\s+đây|(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+(?:xã|phường)\s+yêu\s+cầu|Đề\s+nghị\s+(?:các|trưởng))",
    re.IGNORECASE,
)
# "Các bộ phận: Văn phòng, ĐCXD-NNMT, …" — a list introduced by a collective noun.
# A line that names units with their role: "- Đơn vị chủ trì: Sở Nội vụ", "Cơ quan thực hiện:
# UBND các xã, phường", "Bộ phận phối hợp: Văn phòng; Tư pháp".
_ROLE_LINE = re.compile(
    rf"^\s*(?:{BULLET_CLASS}\s*)?(?:Đơn\s+vị|Cơ\s+quan|Bộ\s+phận)\s+"
    r"(?P<role>chủ\s+trì|thực\s+hiện|phối\s+hợp|tham\s+mưu)(?:\s+thực\s+hiện)?\s*:\s*"
    r"(?P<names>\S.*?)\s*[.;]?\s*$", re.IGNORECASE | re.MULTILINE)
_ROLE_OF = {"chủ trì": "chủ trì", "thực hiện": "chủ trì", "phối hợp": "phối hợp",
            "tham mưu": "tham mưu"}
_LIST_INTRO = re.compile(r"^\s*các\s+bộ\s+phận\s*:\s*", re.IGNORECASE)


class _Units:
    """Units by canonical name, in order of first appearance."""

    def __init__(self, aliases: UnitAliases) -> None:
        self.aliases = aliases
        self.units: dict[str, Unit] = {}
        self.seen: set[tuple[str, tuple[int, int], str | None]] = set()  # (unit, duty span, role)
        self._mentions: dict[str, set[tuple[int, int]]] = {}  # unit name → its mention spans
        self._pieces: dict[str, list[str]] = {}  # cell text → its unit spellings (cells repeat)
        self._names: dict[str, tuple[str, str]] = {}  # spelling → (squashed spelling, unit name)

    def add(self, spelling: str, span: tuple[int, int]) -> Unit:
        spelling, name = self._name(spelling)
        unit = self.units.get(name)
        if unit is None:
            unit = self.units[name] = Unit(name=name)
            self._mentions[name] = set()
        if spelling not in unit.aliases:
            unit.aliases.append(spelling)
        mentions = self._mentions[name]
        if span not in mentions:
            mentions.add(span)
            unit.mentions.append(span)
        return unit

    def _name(self, spelling: str) -> tuple[str, str]:
        """(spelling with its spaces squashed, the unit's name), worked out once per spelling."""
        known = self._names.get(spelling)
        if known is None:
            squashed = " ".join(spelling.split())
            name = self.aliases.canonical(squashed) or _display(squashed, self.aliases)
            known = self._names[spelling] = (squashed, name)
        return known

    def cell_pieces(self, cell: str) -> list[str]:
        """``_cell_pieces`` of ``cell``, worked out once per distinct cell text."""
        pieces = self._pieces.get(cell)
        if pieces is None:
            pieces = self._pieces[cell] = _cell_pieces(cell, self.aliases)
        return pieces


def find_units(
    text: str,
    context: ExtractionContext,
    appendix: Sequence[AppendixTable] = (),
    aliases: UnitAliases | None = None,
) -> list[Unit]:
    """Every unit the plan makes responsible, with its roles and duties."""
    found = _Units(aliases or load_unit_aliases())
    section = next((s for s in context.sections if _IMPLEMENTATION.search(accent_key(s.title))), None)
    for child in section.children if section else ():
        _read_heading(text, child, found, context)
    for table in appendix:
        for row in table.rows:
            if not (row.lead or row.support):
                continue
            task_where = find_cell(text, row.task, row.span) if row.task else None
            for cell, role in ((row.lead, "chủ trì"), (row.support, "phối hợp")):
                if cell:
                    _read_cell(text, cell, role, row, task_where or row.span, found, context)
    _read_role_lines(text, context, found)
    for unit in found.units.values():
        roles = {duty.role for duty in unit.duties}
        unit.roles = [role for role in ROLES if role in roles]
    return list(found.units.values())


def _read_heading(text: str, section: Section, found: _Units, context: ExtractionContext) -> None:
    start, end = section.heading_span
    label = _LABEL.match(text, start, end)
    name_start = label.end() if label else start
    cut = _NAME_END.search(text, name_start, end)
    name_end = cut.start() if cut else end
    name = text[name_start:name_end]
    if not found.aliases.looks_like_unit(name):
        return  # "3. Kinh phí" is a heading, not a unit
    units = [found.add(piece, span) for piece, span in _split_names(text, name_start, name_end, found)]
    duties_start = cut.end() if cut and cut.group().strip() != "(" else end
    if cut and cut.group().strip() == "(":
        close = text.find(")", cut.end(), end)
        duties_start = close + 1 if close >= 0 else end
    for duty in _duties(text, duties_start, section.span[1], context):
        for unit in units:
            unit.duties.append(duty)


def _split_names(text: str, start: int, end: int, found: _Units) -> list[tuple[str, tuple[int, int]]]:
    """One heading may name two units: "Ban biên tập Trang thông tin điện tử xã, Đài truyền thanh"."""
    whole = text[start:end]
    if found.aliases.canonical(whole) is None:
        pieces, pos = [], start
        for piece in whole.split(","):
            pieces.append((piece.strip(), (pos + len(piece) - len(piece.lstrip()), pos + len(piece.rstrip()))))
            pos += len(piece) + 1
        if len(pieces) > 1 and all(found.aliases.looks_like_unit(p) for p, _ in pieces):
            return pieces
    return [(whole.strip(), (start, end))]


def _duties(text: str, start: int, end: int, context: ExtractionContext) -> list[Duty]:
    """The items under a unit's heading: list items, lettered items and their sentences."""
    items: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        if _CLOSING.match(text, pos, line_end):
            break
        marker = _MARKER.match(text, pos, line_end)
        item_start = marker.end() if marker and marker.group().strip() else pos
        continues = (
            items and not (marker and marker.group().strip())
            and not text[items[-1][0] : items[-1][1]].rstrip().endswith((".", ";", ":"))
        )
        if continues:
            items[-1] = (items[-1][0], line_end)  # a line broken mid-sentence
        elif text[item_start:line_end].strip():
            items.append((item_start, line_end))
        pos = line_end + 1
    duties = []
    for item_start, item_end in items:
        for s, e in _sentences(text, item_start, item_end):
            duty_text = " ".join(text[s:e].split())
            duties.append(Duty(text=duty_text, role=_role(duty_text), span=(s, e), page=context.page_at(s)))
    return duties


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, pos = [], start
    for found in _SENTENCE_END.finditer(text, start, end):
        spans.append((pos, found.start() + 1))
        pos = found.end()
    spans.append((pos, end))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in spans) if e > s]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _role(duty: str) -> str | None:
    """The role a duty gives its unit: the first role word near its start."""
    found = _ROLE_WORD.search(duty[:ROLE_WINDOW])
    return " ".join(found.group().lower().split()) if found else None


def _read_role_lines(text: str, context: ExtractionContext, found: _Units) -> None:
    """Units a line names with their role ("Đơn vị chủ trì: Sở Nội vụ"), the line its duty."""
    end = context.body_end if context.body_end is not None else len(text)
    if "Đơn vị" not in text and "Cơ quan" not in text and "Bộ phận" not in text:
        return
    for m in _ROLE_LINE.finditer(text, 0, end):
        role = _ROLE_OF[" ".join(m["role"].casefold().split())]
        span = (m.start("names"), m.end("names"))
        duty = Duty(text=" ".join(m.group(0).split()), role=role, span=(m.start(), m.end()),
                    page=context.page_at(m.start()))
        for piece in found.cell_pieces(m["names"]):
            where = find_cell(text, piece, span) or span
            unit = found.add(piece, where)
            key = (unit.name, duty.span, role)
            if key not in found.seen:
                found.seen.add(key)
                unit.duties.append(duty)


def _read_cell(text: str, cell: str, role: str, row: AppendixRow, duty_span: tuple[int, int],
               found: _Units, context: ExtractionContext) -> None:
    """Units named in an appendix lead/support cell, each given the row's task as a duty.

    ``duty_span`` is where the row's task stands (the row's span when it was not found).
    """
    where = find_cell(text, cell, row.span)
    span = where or row.span
    duty: Duty | None = None  # built only when some unit does not have it yet
    for piece in found.cell_pieces(cell):
        # A cell naming one unit (piece == cell): the unit stands where the cell does.
        piece_where = find_cell(text, piece, span) if where and piece != cell else where
        unit = found.add(piece, piece_where or span)
        key = (unit.name, duty_span, role)
        if key not in found.seen:
            found.seen.add(key)
            if duty is None:
                duty = Duty(text=" ".join((row.task or cell).split()), role=role, span=duty_span,
                            page=context.page_at(duty_span[0]))
            unit.duties.append(duty)


def _cell_pieces(cell: str, aliases: UnitAliases) -> list[str]:
    """Split "Các bộ phận: Văn phòng, ĐCXD-NNMT, VHXX" or "A; B" into unit spellings."""
    cell = " ".join(cell.split()).strip(" ;,")
    if aliases.canonical(cell):
        return [cell]
    cell = _LIST_INTRO.sub("", cell)
    if cell.casefold().startswith("các ") and ";" not in cell:
        return [cell]  # "Các cán bộ, công chức có sai phạm" is one collective
    pieces: list[str] = []
    for part in re.split(r"\s*;\s*|\s+và\s+(?=các\b)", cell):
        for piece in re.split(r"\s*,\s*", part):
            if not piece:
                continue
            if pieces and not aliases.looks_like_unit(piece) and not aliases.canonical(piece):
                pieces[-1] += ", " + piece  # "Các ban, ngành có liên quan" stays whole
            else:
                pieces.append(piece)
    return pieces


def _display(spelling: str, aliases: UnitAliases) -> str:
    """A readable name for a unit the alias table does not know: prefixes and "xã" dropped."""
    text = re.sub(r"\s*[-–—]\s*", " – ", spelling)
    folded = text.casefold()
    for prefix in aliases.prefixes:
        if folded.startswith(prefix + " "):
            text = text[len(prefix) + 1 :]
            break
    text = re.sub(r"\s+(?:xã|phường|thị trấn)$", "", text.strip(" .,;:"))
    return text[:1].upper() + text[1:]


