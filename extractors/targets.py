"""Quantitative targets (chỉ tiêu): every number the document commits to or reports, in
document order.

    "Trên 95% số hồ sơ TTHC được trả kết quả giải quyết đúng hạn"
        → Target(value=95, unit="%", comparator=">", subject="hồ sơ TTHC được trả kết quả …")

Each number is a commitment (kind "target") or an achievement reported (kind "result", with the
period it covers): a report's "tỷ lệ hồ sơ trực tuyến đạt 68,1%" is a result, a plan's "phấn
đấu 85% …" a target. The cue words are data (corpora/reference/target_kinds.yaml); see
``_assign_kinds`` for the rule.

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
from typing import TypeVar

from vnplan.extractors.clauses import (
    Clause,
    find_clauses,
    lead_in,
    subject_after,
    subject_before,
    without_asides,
)
from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.document.layout import find_cell
from vnplan.models import AppendixRow, AppendixTable, Section, Target, TargetKind
from vnplan.reference.vocabularies import TargetKindCues, load_target_kind_cues

_NUM = r"\d{1,3}(?:[.,]\d{1,2})?"

# A quantity: "95%", "30 %", "98% -100%", "50 – 60%", "90-100%", "90% đến 100%",
# "70% - dưới 100%", "70 đến dưới 100%" (a band up to, not including, its top),
# "13-15 phút", "1-2 sáng kiến", "2 lần/năm", "5 phần mềm".
QUANTITY = re.compile(
    rf"(?<![\d/.,:])(?P<low>{_NUM})(?:\s?(?P<low_pct>%))?"
    rf"(?:\s*(?:-|–|—|đến)\s*(?:dưới\s+)?(?P<high>{_NUM}))?"
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
    (re.compile(r"(?:\b(?:trên|vượt)|>)\s*$", re.IGNORECASE), ">"),
    (re.compile(r"(?:\b(?:tối\s+thiểu|ít\s+nhất|không\s+thấp\s+hơn|không\s+dưới|từ)|≥|>=)\s*$",
                re.IGNORECASE), ">="),
    (re.compile(r"(?:\b(?:tối\s+đa|không\s+quá|không\s+vượt\s+quá|dưới)|≤|<=)\s*$",
                re.IGNORECASE), "<="),
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

T = TypeVar("T")


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

    Body targets come from the text before the appendix (those inside a table of the body
    carry their row's id). Appendix targets come from every text cell of ``appendix``'s rows
    — objective, task, output — and carry their row id; without tables, the appendix text is
    read line by line.
    """
    body_end = context.body_end if context.body_end is not None else len(text)
    targets = _region_targets(text, 0, body_end)
    if appendix:
        seen = {t.span for t in targets}
        rows = [row for table in appendix for row in table.rows]
        _link_rows(targets, [row for row in rows if row.span[0] < body_end])
        for row in rows:
            if row.span[0] < body_end:
                continue  # a table in the body: its targets were read with the body
            for cell in _cells(row):
                where = find_cell(text, cell, row.span) if _has_cue(cell) else None
                if where is None:
                    continue
                for target in _region_targets(text, *where):
                    if target.span not in seen:  # a cell repeated in two columns counts once
                        seen.add(target.span)
                        target.appendix_row = row.id
                        targets.append(target)
        targets.sort(key=lambda t: t.span[0])
    else:
        targets += _region_targets(text, body_end, len(text))
    _inherit_subjects(text, targets)
    section_path = _per_stretch(context, context.section_path)
    for target in targets:
        target.section = list(section_path(target.span[0]))
        target.page = context.page_at(target.span[0])
    _assign_kinds(text, targets, context)
    return targets


def _cells(row: AppendixRow) -> list[str]:
    """The text cells of a row where a target may stand, whichever column: the objective
    (Mục tiêu), the task, the output (Kết quả cần đạt)."""
    return list(dict.fromkeys(c for c in (row.target, row.task, row.output) if c))


def _link_rows(targets: list[Target], rows: list[AppendixRow]) -> None:
    """A target read in the body that stands in a table row of the body belongs to that row."""
    for target in targets:
        for row in rows:
            if row.span[0] <= target.span[0] < row.span[1]:
                target.appendix_row = row.id
                break


def _per_stretch(context: ExtractionContext, ask: Callable[[int], T]) -> Callable[[int], T]:
    """``ask(offset)``, asked once per stretch of text in which no section starts or ends
    (within such a stretch every offset lies in the same sections)."""
    bounds: set[int] = set()
    stack = list(context.sections)
    while stack:
        section = stack.pop()
        bounds.update(section.span)
        stack.extend(section.children)
    ordered = sorted(bounds)
    known: dict[int, T] = {}

    def cached(offset: int) -> T:
        stretch = bisect_right(ordered, offset)
        if stretch not in known:
            known[stretch] = ask(offset)
        return known[stretch]

    return cached


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


# --- target or result ------------------------------------------------------------------------

# A year named before a number: "đến năm 2030" in a report of 2025 looks forward.
_YEAR = re.compile(r"\bnăm\s+(?P<year>20\d\d)\b", re.IGNORECASE)
# The period a result covers, as printed: "9 tháng đầu năm 2025", "6 tháng cuối năm 2025",
# "quý III/2025", "quý I năm 2025", "tháng 11/2025", "từ ngày 01/7/2025 đến nay",
# "đến hết ngày 10/12/2025", "đến thời điểm ngày 10/12/2025", "giai đoạn 2021 - 2025", "năm 2025".
_PERIOD = re.compile(
    r"\b(?:(?:\d{1,2}|sáu|chín)\s+tháng\s+(?:đầu|cuối)\s+năm\s+20\d\d"
    r"|quý\s+[IV]{1,3}(?:\s*/\s*|\s+năm\s+)20\d\d"
    r"|tháng\s+\d{1,2}(?:\s*/\s*|\s+năm\s+)20\d\d"
    r"|từ\s+ngày\s+\d{1,2}/\d{1,2}/20\d\d\s+đến\s+(?:nay|(?:hết\s+)?ngày\s+\d{1,2}/\d{1,2}/20\d\d)"
    r"|đến\s+(?:hết\s+|thời\s+điểm\s+)?ngày\s+\d{1,2}/\d{1,2}/20\d\d"
    r"|giai\s+đoạn\s+20\d\d\s*[-–—]\s*20\d\d"
    r"|năm\s+20\d\d)\b",
    re.IGNORECASE,
)
# Words before a year that make it a baseline, not a period: "so với năm 2024".
_BASELINE_BEFORE = re.compile(r"(?:so\s+với|cao\s+hơn|thấp\s+hơn)(?:\s+cùng\s+kỳ)?\s+$",
                              re.IGNORECASE)
_ROMAN = re.compile(r"[IVX]+")


@dataclass(frozen=True)
class _KindCues:
    """target_kinds.yaml, compiled: one pattern for the words before a number and one for
    section titles, and the kind each cue (lower-cased, spaces squashed) stands for."""

    result_families: frozenset[str]
    words: re.Pattern
    titles: re.Pattern
    kinds: dict[str, TargetKind]


@lru_cache(maxsize=1)
def _kind_cues() -> _KindCues:
    cues: TargetKindCues = load_target_kind_cues()
    kinds: dict[str, TargetKind] = {}
    for kind, words in (("target", cues.commitment_cues + cues.commitment_sections),
                        ("result", cues.result_cues + cues.result_sections)):
        kinds.update((_squash(w).lower(), kind) for w in words)
    return _KindCues(
        cues.result_families,
        _cue_pattern(cues.commitment_cues + cues.result_cues),
        _cue_pattern(cues.commitment_sections + cues.result_sections),
        kinds,
    )


def _cue_pattern(words: Sequence[str]) -> re.Pattern:
    """Any of ``words`` as whole words, case-insensitive, spaces flexible; longest first."""
    spelled = (r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{'|'.join(spelled)})(?!\w)", re.IGNORECASE)


def _assign_kinds(text: str, targets: list[Target], context: ExtractionContext) -> None:
    """Tell commitments (kind "target") from achievements reported (kind "result").

    The first rule that applies decides:
    1. the cue nearest before the number — in the words that lead up to it, back to the
       previous number of its clause or to an open "(" — from ``commitment_cues`` /
       ``result_cues``; a year after the document's own year is a commitment cue;
    2. the innermost enclosing section whose title holds a cue (the cue printed first wins):
       "PHƯƠNG HƯỚNG, NHIỆM VỤ … NĂM 2026" → target, "KẾT QUẢ THỰC HIỆN …" → result;
    3. the family: a number of a report (``result_families``: Báo cáo) is a result, a number of
       a plan, programme or decision a target.

    A result gets the period it covers (the one named last before it, else the first in its
    clause outside asides, else in the nearest section title, else in the document's title)
    and no deadline.
    """
    if not targets:
        return
    cues = _kind_cues()
    metadata = context.metadata
    family: TargetKind = (
        "result" if metadata is not None and metadata.doc_type in cues.result_families
        else "target"
    )
    year = context.plan_date.year if context.plan_date else context.plan_year
    sections_at = _per_stretch(context, lambda offset: _enclosing(context.sections, offset))
    previous: Target | None = None
    for target in targets:
        clause = target.clause_span or target.span
        same_clause = previous is not None and previous.clause_span == target.clause_span
        start = previous.span[1] if same_clause else clause[0]
        lead = lead_in(text, start, target.span[0])
        sections = sections_at(target.span[0])
        target.kind = (
            _cue_kind(lead, cues, year) or _section_kind(sections, cues) or family
        )
        if target.kind == "result":
            target.deadline_year = None
            target.period = next(
                (p for p in (
                    _period(lead, last=True),
                    _period(without_asides(text[clause[0] : clause[1]])),
                    *(_period(s.title) for s in reversed(sections)),
                    _period(metadata.title if metadata else None),
                ) if p),
                None,
            )
        previous = target


def _enclosing(sections: Sequence[Section], offset: int) -> tuple[Section, ...]:
    """The sections that hold ``offset``, outermost first."""
    chain: list[Section] = []
    level = sections
    while hit := next((s for s in level if s.span[0] <= offset < s.span[1]), None):
        chain.append(hit)
        level = hit.children
    return tuple(chain)


def _cue_kind(lead: str, cues: _KindCues, year: int | None) -> TargetKind | None:
    """The kind of the cue nearest the end of ``lead`` (the words before a number), if any."""
    found: list[tuple[int, TargetKind]] = [
        (m.end(), cues.kinds[_squash(m.group()).lower()]) for m in cues.words.finditer(lead)
    ]
    if year is not None and _DEADLINE_WORD in lead.lower():
        found += [(m.end(), "target") for m in _YEAR.finditer(lead) if int(m["year"]) > year]
    return max(found, key=lambda cue: cue[0])[1] if found else None


def _section_kind(sections: Sequence[Section], cues: _KindCues) -> TargetKind | None:
    """The kind named by the innermost section title that holds a cue."""
    for section in reversed(sections):
        found = cues.titles.search(section.title)
        if found:
            return cues.kinds[_squash(found.group()).lower()]
    return None


def _period(phrase: str | None, *, last: bool = False) -> str | None:
    """The first (or ``last``) period named in ``phrase``, years of a baseline left out;
    words lower-cased, roman numerals kept: "NĂM 2024" → "năm 2024", "quý III/2025"."""
    if not phrase or not any(ch.isdigit() for ch in phrase):
        return None
    found = [m for m in _PERIOD.finditer(phrase)
             if not _BASELINE_BEFORE.search(phrase, 0, m.start())]
    if not found:
        return None
    printed = _squash(found[-1 if last else 0].group())
    return re.sub(r"\w+", lambda w: w[0] if _ROMAN.fullmatch(w[0]) else w[0].lower(), printed)


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


