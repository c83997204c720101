"""Quantitative targets (chỉ tiêu): every number the plan commits to, in document order.

    "Trên 95% số hồ sơ TTHC được trả kết quả giải quyết đúng hạn"
        → Target(value=95, unit="%", comparator=">", subject="hồ sơ TTHC được trả kết quả …")

A target is a percentage, a waiting time in minutes, or a count of a measured thing (sáng kiến,
phần mềm, lần/năm). Everything else that looks like a number — dates, số hiệu, budgets in đồng,
ISO 9001:2015, "mức độ 3, 4", "Tổng đài 1022", phone numbers, list labels — carries no unit from
that list and so never becomes a target.

The hot path is regular expressions only; the subject phrase is cut by rules (see
``vnplan.extractors.clauses``), not by underthesea, which would add ~10 ms per plan.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from vnplan.extractors.clauses import Clause, find_clauses, subject_after, subject_before
from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.document.layout import find_cell
from vnplan.models import AppendixTable, Target

_NUM = r"\d{1,3}(?:[.,]\d{1,2})?"

# A quantity: "95%", "30 %", "98% -100%", "50 – 60%", "90-100%", "90% đến 100%",
# "13-15 phút", "1-2 sáng kiến", "2 lần/năm", "5 phần mềm".
QUANTITY = re.compile(
    rf"(?<![\d/.,:])(?P<low>{_NUM})(?:\s?(?P<low_pct>%))?"
    rf"(?:\s*(?:-|–|—|đến)\s*(?P<high>{_NUM}))?"
    r"\s?(?P<unit>%|phút\b|sáng\s+kiến\b|phần\s+mềm\b|mô\s+hình\b|lần\s*/\s*(?:năm|quý|tháng)\b)",
    re.IGNORECASE,
)
# A rank: "nằm trong nhóm 5 địa phương dẫn đầu" → at most 5th.
RANK = re.compile(r"\bnhóm\s+(?P<low>\d{1,2})\s+(?:\w+\s+){0,3}?dẫn\s+đầu", re.IGNORECASE)

# Cheap literal cues that a line may hold a quantity (the full patterns run only there).
_CUES = ("%", "phút", "sáng kiến", "phần mềm", "mô hình", "lần/", "lần /", "dẫn đầu")
_CUE_FIRST_WORDS = tuple(dict.fromkeys(cue.split()[0] for cue in _CUES))  # "%", "phút", "sáng" …
# A quantity opens with its number: QUANTITY is tried only where a run of digits begins.
# (Written \d\d* rather than \d+: a pattern that opens with a character class lets re skip
# ahead to the next digit at C speed.)
_DIGITS = re.compile(r"\d\d*")

# Units that name the counted thing itself ("5 phần mềm dùng chung").
_COUNTED = {"sáng kiến", "phần mềm", "mô hình"}

# Counted units that are a schedule, not a commitment, unless a comparator says otherwise:
# "02 lần/tháng" in a timeline cell.
_NEEDS_COMPARATOR = {"lần/tháng", "lần/quý", "lần/năm"}

# Comparator phrases standing right before the number (checked longest first).
# "tăng" counts only as a verb of increase, never "tăng cường" (strengthen).
_INCREASE = re.compile(r"\btăng(?!\s+cường)(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
_BEFORE = [
    (re.compile(r"\b(?:trên|vượt)\s*$", re.IGNORECASE), ">"),
    (re.compile(r"\b(?:tối\s+thiểu|ít\s+nhất|không\s+thấp\s+hơn|không\s+dưới|từ)\s*$",
                re.IGNORECASE), ">="),
    (re.compile(r"\b(?:tối\s+đa|không\s+quá|không\s+vượt\s+quá|dưới)\s*$", re.IGNORECASE), "<="),
]
# "… 80% trở lên", "… 20% tại cấp xã trở lên" (within the clause, before the next number).
_AT_LEAST_AFTER = re.compile(r"\btrở\s+lên\b", re.IGNORECASE)
# Deadline: "đến năm 2025", "trong năm 2024", "Đến năm 2025, đạt …".
_DEADLINE = re.compile(r"\b(?:đến|trong|vào|cuối)\s+năm\s+(?P<year>20\d{2})\b", re.IGNORECASE)
# Baseline: "so với năm 2023", "cao hơn năm 2023", "so với cùng kỳ".
_BASELINE = re.compile(
    r"\b(?:so\s+với|cao\s+hơn|thấp\s+hơn)\s+(?P<base>năm\s+20\d{2}|cùng\s+kỳ(?:\s+năm\s+20\d{2})?)",
    re.IGNORECASE,
)
# A word each pattern needs, found in the lower-cased clause with a plain substring test before
# the (much slower) search runs. No "i" or "s" in these words: IGNORECASE also matches "ı" and
# "ſ" for those letters, str.lower() does not.
_RANK_WORD = "nhóm"
_AT_LEAST_WORD = "trở"
_DEADLINE_WORD = "năm"
_BASELINE_WORDS = ("năm", "kỳ")


@dataclass
class _Hit:
    start: int
    end: int
    low: float
    high: float | None
    unit: str
    comparator: str | None = None
    comparator_start: int = 0
    unit_start: int = 0


def find_targets(
    text: str,
    context: ExtractionContext,
    appendix: Sequence[AppendixTable] = (),
) -> list[Target]:
    """Every quantitative target of the plan, in document order.

    Body targets come from the text before the appendix. Appendix targets come from the
    objective cells (Mục tiêu) of ``appendix`` — the task cells when a table has no objective
    column — and carry their row id; without tables, the appendix text is read line by line.
    """
    body_end = context.body_end if context.body_end is not None else len(text)
    targets = _region_targets(text, 0, body_end)
    if appendix:
        for table in appendix:
            field = "target" if "target" in table.column_map.values() else "task"
            for row in table.rows:
                cell = getattr(row, field)
                where = find_cell(text, cell, row.span) if cell and _has_cue(cell) else None
                if where is None:
                    continue
                for target in _region_targets(text, *where):
                    target.appendix_row = row.id
                    targets.append(target)
    else:
        targets += _region_targets(text, body_end, len(text))
    _inherit_subjects(text, targets)
    section_path = _section_paths(context)
    for target in targets:
        target.section = section_path(target.span[0])
        target.page = context.page_at(target.span[0])
    return targets


def _section_paths(context: ExtractionContext) -> Callable[[int], list[str]]:
    """``context.section_path``, asked once per stretch of text in which no section starts
    or ends (within such a stretch every offset lies in the same sections)."""
    bounds: set[int] = set()
    stack = list(context.sections)
    while stack:
        section = stack.pop()
        bounds.update(section.span)
        stack.extend(section.children)
    ordered = sorted(bounds)
    known: dict[int, list[str]] = {}

    def section_path(offset: int) -> list[str]:
        stretch = bisect_right(ordered, offset)
        if stretch not in known:
            known[stretch] = context.section_path(offset)
        return list(known[stretch])

    return section_path


def _has_cue(cell: str) -> bool:
    """Whether a table cell holds a unit cue. The cell stands in the text with its words in
    the same order (only the spaces between them may differ), so a cell without a cue yields
    no target and need not be looked up."""
    if not any(word in cell for word in _CUE_FIRST_WORDS):
        return False
    squashed = _squash(cell)
    return any(cue in squashed for cue in _CUES)


def _region_targets(text: str, start: int, end: int) -> list[Target]:
    """Targets of ``text[start:end]``; only lines holding a unit cue are cut into clauses."""
    targets: list[Target] = []
    for line_start, line_end in _cue_lines(text, start, end):
        for clause in find_clauses(text, line_start, line_end):
            targets += _clause_targets(text, clause)
    return targets


def _cue_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the lines that contain a unit cue, in order (plain ``str.find``: fast)."""
    starts = set()
    for cue in _CUES:
        pos = text.find(cue, start, end)
        while pos >= 0:
            starts.add(max(text.rfind("\n", start, pos) + 1, start))
            pos = text.find("\n", pos, end)
            pos = -1 if pos < 0 else text.find(cue, pos, end)
    lines = []
    for line_start in sorted(starts):
        line_end = text.find("\n", line_start, end)
        lines.append((line_start, end if line_end < 0 else line_end))
    return lines


def _clause_targets(text: str, clause: Clause) -> list[Target]:
    piece = text[clause.start : clause.end]
    if not any(cue in piece for cue in _CUES):
        return []
    lowered = piece.lower()
    hits = [hit for m in _quantities(piece) if (hit := _hit(text, clause, m)) is not None]
    if _RANK_WORD in lowered:  # quantities come in text order; ranks are merged in by start
        hits += [
            _Hit(clause.start + m.start("low"), clause.start + m.end("low"), float(m["low"]), None,
                 "hạng", "<=", clause.start + m.start())
            for m in RANK.finditer(piece)
        ]
        hits.sort(key=lambda h: h.start)
    if not hits:
        return []
    deadline = _DEADLINE.search(piece) if _DEADLINE_WORD in lowered else None
    baseline = _BASELINE.search(piece) if any(w in lowered for w in _BASELINE_WORDS) else None
    clause_text = _squash(piece)
    may_say_at_least = _AT_LEAST_WORD in lowered
    targets = []
    for i, hit in enumerate(hits):
        prev_end = hits[i - 1].end if i else clause.start
        next_start = hits[i + 1].comparator_start if i + 1 < len(hits) else clause.end
        if hit.comparator is None:
            at_least = may_say_at_least and _AT_LEAST_AFTER.search(text[hit.end : next_start])
            hit.comparator = ">=" if at_least else "="
        if hit.unit in _NEEDS_COMPARATOR and hit.comparator == "=":
            continue
        # "5 phần mềm dùng chung": a counted noun is part of what is measured.
        after_start = hit.unit_start if hit.unit in _COUNTED else hit.end
        subject = None
        if hit.unit != "hạng":  # a rank's subject stands before it: "Chỉ số CCHC … nằm trong nhóm 5"
            subject = subject_after(text, after_start, next_start, runs_into_next=i + 1 < len(hits))
        if subject is None:
            subject = subject_before(text, prev_end, hit.comparator_start)
        if subject is None:
            subject = subject_after(text, hit.end, next_start, runs_into_next=False, strict=False)
        targets.append(
            Target(
                text=clause_text,
                value=hit.low,
                value_max=hit.high,
                unit=hit.unit,
                comparator=hit.comparator,
                subject=subject,
                deadline_year=int(deadline["year"]) if deadline else None,
                baseline=_squash(baseline["base"]) if baseline else None,
                span=(hit.comparator_start, hit.end),
                clause_span=(clause.start, clause.end),
            )
        )
    return targets


def _quantities(piece: str) -> Iterator[re.Match]:
    """The matches of ``QUANTITY.finditer(piece)``, with the pattern tried only where a run of
    digits begins: a quantity opens with its number, and inside a run its look-behind (no digit
    before the number) fails anyway. This skips the words between numbers."""
    pos = 0
    for run in _DIGITS.finditer(piece):
        if run.start() < pos:
            continue  # inside the quantity just found
        found = QUANTITY.match(piece, run.start())
        if found:
            yield found
            pos = found.end()


def _inherit_subjects(text: str, targets: list[Target]) -> None:
    """A number without its own subject continues the previous one on the same line:
    "Mức độ hài lòng … đạt từ 95%; đến năm 2025 đạt 98% trở lên"."""
    for prev, target in pairwise(targets):
        same_line = text.find("\n", prev.span[1], target.span[0]) < 0
        if target.subject is None and same_line:
            target.subject = prev.subject


def _hit(text: str, clause: Clause, m: re.Match) -> _Hit | None:
    start, end = clause.start + m.start(), clause.start + m.end()
    low = _number(m["low"])
    high = _number(m["high"]) if m["high"] else None
    if high is not None and high <= low:
        return None  # "2021 – 2025"-like pairs are never ranges of a target
    hit = _Hit(start, end, low, high, _unit_name(m["unit"]), comparator_start=start,
               unit_start=clause.start + m.start("unit"))
    if high is not None:
        hit.comparator = "range"
    before = text[max(clause.start, start - 40) : start]
    increase = _INCREASE.search(before)
    if increase:
        hit.comparator = hit.comparator or "increase_by"
        hit.comparator_start = start - (len(before) - increase.start())
        return hit
    for pattern, comparator in _BEFORE:
        found = pattern.search(before)
        if found:
            hit.comparator = hit.comparator or comparator
            hit.comparator_start = start - (len(before) - found.start())
            break
    return hit


@lru_cache(maxsize=256)
def _unit_name(raw: str) -> str:
    """"lần / năm" → "lần/năm", "Phút" → "phút" (a plan spells a few units many times)."""
    return _squash(raw).replace(" / ", "/").replace(" /", "/").replace("/ ", "/").lower()


def _number(raw: str) -> float:
    return float(raw.replace(",", "."))


def _squash(value: str) -> str:
    return " ".join(value.split())


