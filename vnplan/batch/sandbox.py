"""One job at a time in a separate process, with the batch's limits: a sandbox.

An engine that runs jobs in its own long-lived processes (a Dask worker, a Ray actor) cannot
kill a hung job without killing itself, and a job that exhausts memory would take the engine's
worker down with it. So such a worker runs each job in a sandbox — a child process started with
``subprocess`` (allowed below daemonic processes, unlike ``multiprocessing``), warmed once with
the initializer, fed one job at a time over a socket, with the same rules as
``ProcessExecutor``: the time limit counts from the moment the child takes the job (start-up is
granted ``_START_GRACE_S``), a child past it is killed with its own children (LibreOffice,
Tesseract) and replaced before the next job, a child that dies is reported ``crashed``, and the
child caps its address space with ``RLIMIT_AS``. A child whose parent disappears exits.

    sandbox = Sandbox(convert, timeout=120, memory_mb=4096, initializer=warm_up)
    outcome = sandbox.run(job)   # convert(job), or TaskFailure("timeout" | "crashed", reason)
    sandbox.close()
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any

from vnplan.batch.executors import _START_GRACE_S, _STARTED, TaskFailure, _worker_main


class Sandbox:
    """A child process that runs ``fn(job)`` for one job at a time, within the limits."""

    def __init__(self, fn: Callable[[Any], Any], timeout: float | None = None,
                 memory_mb: int | None = None,
                 initializer: Callable[[], Any] | None = None) -> None:
        self.fn, self.initializer = fn, initializer
        self.timeout = timeout if timeout and timeout > 0 else None
        self.memory_mb = memory_mb if memory_mb and memory_mb > 0 else None
        self._process: subprocess.Popen | None = None
        self._conn: Connection | None = None

    def start(self) -> None:
        """Start the child now (it warms up while the caller goes on); ``run`` starts it too."""
        if self._process is not None:
            return
        parent, child = socket.socketpair()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "vnplan.batch.sandbox", str(child.fileno())],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, close_fds=True,
        )
        child.close()
        self._conn = Connection(parent.detach())
        self._conn.send((self.fn, self.memory_mb, self.initializer))

    def run(self, job: Any) -> Any:
        """``fn(job)`` run in the child, or a ``TaskFailure`` when it ran too long or died."""
        self.start()
        conn = self._conn
        try:
            conn.send(job)
        except OSError:
            return self._death()
        grace = max(_START_GRACE_S, self.timeout) if self.timeout else None
        deadline = time.monotonic() + grace if grace else None
        while True:
            wait_s = max(0.0, deadline - time.monotonic()) if deadline is not None else None
            if not wait([conn], timeout=wait_s):
                self._kill()
                return TaskFailure("timeout", f"took longer than {self.timeout:g} s "
                                              "(the worker was stopped)")
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return self._death()
            if isinstance(message, str) and message == _STARTED:
                if self.timeout:  # the child began the job: its own limit runs from here
                    deadline = time.monotonic() + self.timeout
                continue
            if isinstance(message, TaskFailure):  # the child's fn raised: replace the child
                self._kill()
            return message

    def close(self, grace_s: float = 5.0) -> None:
        """Stop the child: politely when idle, by force when it does not go within ``grace_s``."""
        if self._process is None:
            return
        with contextlib.suppress(OSError):
            self._conn.send(None)
        try:
            self._process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            self._kill()
        self._forget()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _death(self) -> TaskFailure:
        try:
            code = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # the socket broke but the child lives on: end it
            self._kill()
            return TaskFailure("crashed", "the worker stopped answering")
        self._forget()
        if code < 0:
            name = signal.Signals(-code).name
            hint = " (probably out of memory)" if -code == signal.SIGKILL else ""
            return TaskFailure("crashed", f"the worker was killed by {name}{hint}")
        return TaskFailure("crashed", f"the worker died (exit code {code})")

    def _kill(self) -> None:
        """Kill the child and whatever it started (a converter, Tesseract)."""
        process = self._process
        if process is None:
            return
        try:
            import psutil

            children = psutil.Process(process.pid).children(recursive=True)
        except Exception:  # the child is already gone
            children = []
        for child in children:
            with contextlib.suppress(Exception):
                child.kill()
        with contextlib.suppress(OSError):
            process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
        self._forget()

    def _forget(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None


def _exit_with_parent(parent: int) -> None:
    """End this child when the process that started it is gone (killed, out of memory)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def main(fd: int) -> None:
    """The child: receive (fn, memory_mb, initializer), then serve jobs until told to stop."""
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    conn = Connection(fd)
    try:
        fn, memory_mb, initializer = conn.recv()
    except (EOFError, OSError):
        return
    _worker_main(conn, fn, memory_mb, initializer)


if __name__ == "__main__":
    main(int(sys.argv[1]))
