"""The canonical record (pydantic v2). ``PlanRecord`` is the root."""

from .appendix import AppendixRow, AppendixTable, Timeline
from .common import Finding, Span, Strict
from .plan import Locality, Metadata, PageProvenance, Period, Section, Signer, Source
from .record import SCHEMA_VERSION, PlanRecord
from .references import LegalReference, Validity, ValidityEvent
from .targets import Duty, Target, Unit

__all__ = [
    "SCHEMA_VERSION",
    "AppendixRow",
    "AppendixTable",
    "Duty",
    "Finding",
    "LegalReference",
    "Locality",
    "Metadata",
    "PageProvenance",
    "Period",
    "PlanRecord",
    "Section",
    "Signer",
    "Source",
    "Span",
    "Strict",
    "Target",
    "Timeline",
    "Unit",
    "Validity",
    "ValidityEvent",
]
