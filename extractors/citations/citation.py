"""A citation while it is being read, and the rule of which number forms carry a year."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from vnplan.extractors.citations import patterns as p


@dataclass
class Citation:
    """A citation while it is being read: the future ``LegalReference`` plus what checks need."""

    start: int
    end: int
    kind: str = "document"
    doc_type: str | None = None
    typed: bool = False  # the type was written before the number (not inferred from the code)
    parts: p.NumberParts | None = None
    number: str | None = None
    corrected: str | None = None
    year: int | None = None
    issued_date: date | None = None
    date_text: str | None = None  # as written, also when impossible ("31/02/2021")
    issuer: str | None = None
    issuer_written: bool = False
    title: str | None = None
    short: bool = False  # "Nghị định 61": kept only when it resolves
    doc_id: str = ""
    resolved_from: int | None = None
    extra: dict = field(default_factory=dict)


def requires_year(parts: p.NumberParts) -> bool:
    """Whether the number's form carries the year (Nghị định, Thông tư, laws …). A body's rule
    holds for numbers without a type code only: "80/2025/QH15", "03/2022/UBTVQH15"; the
    Standing Committee's other resolutions are numbered without a year ("1656/NQ-UBTVQH15")."""
    if parts.type_code in p.FORMATS.year_type_codes:
        return True
    return parts.type_code is None and any(p.body_code(b) in p.FORMATS.year_bodies for b in parts.bodies)
