"""``vnplan extract FILE``: one document → one record (JSON)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from vnplan.cli.app import fail, working_on
from vnplan.outputs.atomic import write_atomic


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)


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
    from vnplan.ingest import IngestError, IngestOptions
    from vnplan.pipeline import ExtractOptions, extract

    options = ExtractOptions(ingest=IngestOptions(ocr=not no_ocr))
    try:
        with working_on(file):
            record = extract(file, options)
    except IngestError as exc:
        raise fail(file, exc.reason) from None
    exclude = {"text", "source_map"} if no_text else None
    payload = record.model_dump_json(indent=2, exclude=exclude) + "\n"
    if output is None:
        sys.stdout.write(payload)
    else:
        write_atomic(output, payload.encode("utf-8"))
