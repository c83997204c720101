"""The batch on Dask (``--executor dask``): the process pool's outputs, byte for byte, on a local
cluster and on a scheduler and workers started apart on loopback — one of them killed with
SIGKILL mid-run — with hung documents stopped at the time limit and ``--resume`` intact.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from importlib.util import find_spec
from pathlib import Path

import pytest
from support import PLANS, needs_shared
from test_batch import outputs, read_manifest
from typer.testing import CliRunner

from vnplan.batch import BatchSettings, Job, convert, run_batch
from vnplan.batch.executors import SerialExecutor, TaskFailure
from vnplan.batch.sandbox import Sandbox
from vnplan.pipeline import ExtractOptions

PLAN_FILES = sorted(PLANS.glob("*.txt"))
AS_OF = "2025-06-30"
CLI = [sys.executable, "-c", "from vnplan.cli import main; main()"]
needs_dask = pytest.mark.skipif(find_spec("distributed") is None,
                                reason="needs the dask extra: pip install -e '.[dask]'")


def small_folder(root: Path, copies: int = 1) -> Path:
    """The sample plans (``copies`` times, in boxes) and a broken PDF."""
    for copy in range(copies):
        box = root / f"box{copy:02d}"
        box.mkdir(parents=True)
        for plan in PLAN_FILES:
            shutil.copy(plan, box / plan.name)
    (root / "broken.pdf").write_bytes(b"%PDF-1.5\n" + b"\x00" * 100)
    return root


# --- the pieces ---------------------------------------------------------------------------


@needs_shared
def test_a_job_that_names_its_file_is_read_where_it_runs(tmp_path):
    options = ExtractOptions(as_of=date.fromisoformat(AS_OF))
    plan = PLAN_FILES[0]
    by_bytes = convert(Job("a/plan.txt", plan.read_bytes(), options))
    by_name = convert(Job("a/plan.txt", b"", options, file=str(plan.resolve())))
    assert (by_name.status, by_name.sha256, by_name.record) == \
        (by_bytes.status, by_bytes.sha256, by_bytes.record)
    gone = convert(Job("gone.txt", b"", options, file=str(tmp_path / "gone.txt")))
    assert (gone.status, gone.error_kind) == ("failed", "unreadable")
    assert gone.error == "cannot read the file (No such file or directory)"


def test_the_sandbox_stops_a_hung_job_and_survives_a_dying_one():
    sandbox = Sandbox(time.sleep, timeout=1.0)
    try:
        started = time.monotonic()
        assert sandbox.run(60) == TaskFailure("timeout",
                                              "took longer than 1 s (the worker was stopped)")
        assert time.monotonic() - started < 30
        assert sandbox.run(0) is None  # a new child took over
    finally:
        sandbox.close()
    dying = Sandbox(os._exit)
    try:
        assert dying.run(3) == TaskFailure("crashed", "the worker died (exit code 3)")
    finally:
        dying.close()


def test_without_the_extra_the_dask_executor_says_how_to_install_it(tmp_path, monkeypatch):
    from vnplan.cli.app import app

    for module in ("dask", "distributed"):  # as if they were not installed
        monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.delitem(sys.modules, "vnplan.batch.executors_dask", raising=False)
    result = CliRunner().invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "out"),
                                      "--executor", "dask"])
    assert result.exit_code == 2, result.output
    assert "pip install 'vnplan[dask]'" in result.output
    assert not (tmp_path / "out").exists()


# --- a local cluster ----------------------------------------------------------------------


@needs_shared
@needs_dask
def test_a_local_cluster_gives_the_process_pool_outputs_and_stops_hung_documents(tmp_path):
    folder = small_folder(tmp_path / "in")
    (folder / "empty.txt").write_bytes(b"")
    # 300 copies of plan 002: ~20 s of work (150,000 lines: within the ingestion limits)
    (folder / "slow.txt").write_bytes(PLAN_FILES[2].read_bytes() * 300)
    args = ["--workers", "2", "--timeout", "3", "--as-of", AS_OF, "--format", "jsonl,csv"]
    runs = {}
    for name, extra in (("process", []), ("dask", ["--executor", "dask"])):
        started = time.monotonic()
        run = subprocess.run([*CLI, "batch", str(folder), "-o", str(tmp_path / name), *args,
                              *extra], capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert run.returncode == 1, run.stderr  # broken.pdf, empty.txt and slow.txt failed
        runs[name] = time.monotonic() - started
    assert read_manifest(tmp_path / "dask") == read_manifest(tmp_path / "process")
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "process")
    rows = {row["path"]: row for row in read_manifest(tmp_path / "dask")}
    assert (rows["slow.txt"]["status"], rows["slow.txt"]["error_kind"]) == ("failed", "timeout")
    assert rows["slow.txt"]["error"] == "took longer than 3 s (the worker was stopped)"
    assert sum(row["status"] == "ok" for row in rows.values()) == len(PLAN_FILES)
    assert runs["dask"] < 60, runs  # the hung document did not hang the batch


# --- a scheduler and workers of their own, one killed -------------------------------------


def _start(command: list[str], log: Path) -> subprocess.Popen:
    with log.open("w") as handle:  # each in its own session, so it can be killed whole
        return subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and two one-thread workers, separate processes on 127.0.0.1."""
    address_file = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m"]
    scheduler = _start([*dask, "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                        "--port", "0", "--no-dashboard", "--scheduler-file", str(address_file)],
                       tmp_path / "scheduler.log")
    workers = []
    try:
        deadline = time.monotonic() + 30
        while not address_file.is_file() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert address_file.is_file(), (tmp_path / "scheduler.log").read_text()
        for index in range(2):
            workers.append(_start(
                [*dask, "distributed.cli.dask_worker", "--scheduler-file", str(address_file),
                 "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
                 "--death-timeout", "30"], tmp_path / f"worker{index}.log"))
        address = json.loads(address_file.read_text())["address"]
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:
        for process in [*workers, scheduler]:
            _stop(process)


@needs_shared
@needs_dask
def test_a_worker_killed_mid_run_loses_nothing_and_resume_works(tmp_path, cluster):
    import psutil

    address, workers = cluster
    folder = small_folder(tmp_path / "in", copies=12)
    total = 12 * len(PLAN_FILES)
    args = ["--as-of", AS_OF, "--format", "jsonl,parquet", "--executor", "dask",
            "--scheduler", address, "--ship-bytes"]
    out = tmp_path / "dask"
    victim = workers[0]
    batch = subprocess.Popen([*CLI, "batch", str(folder), "-o", str(out), *args],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             start_new_session=True, cwd=tmp_path)
    victims: set[int] = set()  # the nanny's worker and the sandbox it starts for the work

    def victim_worked() -> bool:  # timings.jsonl is written a line per document, flushed
        victims.update(p.pid for p in psutil.Process(victim.pid).children(recursive=True))
        lines = (out / "timings.jsonl").read_text().splitlines() if out.exists() else []
        return any(json.loads(line)["worker"] in victims for line in lines if line.strip())

    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and batch.poll() is None:
            done = len(list((out / "records").rglob("*.json"))) if out.exists() else 0
            # mid-run, once the victim has done some of it: counting alone was not enough under
            # load, when the other worker could do a third while the victim was still warming up
            if done >= total // 3 and victim_worked():
                break
            time.sleep(0.01)
        assert batch.poll() is None, "the batch finished before a worker could be killed"
        victim_worked()  # every process of the victim, up to the kill
        os.killpg(victim.pid, signal.SIGKILL)  # the nanny, its worker and the worker's sandbox
        victim.wait(timeout=10)
        killed_at = len(list((out / "records").rglob("*.json")))
        assert killed_at < total
        _, stderr = batch.communicate(timeout=120)
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, signal.SIGKILL)
    assert batch.returncode == 1, stderr  # broken.pdf only

    reference = tmp_path / "reference"
    settings = BatchSettings(workers=1, options=ExtractOptions(as_of=date.fromisoformat(AS_OF)),
                             formats=("jsonl", "parquet"))
    run_batch(folder, reference, settings, executor=SerialExecutor())
    assert outputs(out) == outputs(reference)  # nothing dropped, nothing marked crashed
    timings = [json.loads(line) for line in (out / "timings.jsonl").read_text().splitlines()]
    assert any(row["worker"] in victims for row in timings), "the killed worker did no work"

    # --resume on the surviving worker: converts what is missing, reuses the rest
    for record in sorted((out / "records").rglob("*.json"))[:5]:
        record.unlink()
    (out / "manifest.jsonl").unlink()
    resumed = subprocess.run([*CLI, "batch", str(folder), "-o", str(out), "--resume", *args],
                             capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert resumed.returncode == 1, resumed.stderr
    timings = [json.loads(line) for line in (out / "timings.jsonl").read_text().splitlines()]
    assert sum(row["reused"] for row in timings) == total - 5
    assert outputs(out) == outputs(reference)
