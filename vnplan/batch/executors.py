"""Where batch jobs run: the executor seam.

An executor takes a picklable top-level function ``fn(job) -> result`` and an iterable of
picklable jobs, and yields ``(job, outcome)`` pairs in completion order, where ``outcome`` is
``fn(job)`` or a ``TaskFailure`` when the job could not finish (it ran past the time limit, or
its worker died). That is the whole contract (``Executor`` below); the batch sorts the results
itself, so completion order never shows in its outputs.

Two executors ship:

* ``ProcessExecutor`` (default): N worker processes fed one job at a time. A worker that runs
  past ``timeout`` is killed with its child processes (LibreOffice, Tesseract) and replaced; a
  worker that dies (segfault, out-of-memory kill) is replaced and its job reported as
  ``crashed``. Each worker caps its address space with ``RLIMIT_AS``.
* ``SerialExecutor``: runs jobs in the calling process, for tests and debugging. It enforces
  no time or memory limit.

A distributed engine plugs in the same way, because the batch's per-document function
(``vnplan.batch.convert``) is pure and picklable — bytes and options in, result out:
``DaskExecutor`` (``vnplan.batch.executors_dask``, the ``[dask]`` extra) runs it on a Dask
cluster, each job in a ``Sandbox`` (``vnplan.batch.sandbox``) on its worker so the same limits
hold. An executor whose workers share the batch's file system may set ``reads_files = True``:
the batch then hands it jobs that name the file (``Job.file``) instead of carrying its bytes,
and ``convert`` reads the file where it runs.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol


@dataclass(frozen=True)
class TaskFailure:
    """A job that did not return: ``kind`` is ``timeout`` or ``crashed``."""

    kind: str
    reason: str


class Executor(Protocol):
    def map_unordered(
        self, fn: Callable[[Any], Any], jobs: Iterable[Any]
    ) -> Iterator[tuple[Any, Any]]: ...


class SerialExecutor:
    """Run every job here, one after another (no limits enforced)."""

    workers = 1

    def map_unordered(self, fn, jobs):
        for job in jobs:
            yield job, fn(job)


@dataclass
class _Slot:
    process: Any
    conn: Connection
    job: Any = None
    deadline: float | None = None


class ProcessExecutor:
    """A pool of worker processes that can kill and replace a hung or crashed worker."""

    def __init__(self, workers: int | None = None, timeout: float | None = None,
                 memory_mb: int | None = None, initializer: Callable[[], Any] | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.timeout = timeout if timeout and timeout > 0 else None
        self.memory_mb = memory_mb if memory_mb and memory_mb > 0 else None
        # run once in every new worker before its first job (outside any job's time limit)
        self.initializer = initializer
        # forkserver: workers fork from a clean, single-threaded process that has already
        # imported the pipeline, so a replacement worker starts in milliseconds.
        self._context = mp.get_context("forkserver")

    def map_unordered(self, fn, jobs):
        self._context.set_forkserver_preload([fn.__module__])
        jobs = iter(jobs)
        slots: list[_Slot | None] = [None] * self.workers
        exhausted = False
        try:
            while True:
                for index, slot in enumerate(slots):
                    if exhausted or (slot is not None and slot.job is not None):
                        continue
                    job = next(jobs, _END)
                    if job is _END:
                        exhausted = True
                        break
                    if slot is None:
                        slot = slots[index] = self._start(fn)
                    slot.job = job
                    # Until the worker says it has begun, allow for its start-up (a new worker
                    # on a loaded machine can take seconds); then the job's own limit runs.
                    slot.deadline = (
                        time.monotonic() + max(_START_GRACE_S, self.timeout) if self.timeout else None
                    )
                    slot.conn.send(job)
                busy = [s for s in slots if s is not None and s.job is not None]
                if not busy:
                    return
                deadlines = [s.deadline for s in busy if s.deadline is not None]
                wait_s = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
                ready = set(wait([s.conn for s in busy] + [s.process.sentinel for s in busy],
                                 timeout=wait_s))
                for index, slot in enumerate(slots):
                    if slot is None or slot.job is None:
                        continue
                    job, outcome = slot.job, None
                    if slot.conn in ready:
                        try:
                            outcome = slot.conn.recv()
                        except (EOFError, OSError):
                            outcome = self._death(slot)
                        if isinstance(outcome, str) and outcome == _STARTED:
                            outcome = None  # the worker began the job: its time limit runs
                            if self.timeout:
                                slot.deadline = time.monotonic() + self.timeout
                    elif slot.process.sentinel in ready:
                        outcome = self._death(slot)
                    elif slot.deadline is not None and time.monotonic() >= slot.deadline:
                        outcome = TaskFailure("timeout", f"took longer than {self.timeout:g} s "
                                                         "(the worker was stopped)")
                    if outcome is None:
                        continue
                    slot.job = None
                    if isinstance(outcome, TaskFailure):
                        _kill(slot)
                        slots[index] = None
                    yield job, outcome
        finally:
            for slot in slots:
                if slot is not None:
                    _stop(slot)

    def _start(self, fn) -> _Slot:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_worker_main,
                                        args=(child, fn, self.memory_mb, self.initializer),
                                        daemon=True, name="vnplan-worker")
        process.start()
        child.close()
        return _Slot(process, parent)

    @staticmethod
    def _death(slot: _Slot) -> TaskFailure:
        slot.process.join(timeout=5)
        code = slot.process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            hint = " (probably out of memory)" if -code == signal.SIGKILL else ""
            return TaskFailure("crashed", f"the worker was killed by {name}{hint}")
        return TaskFailure("crashed", f"the worker died (exit code {code})")


_END = object()
_STARTED = "vnplan-worker-started"  # what a worker sends when it takes a job
_START_GRACE_S = 60.0


def _worker_main(conn: Connection, fn, memory_mb: int | None, initializer=None) -> None:
    """A worker's life: take a job, run it, send back the outcome; stop on ``None`` or EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_mb:
        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if initializer is not None:
        with contextlib.suppress(Exception):  # a failing warm-up shows again in the first job
            initializer()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(_STARTED)
        except (EOFError, OSError):
            return
        try:
            outcome = fn(job)
        except MemoryError:
            outcome = TaskFailure("crashed", "ran out of memory (the worker's limit)")
        except BaseException as exc:
            outcome = TaskFailure("crashed", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(outcome)
        except (EOFError, OSError):
            return


def _kill(slot: _Slot) -> None:
    """Kill a worker and whatever it started (a converter, Tesseract)."""
    try:
        import psutil

        children = psutil.Process(slot.process.pid).children(recursive=True)
    except Exception:  # the process is already gone
        children = []
    for child in children:
        with contextlib.suppress(Exception):
            child.kill()
    if slot.process.is_alive():
        slot.process.kill()
    slot.process.join(timeout=5)
    slot.conn.close()


def _stop(slot: _Slot) -> None:
    if slot.job is not None:
        _kill(slot)
        return
    with contextlib.suppress(EOFError, OSError):
        slot.conn.send(None)
    slot.process.join(timeout=5)
    if slot.process.is_alive():
        _kill(slot)
    else:
        slot.conn.close()
