"""The batch on Dask against the process pool, on the same files (no assertions).

    make bench-dask       # or: .venv/bin/python benchmarks/bench_dask.py [--quick]

Prints, for 1, 2 and 4 workers:
  process pool        documents/s of ``run_batch`` with ``ProcessExecutor`` (the default)
  dask                the same with ``DaskExecutor`` on a local cluster of that many one-thread
                      worker processes, already up and warm (its one-off start is printed apart);
                      workers read the files (shared file system) and, at 2 workers, are also
                      sent the bytes (``--ship-bytes``)
and what a distributed run adds per document: the round trip of a trivial job (``len`` of a
40 kB document) through each executor, and the difference of the 1-worker times.

Documents/s count the conversion phase (first job handed out → last result written); the run's
fixed tail (database and exports, ~the same for both) is printed once. The files are the sample
plans (../shared/corpus/plans/*.txt) copied ``COPIES`` times.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnplan.batch import BatchSettings, run_batch, warm_up  # noqa: E402
from vnplan.batch.executors import ProcessExecutor  # noqa: E402
from vnplan.pipeline import ExtractOptions  # noqa: E402

PLANS = sorted((ROOT.parent / "shared" / "corpus" / "plans").glob("*.txt"))
QUICK = "--quick" in sys.argv
COPIES = 20 if QUICK else 40
ROUNDS = 2 if QUICK else 3
SETTINGS = BatchSettings(options=ExtractOptions(as_of=date(2025, 6, 30)))


def line(label: str, figure: str, note: str = "") -> None:
    print(f"  {label:<46} {figure:>18}   {note}")


def make_folder(root: Path) -> int:
    for copy in range(COPIES):
        box = root / f"box{copy:03d}"
        box.mkdir(parents=True)
        for plan in PLANS:
            shutil.copy(plan, box / plan.name)
    return COPIES * len(PLANS)


def timed_batch(folder: Path, out: Path, executor) -> tuple[float, float]:
    """(conversion seconds, whole run seconds) of one batch."""
    shutil.rmtree(out, ignore_errors=True)
    marks = {}

    def on_start(_total):
        marks["start"] = time.perf_counter()

    def on_result(_result):
        marks["last"] = time.perf_counter()

    started = time.perf_counter()
    run_batch(folder, out, SETTINGS, executor=executor, on_start=on_start, on_result=on_result)
    return marks["last"] - marks["start"], time.perf_counter() - started


def median_rate(docs: int, folder: Path, out: Path, make_executor) -> tuple[float, float]:
    """Median documents/s over ROUNDS batches, and the median whole-run seconds."""
    runs = [timed_batch(folder, out, make_executor()) for _ in range(ROUNDS)]
    return (docs / statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))


def round_trip_ms(executor, jobs: list) -> float:
    """Milliseconds per trivial job (``len``) through ``executor``, after one warm-up pass."""
    list(executor.map_unordered(len, jobs[:20]))
    started = time.perf_counter()
    for _ in executor.map_unordered(len, jobs):
        pass
    return (time.perf_counter() - started) / len(jobs) * 1000


def main() -> None:
    from distributed import Client, LocalCluster

    from vnplan.batch.executors_dask import DaskExecutor

    print(f"Batch on Dask vs the process pool ({os.cpu_count()} cores, "
          f"{COPIES} × {len(PLANS)} sample plans)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docs = make_folder(tmp / "in")
        folder, out = tmp / "in", tmp / "out"
        rates: dict[tuple[str, int], float] = {}
        tails = []
        for workers in (1, 2, 4):
            rate, whole = median_rate(docs, folder, out, lambda n=workers: ProcessExecutor(
                n, None, SETTINGS.max_memory_mb, initializer=warm_up))
            rates["process", workers] = rate
            tails.append(whole - docs / rate)
            line(f"process pool, {workers} worker(s)", f"{rate:.1f} docs/s")
        for workers in (1, 2, 4):
            started = time.perf_counter()
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              host="127.0.0.1", dashboard_address=None,
                              silence_logs=40) as cluster, Client(cluster) as client:
                up = time.perf_counter() - started
                executor = DaskExecutor(client, memory_mb=SETTINGS.max_memory_mb,
                                        reads_files=True)
                timed_batch(folder, out, executor)  # warms the workers' sandboxes
                warm = time.perf_counter() - started
                rate, _ = median_rate(docs, folder, out, lambda e=executor: e)
                rates["dask", workers] = rate
                share = rate / rates["process", workers]
                line(f"dask, {workers} worker(s), workers read files", f"{rate:.1f} docs/s",
                     f"{share:.0%} of the process pool; cluster up in {up:.1f} s, "
                     f"first batch done {warm:.1f} s after start")
                if workers == 2:
                    executor.reads_files = False
                    rate, _ = median_rate(docs, folder, out, lambda e=executor: e)
                    line("dask, 2 workers, --ship-bytes", f"{rate:.1f} docs/s",
                         f"{rate / rates['process', 2]:.0%} of the process pool")
                if workers == 1:
                    jobs = [PLANS[0].read_bytes()] * (100 if QUICK else 300)
                    dask_ms = round_trip_ms(executor, jobs)
                    pool_ms = round_trip_ms(ProcessExecutor(1), jobs)
                executor.close()
        line("run tail (database, manifest), per batch", f"{statistics.median(tails):.2f} s")
        per_doc = (1 / rates["dask", 1] - 1 / rates["process", 1]) * 1000
        line("trivial job round trip, 1 worker: process pool", f"{pool_ms:.2f} ms/job")
        line("trivial job round trip, 1 worker: dask", f"{dask_ms:.2f} ms/task",
             "one job per task: client → scheduler → worker → sandbox and back, 40 kB each")
        line("dask − process pool, 1 worker, real plans", f"{per_doc:+.2f} ms/doc")


if __name__ == "__main__":
    main()
