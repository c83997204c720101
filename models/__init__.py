"""The canonical record (pydantic v2). ``PlanRecord`` is the root."""

from .appendix import AppendixRow, AppendixTable, Timeline
from .common import Finding, Span, Strict
from .kinds import (
    Comparator,
    EventKind,
    FindingKind,
    PageMethod,
    ReferenceKind,
    Severity,
    SourceFormat,
    TargetKind,
    ValidityStatus,
)
from .plan import (
    Locality,
    Metadata,
    PageProvenance,
    Period,
    Section,
    Signer,
    Source,
    Successor,
)
from .record import SCHEMA_VERSION, PlanRecord
from .references import EffectClause, LegalReference, Validity, ValidityEvent
from .targets import Duty, Target, Unit

__all__ = [
    "SCHEMA_VERSION",
    "AppendixRow",
    "AppendixTable",
    "Comparator",
    "Duty",
    "EffectClause",
    "EventKind",
    "Finding",
    "FindingKind",
    "LegalReference",
    "Locality",
    "Metadata",
    "PageMethod",
    "PageProvenance",
    "Period",
    "PlanRecord",
    "ReferenceKind",
    "Section",
    "Severity",
    "Signer",
    "Source",
    "SourceFormat",
    "Span",
    "Strict",
    "Successor",
    "Target",
    "TargetKind",
    "Timeline",
    "Unit",
    "Validity",
    "ValidityEvent",
    "ValidityStatus",
]
