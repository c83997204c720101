"""Throughput and latency of `vnplan serve`, beside the in-process figures for the same files.

    .venv/bin/python benchmarks/bench_service.py [--requests 200] [--workers 2] [--rounds 3]

Starts the real server (uvicorn, loopback, a free port) with --workers N, then sends the
corpus plans (../shared/corpus/plans/*.txt) round-robin from 1 and from 8 concurrent clients
(one keep-alive connection each) and prints requests/s and p50/p95 latency. Beside them:
the same files converted in this process, one after another (`extract_bytes`), and by the
batch's worker pool with the same N workers (`ProcessExecutor.map_unordered(convert, …)`),
which is what the service runs them on. Client, server and workers share this machine's cores.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnplan.batch import Job, convert, warm_up  # noqa: E402
from vnplan.batch.executors import ProcessExecutor  # noqa: E402
from vnplan.pipeline import ExtractOptions, extract_bytes  # noqa: E402

PLANS = sorted((ROOT.parent / "shared" / "corpus" / "plans").glob("*.txt"))
HOST = "127.0.0.1"
AS_OF = "2025-06-30"


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\n\r\n').encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


def start_server(workers: int) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    log = tempfile.TemporaryFile()  # noqa: SIM115 (read back if the server fails to start)
    process = subprocess.Popen(
        [sys.executable, "-c", "from vnplan.cli import main; main()", "serve", "--host", HOST,
         "--port", str(port), "--workers", str(workers), "--as-of", AS_OF],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    log.seek(0)
    sys.exit("the server did not start:\n" + log.read().decode(errors="replace"))


def load(port: int, bodies: list[tuple[bytes, str]], requests: int, clients: int) -> dict:
    """Send ``requests`` uploads from ``clients`` threads; requests/s and latencies."""
    latencies: list[float] = []
    errors: list[int] = []
    counter = iter(range(requests))
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            body, content_type = bodies[index % len(bodies)]
            started = time.perf_counter()
            connection.request("POST", "/v1/extract", body=body,
                               headers={"Content-Type": content_type})
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    errors.append(response.status)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {"rps": requests / seconds, "p50": statistics.median(latencies),
            "p95": latencies[int(0.95 * (len(latencies) - 1))], "errors": len(errors)}


def in_process(files: list[tuple[str, bytes]], requests: int) -> float:
    options = ExtractOptions(as_of=date.fromisoformat(AS_OF))
    warm_up()
    started = time.perf_counter()
    for index in range(requests):
        name, data = files[index % len(files)]
        extract_bytes(data, name, options).model_dump_json(indent=2)
    return requests / (time.perf_counter() - started)


def batch_pool(files: list[tuple[str, bytes]], requests: int, workers: int) -> float:
    """Documents/s of the batch's pool once its workers are up (start-up not counted)."""
    options = ExtractOptions(as_of=date.fromisoformat(AS_OF))
    warm = workers * 2
    jobs = [Job(files[i % len(files)][0], files[i % len(files)][1], options)
            for i in range(requests + warm)]
    executor = ProcessExecutor(workers=workers, initializer=warm_up)
    started, done = 0.0, 0
    for index, _ in enumerate(executor.map_unordered(convert, jobs)):
        if index + 1 == warm:
            started = time.perf_counter()
        elif index + 1 > warm:
            done += 1
    return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not PLANS:
        sys.exit("needs the sample plans in ../shared/corpus/plans")
    files = [(p.name, p.read_bytes()) for p in PLANS]
    bodies = [multipart(name, data) for name, data in files]
    kb = sum(len(d) for _, d in files) / len(files) / 1024
    print(f"{len(files)} plans (mean {kb:.0f} KB), {args.requests} requests, "
          f"{args.workers} workers, {os.cpu_count()} cores")

    # Rounds alternate the measures, so a change in the machine's load hits them alike;
    # the medians are printed.
    rows: dict[str, list] = {"single": [], "pooled": [], 1: [], 8: []}
    process, port = start_server(args.workers)
    try:
        load(port, bodies, 20, 2)  # warm the connections and workers
        for _ in range(args.rounds):
            rows["single"].append(in_process(files, args.requests))
            rows["pooled"].append(batch_pool(files, args.requests, args.workers))
            for clients in (1, 8):
                rows[clients].append(load(port, bodies, args.requests, clients))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)

    single, pooled = statistics.median(rows["single"]), statistics.median(rows["pooled"])
    figures = {clients: {key: statistics.median(r[key] for r in rows[clients])
                         for key in ("rps", "p50", "p95")} | {
                   "errors": sum(r["errors"] for r in rows[clients])}
               for clients in (1, 8)}
    print(f"  {'median of ' + str(args.rounds) + ' rounds':<36} {'docs/s':>8} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'errors':>7}")
    print(f"  {'in process, one after another':<36} {single:8.1f}")
    print(f"  {f'batch pool, {args.workers} workers':<36} {pooled:8.1f}")
    for clients, f in figures.items():
        label = f"service, {clients} client{'s' if clients > 1 else ''}"
        print(f"  {label:<36} {f['rps']:8.1f} {f['p50'] * 1000:8.1f} {f['p95'] * 1000:8.1f} "
              f"{f['errors']:7d}")
    share = figures[8]["rps"] / pooled
    print(f"  service at 8 clients / batch pool: {share:.0%}")
    print(json.dumps({"in_process": rows["single"], "batch_pool": rows["pooled"],
                      **{f"service_{c}": rows[c] for c in (1, 8)}}))


if __name__ == "__main__":
    main()
