"""`vnplan check-citations`: which cited documents were outdated when the plan was written, or now.

A thin shell over ``vnplan.extractors.citations.validity``: reads plans (source files or record JSON),
checks every citation against the legal registry, prints a table grouped by document, and exits 1
when any citation was already outdated at the plan's date (so it can gate publishing).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vnplan.cli.app import fail, working_on
from vnplan.extractors.citations.validity import check_validity, family_of, reference_date
from vnplan.models import Finding, LegalReference, PlanRecord
from vnplan.reference.registry import Registry, load_registry


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@dataclass
class CheckedPlan:
    """One plan's citations with their validity, and the findings of the check."""

    path: str
    reference_date: date | None
    references: list[LegalReference]
    findings: list[Finding]
    family: str = "plan"  # the document's type in English: "plan", "report", "decree" …


def read_record(path: Path) -> PlanRecord:
    """A record JSON file as is; any other file through the extraction pipeline."""
    if path.suffix.lower() == ".json":
        return PlanRecord.model_validate_json(path.read_text("utf-8"))
    from vnplan.pipeline import extract  # the pipeline is heavy: load it only for source files

    with working_on(path):
        return extract(path)


class PlanReadError(Exception):
    """A plan or record the user named could not be read."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
    return reason.splitlines()[0] if reason else type(exc).__name__


def check_plans(paths: list[Path], registry: Registry, as_of: date) -> list[CheckedPlan]:
    """Check every plan; a plan that cannot be read is an error for the user, not a crash."""
    from vnplan.ingest import IngestError

    checked = []
    for path in paths:
        try:
            record = read_record(path)
        except (OSError, ValueError, IngestError) as exc:
            raise PlanReadError(path, _reason(exc)) from None
        references, findings = check_validity(record, registry, as_of)
        checked.append(CheckedPlan(str(path), reference_date(record), references, findings,
                                   family_of(record.metadata)))
    return checked


def citation_rows(checked: list[CheckedPlan]) -> list[dict]:
    """One row per citation, flat: what JSON and CSV print."""
    rows = []
    for plan in checked:
        flags = {f.reference: f.kind for f in plan.findings}
        for index, ref in enumerate(plan.references):
            v = ref.validity
            rows.append({
                "path": plan.path,
                "document": ref.corrected_number or ref.number or ref.title or ref.surface,
                "doc_type": ref.doc_type,
                "doc_id": ref.doc_id,
                "span": f"{ref.span[0]}-{ref.span[1]}",
                "reference_date": str(plan.reference_date) if plan.reference_date else None,
                "status_at_issue": v.status_at_issue if v else None,
                "as_of": str(v.as_of) if v else None,
                "status_as_of": v.status_as_of if v else None,
                "replaced_by": v.replaced_by if v else [],
                "finding": flags.get(index),
                "sources": v.sources if v else [],
                "note": v.note if v else None,
            })
    return rows


def _print_table(checked: list[CheckedPlan], as_of: date) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for plan in checked:
        table = Table(title=f"{plan.path} — {plan.family}'s date {plan.reference_date or '?'}, "
                            f"as of {as_of}")
        for column in ("document", "cited", f"at {plan.family}'s date", "as of", "replaced by",
                       "finding"):
            table.add_column(column)
        flags = {f.reference: f for f in plan.findings}
        groups: dict[str, list[int]] = {}
        for index, ref in enumerate(plan.references):
            groups.setdefault(ref.doc_id, []).append(index)
        for indices in groups.values():
            ref = plan.references[indices[0]]
            v = ref.validity
            finding = next((flags[i] for i in indices if i in flags), None)
            table.add_row(
                " ".join(filter(None, [ref.doc_type, ref.corrected_number or ref.number or ref.title])),
                f"{len(indices)}×",
                v.status_at_issue if v else "",
                v.status_as_of if v else "",
                ", ".join(v.replaced_by) if v else "",
                finding.kind if finding else "",
            )
        console.print(table)
        for finding in plan.findings:
            console.print(f"  [{finding.severity}] {finding.kind}: {finding.message}")


def register(app: typer.Typer) -> None:
    """Add ``check-citations`` to the vnplan CLI."""

    @app.command("check-citations")
    def check_citations(
        paths: Annotated[list[Path], typer.Argument(help="plan files or record JSON files")],
        as_of: Annotated[str | None, typer.Option(help="check validity as of DATE (YYYY-MM-DD); default today")] = None,
        registry: Annotated[list[Path] | None, typer.Option("--registry", help="extra registry YAML that adds or overrides entries")] = None,
        output: Annotated[OutputFormat, typer.Option("--format", help="table | json | csv")] = OutputFormat.table,
    ) -> None:
        """Check every cited document against the legal registry (in force, amended, replaced…)."""
        try:
            day = date.fromisoformat(as_of) if as_of else date.today()
        except ValueError:
            raise fail(None, f"--as-of {as_of!r} is not a date like 2026-11-23") from None
        for extra in registry or []:
            try:
                load_registry(extra)
            except (OSError, ValueError) as exc:
                raise fail(extra, _reason(exc).removeprefix(f"{extra}: ")) from None
        reg = load_registry(*(registry or []))
        try:
            checked = check_plans(paths, reg, day)
        except PlanReadError as exc:
            raise fail(exc.path, exc.reason) from None
        if output is OutputFormat.json:
            typer.echo(json.dumps(citation_rows(checked), ensure_ascii=False, indent=2))
        elif output is OutputFormat.csv:
            rows = citation_rows(checked)
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["path"])
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
            sys.stdout.write(buffer.getvalue())
        else:
            _print_table(checked, day)
        if any(f.kind == "outdated_citation" for plan in checked for f in plan.findings):
            raise typer.Exit(1)
