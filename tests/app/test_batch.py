"""Batch conversion: nothing lost, nothing half-written, same bytes every time, resumable.

The mixed folder holds the corpus plus every kind of bad input an archive contains: a corrupt
and a truncated PDF, an encrypted PDF (made here, RC4 40-bit with user password "secret"; the
LibreOffice-made fixture is added when ``scripts/build_fixtures.py`` has run), an empty file,
random bytes named .txt, a file above the size limit, a fake .docx, a file of an unsupported
type, and a plan too long for the time limit.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from support import GENERATED, PLANS, needs_shared
from vnplan.ingest import IngestOptions

from vnplan.batch import BatchSettings, Job, convert, discover, run_batch
from vnplan.batch.executors import ProcessExecutor, SerialExecutor, TaskFailure
from vnplan.pipeline import ExtractOptions

pytestmark = needs_shared

CORPUS = PLANS
FIXTURES = GENERATED
PLAN_FILES = sorted(CORPUS.glob("*.txt"))
AS_OF = "2025-06-30"
CLI = [sys.executable, "-c", "from vnplan.cli import main; main()"]


# --- building bad inputs -------------------------------------------------------------------


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def make_pdf(text: str = "Ke hoach cai cach hanh chinh nam 2024", password: str | None = None
             ) -> bytes:
    """A one-page PDF with a text layer; encrypted (standard handler, R2) with ``password``."""
    file_id = hashlib.md5(b"vnplan-test").digest()
    content = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    encrypt = trailer_extra = ""
    if password is not None:
        owner_key = hashlib.md5(b"owner" + _PAD[:27]).digest()[:5]
        user_padded = (password.encode() + _PAD)[:32]
        o_entry = _rc4(owner_key, user_padded)
        perms = -4
        key = hashlib.md5(user_padded + o_entry + perms.to_bytes(4, "little", signed=True)
                          + file_id).digest()[:5]
        u_entry = _rc4(key, _PAD)
        object_key = hashlib.md5(key + (4).to_bytes(3, "little") + b"\0\0").digest()[:10]
        content = _rc4(object_key, content)
        encrypt = (f"<< /Filter /Standard /V 1 /R 2 /O <{o_entry.hex()}> /U <{u_entry.hex()}> "
                   f"/P {perms} >>")
        trailer_extra = " /Encrypt 6 0 R"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        None,  # the content stream
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt:
        objects.append(encrypt)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        if body is None:
            out += (f"{number} 0 obj\n<< /Length {len(content)} >>\nstream\n").encode()
            out += content + b"\nendstream\nendobj\n"
        else:
            out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /ID [<{file_id.hex()}> "
            f"<{file_id.hex()}>]{trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def test_the_hand_made_encrypted_pdf_is_a_real_one():
    import pypdfium2 as pdfium

    data = make_pdf(password="secret")
    with pytest.raises(pdfium.PdfiumError, match=r"(?i)password"):
        pdfium.PdfDocument(data)
    document = pdfium.PdfDocument(data, password="secret")
    assert "Ke hoach" in document[0].get_textpage().get_text_range()
    assert "Ke hoach" in pdfium.PdfDocument(make_pdf())[0].get_textpage().get_text_range()


SLOW_COPIES = 300  # ~12 MB of plan text: ten seconds or more, far past the 3 s limit below
# (60 copies once took just under 3 s on a fast run: the margin must not hang on machine speed)


def mixed_folder(root: Path, huge_bytes: int) -> dict[str, str]:
    """Build the mixed folder; return {path: expected status or error kind}."""
    root.mkdir(parents=True)
    expected = {}
    for plan in PLAN_FILES:
        shutil.copy(plan, root / plan.name)
        expected[plan.name] = "ok"
    (root / "nested" / "deeper").mkdir(parents=True)
    shutil.copy(PLAN_FILES[0], root / "nested" / "deeper" / "copy of plan.txt")
    expected["nested/deeper/copy of plan.txt"] = "ok"
    (root / "README.md").write_text("# about this folder\n")
    expected["README.md"] = "skipped"
    (root / "budget.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    expected["budget.xlsx"] = "skipped"
    rng = random.Random(8)
    (root / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + rng.randbytes(4000))
    expected["corrupt.pdf"] = "corrupt"
    (root / "truncated.pdf").write_bytes(make_pdf()[:300])
    expected["truncated.pdf"] = "failed"  # corrupt or no_text, as pdfium sees it
    (root / "encrypted.pdf").write_bytes(make_pdf(password="secret"))
    expected["encrypted.pdf"] = "encrypted"
    if (FIXTURES / "encrypted.pdf").is_file():
        shutil.copy(FIXTURES / "encrypted.pdf", root / "encrypted-libreoffice.pdf")
        expected["encrypted-libreoffice.pdf"] = "encrypted"
    (root / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "empty"
    (root / "binary.txt").write_bytes(rng.randbytes(20000))
    expected["binary.txt"] = "failed"
    (root / "fake.docx").write_bytes(b"this is not a Word file\n" * 10)
    expected["fake.docx"] = "failed"
    with (root / "huge.txt").open("wb") as handle:  # sparse: costs no disk
        handle.truncate(huge_bytes)
    expected["huge.txt"] = "too_large"
    (root / "slow.txt").write_bytes(PLAN_FILES[1].read_bytes() * SLOW_COPIES)
    expected["slow.txt"] = "timeout"
    return expected


def outputs(out: Path) -> dict[str, str]:
    """sha256 of every output file except timings.jsonl (the one with wall-clock times)."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "timings.jsonl"
    }


def read_manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


# --- the per-document function and the executors ------------------------------------------


def test_convert_is_pure_and_never_raises():
    options = ExtractOptions(as_of=date(2025, 1, 1))
    good = Job("a/plan.txt", PLAN_FILES[0].read_bytes(), options)
    first, second = convert(good), convert(good)
    assert first.status == "ok" and first.record == second.record
    assert json.loads(first.record)["source"]["path"] == "a/plan.txt"
    bad = convert(Job("x.pdf", b"%PDF-1.4 garbage", options))
    assert (bad.status, bad.error_kind, bad.record) == ("failed", "corrupt", None)
    assert convert(Job("e.txt", b"", options)).error_kind == "empty"


def _sleep_then_echo(job):
    time.sleep(job)
    return job


def _die(job):
    if job == "segfault":
        os.kill(os.getpid(), signal.SIGSEGV)
    if job == "exit":
        os._exit(3)
    return job


def test_process_executor_kills_a_hung_worker_and_goes_on():
    # The limit counts from the moment the job is handed over, worker start-up included: a
    # worker that unpickles this test module imports pytest first, hence 5 s, not 1 s.
    executor = ProcessExecutor(workers=2, timeout=5.0)
    started = time.monotonic()
    outcomes = dict(executor.map_unordered(_sleep_then_echo, [60, 0, 0.1, 0.2]))
    assert time.monotonic() - started < 30
    assert outcomes[60] == TaskFailure("timeout", "took longer than 5 s (the worker was stopped)")
    assert (outcomes[0], outcomes[0.1], outcomes[0.2]) == (0, 0.1, 0.2)


def test_process_executor_survives_dying_workers():
    outcomes = dict(ProcessExecutor(workers=2).map_unordered(
        _die, ["a", "segfault", "b", "exit", "c"]))
    assert outcomes["a"] == "a" and outcomes["c"] == "c"
    assert outcomes["segfault"].kind == "crashed" and "SIGSEGV" in outcomes["segfault"].reason
    assert outcomes["exit"] == TaskFailure("crashed", "the worker died (exit code 3)")


def test_discovery_is_recursive_sorted_and_says_what_it_skips(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/z.txt", "a.pdf", "b/a.docx", ".hidden.txt", ".git/x.txt", "c.zip",
                 "README.md"):
        (tmp_path / name).write_text("x")
    found = [(f.path, f.skip is not None) for f in discover(tmp_path)]
    assert found == [("README.md", True), ("a.pdf", False), ("b/a.docx", False),
                     ("b/z.txt", False), ("c.zip", True)]


# --- the mixed folder ---------------------------------------------------------------------


def test_mixed_folder_every_file_accounted_for_no_partial_outputs(tmp_path):
    folder = tmp_path / "in"
    expected = mixed_folder(folder, huge_bytes=201 * 2**20)
    out = tmp_path / "out"
    run = subprocess.run(
        [*CLI, "batch", str(folder), "-o", str(out), "--workers", "2", "--timeout", "3",
         "--as-of", AS_OF, "--format", "jsonl,csv,parquet"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert run.returncode == 1, run.stderr  # something failed, and the exit code says so
    assert "failed" in run.stdout and "slow.txt" in run.stdout

    manifest = {row["path"]: row for row in read_manifest(out)}
    assert sorted(manifest) == sorted(expected)  # every file, once, in path order
    assert [row["path"] for row in read_manifest(out)] == sorted(expected)
    for path, want in expected.items():
        row = manifest[path]
        if want in ("ok", "skipped", "failed"):
            assert row["status"] == want, row
        else:
            assert (row["status"], row["error_kind"]) == ("failed", want), row
        assert bool(row["error"]) == (want != "ok"), row
        record = out / "records" / f"{path}.json"
        assert record.is_file() == (want == "ok"), path
        if want == "ok":
            assert row["record"] == f"records/{path}.json"
            data = json.loads(record.read_text())
            assert data["source"]["sha256"] == row["sha256"]
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []

    db = sqlite3.connect(out / "vnplan.sqlite")
    assert db.execute("SELECT count(*) FROM plans").fetchone()[0] == len(PLAN_FILES) + 1
    assert db.execute("SELECT count(*) FROM manifest").fetchone()[0] == len(expected)
    assert db.execute("SELECT value FROM batch WHERE key = 'as_of'").fetchone()[0] == AS_OF
    assert db.execute("SELECT count(*) FROM sections").fetchone()[0] > 10
    timeouts = db.execute("SELECT path FROM manifest WHERE error_kind = 'timeout'").fetchall()
    assert timeouts == [("slow.txt",)]
    db.close()
    info = json.loads((out / "batch.json").read_text())
    assert info["as_of"] == AS_OF and info["counts"]["ok"] == len(PLAN_FILES) + 1
    for table in ("plans", "sections", "manifest", "findings", "legal_references"):
        for fmt in ("jsonl", "csv", "parquet"):
            assert (out / "exports" / f"{table}.{fmt}").is_file()
    import pyarrow.parquet as pq

    assert pq.read_table(out / "exports" / "plans.parquet").num_rows == len(PLAN_FILES) + 1


def test_same_input_same_bytes_whatever_the_workers(tmp_path):
    folder = tmp_path / "in"
    mixed_folder(folder, huge_bytes=3 * 2**20)
    (folder / "slow.txt").unlink()
    options = ExtractOptions(ingest=IngestOptions(max_bytes=2 * 2**20),
                             as_of=date.fromisoformat(AS_OF))
    settings = BatchSettings(workers=2, options=options, formats=("jsonl", "csv", "parquet"))
    first = run_batch(folder, tmp_path / "a", settings)
    run_batch(folder, tmp_path / "b", settings, executor=SerialExecutor())
    assert first.ok == len(PLAN_FILES) + 1 and first.failed >= 6
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")
    # a rerun into the same folder changes nothing either
    run_batch(folder, tmp_path / "a", settings)
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")


def test_resume_reuses_records_and_drops_stale_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for plan in PLAN_FILES[:3]:
        shutil.copy(plan, folder / plan.name)
    settings = BatchSettings(workers=1, max_memory_mb=None)
    run_batch(folder, tmp_path / "out", settings)
    as_of = json.loads((tmp_path / "out" / "batch.json").read_text())["as_of"]
    (folder / PLAN_FILES[0].name).write_bytes(PLAN_FILES[3].read_bytes())  # changed content
    (folder / PLAN_FILES[2].name).unlink()  # gone
    summary = run_batch(folder, tmp_path / "out", BatchSettings(workers=1, resume=True))
    assert (summary.ok, summary.reused) == (2, 1)
    assert summary.as_of == as_of
    records = sorted(p.name for p in (tmp_path / "out" / "records").iterdir())
    assert records == [f"{PLAN_FILES[0].name}.json", f"{PLAN_FILES[1].name}.json"]


# --- kill and resume ----------------------------------------------------------------------


def test_killed_with_sigkill_and_resumed_gives_the_uninterrupted_outputs(tmp_path):
    folder = tmp_path / "in"
    for copy in range(24):
        sub = folder / f"box{copy:02d}"
        sub.mkdir(parents=True)
        for plan in PLAN_FILES:
            shutil.copy(plan, sub / plan.name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.5\n" + b"\x00" * 100)
    total = 24 * len(PLAN_FILES)
    args = ["--workers", "2", "--as-of", AS_OF, "--format", "jsonl,parquet"]

    killed = tmp_path / "killed"
    process = subprocess.Popen([*CLI, "batch", str(folder), "-o", str(killed), *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        done = len(list((killed / "records").rglob("*.json"))) if killed.exists() else 0
        if done >= total // 4:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the batch finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the CLI, its forkserver and its workers
    process.wait()
    done_before = len(list((killed / "records").rglob("*.json")))
    assert 0 < done_before < total
    assert not (killed / "vnplan.sqlite").exists() and not (killed / "manifest.jsonl").exists()

    resumed = subprocess.run([*CLI, "batch", str(folder), "-o", str(killed), "--resume", *args],
                             capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert resumed.returncode == 1  # broken.pdf
    reused = [json.loads(line) for line in (killed / "timings.jsonl").read_text().splitlines()]
    assert sum(row["reused"] for row in reused) == done_before

    clean = tmp_path / "clean"
    subprocess.run([*CLI, "batch", str(folder), "-o", str(clean), *args],
                   capture_output=True, timeout=300, cwd=tmp_path)
    assert outputs(killed) == outputs(clean)
    assert len([p for p in outputs(clean) if p.startswith("records/")]) == total
