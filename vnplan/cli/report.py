"""`vnplan report`: the review report of one plan, as a single self-contained HTML file.

    vnplan report ../shared/corpus/plans/000_4f848aa26585e125.txt -o report.html
    vnplan report ke-hoach-57.json -o report.html --lang en

A thin shell over ``vnplan.report.write_report``: reads a plan (a source file, or a record JSON
made by ``vnplan extract``) and writes the page.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vnplan.cli.app import fail, working_on
from vnplan.models import PlanRecord


class Lang(StrEnum):
    vi = "vi"
    en = "en"


def load_record(path: Path) -> PlanRecord:
    """A record JSON file as is; any other file through the extraction pipeline.

    Raises ``ValueError`` or ``IngestError`` with a reason that does not name the file.
    """
    if path.suffix.lower() == ".json":
        if not path.is_file():
            raise ValueError("no such file")
        record = PlanRecord.model_validate_json(path.read_text("utf-8"))
        if not record.text:
            raise ValueError("the record has no text (made with --no-text?): the report needs it")
        return record
    from vnplan.pipeline import extract  # the pipeline is heavy: load it only for source files

    with working_on(path):
        return extract(path)


def register(app: typer.Typer) -> None:
    """Add ``report`` to the vnplan CLI."""

    @app.command("report")
    def report(
        source: Annotated[Path, typer.Argument(help="A plan file, or a record JSON made by vnplan extract.")],
        output: Annotated[Path, typer.Option("-o", "--output", help="Write the HTML report here.")],
        lang: Annotated[Lang, typer.Option("--lang", help="Language of the labels (vi | en); both are in the page.")] = Lang.vi,
    ) -> None:
        """Write a plan's review report: its text with citations, targets and units marked."""
        from pydantic import ValidationError

        from vnplan.html.report import write_report
        from vnplan.ingest import IngestError

        try:
            record = load_record(source)
        except IngestError as exc:
            raise fail(source, exc.reason) from None
        except ValidationError as exc:
            raise fail(source, f"not a vnplan record ({exc.error_count()} errors)") from None
        except (OSError, ValueError) as exc:
            raise fail(source, str(exc)) from None
        write_report(record, output, lang.value)
        typer.echo(f"wrote {output}", err=True)
