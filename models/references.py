"""Citations of legal and administrative documents, and their validity."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from .common import Span, Strict
from .kinds import EventKind, ReferenceKind, ValidityStatus


class ValidityEvent(Strict):
    """A dated change to a cited document, with its evidence."""

    kind: EventKind
    effective_date: date | None = None
    by: str | None = Field(default=None, description="number of the document that made the change")
    note: str | None = None
    source: str | None = Field(default=None, description="URL of a public page stating it")


class Validity(Strict):
    """Whether a cited document was in force at the plan's date and at a chosen date."""

    status_at_issue: ValidityStatus
    reference_date: date | None = Field(
        default=None, description="the plan's issue date, or the start of its period"
    )
    status_as_of: ValidityStatus
    as_of: date
    events: list[ValidityEvent] = Field(default_factory=list)
    replaced_by: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    note: str | None = None


class LegalReference(Strict):
    """One citation of a specific document, as it stands in the text (repeats included)."""

    surface: str = Field(description="exact text of the citation")
    kind: ReferenceKind = Field(
        default="document", description="numbered document | law cited by name | TCVN/ISO"
    )
    doc_type: str | None = Field(default=None, description="Vietnamese label, e.g. 'Nghị định'")
    number: str | None = Field(default=None, description="as written, spacing/dashes normalised")
    corrected_number: str | None = Field(
        default=None, description="only when a repair was inferred, e.g. a missing year"
    )
    year: int | None = None
    issuer_code: str | None = Field(default=None, description="e.g. 'NĐ-CP', 'QĐ-TTg', 'NQ/TW'")
    issuer: str | None = Field(default=None, description="the issuing body")
    issued_date: date | None = None
    title: str | None = Field(default=None, description="name of a law cited by name")
    span: Span
    page: int | None = None
    section: list[str] = Field(default_factory=list, description="path of the enclosing section")
    doc_id: str = Field(description="shared by every citation of the same document")
    resolved_from: int | None = Field(
        default=None, description="index of the full citation a short mention resolved to"
    )
    validity: Validity | None = None


class EffectClause(Strict):
    """What the document itself does to another document (hiệu lực thi hành: thay thế, bãi bỏ,
    hết hiệu lực, sửa đổi, bổ sung), with the article and words as evidence."""

    kind: EventKind
    target: str = Field(description="the number (or law name) of the document changed")
    reference: int = Field(description="index into legal_references of the target's citation")
    effective_date: date | None = Field(
        default=None, description="when the change takes effect: the document's own in-force date"
    )
    article: str | None = Field(default=None, description="e.g. 'Điều 45'")
    quote: str = Field(description="the clause's words (at most 300 characters)")
    span: Span
