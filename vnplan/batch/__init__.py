"""Batch conversion of an archive: ``runner`` (discover files, run jobs, write outputs),
``jobs`` (what one conversion is given and gives back), ``executors`` (where jobs run: worker
processes by default) and ``manifest`` (the output files and their names)."""

from vnplan.batch.jobs import BatchSettings, Job, Result, convert, warm_up
from vnplan.batch.manifest import (
    BATCH_INFO,
    DATABASE,
    EXPORTS_DIR,
    MANIFEST,
    RECORDS_DIR,
    TIMINGS,
    batch_info,
    manifest_rows,
    record_path,
)
from vnplan.batch.runner import BatchError, BatchSummary, Found, discover, run_batch

__all__ = [
    "BATCH_INFO", "DATABASE", "EXPORTS_DIR", "MANIFEST", "RECORDS_DIR", "TIMINGS",
    "BatchError", "BatchSettings", "BatchSummary", "Found", "Job", "Result", "batch_info",
    "convert", "discover", "manifest_rows", "record_path", "run_batch", "warm_up",
]
