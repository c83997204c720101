"""Batch conversion of an archive: every file below a folder → records, manifest, database.

    discover(IN_DIR) → jobs (bytes + options) → executor runs convert(job) → results
        → records/<path>.json (atomic) → manifest.jsonl, batch.json, vnplan.sqlite, exports/

``convert`` is the whole per-document work: a pure, picklable function of the file's bytes and
the options, returning a ``Result`` (a record or an error) and never raising. Where it runs is
the executor's business (``vnplan.batch.executors``): worker processes by default, or a Dask
cluster (``vnplan.batch.executors_dask``).

What is deterministic (same input and options → same bytes): the records, ``manifest.jsonl``,
``batch.json``, ``vnplan.sqlite`` and ``exports/``. All of them are written from the results
sorted by path, and the database and exports are rebuilt from the records at the end of every
run, so a run killed and resumed ends with exactly the outputs of an uninterrupted one.
Wall-clock facts (seconds per document, memory, which worker, whether a record was reused)
go to ``timings.jsonl`` only.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from vnplan.batch.executors import Executor, ProcessExecutor, SerialExecutor, TaskFailure
from vnplan.batch.jobs import BatchSettings, Job, Result, convert, unreadable, warm_up
from vnplan.batch.manifest import (
    BATCH_INFO,
    DATABASE,
    EXPORTS_DIR,
    RECORDS_DIR,
    TIMINGS,
    batch_info,
    manifest_rows,
    record_path,
    timing,
    write_batch_info,
    write_manifest,
)
from vnplan.ingest import SUPPORTED_SUFFIXES
from vnplan.outputs.atomic import write_atomic

# --- discovery ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A file below IN_DIR; ``skip`` says why it is not converted (None: it is)."""

    path: str
    file: Path
    size_bytes: int
    skip: str | None = None


def discover(in_dir: Path) -> list[Found]:
    """Every file below ``in_dir``, sorted by path; unsupported ones carry a skip reason.

    Hidden files and folders (``.git``, ``.DS_Store``) are ignored altogether; a folder's
    ``README`` is listed as skipped (it documents the folder, it is not a plan).
    """
    found = []
    for root, dirs, files in os.walk(in_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            file = Path(root) / name
            rel = file.relative_to(in_dir).as_posix()
            try:
                size = file.stat().st_size
            except OSError:
                size = 0
            skip = None
            if Path(name).stem.upper() == "README":
                skip = "folder documentation (README), not a plan"
            elif file.suffix.lower() not in SUPPORTED_SUFFIXES:
                skip = f"unsupported file type '{file.suffix or name}'"
            found.append(Found(rel, file, size, skip))
    return sorted(found, key=lambda f: f.path)


# --- the run -----------------------------------------------------------------------------


@dataclass
class BatchSummary:
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    reused: int = 0
    pages: int = 0
    findings: int = 0
    seconds: float = 0.0
    as_of: str = ""
    failures: list[Result] = field(default_factory=list)


class BatchError(Exception):
    """The batch as a whole cannot run (not a per-document failure)."""


def run_batch(
    in_dir: str | Path,
    out_dir: str | Path,
    settings: BatchSettings | None = None,
    *,
    executor: Executor | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> BatchSummary:
    """Convert every supported file below ``in_dir`` into ``out_dir``; see the module doc."""
    started = time.perf_counter()
    settings = settings or BatchSettings()
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    if not in_dir.is_dir():
        raise BatchError(f"{in_dir}: not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = _settle_as_of(settings, out_dir)
    found = discover(in_dir)
    _remove_temporaries(out_dir)
    write_batch_info(out_dir, settings, None)  # so a resumed run knows this run's as_of
    if on_start:
        on_start(len(found))

    results: dict[str, Result] = {}
    todo: list[Found] = []
    timings = (out_dir / TIMINGS).open("a" if settings.resume else "w", encoding="utf-8")

    def finish(result: Result) -> None:
        result.record = None  # written already; keep memory flat over thousands of files
        results[result.path] = result
        if result.status != "skipped":
            timings.write(json.dumps(timing(result), ensure_ascii=False) + "\n")
            timings.flush()
        if on_result:
            on_result(result)

    try:
        for item in found:
            if item.skip:
                finish(Result(item.path, _sha256(item.file), item.size_bytes, "skipped",
                              "unsupported", item.skip))
            elif settings.resume and (reused := _reusable(item, out_dir)):
                finish(reused)
            else:
                todo.append(item)
        run = executor or _default_executor(settings)
        jobs = _jobs(todo, settings, finish, by_name=getattr(run, "reads_files", False))
        for job, outcome in run.map_unordered(convert, jobs):
            result = outcome if isinstance(outcome, Result) else _failure(job, outcome)
            if result.record is not None:
                write_atomic(record_path(out_dir, result.path), result.record)
            finish(result)
    finally:
        timings.close()

    ordered = [results[item.path] for item in found]
    _remove_stale_records(out_dir, {r.path for r in ordered if r.status == "ok"})
    write_manifest(out_dir, ordered)
    summary = _summarise(ordered, settings)
    write_batch_info(out_dir, settings, summary)
    from vnplan.outputs.files import write_exports
    from vnplan.outputs.sqlite import build_database

    build_database(out_dir / DATABASE, out_dir, manifest_rows(ordered), batch_info(settings))
    if settings.formats:
        write_exports(out_dir / DATABASE, out_dir / EXPORTS_DIR, settings.formats)
    summary.seconds = time.perf_counter() - started
    return summary


def _jobs(todo: list[Found], settings: BatchSettings, finish,
          by_name: bool = False) -> Iterator[Job]:
    """Read each file only when a worker is ready for it; too-large files are not read.
    ``by_name``: the workers read the files themselves (they share this file system)."""
    limit = settings.options.ingest.max_bytes
    for item in todo:
        if item.size_bytes > limit:
            finish(Result(item.path, _sha256(item.file), item.size_bytes, "failed", "too_large",
                          f"file too large ({item.size_bytes / 2**20:.0f} MiB > "
                          f"{limit / 2**20:.0f} MiB)"))
            continue
        if by_name:
            yield Job(item.path, b"", settings.options, file=str(item.file.resolve()))
            continue
        try:
            data = item.file.read_bytes()
        except OSError as exc:
            finish(unreadable(item.path, item.size_bytes, exc))
            continue
        yield Job(item.path, data, settings.options)


def _default_executor(settings: BatchSettings) -> Executor:
    if settings.workers == 1 and not settings.timeout_s and not settings.max_memory_mb:
        return SerialExecutor()
    return ProcessExecutor(settings.workers, settings.timeout_s, settings.max_memory_mb,
                           initializer=warm_up)


def _failure(job: Job, failure: TaskFailure) -> Result:
    if job.file is not None:  # a job the worker was to read: the same facts, from the file
        file = Path(job.file)
        size = file.stat().st_size if file.is_file() else 0
        return Result(job.path, _sha256(file), size, "failed", failure.kind, failure.reason)
    return Result(job.path, hashlib.sha256(job.data).hexdigest(), len(job.data), "failed",
                  failure.kind, failure.reason)


def _sha256(file: Path) -> str:
    try:
        with file.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def _reusable(item: Found, out_dir: Path) -> Result | None:
    """The earlier run's result for this file, if its record matches the file's sha256."""
    target = record_path(out_dir, item.path)
    if not target.is_file():
        return None
    sha = _sha256(item.file)
    try:
        record = json.loads(target.read_bytes())
    except (OSError, ValueError):
        return None
    source = record.get("source", {}) if isinstance(record, dict) else {}
    if source.get("sha256") != sha or source.get("path") != item.path:
        return None
    return Result(item.path, sha, item.size_bytes, "ok", pages=source.get("pages"),
                  findings=len(record.get("findings", [])), reused=True)


def _settle_as_of(settings: BatchSettings, out_dir: Path) -> BatchSettings:
    """Fix the validity date for the whole run: the one asked for, else (on --resume) the
    previous run's, else today. Resumed records must all share one ``as_of``."""
    options = settings.options
    previous = None
    info = out_dir / BATCH_INFO
    if settings.resume and info.is_file():
        try:
            previous = json.loads(info.read_text(encoding="utf-8")).get("as_of")
        except (OSError, ValueError):
            previous = None
    if options.as_of is None:
        as_of = date.fromisoformat(previous) if previous else date.today()
        options = replace(options, as_of=as_of)
    elif previous and previous != options.as_of.isoformat():
        raise BatchError(f"--as-of {options.as_of} differs from the run being resumed "
                         f"({previous}); its records would not match: run without --resume")
    return replace(settings, options=options)


def _remove_temporaries(out_dir: Path) -> None:
    """Drop half-written files a killed run left behind (``write_atomic`` temporaries)."""
    for pattern in (f"{RECORDS_DIR}/**/.*.tmp", ".*.tmp", f"{EXPORTS_DIR}/.*.tmp"):
        for tmp in out_dir.glob(pattern):
            tmp.unlink(missing_ok=True)


def _remove_stale_records(out_dir: Path, keep: set[str]) -> None:
    """Records of files that are gone or now fail would misstate this run: remove them."""
    root = out_dir / RECORDS_DIR
    for file in root.rglob("*.json"):
        if file.relative_to(root).as_posix()[: -len(".json")] not in keep:
            file.unlink()
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def _summarise(results: list[Result], settings: BatchSettings) -> BatchSummary:
    summary = BatchSummary(as_of=batch_info(settings)["as_of"] or "")
    for r in results:
        if r.status == "ok":
            summary.ok += 1
            summary.reused += r.reused
            summary.pages += r.pages or 0
            summary.findings += r.findings
        elif r.status == "failed":
            summary.failed += 1
            summary.failures.append(r)
        else:
            summary.skipped += 1
    return summary


