"""The pipeline, declared: every extractor stage, in the order it runs, with what it needs and
what it produces. Adding a stage is adding one entry to ``STAGES``.

Every stage has one signature: ``run(text, context) -> StageOutput`` (items and findings). The
runner stores the items on the context under the stage's ``produces`` name, so later stages read
them there; ``facts`` are the few derived values a stage also leaves for later ones (declared in
``sets``). Nothing here reads files or knows about the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vnplan.extractors.appendix import find_appendix
from vnplan.extractors.citations.effects import find_effects
from vnplan.extractors.citations.finding import find_legal_references
from vnplan.extractors.citations.validity import check_citations
from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.document.layout import find_layout
from vnplan.extractors.document.metadata import find_metadata
from vnplan.extractors.document.sections import find_sections_checked
from vnplan.extractors.locality import document_date, resolve_locality
from vnplan.extractors.targets import find_targets
from vnplan.extractors.units import find_units
from vnplan.models import Finding


@dataclass
class StageOutput:
    """What a stage returns: its items, the findings it raised, and facts for later stages."""

    items: Any
    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline: ``run`` reads ``needs`` from the context and makes ``produces``."""

    name: str
    needs: tuple[str, ...]
    produces: str
    run: Callable[[str, ExtractionContext], StageOutput]
    sets: tuple[str, ...] = ()  # context facts the stage derives besides its product


# Provided by whoever builds the context (the app): pages, source tables, registry settings.
PROVIDED = ("page_starts", "ocr_pages", "tables", "registry", "as_of")


def _layout(text: str, context: ExtractionContext) -> StageOutput:
    layout = find_layout(text)
    return StageOutput(layout, facts={"body_end": layout.offset(layout.appendix, len(text))})


def _sections(text: str, context: ExtractionContext) -> StageOutput:
    sections, findings = find_sections_checked(text, context.layout, context.page_at,
                                               context.ocr_pages)
    return StageOutput(sections, findings)


def _metadata(text: str, context: ExtractionContext) -> StageOutput:
    metadata = find_metadata(text, context.layout)
    return StageOutput(metadata, facts={"plan_date": metadata.issued_date,
                                        "plan_year": metadata.period.start_year})


def _references(text: str, context: ExtractionContext) -> StageOutput:
    return StageOutput(*find_legal_references(text, context))


def _appendix(text: str, context: ExtractionContext) -> StageOutput:
    return StageOutput(*find_appendix(text, context))


def _targets(text: str, context: ExtractionContext) -> StageOutput:
    return StageOutput(find_targets(text, context, context.appendix))


def _units(text: str, context: ExtractionContext) -> StageOutput:
    return StageOutput(find_units(text, context, context.appendix))


def _locality(text: str, context: ExtractionContext) -> StageOutput:
    metadata = context.metadata
    locality, findings = resolve_locality(metadata.locality, document_date(metadata),
                                          context.as_of or date.today())
    return StageOutput(metadata.model_copy(update={"locality": locality}), findings)


def _effects(text: str, context: ExtractionContext) -> StageOutput:
    return StageOutput(find_effects(text, context))


def _validity(text: str, context: ExtractionContext) -> StageOutput:
    return StageOutput(*check_citations(context.metadata, context.legal_references,
                                        context.registry, context.as_of, context.effects))


STAGES: tuple[Stage, ...] = (
    Stage("layout", (), "layout", _layout, sets=("body_end",)),
    Stage("sections", ("layout", "page_starts", "ocr_pages"), "sections", _sections),
    Stage("metadata", ("layout",), "metadata", _metadata, sets=("plan_date", "plan_year")),
    Stage("references", ("sections", "metadata", "plan_date", "plan_year"), "legal_references",
          _references),
    Stage("appendix", ("body_end", "tables", "plan_year"), "appendix", _appendix),
    # Targets and responsible units read the appendix tables, so they run after it.
    Stage("targets", ("sections", "appendix", "metadata", "plan_date", "plan_year"), "targets",
          _targets),
    Stage("units", ("sections", "appendix"), "units", _units),
    # What the document itself replaces, repeals or amends (its effect clauses).
    Stage("effects", ("metadata", "legal_references"), "effects", _effects),
    # Each citation's validity at the document's date and as of the chosen date, the
    # document's own effect clauses applied.
    Stage("validity", ("metadata", "legal_references", "effects", "registry", "as_of"),
          "legal_references", _validity),
    # The locality as official units (codes valid at the document's date, successors as of
    # the check date).
    Stage("locality", ("metadata", "as_of"), "metadata", _locality),
)


def check_order(stages: tuple[Stage, ...]) -> None:
    """Raise ``ValueError`` when a stage needs what no earlier stage (or the app) provides."""
    available = set(PROVIDED)
    for stage in stages:
        missing = [n for n in stage.needs if n not in available]
        if missing:
            raise ValueError(f"stage {stage.name!r} needs {', '.join(missing)} before it runs")
        available.update((stage.produces, *stage.sets))


check_order(STAGES)


def run_stages(
    text: str, context: ExtractionContext, stages: tuple[Stage, ...] = STAGES
) -> list[Finding]:
    """Run ``stages`` in order over ``text``; their products land on ``context``. Returns the
    findings of every stage, in stage order."""
    findings: list[Finding] = []
    for stage in stages:
        output = stage.run(text, context)
        unexpected = set(output.facts) - set(stage.sets)
        if unexpected:
            raise ValueError(f"stage {stage.name!r} set undeclared facts: {sorted(unexpected)}")
        setattr(context, stage.produces, output.items)
        for name, value in output.facts.items():
            setattr(context, name, value)
        findings.extend(output.findings)
    return findings
