"""`vnplan export`: records (or the plans they come from) into formats other tools read.

    vnplan export --spacy plans.spacy ../shared/corpus/plans/*.txt
    vnplan export --appendix tasks.xlsx records/*.json

A thin shell over ``vnplan.outputs.spacy_docs.write_docbin`` and ``vnplan.outputs.appendix_sheet.write_appendix``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vnplan.cli.app import fail, working_on
from vnplan.models import PlanRecord


def read_record(path: Path) -> PlanRecord:
    """A record JSON file as is; any other file through the extraction pipeline."""
    if path.suffix.lower() == ".json":
        return PlanRecord.model_validate_json(path.read_text("utf-8"))
    from vnplan.pipeline import extract  # heavy: only for source files

    with working_on(path):
        return extract(path)


def run_export(paths: list[Path], spacy: Path | None, appendix: Path | None,
               words: bool = False) -> None:
    """Read every record, then write the requested exports; user errors are one clear line."""
    if spacy is None and appendix is None:
        raise fail(None, "nothing to export: give --spacy OUT.spacy or --appendix OUT.xlsx")
    if appendix is not None and appendix.suffix.lower() not in (".xlsx", ".csv"):
        raise fail(appendix, "the appendix is written as .xlsx or .csv")
    from vnplan.ingest import IngestError

    records = []
    for path in paths:
        try:
            records.append(read_record(path))
        except (OSError, ValueError, IngestError) as exc:
            reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
            raise fail(path, reason) from None
    if spacy is not None:
        from vnplan.outputs.spacy_docs import write_docbin

        count = write_docbin(records, spacy, words=words)
        typer.echo(f"wrote {count} document(s) to {spacy}", err=True)
    if appendix is not None:
        from vnplan.outputs.appendix_sheet import write_appendix

        write_appendix(records, appendix)
        typer.echo(f"wrote the appendix tables of {len(records)} plan(s) to {appendix}", err=True)


_PATHS = Annotated[list[Path], typer.Argument(help="record JSON files or plan files")]
_SPACY = Annotated[
    Path | None, typer.Option("--spacy", help="write a spaCy DocBin (.spacy) with span groups here")
]
_APPENDIX = Annotated[
    Path | None, typer.Option("--appendix", help="write the appendix tables here (.xlsx or .csv)")
]


_WORDS = Annotated[
    bool, typer.Option("--words", help="add a 'words' span group of underthesea's multi-syllable "
                       "words to the spaCy export (about a second per plan)")
]


def register(app: typer.Typer) -> None:
    """Add ``export`` to the vnplan CLI."""

    @app.command("export")
    def export(paths: _PATHS, spacy: _SPACY = None, appendix: _APPENDIX = None,
               words: _WORDS = False) -> None:
        """Export records: spaCy spans (references, targets, units), appendix tables.

        Example: vnplan export --appendix nhiem-vu.xlsx --spacy plans.spacy out/records/*.json
        """
        run_export(paths, spacy, appendix, words)
