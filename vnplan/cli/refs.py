"""``vnplan refs FILE``: the citations a plan makes, and what is wrong with them (a rich table).

A thin shell over ``vnplan.extract``: every legal reference in document order (repeats share a
document id), then the findings about citations.

    vnplan refs ../shared/corpus/plans/002_85e43a95c6b96bf4.txt
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from vnplan.models.kinds import CitationFindingKind, values

# The citation stage's own findings, those about no one citation too: an OCR'd number put right,
# a scan that hit its time limit.
FINDING_KINDS = values(CitationFindingKind)


def register(app: typer.Typer) -> None:
    app.command("refs")(refs_command)


def refs_command(
    file: Annotated[Path, typer.Argument(help="The plan (any format vnplan reads).")],
    all_findings: Annotated[
        bool, typer.Option("--all-findings", help="Show every finding, not only citation ones.")
    ] = False,
) -> None:
    """Show a plan's citations (type, number, date, issuer, document id) and their findings."""
    from vnplan.cli.app import fail, working_on
    from vnplan.ingest import IngestError
    from vnplan.pipeline import extract

    try:
        with working_on(file):
            record = extract(file)
    except IngestError as exc:
        raise fail(file, exc.reason) from None
    console = Console()
    table = Table(title=f"Citations in {file.name}: {len(record.legal_references)}", show_lines=False)
    for column in ("#", "type", "number", "date", "issuer", "section", "document", "status"):
        table.add_column(column, overflow="fold")
    for i, ref in enumerate(record.legal_references):
        number = ref.number or ref.title or ""
        if ref.corrected_number:
            number += f" → {ref.corrected_number}"
        if ref.kind == "law" and ref.number:
            number = f"{ref.title} ({ref.number})"
        document = ref.doc_id + (f" (= #{ref.resolved_from})" if ref.resolved_from is not None else "")
        status = ref.validity.status_at_issue if ref.validity else ""
        table.add_row(
            str(i), ref.doc_type or ref.kind, number,
            f"{ref.issued_date:%d/%m/%Y}" if ref.issued_date else "",
            ref.issuer or "", ".".join(ref.section), document, status,
        )
    console.print(table)
    shown = citation_findings(record.findings, all_findings)
    if not shown:
        console.print("No findings about citations.")
        return
    findings = Table(title=f"Findings: {len(shown)}")
    for column in ("#", "kind", "severity", "message", "probably meant"):
        findings.add_column(column, overflow="fold")
    for f in shown:
        findings.add_row("" if f.reference is None else str(f.reference), f.kind, f.severity,
                         f.message, f.suggestion or "")
    console.print(findings)


def citation_findings(findings: list, all_findings: bool = False) -> list:
    """The findings ``vnplan refs`` shows: those about a citation or of the citation stage
    (every finding with ``all_findings``)."""
    return [f for f in findings if all_findings or f.reference is not None or f.kind in FINDING_KINDS]
