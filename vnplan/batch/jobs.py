"""What one document's conversion is given and gives back, and the conversion itself.

``convert(job)`` is a pure, picklable function of the file's bytes and the options: it runs the
same in any worker process, on any machine, and never raises. A job carries the bytes, or
(for workers that share the batch's file system) names the file for ``convert`` to read.
"""

from __future__ import annotations

import hashlib
import os
import resource
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from vnplan.ingest import IngestError
from vnplan.pipeline import ExtractOptions, extract_bytes


@dataclass(frozen=True)
class Job:
    """One document to convert: its bytes, its path below IN_DIR, and the options."""

    path: str  # relative to IN_DIR, with forward slashes; becomes the record's source.path
    data: bytes
    options: ExtractOptions
    file: str | None = None  # absolute path to read where the job runs (then ``data`` is b"")


@dataclass
class Result:
    """What became of one document. ``record`` is the record's JSON when ``status`` is ok."""

    path: str
    sha256: str
    size_bytes: int
    status: str  # ok | failed | skipped
    error_kind: str | None = None  # IngestError.kind, or timeout | crashed | internal_error
    error: str | None = None
    record: bytes | None = None
    pages: int | None = None
    findings: int = 0
    seconds: float = 0.0
    peak_rss_mb: float | None = None
    worker: int | None = None
    reused: bool = False  # --resume found its record from an earlier run


def convert(job: Job) -> Result:
    """Convert one document. Pure and picklable: runs the same in any process or machine."""
    started = time.perf_counter()
    if job.file is not None:
        try:
            job = replace(job, data=Path(job.file).read_bytes(), file=None)
        except OSError as exc:
            return unreadable(job.path, _size(job.file), exc)
    result = Result(job.path, hashlib.sha256(job.data).hexdigest(), len(job.data), "failed")
    try:
        record = extract_bytes(job.data, job.path, job.options)
        result.record = (record.model_dump_json(indent=2) + "\n").encode("utf-8")
        result.status = "ok"
        result.pages = record.source.pages
        result.findings = len(record.findings)
    except IngestError as exc:
        result.error_kind, result.error = exc.kind, exc.reason
    except MemoryError:
        result.error_kind, result.error = "too_large", "ran out of memory (the worker's limit)"
    except RecursionError:
        result.error_kind, result.error = "internal_error", "RecursionError"
    except Exception as exc:  # a bug: recorded for this document, the batch goes on
        result.error_kind, result.error = "internal_error", f"{type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - started
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.worker = os.getpid()
    return result


def unreadable(path: str, size_bytes: int, exc: OSError) -> Result:
    """The result of a file that could not be read (wherever that was tried)."""
    return Result(path, "", size_bytes, "failed", "unreadable",
                  f"cannot read the file ({exc.strerror})")


def _size(file: str) -> int:
    try:
        return os.stat(file).st_size
    except OSError:
        return 0


def warm_up() -> None:
    """Load what the pipeline loads on first use (registry, reference data, patterns) in a new
    worker, so that cost does not count against its first document's ``--timeout``."""
    from vnplan.pipeline import ExtractOptions, extract_bytes

    sample = "KẾ HOẠCH\nCải cách hành chính năm 2024\nI. MỤC TIÊU\n1. Đạt 100% theo Nghị định số 61/2018/NĐ-CP."
    extract_bytes(sample.encode("utf-8"), "warm-up.txt", ExtractOptions())


@dataclass(frozen=True)
class BatchSettings:
    """The choices of one batch run. Only ``options`` and the limits change the outputs."""

    workers: int | None = None  # default: the number of cores
    resume: bool = False
    timeout_s: float | None = None  # per document; the worker is killed past it
    max_memory_mb: int | None = 4096  # address-space limit per worker (RLIMIT_AS)
    formats: tuple[str, ...] = ()  # exports beside the database: jsonl, csv, parquet
    options: ExtractOptions = field(default_factory=ExtractOptions)
