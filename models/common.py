"""Building blocks shared by every part of the record: spans, provenance, findings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .kinds import FindingKind, Severity

# A span is [start, end) in character offsets into the record's repaired ``text``.
Span = tuple[int, int]


class Strict(BaseModel):
    """Base for every record model: unknown fields are an error, not silently kept."""

    model_config = ConfigDict(extra="forbid")


class Finding(Strict):
    """Something a reviewer should look at: an anomaly in the document or in its extraction.

    ``kind`` is a stable machine name (e.g. ``type_code_mismatch``, ``outdated_citation``,
    ``budget_mismatch``); ``message`` says what is wrong and what was probably meant.
    """

    kind: FindingKind
    severity: Severity
    message: str
    span: Span | None = None
    page: int | None = None
    reference: int | None = Field(
        default=None, description="index into legal_references this finding concerns"
    )
    row: str | None = Field(default=None, description="appendix row id this finding concerns")
    suggestion: str | None = Field(default=None, description="what was probably meant")
