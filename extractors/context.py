"""What every extractor gets besides the text: where pages begin, and what earlier stages found.

Extractors are pure functions ``(text, context) -> items``; they never read files. The pipeline
(``stages.py``) stores each stage's product here under the name the stage declares.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from vnplan.extractors.document.layout import Layout
from vnplan.ingest import RawTable
from vnplan.models import (
    AppendixTable,
    EffectClause,
    LegalReference,
    Metadata,
    Section,
    Target,
    Unit,
)
from vnplan.reference.registry import Registry


@dataclass
class ExtractionContext:
    """Facts about the document that extractors share.

    ``page_starts`` lists (offset, page number) pairs in offset order for paged sources.
    ``sections`` is the section tree; ``body_end`` is where the appendix begins (or len(text)).
    """

    sections: list[Section] = field(default_factory=list)
    page_starts: list[tuple[int, int]] = field(default_factory=list)
    body_end: int | None = None
    plan_date: date | None = None  # the plan's issue date when known
    plan_year: int | None = None  # start year of its period when the date is blank
    tables: list[RawTable] = field(default_factory=list)  # cells from DOCX/PDF/HTML sources
    ocr_pages: frozenset[int] = frozenset()  # 1-based pages whose text Tesseract read
    # Settings of the validity check: the registry (None: the shipped one) and its "as of" date.
    registry: Registry | None = None
    as_of: date | None = None
    # Products of the stages, filled in pipeline order (see stages.py).
    layout: Layout | None = None
    metadata: Metadata | None = None
    legal_references: list[LegalReference] = field(default_factory=list)
    effects: list[EffectClause] = field(default_factory=list)
    appendix: list[AppendixTable] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page that holds ``offset``, or None for sources without pages."""
        if not self.page_starts:
            return None
        i = bisect_right([start for start, _ in self.page_starts], offset) - 1
        return self.page_starts[max(i, 0)][1]

    def section_path(self, offset: int) -> list[str]:
        """Labels of the sections enclosing ``offset``, outermost first: ``["II", "2", "a"]``."""
        path: list[str] = []
        level = self.sections
        while True:
            hit = next((s for s in level if s.span[0] <= offset < s.span[1]), None)
            if hit is None:
                return path
            path.append(hit.numeral or hit.label or hit.title)
            level = hit.children
