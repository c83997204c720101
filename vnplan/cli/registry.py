"""``vnplan registry learn|import-vbpl``: registry overlays from documents and from a crawl of
the national legal database (use them with ``--registry FILE``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from vnplan.cli.app import fail

registry_app = typer.Typer(help="Build registry overlays (YAML) for --registry.",
                           no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(registry_app, name="registry")


@registry_app.command("learn")
def learn_command(
    documents: Annotated[list[Path], typer.Argument(help="decrees, circulars, decisions …")],
    output: Annotated[Path, typer.Option("-o", "--output", help="the overlay YAML to write")],
) -> None:
    """Learn what documents replace, repeal or amend from their effect clauses."""
    from vnplan.ingest import IngestError
    from vnplan.overlays.learn import header, learned_entries
    from vnplan.overlays.writer import write_overlay
    from vnplan.pipeline import extract

    records = []
    for path in documents:
        try:
            records.append((str(path), extract(path)))
        except IngestError as exc:
            raise fail(path, exc.reason) from None
    entries = learned_entries(records, date.today())
    write_overlay(entries, output, header(documents))
    events = sum(len(e["events"]) for e in entries)
    typer.echo(f"wrote {output}: {len(entries)} document(s) changed, {events} event(s)", err=True)


@registry_app.command("import-vbpl")
def import_vbpl_command(
    metadata: Annotated[Path, typer.Argument(help="the metadata table (.parquet or .csv)")],
    relationships: Annotated[Path, typer.Argument(help="the relationships table")],
    output: Annotated[Path, typer.Option("-o", "--output", help="the overlay YAML to write")],
) -> None:
    """Turn a vbpl crawl (metadata + relationships) into an overlay; nothing is written when a
    row is malformed (every problem is listed)."""
    from vnplan.overlays.vbpl import VbplError, import_vbpl
    from vnplan.overlays.writer import write_overlay

    for path in (metadata, relationships):
        if not path.is_file():
            raise fail(path, "no such file")
    try:
        entries = import_vbpl(metadata, relationships, date.today())
    except VbplError as exc:
        for problem in exc.problems:
            typer.echo(f"vnplan: error: {problem}", err=True)
        raise typer.Exit(2) from None
    write_overlay(entries, output, f"Registry overlay imported by `vnplan registry import-vbpl`\n"
                  f"from {metadata} and {relationships}; each entry sourced to its vbpl page.")
    events = sum(len(e["events"]) for e in entries)
    typer.echo(f"wrote {output}: {len(entries)} document(s), {events} event(s)", err=True)
