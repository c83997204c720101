"""The app factory: ``create_app(ServiceSettings)`` → a FastAPI app with its worker pool.

The pool starts with the app (uvicorn's lifespan: the port answers once every worker has
warmed up) and stops with it. ``Service.run`` turns what a worker gave back into the answer:
the record's bytes, or a ``Problem`` (bad input 4xx, time limit 504, dead worker 500, full
queue 503).
"""

from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date

from fastapi import FastAPI

from vnplan.batch.executors import TaskFailure
from vnplan.ingest import IngestOptions
from vnplan.pipeline import ExtractOptions
from vnplan.service.pool import QueueFull, WorkerPool
from vnplan.service.problems import Problem, install_handlers
from vnplan.version import __version__


@dataclass(frozen=True)
class ServiceSettings:
    """The limits and defaults of one server (``vnplan serve``'s options)."""

    workers: int | None = None  # worker processes; default: the number of cores
    max_upload_mb: float = 50.0  # larger uploads are answered 413 while they stream
    timeout_s: float | None = 120.0  # per document; past it the worker is killed → 504
    max_queue: int | None = None  # requests waiting for a worker; default 8 per worker
    max_memory_mb: int | None = 4096  # address-space limit per worker (RLIMIT_AS)
    as_of: date | None = None  # default date of the validity check; default today
    registries: tuple[str, ...] = ()  # extra registry YAML files

    @property
    def worker_count(self) -> int:
        return max(1, self.workers or os.cpu_count() or 1)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 2**20)

    @property
    def queue_size(self) -> int:
        return self.max_queue if self.max_queue else 8 * self.worker_count


class Service:
    """What the routes share: the settings and the worker pool."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.pool = WorkerPool(settings.worker_count, timeout=settings.timeout_s,
                               max_queue=settings.queue_size, memory_mb=settings.max_memory_mb)

    def options(self, as_of: date | None, ocr: bool) -> ExtractOptions:
        """The request's choices on top of the server's (as ``vnplan batch`` builds them)."""
        converters_s = IngestOptions().timeout_s
        if self.settings.timeout_s:  # external converters must not outlive the document
            converters_s = min(converters_s, self.settings.timeout_s)
        ingest = IngestOptions(ocr=ocr, max_bytes=self.settings.max_upload_bytes,
                               timeout_s=converters_s)
        return ExtractOptions(ingest=ingest, as_of=as_of or self.settings.as_of,
                              registries=self.settings.registries)

    async def run(self, task) -> bytes:
        """Run ``task`` in a worker; its JSON bytes, or a ``Problem`` raised."""
        try:
            outcome = await self.pool.run(task)
        except QueueFull as exc:
            raise Problem("busy", f"every worker is busy and {self.pool.max_queue} requests "
                          "are waiting; try again shortly",
                          headers={"Retry-After": str(exc.retry_after)}) from None
        if isinstance(outcome, TaskFailure):
            if outcome.kind == "timeout":
                raise Problem("timeout", f"the document {outcome.reason}")
            if outcome.kind == "stopped":
                raise Problem("stopped", outcome.reason, headers={"Retry-After": "5"})
            raise Problem("crashed", f"the worker converting the document stopped: "
                          f"{outcome.reason}; a new worker has taken its place")
        if outcome.status != "ok":
            kind = outcome.error_kind or "internal_error"
            detail = outcome.error or kind
            if kind == "internal_error":
                detail = f"the conversion failed ({detail})"
            raise Problem(kind, detail)
        return outcome.record


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The vnplan HTTP service (see ``vnplan serve``)."""
    from vnplan.service.routes import router

    service = Service(settings or ServiceSettings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await asyncio.to_thread(service.pool.start)
        try:
            yield
        finally:
            await asyncio.to_thread(service.pool.stop)

    app = FastAPI(
        title="vnplan",
        version=__version__,
        summary="Vietnamese official documents (Kế hoạch CCHC, reports, decisions) → "
                "validated JSON records.",
        description="Upload a document (text, Markdown, HTML, PDF — text layer or scanned — "
                    "DOCX, DOC, images) and get the record `vnplan extract` writes, or its "
                    "citations checked against the legal registry. Every error is "
                    "`application/problem+json` (RFC 9457) with vnplan's error `kind`.",
        lifespan=lifespan,
    )
    app.state.service = service
    install_handlers(app)
    app.include_router(router)
    return app
