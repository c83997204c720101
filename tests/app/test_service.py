"""`vnplan serve`: the real server (uvicorn in a subprocess, on a loopback port) answers the
records `vnplan extract` writes, refuses every hostile file of the batch tests with the right
4xx problem document, carries a bounded load, and outlives a hung or killed worker.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path

import pytest
from support import GENERATED, PLANS, ROOT, needs_shared
from typer.testing import CliRunner

from vnplan.cli import app as cli_app
from vnplan.cli.schema import schema_json

pytestmark = needs_shared

PLAN_FILES = sorted(PLANS.glob("*.txt"))
HOST = "127.0.0.1"  # the tests never listen on another address
AS_OF = "2025-06-30"
SLOW_COPIES = 100  # plan 002 × 100 (7.5 MB): seconds of work, far past the 2 s limit below
CLI = [sys.executable, "-c", "from vnplan.cli import main; main()"]


# --- the server and a small client --------------------------------------------------------


class Server:
    def __init__(self, tmp: Path, *options: str) -> None:
        with socket.socket() as probe:  # a free loopback port
            probe.bind((HOST, 0))
            self.port = probe.getsockname()[1]
        self.log = tmp / f"server-{self.port}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*CLI, "serve", "--host", HOST, "--port", str(self.port), *options],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=tmp)
        deadline = time.monotonic() + 90  # start-up: forkserver, workers warming up
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            with suppress(OSError):
                if self.get("/healthz")[0] == 200:
                    return
            time.sleep(0.2)
        self.stop()
        pytest.fail("the server did not start:\n" + self.log.read_text())

    def request(self, method: str, path: str, body=None, headers=None, timeout: float = 60):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {},
                               encode_chunked=headers is not None and
                               headers.get("Transfer-Encoding") == "chunked")
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get(self, path: str):
        return self.request("GET", path, timeout=10)

    def upload(self, path: str, name: str, data: bytes, field: str = "file", **kw):
        body, content_type = multipart(field, name, data)
        return self.request("POST", path, body, {"Content-Type": content_type}, **kw)

    def health(self) -> dict:
        return json.loads(self.get("/healthz")[2])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: it and its workers
                self.process.wait(timeout=10)


def multipart(field: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n').encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


def assert_problem(answer, status: int, kind: str) -> dict:
    got, headers, body = answer
    assert got == status, body
    assert headers["content-type"] == "application/problem+json", headers
    problem = json.loads(body)
    assert problem["status"] == status and problem["kind"] == kind, problem
    assert problem["type"].endswith("/" + kind) and problem["title"] and problem["detail"]
    assert "Traceback" not in body.decode() and "\n" not in problem["detail"]
    return problem


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("serve"), "--workers", "2", "--timeout", "60")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """One worker, a 2 s limit, room for one waiting request, 20 MB uploads."""
    running = Server(tmp_path_factory.mktemp("serve-small"), "--workers", "1", "--timeout", "2",
                     "--max-queue", "1", "--max-upload-mb", "20")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def fixtures() -> Path:
    names = ("encrypted.pdf", "corrupt.pdf", "corrupt.docx", "empty.pdf", "junk.pdf", "bomb.docx")
    if not all((GENERATED / name).is_file() for name in names):
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build_fixtures.py")], check=True)
    return GENERATED


def cli(*args: str, cwd: Path) -> str:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli_app, list(args), catch_exceptions=False).stdout
    finally:
        os.chdir(old)


# --- the same records as the command line ------------------------------------------------


@pytest.mark.parametrize("plan", PLAN_FILES, ids=lambda p: p.name[:3])
def test_records_equal_the_cli(server, plan):
    status, headers, body = server.upload("/v1/extract", plan.name, plan.read_bytes())
    assert status == 200 and headers["content-type"] == "application/json"
    assert body.decode("utf-8") == cli("extract", plan.name, cwd=plan.parent)


def test_options_reach_the_worker(server):
    plan = PLAN_FILES[2]
    status, _, body = server.upload(f"/v1/extract?as_of={AS_OF}&ocr=false", "kh.txt",
                                    plan.read_bytes())
    record = json.loads(body)
    assert status == 200 and record["source"]["path"] == "kh.txt"
    dates = {r["validity"]["as_of"] for r in record["legal_references"] if r["validity"]}
    assert dates == {AS_OF}


def test_check_citations_equals_the_cli_for_a_file_and_a_record(server, tmp_path):
    plan = PLAN_FILES[2]
    expected = cli("check-citations", "--format", "json", "--as-of", AS_OF, plan.name,
                   cwd=plan.parent)
    status, _, body = server.upload(f"/v1/check-citations?as_of={AS_OF}", plan.name,
                                    plan.read_bytes())
    assert status == 200 and body.decode() == expected and json.loads(body)

    record = server.upload("/v1/extract", plan.name, plan.read_bytes())[2]
    (tmp_path / "record.json").write_bytes(record)
    expected = cli("check-citations", "--format", "json", "--as-of", AS_OF, "record.json",
                   cwd=tmp_path)
    answer = server.upload(f"/v1/check-citations?as_of={AS_OF}", "record.json", record)
    assert answer[0] == 200 and answer[2].decode() == expected
    as_body = server.request("POST", f"/v1/check-citations?as_of={AS_OF}", record,
                             {"Content-Type": "application/json"})
    assert as_body[0] == 200 and json.loads(as_body[2]) == json.loads(expected)
    assert_problem(server.upload("/v1/check-citations", "r.json", b'{"not": "a record"}'),
                   422, "invalid_record")


def test_schema_health_and_openapi(server):
    status, headers, body = server.get("/v1/schema")
    assert status == 200 and body.decode() == schema_json()
    assert headers["content-type"] == "application/schema+json"
    health = server.health()
    assert health["status"] == "ok" and health["version"]
    assert len(health["workers"]) == 2 and all(w["pid"] for w in health["workers"])
    spec = json.loads(server.get("/openapi.json")[2])
    assert {"/v1/extract", "/v1/check-citations", "/v1/schema", "/healthz"} <= set(spec["paths"])
    body = spec["paths"]["/v1/extract"]["post"]["requestBody"]["content"]
    assert "file" in body["multipart/form-data"]["schema"]["properties"]
    assert server.get("/docs")[0] == 200


# --- bad input: a 4xx problem document, never a 500 -----------------------------------------


@pytest.mark.parametrize(("name", "status", "kind"), [
    ("encrypted.pdf", 422, "encrypted"),
    ("corrupt.pdf", 422, "corrupt"),
    ("corrupt.docx", 422, "corrupt"),
    ("empty.pdf", 422, "empty"),
    ("junk.pdf", 422, "corrupt"),
    ("bomb.docx", 413, "too_large"),
])
def test_hostile_fixtures_get_the_right_4xx(server, fixtures, name, status, kind):
    problem = assert_problem(server.upload("/v1/extract", name, (fixtures / name).read_bytes()),
                             status, kind)
    assert problem["instance"] == "/v1/extract"


def test_the_batch_tests_bad_files_get_a_4xx(server):
    rng = random.Random(8)
    cases = [
        ("empty.txt", b"", 422, "empty"),
        ("binary.txt", rng.randbytes(20000), 422, "binary"),
        ("fake.docx", b"this is not a Word file\n" * 10, 422, "corrupt"),
        ("budget.xlsx", b"PK\x03\x04 not really a spreadsheet", 415, "unsupported"),
        ("corrupt.pdf", b"%PDF-1.7\n" + rng.randbytes(4000), 422, "corrupt"),
        ("tool.exe", b"MZ\x90\x00" + bytes(200), 415, "unsupported"),
    ]
    for name, data, status, kind in cases:
        assert_problem(server.upload("/v1/extract", name, data), status, kind)
        assert_problem(server.upload("/v1/check-citations", name, data), status, kind)


def test_wrong_requests_get_a_4xx(server):
    plan = PLAN_FILES[0].read_bytes()
    assert_problem(server.upload("/v1/extract", "kh.txt", plan, field="document"),
                   422, "missing_field")
    assert_problem(server.request("POST", "/v1/extract", plan, {"Content-Type": "text/plain"}),
                   415, "unsupported_media_type")
    assert_problem(server.request("POST", "/v1/extract", b"--x\r\nnonsense",
                                  {"Content-Type": "multipart/form-data; boundary=x"}),
                   400, "bad_request")
    assert_problem(server.request("POST", "/v1/extract", b"",
                                  {"Content-Type": "multipart/form-data"}), 400, "bad_request")
    assert_problem(server.upload("/v1/extract?as_of=yesterday", "kh.txt", plan),
                   422, "invalid_parameter")
    assert_problem(server.upload("/v1/extract?ocr=maybe", "kh.txt", plan),
                   422, "invalid_parameter")
    boundary = "b0undary"
    for body in (  # broken multipart bodies: never a 500
        b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end",
        b"--other\r\n\r\nx\r\n--other--\r\n",
        b"--b0undary\r\nno colon here\r\n\r\nx\r\n--b0undary--\r\n",
        b"--b0undary\r\nX: " + b"h" * 10000 + b"\r\n\r\nx\r\n--b0undary--\r\n",
        b"".join(b'--b0undary\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n'
                 for _ in range(40)) + b"--b0undary--\r\n",
    ):
        status = server.request("POST", "/v1/extract", body, {
            "Content-Type": f"multipart/form-data; boundary={boundary}"})[0]
        assert 400 <= status < 500, body[:60]
    assert_problem(server.get("/v1/nothing"), 404, "not_found")
    assert_problem(server.get("/v1/extract"), 405, "method_not_allowed")


def test_too_large_is_refused_while_streaming(small):
    data = b"a" * (21 * 2**20)
    problem = assert_problem(small.upload("/v1/extract", "big.txt", data), 413, "too_large")
    assert "20 MB" in problem["detail"]
    body, content_type = multipart("file", "big.txt", data)  # no Content-Length: chunked
    chunks = (body[i:i + 2**20] for i in range(0, len(body), 2**20))
    problem = assert_problem(small.request("POST", "/v1/extract", chunks, {
        "Content-Type": content_type, "Transfer-Encoding": "chunked"}), 413, "too_large")
    assert "larger than the limit" in problem["detail"]


# --- load, time limit, a dying worker, a full queue ------------------------------------------


def test_a_bounded_load_is_answered_without_error(server):
    files = [(p.name, p.read_bytes()) for p in PLAN_FILES]
    expected = {name: json.loads(server.upload("/v1/extract", name, data)[2])["source"]["sha256"]
                for name, data in files}

    def one(index: int) -> tuple[str, int, str | None]:
        name, data = files[index % len(files)]
        status, _, body = server.upload("/v1/extract", name, data, timeout=60)
        return name, status, json.loads(body)["source"]["sha256"] if status == 200 else body

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(one, range(200)))
    assert [status for _, status, _ in answers] == [200] * 200, answers
    assert all(sha == expected[name] for name, _, sha in answers)
    assert time.monotonic() - started < 60


def slow_plan() -> bytes:
    return PLAN_FILES[2].read_bytes() * SLOW_COPIES


def test_a_hung_document_is_stopped_at_the_limit(small):
    started = time.monotonic()
    problem = assert_problem(small.upload("/v1/extract", "slow.txt", slow_plan()), 504, "timeout")
    assert "2 s" in problem["detail"] and time.monotonic() - started < 30
    assert small.upload("/v1/extract", "kh.txt", PLAN_FILES[0].read_bytes())[0] == 200


def _busy_worker(server: Server, deadline_s: float = 20, for_s: float = 0.0) -> int:
    """The pid of a worker that has been on a request for ``for_s`` seconds."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        busy = [w["pid"] for w in server.health()["workers"]
                if w["busy_s"] is not None and w["busy_s"] >= for_s]
        if busy and busy[0]:
            return busy[0]
        time.sleep(0.02)
    pytest.fail("no worker became busy")


def test_a_killed_worker_is_answered_500_and_replaced(small):
    answer = {}
    request = threading.Thread(target=lambda: answer.update(
        r=small.upload("/v1/extract", "slow.txt", slow_plan())))
    request.start()
    pid = _busy_worker(small, for_s=0.5)  # it has the document (not still receiving it)
    os.kill(pid, signal.SIGKILL)  # the worker's own pid, taken from /healthz
    request.join(timeout=30)
    problem = assert_problem(answer["r"], 500, "crashed")
    assert "SIGKILL" in problem["detail"]
    assert small.upload("/v1/extract", "kh.txt", PLAN_FILES[0].read_bytes())[0] == 200
    workers = small.health()["workers"]
    assert workers[0]["pid"] not in (None, pid) and workers[0]["restarts"] >= 1
    # a worker that dies while idle: the next request goes to its replacement, unharmed
    os.kill(workers[0]["pid"], signal.SIGKILL)
    time.sleep(0.2)
    assert small.upload("/v1/extract", "kh.txt", PLAN_FILES[0].read_bytes())[0] == 200


def test_a_full_queue_is_answered_503_with_retry_after(small):
    answers = {}

    def send(key: str, name: str, data: bytes) -> threading.Thread:
        thread = threading.Thread(target=lambda: answers.update(
            {key: small.upload("/v1/extract", name, data)}))
        thread.start()
        return thread

    running = send("running", "slow.txt", slow_plan())
    _busy_worker(small)
    waiting = send("waiting", "kh.txt", PLAN_FILES[0].read_bytes())
    deadline = time.monotonic() + 20
    while small.health()["queued"] < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    refused = small.upload("/v1/extract", "kh.txt", PLAN_FILES[0].read_bytes())
    assert_problem(refused, 503, "busy")
    assert int(refused[1]["retry-after"]) >= 1
    running.join(timeout=30)
    waiting.join(timeout=30)
    assert answers["running"][0] == 504 and answers["waiting"][0] == 200


def test_serve_refuses_bad_options_in_one_line(tmp_path):
    bad = tmp_path / "extra.yaml"
    bad.write_text("documents: [not, a, registry\n")
    for args, words in ((["--registry", str(tmp_path / "missing.yaml")], "missing.yaml"),
                        (["--registry", str(bad)], "extra.yaml"),
                        (["--as-of", "someday"], "not a date"),
                        (["--max-upload-mb", "0"], "--max-upload-mb")):
        run = subprocess.run([*CLI, "serve", "--port", "1", *args], capture_output=True,
                             text=True, timeout=60, cwd=tmp_path)
        assert run.returncode == 2, run.stderr
        assert run.stderr.startswith("vnplan: error: ") and words in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
