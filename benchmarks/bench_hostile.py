"""Speed and memory per input MB, for large inputs of every text format (issue 21; no assertions).

    .venv/bin/python benchmarks/bench_hostile.py [--sizes 1,10] [--full]

For text, Markdown, HTML, DOCX and PDF, an input of about N MB is built from the sample plans
(text, HTML: one ``<p>`` per line, DOCX: one paragraph per line) or the extra corpus (Markdown),
or by repeating the pages of the rendered plan 002 (PDF, with its ruled table: the slowest kind
of text-layer page). Each is extracted once in a fresh process (OCR off), which reports its
seconds and its peak RSS above the baseline of an idle process that has loaded the pipeline.
MB/s and peak MB per input MB are printed. A DOCX is compressed: its row also gives the MB of
text inside. PDF runs at 1 MB only unless ``--full`` (10 MB of table pages take minutes).
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support import repeated_pdf, word_document  # noqa: E402  (the smallest DOCX, shared with the tests)

SHARED = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures" / "generated"
MB = 1_000_000

_PROBE = """
import json, resource, sys, time
from datetime import date
from vnplan.ingest import IngestOptions
from vnplan.pipeline import ExtractOptions, extract
from vnplan.reference.registry import load_registry
load_registry()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
options = ExtractOptions(ingest=IngestOptions(ocr=False, max_pages=100_000), as_of=date(2025, 6, 30))
record = extract(sys.argv[1], options)
record.model_dump_json()
print(json.dumps({"seconds": time.perf_counter() - started, "chars": len(record.text),
                  "peak_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024}))
"""


def plan_lines() -> list[str]:
    return [line for path in sorted((SHARED / "plans").glob("*.txt"))
            for line in path.read_text("utf-8").splitlines()]


def repeat_to(pieces: list[str], size: int, joiner: str = "\n") -> str:
    out, total = [], 0
    while total < size:
        for piece in pieces:
            out.append(piece)
            total += len(piece.encode()) + len(joiner)
            if total >= size:
                break
    return joiner.join(out) + joiner


def make_text(size: int) -> bytes:
    return repeat_to(plan_lines(), size).encode()


def make_markdown(size: int) -> bytes:
    docs = [p.read_text("utf-8") for p in sorted((SHARED / "extra").glob("*.md"))
            if p.name != "README.md"]
    return repeat_to(docs, size, "\n\n").encode()


def make_html(size: int) -> bytes:
    paragraphs = [f"<p>{html.escape(line)}</p>" for line in plan_lines() if line.strip()]
    body = repeat_to(paragraphs, size - 100)
    return f"<!doctype html><html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()


def make_docx(size: int) -> tuple[bytes, int]:
    """A DOCX holding ``size`` bytes of plan text, one paragraph a line; and that text's size."""
    text = repeat_to([html.escape(line) for line in plan_lines()], size)
    return word_document(text.splitlines(), deflate=True), len(text.encode())


def make_pdf(size: int) -> bytes | None:
    source_path = FIXTURES / "plan002.pdf"
    if not source_path.is_file():
        return None
    return repeated_pdf(source_path.read_bytes(), max(1, round(size / source_path.stat().st_size)))


def measure(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True,
                          text=True, timeout=1800)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    sizes = [1, 10]
    for arg in sys.argv[1:]:
        if arg.startswith("--sizes="):
            sizes = [int(s) for s in arg.split("=", 1)[1].split(",")]
    full = "--full" in sys.argv
    print(f"{'format':<9}{'input MB':>9}{'text MB':>9}{'seconds':>9}{'MB/s':>7}"
          f"{'peak MB':>9}{'peak MB per MB':>16}")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("txt", "md", "html", "docx", "pdf"):
            for size in sizes:
                text_size = None
                if fmt == "txt":
                    data = make_text(size * MB)
                elif fmt == "md":
                    data = make_markdown(size * MB)
                elif fmt == "html":
                    data = make_html(size * MB)
                elif fmt == "docx":
                    data, text_size = make_docx(size * MB)
                else:
                    if size > 1 and not full:
                        continue
                    data = make_pdf(size * MB)
                    if data is None:
                        print("pdf      (no fixtures: make fixtures)")
                        continue
                path = Path(folder) / f"input.{fmt}"
                path.write_bytes(data)
                result = measure(path)
                mb = len(data) / MB
                if "error" in result:
                    print(f"{fmt:<9}{mb:>9.1f}  {result['error']}")
                    continue
                text_mb = (text_size or len(data)) / MB if fmt != "pdf" else result["chars"] / MB
                print(f"{fmt:<9}{mb:>9.1f}{text_mb:>9.1f}{result['seconds']:>9.1f}"
                      f"{mb / result['seconds']:>7.2f}{result['peak_mb']:>9.0f}"
                      f"{result['peak_mb'] / mb:>16.0f}", flush=True)


if __name__ == "__main__":
    main()
