"""Run the batch on a Dask cluster (``pip install 'vnplan[dask]'``): ``DaskExecutor``.

    with dask_executor(in_dir, settings) as executor:                  # a local cluster
        run_batch(in_dir, out_dir, settings, executor=executor)
    with dask_executor(in_dir, settings, scheduler="tcp://host:8786"):  # an existing one
        ...

The same guarantees as ``ProcessExecutor``, on any number of machines:

* **Limits.** Every Dask worker thread runs its documents in a ``Sandbox`` (a child process,
  ``vnplan.batch.sandbox``): a document past ``--timeout`` is killed with its converters and
  reported ``timeout`` while the worker goes on; ``--max-memory`` caps the child's address space;
  a child that dies is reported ``crashed``. The children start — and load the reference data
  with ``warm_up`` — once per worker thread, when the batch registers its worker plugin.
* **Lost workers.** A Dask worker that dies (killed, out of memory, its machine gone) loses
  nothing: the scheduler runs its documents again elsewhere; a document that has killed
  ``distributed.scheduler.allowed-failures`` + 1 workers (default 4) is recorded ``crashed``.
* **The same outputs.** Workers run the same pure ``convert``; results are written by the batch
  in path order, so the outputs are byte-identical to the process pool's. Each worker's vnplan
  version is checked before the first job (a different one would write different records).
* **Input files.** Workers that share the file system read the files themselves (``Job.file``:
  only a path travels); otherwise the bytes travel with each job (``ship_bytes=True``). With a
  local cluster the files are shared; with a remote scheduler, unless told, each worker is asked
  whether it sees the first input file with the same size and sha256.
* **Pace.** Documents travel in tasks of about a quarter of a second of work (one document
  per task for slow ones), at most 4 tasks per worker thread: Dask's few milliseconds per task
  stay small beside the work, and a million files never sit in the client, the scheduler or
  the workers at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import queue
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import CancelledError
from dataclasses import replace
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker
from distributed.scheduler import KilledWorker

from vnplan.batch.executors import TaskFailure
from vnplan.batch.jobs import BatchSettings, Result, convert, warm_up
from vnplan.batch.runner import BatchError
from vnplan.batch.sandbox import Sandbox

PROBE_BYTES = 2**20  # the shared-file-system probe compares this much of the first file
CONNECT_TIMEOUT_S = 20.0
WORKERS_TIMEOUT_S = 60.0  # how long to wait for a remote cluster's first worker
IN_FLIGHT = 4  # tasks per worker thread: the next ones wait on the worker, not on the client
CHUNK_S = 0.25  # a task holds about this much work…
MAX_CHUNK = 32  # …in at most this many documents…
CHUNK_BYTES = 8 * 2**20  # …and this many shipped bytes (--ship-bytes)


class DaskExecutor:
    """Run jobs on the Dask cluster of ``client``, each in a sandbox on its worker."""

    def __init__(self, client: Client, *, timeout: float | None = None,
                 memory_mb: int | None = None, reads_files: bool = False) -> None:
        self.client = client
        self.timeout, self.memory_mb = timeout, memory_mb
        self.reads_files = reads_files  # the runner then sends paths (Job.file), not bytes
        self._plugins: dict = {}  # fn → the name of its worker plugin (warm sandboxes)

    def start(self, fn) -> str:
        """Start (once) the workers' sandboxes for ``fn``; they warm up meanwhile."""
        if fn not in self._plugins:
            name = f"vnplan-batch-{uuid.uuid4().hex[:12]}"
            self.client.register_plugin(_SandboxPlugin(fn, self.timeout, self.memory_mb), name)
            self._plugins[fn] = name
        return self._plugins[fn]

    def close(self) -> None:
        """Stop the sandboxes on the workers (the cluster itself is the caller's)."""
        for name in self._plugins.values():
            with contextlib.suppress(Exception):
                self.client.unregister_worker_plugin(name)
        self._plugins.clear()

    def map_unordered(self, fn, jobs):
        """Jobs go out in tasks of a few documents each (``_Pacer``), at most ``IN_FLIGHT``
        tasks per worker thread; a task lost with its worker is retried by Dask, and one that
        killed every worker it ran on is retried one document per task, so only the document
        at fault is recorded ``crashed``."""
        name = self.start(fn)
        jobs, tasks, done, pace = iter(jobs), {}, as_completed(), _Pacer(self.client)

        def submit(originals: list, sent: list) -> None:
            future = self.client.submit(_run_jobs, name, sent, pure=False)
            tasks[future.key] = (originals, sent, future)
            done.add(future)

        def top_up() -> None:
            while len(tasks) < pace.window() and (chunk := pace.take(jobs)):
                submit(chunk, chunk)

        try:
            top_up()
            for future in done:
                originals, sent, _ = tasks.pop(future.key)
                outcomes = _outcomes(future, len(sent))
                future.release()
                if outcomes is None:  # the task killed its workers: one document per task
                    for original, job in zip(originals, sent, strict=True):
                        if len(sent) == 1:
                            yield original, TaskFailure(
                                "crashed", "its Dask worker died on every try (KilledWorker)")
                        else:
                            submit([original], [job])
                    continue
                for original, job, outcome in zip(originals, sent, outcomes, strict=True):
                    if _unreadable_there(outcome, job) and (data := _read(job.file)) is not None:
                        # this worker does not see the file the client sees: send the bytes
                        submit([original], [replace(job, data=data, file=None)])
                        continue
                    pace.learn(outcome)
                    yield original, outcome
                top_up()
        finally:  # stopped early (an error, Ctrl-C): withdraw what is still queued
            if tasks:
                with contextlib.suppress(Exception):
                    self.client.cancel([future for _, _, future in tasks.values()])


class _Pacer:
    """How many documents go in one task, and how many tasks are in flight.

    One task per document would cost Dask's per-task overhead (a few ms of scheduler, client
    and worker time) on every plan, which on a text plan (~20 ms) is a tenth of the work. So
    tasks hold as many documents as take about ``CHUNK_S`` by the running mean of the
    documents' own times (one document per task until the first results are in, and for
    slow documents such as scans), at most ``CHUNK_BYTES`` of shipped bytes.
    """

    def __init__(self, client: Client) -> None:
        self.client = client
        self.per_doc_s: float | None = None
        self._window, self._checked = IN_FLIGHT, 0.0

    def window(self) -> int:
        if time.monotonic() - self._checked > 2.0:  # workers come and go: follow the cluster
            threads = sum(self.client.nthreads().values())
            self._window, self._checked = IN_FLIGHT * max(1, threads), time.monotonic()
        return self._window

    def take(self, jobs) -> list:
        size = 1 if self.per_doc_s is None else int(CHUNK_S / max(self.per_doc_s, 1e-4))
        size = max(1, min(MAX_CHUNK, size))
        chunk, shipped = [], 0
        while len(chunk) < size and shipped < CHUNK_BYTES:
            if (job := next(jobs, _END)) is _END:
                break
            chunk.append(job)
            shipped += len(getattr(job, "data", b"") or b"")
        return chunk

    def learn(self, outcome) -> None:
        seconds = getattr(outcome, "seconds", None)
        if isinstance(outcome, TaskFailure):
            seconds = CHUNK_S  # a timeout or a crash: be careful with what follows
        if seconds is not None:
            self.per_doc_s = seconds if self.per_doc_s is None else \
                0.9 * self.per_doc_s + 0.1 * seconds


_END = object()


def _outcomes(future, count: int) -> list | None:
    """The task's outcomes, one per job; None when the task killed every worker it ran on."""
    try:
        return future.result()
    except KilledWorker:
        return None
    except CancelledError:
        raise BatchError("the Dask cluster dropped the batch's work (scheduler lost?); run "
                         "again with --resume to go on") from None
    except Exception as exc:  # raised on the worker outside convert: a bug or a broken worker
        return [TaskFailure("crashed", f"{type(exc).__name__}: {exc}")] * count


def _unreadable_there(outcome, job) -> bool:
    return (getattr(job, "file", None) is not None and isinstance(outcome, Result)
            and outcome.error_kind == "unreadable")


def _read(file: str) -> bytes | None:
    try:
        return Path(file).read_bytes()
    except OSError:
        return None  # unreadable here too: the worker's result stands


# --- on the workers ----------------------------------------------------------------------


def _run_jobs(plugin_name: str, jobs: list) -> list:
    """A Dask task: run ``jobs`` one by one in one of this worker's sandboxes."""
    plugin = get_worker().plugins[plugin_name]
    return [plugin.run(job) for job in jobs]


class _SandboxPlugin(WorkerPlugin):
    """One warmed sandbox per worker thread, started when the batch begins."""

    def __init__(self, fn, timeout: float | None, memory_mb: int | None) -> None:
        self.fn, self.timeout, self.memory_mb = fn, timeout, memory_mb

    def setup(self, worker) -> None:
        self._idle: queue.SimpleQueue[Sandbox] = queue.SimpleQueue()
        self._all: list[Sandbox] = []
        for _ in range(max(1, worker.state.nthreads)):
            self._idle.put(self._new())

    def _new(self) -> Sandbox:
        sandbox = Sandbox(self.fn, self.timeout, self.memory_mb, initializer=warm_up)
        sandbox.start()  # warms up (reference data, patterns) before its first document
        self._all.append(sandbox)
        return sandbox

    def run(self, job):
        try:
            sandbox = self._idle.get_nowait()
        except queue.Empty:
            sandbox = self._new()
        try:
            return sandbox.run(job)
        finally:
            self._idle.put(sandbox)

    def teardown(self, worker) -> None:
        for sandbox in self._all:
            with contextlib.suppress(Exception):
                sandbox.close(grace_s=0)


def _worker_facts(file: str | None) -> dict:
    """What a worker reports before the batch: its vnplan, and whether it sees ``file``."""
    from vnplan.version import __version__

    facts = {"version": __version__, "file": None}
    if file is not None:
        with contextlib.suppress(OSError):
            facts["file"] = _fingerprint(file)
    return facts


def _fingerprint(file: str) -> tuple[int, str]:
    with open(file, "rb") as handle:
        return os.fstat(handle.fileno()).st_size, hashlib.sha256(handle.read(PROBE_BYTES)).hexdigest()


# --- opening a cluster -------------------------------------------------------------------


@contextlib.contextmanager
def dask_executor(in_dir: str | Path, settings: BatchSettings, *, scheduler: str | None = None,
                  ship_bytes: bool | None = None) -> Iterator[DaskExecutor]:
    """A ``DaskExecutor`` on a new local cluster of ``settings.workers`` processes (default:
    the cores), or on the cluster of ``scheduler``; closed (or left running) at the end.
    ``ship_bytes``: send the files' bytes (True), let workers read them (False), or decide
    (None: read on a local cluster, ask the workers of a remote one)."""
    with contextlib.ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(LocalCluster(
                n_workers=max(1, settings.workers or os.cpu_count() or 1), threads_per_worker=1,
                processes=True, host="127.0.0.1", dashboard_address=None,
                silence_logs=logging.ERROR,
            ))
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(scheduler, timeout=CONNECT_TIMEOUT_S))
            except (OSError, TimeoutError) as exc:
                raise BatchError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        shared = _check_workers(client, Path(in_dir), probe=ship_bytes is None and bool(scheduler))
        if ship_bytes is None:
            ship_bytes = not shared if scheduler else False
        executor = DaskExecutor(client, timeout=settings.timeout_s,
                                memory_mb=settings.max_memory_mb, reads_files=not ship_bytes)
        stack.callback(executor.close)
        executor.start(convert)  # the sandboxes warm up while the batch finds its files
        yield executor


def _check_workers(client: Client, in_dir: Path, probe: bool) -> bool:
    """Refuse workers with another vnplan; with ``probe``, say whether every worker sees the
    first file below ``in_dir`` as this machine does (a shared file system)."""
    from vnplan.version import __version__

    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
    except TimeoutError:
        raise BatchError(f"the Dask cluster has no worker (waited {WORKERS_TIMEOUT_S:g} s)") from None
    first = next((p for p in in_dir.rglob("*") if p.is_file()), None) if probe else None
    file = str(first.resolve()) if first is not None else None
    facts = client.run(_worker_facts, file)
    if bad := sorted(f"{w} has vnplan {f['version']}" for w, f in facts.items()
                     if f["version"] != __version__):
        raise BatchError(f"Dask workers must run vnplan {__version__} like this client: "
                         + "; ".join(bad))
    if file is None:
        return True
    here = _fingerprint(file)
    return all(f["file"] is not None and tuple(f["file"]) == here for f in facts.values())
