"""The canonical record of one plan: what vnplan emits and other systems read."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .appendix import AppendixTable
from .common import Finding, Strict
from .plan import Metadata, Section, Source
from .references import EffectClause, LegalReference
from .targets import Target, Unit

SCHEMA_VERSION = "1.0.0"


class PlanRecord(Strict):
    """Everything vnplan extracted from one plan (Kế hoạch CCHC)."""

    schema_version: Literal["1.0.0"] = SCHEMA_VERSION
    generator: str = Field(description="vnplan version that made the record")
    source: Source
    metadata: Metadata
    sections: list[Section] = Field(default_factory=list)
    legal_references: list[LegalReference] = Field(default_factory=list)
    effects: list[EffectClause] = Field(
        default_factory=list,
        description="the document's own effect clauses: what it replaces, repeals or amends",
    )
    targets: list[Target] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    appendix: list[AppendixTable] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    text: str = Field(description="the repaired text every span points into")
    source_map: list[tuple[int, int, int]] = Field(
        default_factory=list,
        description="[repaired_start, original_start, length] runs mapping repaired text "
        "back to the decoded original text",
    )
