"""The bridge from the event loop to the batch's worker processes.

Each worker has a lane: a thread that runs a one-worker ``ProcessExecutor`` (the batch's: per
job time limit, a hung worker killed with its children, a dead one replaced, ``RLIMIT_AS``)
over the jobs it takes from one shared, bounded queue. A request puts its job on the queue and
awaits a future; the event loop never runs a conversion and never waits on a pipe.

    request → WorkerPool.submit(task) → queue (bounded: full → QueueFull, answered 503)
            → lane thread → ProcessExecutor(workers=1).map_unordered(run_task, …) → worker
            → Result | TaskFailure("timeout" | "crashed") → the request's future

A lane sends a ``Ping`` to every worker it starts, first thing, so a new worker (at start-up
or after one was killed) imports and warms the pipeline before it takes a request, and the
lane knows its process id (``/healthz`` lists them).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import queue
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field

from vnplan.batch.executors import ProcessExecutor, TaskFailure
from vnplan.batch.jobs import warm_up
from vnplan.service.work import Ping, run_task

log = logging.getLogger("vnplan.service")

_POLL_S = 0.25  # how often an idle lane looks whether the pool is stopping


class QueueFull(Exception):
    """Every worker is busy and the queue is full; ``retry_after`` is an estimate in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"the queue is full; retry in about {retry_after} s")
        self.retry_after = retry_after


@dataclass
class _Item:
    task: object
    future: Future = field(default_factory=Future)
    retried: bool = False


@dataclass
class _Lane:
    index: int
    pid: int | None = None  # the current worker's process id, once it answered its Ping
    busy_since: float | None = None
    restarts: int = 0
    restart: bool = True  # the next job of the lane is a Ping to a new worker
    started: bool = False  # its first worker answered (start() waits for that)
    item: _Item | None = None  # the request its worker is on
    thread: threading.Thread | None = None


class WorkerPool:
    """N worker processes behind a bounded queue; ``await pool.run(task)`` gives the outcome."""

    def __init__(self, workers: int, *, timeout: float | None, max_queue: int,
                 memory_mb: int | None) -> None:
        self.workers = max(1, workers)
        self.timeout = timeout
        self.max_queue = max(1, max_queue)
        self.memory_mb = memory_mb
        self._queue: queue.Queue[_Item] = queue.Queue(self.max_queue)
        self._stopping = threading.Event()
        self._lanes = [_Lane(i) for i in range(self.workers)]
        self._ready = threading.Semaphore(0)
        self._seconds = 0.1  # running mean of a job's time, for Retry-After

    # --- life -------------------------------------------------------------------------------

    def start(self, wait_s: float = 120.0) -> None:
        """Start every lane and wait (bounded) until each worker has answered its Ping."""
        for lane in self._lanes:
            lane.thread = threading.Thread(target=self._lane_main, args=(lane,),
                                           name=f"vnplan-lane-{lane.index}", daemon=True)
            lane.thread.start()
        deadline = time.monotonic() + wait_s
        for _ in self._lanes:
            if not self._ready.acquire(timeout=max(0.0, deadline - time.monotonic())):
                log.warning("not every worker was ready after %.0f s; serving anyway", wait_s)
                break

    def stop(self, wait_s: float = 10.0) -> None:
        """Stop taking jobs and stop the workers; a job still running (its request is gone:
        uvicorn has waited for the requests in flight) is killed, queued ones are failed."""
        self._stopping.set()
        stopped = TaskFailure("stopped", "the server is shutting down")
        for lane in self._lanes:
            item, pid = lane.item, lane.pid
            if item is not None:
                _settle(item.future, stopped)
                if pid:
                    _kill_tree(pid)
        deadline = time.monotonic() + wait_s
        for lane in self._lanes:
            if lane.thread is not None:
                lane.thread.join(timeout=max(0.0, deadline - time.monotonic()))
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item.future.set_running_or_notify_cancel():
                _settle(item.future, stopped)

    # --- requests ---------------------------------------------------------------------------

    async def run(self, task) -> object:
        """The outcome of ``task``: its ``Result``, or a ``TaskFailure``. Raises ``QueueFull``."""
        if self._stopping.is_set():
            return TaskFailure("stopped", "the server is shutting down")
        item = _Item(task)
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            raise QueueFull(self.retry_after()) from None
        try:
            return await asyncio.wrap_future(item.future)
        except asyncio.CancelledError:  # the client went away: drop the job if not begun
            item.future.cancel()
            raise

    def retry_after(self) -> int:
        """Seconds until a place in the queue is likely free (at least 1)."""
        waiting = self._queue.qsize() + 1
        return max(1, math.ceil(self._seconds * waiting / self.workers))

    def status(self) -> dict:
        now = time.monotonic()
        return {
            "workers": [
                {"pid": lane.pid, "busy_s": round(now - lane.busy_since, 3)
                 if lane.busy_since is not None else None, "restarts": lane.restarts}
                for lane in self._lanes
            ],
            "queued": self._queue.qsize(),
            "max_queue": self.max_queue,
        }

    # --- a lane -----------------------------------------------------------------------------

    def _lane_main(self, lane: _Lane) -> None:
        """Run one worker's executor until the pool stops; start it again if it ever fails."""
        pending: list[_Item] = []  # a job handed to a worker that died before taking it
        while not self._stopping.is_set():
            executor = ProcessExecutor(workers=1, timeout=self.timeout,
                                       memory_mb=self.memory_mb, initializer=warm_up)
            try:
                for task, outcome in executor.map_unordered(run_task, self._jobs(lane, pending)):
                    self._done(lane, task, outcome)
            except Exception as exc:  # a worker that died before it took its job: broken pipe
                log.warning("worker lane %d: %s; starting a new worker", lane.index, exc)
                item, lane.item = lane.item, None
                if item is not None and not item.future.done():
                    if item.retried:
                        _settle(item.future, TaskFailure("crashed", f"the worker died ({exc})"))
                    else:  # it never began: the new worker takes it, once
                        item.retried = True
                        pending.append(item)
                lane.pid, lane.busy_since = None, None
                lane.restarts += 1
                time.sleep(0.2)  # no busy loop if workers cannot start at all
        item, lane.item = lane.item, None
        if item is not None:
            _settle(item.future, TaskFailure("stopped", "the server is shutting down"))

    def _jobs(self, lane: _Lane, pending: list[_Item]) -> Iterator:
        """What the lane's executor runs: a Ping for each new worker, then queued tasks."""
        lane.restart = True  # a new executor: its worker starts with a Ping
        while not self._stopping.is_set():
            if lane.restart:
                lane.restart, lane.item = False, None
                yield _PING
                continue
            if pending:
                item = pending.pop()
            else:
                try:
                    item = self._queue.get(timeout=_POLL_S)
                except queue.Empty:
                    continue
                if not item.future.set_running_or_notify_cancel():
                    continue  # cancelled while it waited
            lane.item, lane.busy_since = item, time.monotonic()
            yield item.task

    def _done(self, lane: _Lane, task, outcome) -> None:
        """Hand an outcome to its request; after a failed worker, Ping its replacement."""
        failed = isinstance(outcome, TaskFailure)
        if task is _PING:
            if failed:
                log.warning("worker lane %d: a new worker failed to start: %s", lane.index,
                            outcome.reason)
                lane.restart = True
                lane.restarts += 1
                time.sleep(0.2)
            else:
                if not lane.started:
                    lane.started = True
                    self._ready.release()
                lane.pid = outcome
            return
        item, lane.item = lane.item, None
        if lane.busy_since is not None:
            self._seconds = 0.8 * self._seconds + 0.2 * (time.monotonic() - lane.busy_since)
        lane.busy_since = None
        if failed:  # the executor has stopped that worker: start and warm the next one now
            lane.pid, lane.restart = None, True
            lane.restarts += 1
        if item is not None:
            _settle(item.future, outcome)


def _settle(future: Future, outcome) -> None:
    """Give ``future`` its outcome unless it already has one (the pool stopping races)."""
    with contextlib.suppress(InvalidStateError):
        future.set_result(outcome)


def _kill_tree(pid: int) -> None:
    """Kill a worker and what it started (LibreOffice, Tesseract)."""
    import psutil

    try:
        worker = psutil.Process(pid)
        for process in [*worker.children(recursive=True), worker]:
            with contextlib.suppress(psutil.Error):
                process.kill()
    except psutil.Error:  # already gone
        pass


_PING = Ping()
