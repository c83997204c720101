"""The batch's output files: where records go, the manifest (one row per file found),
``batch.json`` (the settings that shape the outputs) and the timings."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from vnplan.batch.jobs import BatchSettings, Result
from vnplan.outputs.atomic import write_atomic

RECORDS_DIR = "records"
MANIFEST = "manifest.jsonl"
BATCH_INFO = "batch.json"
TIMINGS = "timings.jsonl"
DATABASE = "vnplan.sqlite"
EXPORTS_DIR = "exports"


def record_path(out_dir: Path, path: str) -> Path:
    """Where the record of the file at ``path`` (relative to IN_DIR) is written."""
    return out_dir / RECORDS_DIR / f"{path}.json"


def manifest_rows(results: list[Result]) -> list[dict]:
    """One row per file found, sorted by path: what the manifest and its table hold."""
    return [
        {
            "path": r.path,
            "sha256": r.sha256,
            "size_bytes": r.size_bytes,
            "status": r.status,
            "error_kind": r.error_kind,
            "error": r.error,
            "record": f"{RECORDS_DIR}/{r.path}.json" if r.status == "ok" else None,
            "pages": r.pages,
            "findings": r.findings,
        }
        for r in results
    ]


def write_manifest(out_dir: Path, results: list[Result]) -> None:
    lines = [json.dumps(row, ensure_ascii=False) + "\n" for row in manifest_rows(results)]
    write_atomic(out_dir / MANIFEST, "".join(lines).encode("utf-8"))


def batch_info(settings: BatchSettings) -> dict:
    """The settings that shape the outputs (not workers: they change only the speed)."""
    from vnplan.version import __version__

    options = settings.options
    return {
        "generator": f"vnplan {__version__}",
        "as_of": options.as_of.isoformat() if options.as_of else None,
        "ocr": options.ingest.ocr,
        "max_pages": options.ingest.max_pages,
        "max_bytes": options.ingest.max_bytes,
        "timeout_s": settings.timeout_s,
        "max_memory_mb": settings.max_memory_mb,
        "registries": list(options.registries),
    }


def write_batch_info(out_dir: Path, settings: BatchSettings,
                      summary) -> None:
    info = batch_info(settings)
    if summary is not None:  # None while the run is under way
        info["counts"] = {"ok": summary.ok, "failed": summary.failed, "skipped": summary.skipped}
        info["pages"], info["findings"] = summary.pages, summary.findings
    payload = json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_atomic(out_dir / BATCH_INFO, payload.encode("utf-8"))


def timing(r: Result) -> dict:
    row = asdict(r)
    del row["record"], row["error"], row["sha256"]
    row["seconds"] = round(r.seconds, 4)
    if r.peak_rss_mb is not None:
        row["peak_rss_mb"] = round(r.peak_rss_mb, 1)
    return row
