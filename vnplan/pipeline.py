"""The public API: one file in, one ``PlanRecord`` out.

    ingest (bytes → RawDocument → RepairedText) → extractors (text → items) → PlanRecord
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.layout import find_layout
from vnplan.extractors.metadata import find_metadata
from vnplan.extractors.sections import find_sections
from vnplan.extractors.validity import with_validity
from vnplan.ingest import IngestError, IngestOptions, RawDocument, read_document, repair
from vnplan.models import PageProvenance, PlanRecord, Source
from vnplan.reference_data import load_registry


@dataclass(frozen=True)
class ExtractOptions:
    """Choices for one extraction. Frozen and picklable, so batch workers can share it."""

    ingest: IngestOptions = field(default_factory=IngestOptions)
    as_of: date | None = None  # date for the validity check "as of"; default today
    registries: tuple[str, ...] = ()  # extra registry files (YAML) that add or override entries


def extract(path: str | Path, options: ExtractOptions | None = None) -> PlanRecord:
    """Read the plan at ``path`` and return its record.

    Raises ``IngestError`` (with a reason, not naming the file) when the file cannot be read.
    """
    path = Path(path)
    if not path.exists():
        raise IngestError("no such file", kind="missing")
    if path.is_dir():
        raise IngestError("is a directory, not a file", kind="unsupported")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read the file ({exc.strerror})", kind="unreadable") from exc
    return extract_bytes(data, str(path), options)


def extract_bytes(data: bytes, name: str, options: ExtractOptions | None = None) -> PlanRecord:
    """The record of a document given as bytes; ``name`` is its path (used for the format)."""
    options = options or ExtractOptions()
    raw = read_document(data, name, options.ingest)
    return build_record(raw, data=data, name=name, options=options)


def build_record(raw: RawDocument, *, data: bytes, name: str, options: ExtractOptions) -> PlanRecord:
    """Repair the decoded document and run every extractor over it."""
    from vnplan import __version__

    repaired = repair(raw)
    text = repaired.text
    if not text.strip():
        raise IngestError("no text found in the document", kind="no_text")
    layout = find_layout(text)
    context = ExtractionContext(
        page_starts=repaired.page_starts,
        body_end=layout.offset(layout.appendix, len(text)),
        tables=raw.tables,
    )
    context.sections = find_sections(text, layout, context.page_at)
    metadata = find_metadata(text, layout)
    context.plan_date = metadata.issued_date
    context.plan_year = metadata.period.start_year
    record = PlanRecord(
        generator=f"vnplan {__version__}",
        source=_source(raw, repaired, data, name),
        metadata=metadata,
        sections=context.sections,
        text=text,
        source_map=repaired.source_map,
    )
    # Later stages fill the record's other parts here, each a pure function of (text, context).
    # --- stages ---
    from vnplan.extractors.references import find_legal_references

    record.legal_references, findings = find_legal_references(text, context)
    record.findings.extend(findings)
    from vnplan.extractors.appendix import find_appendix

    record.appendix, findings = find_appendix(text, context)
    record.findings.extend(findings)
    # Targets and responsible units read the appendix tables, so they run after the appendix stage.
    from vnplan.extractors.targets import find_targets
    from vnplan.extractors.units import find_units

    record.targets = find_targets(text, context, record.appendix)
    record.units = find_units(text, context, record.appendix)
    # Last: each citation's validity at the plan's date and as of options.as_of (default today).
    return with_validity(record, load_registry(*options.registries), options.as_of)


def _source(raw: RawDocument, repaired, data: bytes, name: str) -> Source:
    starts = dict((page, offset) for offset, page in reversed(repaired.page_starts))
    provenance = [
        PageProvenance(
            number=info.number,
            start=starts.get(info.number, len(repaired.text)),
            method=info.method,
            ocr_confidence=info.ocr_confidence,
        )
        for info in raw.page_info
    ]
    return Source(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=raw.format,
        size_bytes=len(data),
        encoding=raw.encoding,
        pages=len(raw.pages) if raw.paged else None,
        page_provenance=provenance,
        conversions=raw.conversions,
        warnings=raw.warnings,
        lines_repaired=repaired.lines_repaired,
        lines_dropped=repaired.lines_dropped,
    )
