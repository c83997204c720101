"""The public API: one file in, one ``PlanRecord`` out.

    ingest (bytes → RawDocument → RepairedText) → extractors (text → items) → PlanRecord
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.stages import run_stages
from vnplan.ingest import IngestError, IngestOptions, RawDocument, read_document, repair
from vnplan.models import PageProvenance, PlanRecord, Source
from vnplan.reference.registry import load_registry
from vnplan.version import __version__


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
    """Repair the decoded document, run the declared stages over it, assemble the record."""
    repaired = repair(raw)
    text = repaired.text
    if not text.strip():
        raise IngestError("no text found in the document", kind="no_text")
    context = ExtractionContext(
        page_starts=repaired.page_starts,
        tables=raw.tables,
        ocr_pages=frozenset(info.number for info in raw.page_info if info.method == "ocr"),
        registry=load_registry(*options.registries),
        as_of=options.as_of,
    )
    findings = run_stages(text, context)
    return PlanRecord(
        generator=f"vnplan {__version__}",
        source=_source(raw, repaired, data, name),
        metadata=context.metadata,
        sections=context.sections,
        legal_references=context.legal_references,
        effects=context.effects,
        targets=context.targets,
        units=context.units,
        appendix=context.appendix,
        findings=findings,
        text=text,
        source_map=repaired.source_map,
    )


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
