"""Command-line interface: a thin shell over the public API (``vnplan.extract``).

    vnplan extract corpora/plans/000_4f848aa26585e125.txt -o out.json
    vnplan schema > schema/plan-record.schema.json
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from vnplan import __version__
from vnplan.ingest import IngestError
from vnplan.io import write_atomic
from vnplan.models import PlanRecord
from vnplan.pipeline import ExtractOptions, extract

app = typer.Typer(
    name="vnplan",
    help="Turn Vietnamese administrative-reform plans (Kế hoạch cải cách hành chính) into "
    "validated JSON records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules under vnplan/commands, each with register(app).
COMMAND_MODULES: list[str] = [
    "batch",
    "check_citations",
    "export",
    "refs",
    "report",
]


def fail(path: str | Path, reason: str, code: int = 2) -> typer.Exit:
    """Print one clear line naming the file and the reason; return the Exit to raise."""
    typer.echo(f"vnplan: error: {path}: {reason}", err=True)
    return typer.Exit(code)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"vnplan {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True,
                           help="Show the version and exit.")
    ] = False,
) -> None:
    """vnplan reads Kế hoạch CCHC from text, Markdown, HTML, PDF (text or scanned), DOCX and DOC."""


@app.command("extract")
def extract_command(
    file: Annotated[Path, typer.Argument(help="The plan: .txt .md .html .pdf .docx .doc or an image.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the record here (default: stdout).")
    ] = None,
    no_ocr: Annotated[bool, typer.Option("--no-ocr", help="Do not OCR scanned pages.")] = False,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Leave the repaired text and source map out.")
    ] = False,
) -> None:
    """Extract one plan into a JSON record.

    Example: vnplan extract "Kế hoạch 57-KH-UBND.pdf" -o ke-hoach-57.json
    """
    from vnplan.ingest import IngestOptions

    options = ExtractOptions(ingest=IngestOptions(ocr=not no_ocr))
    try:
        record = extract(file, options)
    except IngestError as exc:
        raise fail(file, exc.reason) from None
    exclude = {"text", "source_map"} if no_text else None
    payload = record.model_dump_json(indent=2, exclude=exclude) + "\n"
    if output is None:
        sys.stdout.write(payload)
    else:
        write_atomic(output, payload.encode("utf-8"))


@app.command("schema")
def schema_command(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write it here.")] = None,
) -> None:
    """Print the JSON Schema of the record (PlanRecord)."""
    payload = schema_json()
    if output is None:
        sys.stdout.write(payload)
    else:
        write_atomic(output, payload.encode("utf-8"))


def schema_json() -> str:
    """The record's JSON Schema, as committed in ``schema/plan-record.schema.json``."""
    schema = PlanRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vnplan.example/schema/plan-record.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


for _module in COMMAND_MODULES:
    importlib.import_module(f"vnplan.commands.{_module}").register(app)


def main() -> None:
    """Entry point of the ``vnplan`` command."""
    app()
