"""Kinds as types: every closed vocabulary of the record, so the JSON Schema lists it and a typo
fails validation instead of passing as a new kind."""

from __future__ import annotations

from typing import Literal, get_args

# How bad a finding is.
Severity = Literal["info", "warning", "error"]

# Findings about the citations themselves (extractors/citations/checks.py).
CitationCheckKind = Literal[
    "type_code_mismatch",  # "Thông tư 56/2022/NĐ-CP": the type word and the code disagree
    "missing_year",  # "33/NĐ-CP": a decree's number needs its year
    "malformed_number",  # "117/2013-NĐ-CP": a dash where the slash goes
    "date_year_mismatch",  # "61/2018/NĐ-CP ngày 23/4/2019"
    "conflicting_dates",  # one document cited with two dates
    "conflicting_numbers",  # one date and title cited with two numbers
    "impossible_date",  # "ngày 31/02/2020"
    "future_date",  # dated after the document that cites it
    "unknown_issuer_code",  # a body code issuer_codes.yaml does not know
]
CitationFindingKind = Literal[
    CitationCheckKind,
    "reference_scan_incomplete",  # a citation pattern hit its time limit
    "ocr_number_repaired",  # an OCR'd number one digit off the registry's document of that date
]
# Findings of the validity check against the legal registry (extractors/citations/validity.py).
ValidityFindingKind = Literal[
    "outdated_citation",  # replaced, repealed or expired before the document's date
    "outdated_now",  # in force then, no longer as of the check date
    "amended_citation",  # amended before the document's date
    "unverified_citation",  # a national document the registry does not know
    "law_number_unknown",  # a law cited by name with a number the registry's law of that name lacks
]
# Findings about appendix tables (extractors/appendix/).
AppendixFindingKind = Literal[
    "appendix_cell_doubtful",  # a cell placed by guesswork
    "appendix_duplicate_id",  # the same id twice in one group
    "appendix_id_inferred",  # a row id supplied from its neighbours
    "appendix_total_unlabelled",  # a total row with no "Tổng" label
    "appendix_table_unread",  # a data table whose header names no known column: not read
    "budget_mismatch",  # the printed total differs from the sum of the rows
]
# Findings about the locality as official units (extractors/locality.py).
LocalityFindingKind = Literal[
    "locality_reorganised",  # the issuing unit no longer exists as of the check date
    "locality_unresolved",  # a printed unit matches no official unit, or several
]
# Findings about the section outline (extractors/document/sections.py).
SectionFindingKind = Literal[
    "section_numeral_repaired",  # an OCR'd numeral or label misread or lost, taken from the sequence
    "section_title_restored",  # an OCR'd heading's accents taken from heading_phrases.yaml
]
FindingKind = Literal[
    CitationFindingKind, ValidityFindingKind, AppendixFindingKind, LocalityFindingKind,
    SectionFindingKind,
]

# A document's validity at a date (hiệu lực).
ValidityStatus = Literal[
    "in_force", "amended", "partially_replaced", "replaced", "repealed", "expired",
    "unknown", "not_applicable",
]
# A dated change to a document, in the registry and in a citation's validity.
EventKind = Literal["amended", "partially_replaced", "replaced", "repealed", "expired"]
# Statuses of a document no longer in force.
ENDED: tuple[str, ...] = ("replaced", "repealed", "expired")

# What a citation cites.
ReferenceKind = Literal["document", "law", "standard"]  # numbered | law by name | TCVN/ISO

# Official units (đơn vị hành chính): levels a successor can have after 2025-07-01, and how much
# of an old unit a new one took.
UnitLevel = Literal["province", "commune"]
Share = Literal["full", "partial"]

# Input formats, and how a page was read.
SourceFormat = Literal["txt", "md", "html", "pdf", "docx", "doc", "image"]
PageMethod = Literal["text", "ocr", "none"]

# How a target's value compares (chỉ tiêu: "trên 95%", "ít nhất 80%", "từ 70% đến 90%" …).
Comparator = Literal[">", ">=", "=", "<=", "range", "increase_by"]
# What a target's figure is: a commitment the document makes (plans, programmes, decisions:
# "phấn đấu 85% …", "đến năm 2030 …") or an achievement it reports (reports: "tỷ lệ hồ sơ trực
# tuyến đạt 68,1%", "đã hoàn thành 100% kế hoạch"). Told apart by extractors/targets.py with the
# cues of corpora/reference/target_kinds.yaml.
TargetKind = Literal["target", "result"]
# What a table of the document lists, read from its columns (corpora/reference/
# appendix_headers.yaml, table_kinds): tasks with their lead (nhiệm vụ, chủ trì), targets or
# indicators (chỉ tiêu), units inspected or evaluated (đơn vị được kiểm tra), or something else.
TableKind = Literal["tasks", "targets", "inspection", "other"]


def values(kind) -> tuple[str, ...]:
    """The members of a ``Literal`` kind (nested Literals flattened), in order."""
    out: list[str] = []
    for arg in get_args(kind):
        out.extend(values(arg) if get_args(arg) else [arg])
    return tuple(out)
