"""What the service's worker processes run: one top-level, picklable function, ``run_task``.

The workers are the batch's (``vnplan.batch.executors.ProcessExecutor``), so a request is
converted exactly as ``vnplan batch`` converts a file: ``Job`` → ``convert`` → ``Result``. A
citation check is a ``CheckJob`` (the same conversion, or a record JSON read as is, then the
validity check); ``Ping`` starts and warms a new worker and tells its process id.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import date

from vnplan.batch.jobs import Job, Result, convert
from vnplan.pipeline import ExtractOptions


@dataclass(frozen=True)
class CheckJob:
    """Check the citations of one document (``record_json``: the bytes are a record's JSON)."""

    path: str  # the uploaded file name: the rows' "path"
    data: bytes
    options: ExtractOptions
    as_of: date
    record_json: bool


@dataclass(frozen=True)
class Ping:
    """Answered with the worker's process id: sent to every new worker before any request."""


def run_task(task: Job | CheckJob | Ping):
    """The one function the workers run; never raises for a document (see ``convert``)."""
    if isinstance(task, Ping):
        return os.getpid()
    if isinstance(task, CheckJob):
        return check(task)
    return convert(task)


def check(job: CheckJob) -> Result:
    """The rows ``vnplan check-citations --format json`` prints, in ``Result.record``."""
    from vnplan.cli.check_citations import CheckedPlan, citation_rows
    from vnplan.extractors.citations.validity import check_validity, reference_date
    from vnplan.models import PlanRecord
    from vnplan.reference.registry import load_registry

    if not job.record_json:
        result = convert(Job(job.path, job.data, job.options))
        if result.status != "ok":
            return result
        data = result.record
    else:
        started = time.perf_counter()
        result = Result(job.path, "", len(job.data), "failed", worker=os.getpid())
        data = job.data
    try:
        record = PlanRecord.model_validate_json(data)
    except ValueError as exc:  # pydantic's ValidationError and malformed JSON alike
        result.status, result.error_kind = "failed", "invalid_record"
        result.error = "not a vnplan record: " + _first_line(exc)
        return result
    try:
        references, findings = check_validity(
            record, load_registry(*job.options.registries), job.as_of)
        rows = citation_rows([CheckedPlan(job.path, reference_date(record), references, findings)])
    except Exception as exc:  # a bug: answered as such, the worker goes on
        result.status, result.error_kind = "failed", "internal_error"
        result.error = f"{type(exc).__name__}: {_first_line(exc)}"
        return result
    result.status, result.error_kind, result.error = "ok", None, None
    result.record = (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    result.findings = len(findings)
    if job.record_json:
        result.seconds = time.perf_counter() - started
    return result


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
