"""``vnplan batch IN_DIR -o OUT_DIR``: convert a whole archive (see ``vnplan.batch``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text


class _RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:5.1f} docs/s" if speed else "   -- docs/s", style="cyan")


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_command)


def batch_command(
    in_dir: Annotated[Path, typer.Argument(help="Folder of plans (searched recursively).")],
    out_dir: Annotated[Path, typer.Option("-o", "--output", help="Folder for the outputs.")],
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", help="Worker processes (default: cores).")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Keep records of unchanged files (same sha256).")
    ] = False,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="Seconds per document before it is stopped.")
    ] = None,
    max_pages: Annotated[
        int | None, typer.Option("--max-pages", help="Refuse documents with more pages.")
    ] = None,
    max_memory: Annotated[
        int, typer.Option("--max-memory", help="Address-space limit per worker in MB (0: none).")
    ] = 4096,
    formats: Annotated[
        str, typer.Option("--format", help="Exports beside the database: jsonl,csv,parquet.")
    ] = "",
    no_ocr: Annotated[bool, typer.Option("--no-ocr", help="Do not OCR scanned pages.")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date for the validity check (YYYY-MM-DD); "
                                 "default: today, or the resumed run's date.")
    ] = None,
    report: Annotated[
        bool, typer.Option("--report", help="Also write OUT_DIR/index.html (dashboard) and "
                           "OUT_DIR/reports/*.html (one review report per plan).")
    ] = False,
    executor: Annotated[
        str, typer.Option("--executor", help="Where documents are converted: process (worker "
                          "processes here) or dask (a Dask cluster; pip install 'vnplan[dask]').")
    ] = "process",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="With --executor dask: the address of a "
                                 "running cluster (tcp://HOST:PORT) instead of a local one.")
    ] = None,
    ship_bytes: Annotated[
        bool, typer.Option("--ship-bytes", help="With --executor dask: send each file's bytes "
                           "to the workers (they do not share this file system).")
    ] = False,
) -> None:
    """Convert every plan below IN_DIR: records, manifest, SQLite database, exports.

    Example: vnplan batch archive/ -o out/ --workers 4 --timeout 120 --format csv,parquet
    On a Dask cluster: vnplan batch archive/ -o out/ --executor dask --scheduler tcp://host:8786
    """
    from vnplan.batch import BatchError, BatchSettings, run_batch
    from vnplan.cli.app import fail
    from vnplan.ingest import IngestOptions
    from vnplan.outputs.files import FORMATS
    from vnplan.pipeline import ExtractOptions

    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    if bad := [f for f in chosen if f not in FORMATS]:
        raise fail(in_dir, f"unknown --format {', '.join(bad)} (choose from {', '.join(FORMATS)})")
    try:
        as_of_date = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise fail(in_dir, f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None
    ingest = IngestOptions(ocr=not no_ocr)
    if max_pages:
        ingest = IngestOptions(ocr=not no_ocr, max_pages=max_pages)
    if timeout:  # external converters must not outlive the document's own limit
        ingest = IngestOptions(ocr=ingest.ocr, max_pages=ingest.max_pages,
                               timeout_s=min(ingest.timeout_s, timeout))
    settings = BatchSettings(
        workers=workers, resume=resume, timeout_s=timeout, max_memory_mb=max_memory or None,
        formats=chosen, options=ExtractOptions(ingest=ingest, as_of=as_of_date),
    )
    engine = _engine(executor, in_dir, settings, scheduler, ship_bytes)
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]converting"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console,
    )
    task = progress.add_task("batch", total=None)
    with progress:
        try:
            with engine as chosen:
                summary = run_batch(
                    in_dir, out_dir, settings, executor=chosen,
                    on_start=lambda total: progress.update(task, total=total),
                    on_result=lambda result: progress.advance(task),
                )
        except BatchError as exc:
            progress.stop()
            raise fail(in_dir, str(exc)) from None
    Console().print(_summary_table(summary, out_dir))
    if report:
        import json

        from vnplan.batch import MANIFEST
        from vnplan.html.dashboard import write_dashboard

        lines = (out_dir / MANIFEST).read_text("utf-8").splitlines()
        written = write_dashboard((json.loads(line) for line in lines if line), out_dir / "index.html")
        console.print(f"report: {written}")
    if summary.failures:
        failed = Table(title="Failed documents", show_lines=False)
        for column in ("file", "kind", "reason"):
            failed.add_column(column)
        for result in summary.failures[:50]:
            failed.add_row(result.path, result.error_kind or "", result.error or "")
        Console().print(failed)
        if len(summary.failures) > 50:
            Console().print(f"… and {len(summary.failures) - 50} more: see manifest.jsonl")
        raise typer.Exit(1)


def _engine(executor: str, in_dir: Path, settings, scheduler: str | None, ship_bytes: bool):
    """The executor chosen on the command line, as a context (None: the batch's default)."""
    import contextlib

    from vnplan.cli.app import fail

    if executor not in ("process", "dask"):
        raise fail(None, f"unknown --executor {executor!r} (choose process or dask)")
    if executor == "process":
        if scheduler or ship_bytes:
            raise fail(None, "--scheduler and --ship-bytes need --executor dask")
        return contextlib.nullcontext(None)
    if scheduler and settings.workers:
        raise fail(None, "--workers sizes a local cluster; with --scheduler the cluster's own "
                         "workers run the batch")
    try:
        from vnplan.batch.executors_dask import dask_executor
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] not in ("dask", "distributed"):
            raise
        raise fail(None, "--executor dask needs Dask, which is not installed: "
                         "pip install 'vnplan[dask]'") from None
    return dask_executor(in_dir, settings, scheduler=scheduler, ship_bytes=ship_bytes or None)


def _summary_table(summary, out_dir: Path) -> Table:
    table = Table(title=f"vnplan batch → {out_dir}", show_header=True)
    for column in ("ok", "failed", "skipped", "reused", "pages", "findings", "time",
                   "docs/s"):
        table.add_column(column, justify="right")
    converted = summary.ok + summary.failed - summary.reused
    rate = converted / summary.seconds if summary.seconds else 0.0
    table.add_row(str(summary.ok), str(summary.failed), str(summary.skipped),
                  str(summary.reused), str(summary.pages), str(summary.findings),
                  f"{summary.seconds:.1f} s", f"{rate:.1f}")
    table.caption = f"validity as of {summary.as_of}; details in manifest.jsonl"
    return table
