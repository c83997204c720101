"""Throughput of vnplan on this machine, beside the targets of the batch issue (no assertions).

    make bench            # or: .venv/bin/python benchmarks/bench.py [--quick]

Measures, each on one core unless said otherwise:
  text plans          documents/s and MB/s over the corpus plans (../shared/corpus/plans/*.txt)
  text-layer PDF      pages/s of the whole pipeline on prose pages (tests/fixtures/generated/
                      pages500.pdf), beside bare pypdfium2 and poppler's pdftotext on the same file
  table pages         pages/s of pdfplumber's table finder alone, on the pages it is sent
  other PDFs          pipeline vs pdftotext on every other text-layer PDF found (fixtures and
                      ../shared/corpus/extra)
  OCR                 seconds/page of the pipeline on a scanned PDF vs bare `tesseract -l vie`
                      (plan 004's scan; plan 002's scan and poor scan, whose appendix is a
                      ruled table: table detection included)
  batch               peak RSS per worker and speed-up from 1 to N workers (vnplan.batch)

PDF fixtures come from scripts/build_fixtures.py (make fixtures); without them those parts
say so and are skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from support import repeated_pdf  # noqa: E402  (shared with bench_hostile.py)
from vnplan.ingest import IngestOptions  # noqa: E402

from vnplan.batch import BatchSettings, run_batch  # noqa: E402
from vnplan.pipeline import ExtractOptions, extract_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "generated"
SHARED = ROOT.parent / "shared" / "corpus"  # public material, read in place
PLANS = sorted((SHARED / "plans").glob("*.txt"))
QUICK = "--quick" in sys.argv
NO_OCR = ExtractOptions(ingest=IngestOptions(ocr=False), as_of=date(2025, 6, 30))
WITH_OCR = ExtractOptions(ingest=IngestOptions(ocr=True), as_of=date(2025, 6, 30))


def timed(fn, repeat: int = 1) -> float:
    """Best wall time of ``repeat`` runs of ``fn()`` (seconds)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def line(label: str, figure: str, target: str = "") -> None:
    print(f"  {label:<44} {figure:>24}   {target}")


def extra_pdfs() -> list[Path]:
    return sorted((SHARED / "extra").glob("*.pdf"))


def bench_text() -> None:
    print("Text plans (../shared/corpus/plans, one core, in process)")
    samples = [(p.name, p.read_bytes()) for p in PLANS]
    for name, data in samples:  # warm up: imports, compiled patterns, reference data
        extract_bytes(data, name, NO_OCR)
    # Rounds of 4 passes over the samples each: the machine's speed drifts between rounds
    # (shared virtual machine), so the median and the spread are printed, not one figure.
    passes, rounds = 4, (3 if QUICK else 11)
    docs = passes * len(samples)
    megabytes = passes * sum(len(d) for _, d in samples) / 1e6
    seconds = sorted(
        timed(lambda: [extract_bytes(d, n, NO_OCR) for _ in range(passes) for n, d in samples])
        for _ in range(rounds)
    )
    median = seconds[len(seconds) // 2]
    line("documents/s (median round)", f"{docs / median:.1f} docs/s", "target ≥ 50 plans/s")
    line("documents/s (slowest – fastest round)",
         f"{docs / seconds[-1]:.1f} – {docs / seconds[0]:.1f} docs/s", f"{rounds} rounds of {docs}")
    line("MB/s (median round)", f"{megabytes / median:.2f} MB/s")
    line("time per plan (median round)", f"{median / docs * 1000:.1f} ms")
    line("mean plan size", f"{megabytes / docs * 1000:.0f} kB")


def pdftotext_seconds(pdf: Path) -> float | None:
    if not shutil.which("pdftotext"):
        return None
    return timed(lambda: subprocess.run(["pdftotext", "-q", str(pdf), "-"], check=False,
                                        stdout=subprocess.DEVNULL), repeat=3)


def bench_pdf(pdf: Path, label: str) -> None:
    import pypdfium2 as pdfium

    data = pdf.read_bytes()
    try:
        record = extract_bytes(data, pdf.name, NO_OCR)
    except Exception as exc:
        line(label, f"failed: {type(exc).__name__}")
        return
    pages = record.source.pages or 1
    pipeline = timed(lambda: extract_bytes(data, pdf.name, NO_OCR), repeat=1 if QUICK else 2)

    def bare():
        document = pdfium.PdfDocument(data)
        for page in document:
            page.get_textpage().get_text_range()
        document.close()

    raw = timed(bare, repeat=2)
    baseline = pdftotext_seconds(pdf)
    line(f"{label} ({pages} p) pipeline", f"{pages / pipeline:.0f} pages/s",
         "target ≥ 100 pages/s (prose)")
    line(f"{label} bare pypdfium2 text", f"{pages / raw:.0f} pages/s")
    if baseline:
        line(f"{label} pdftotext (poppler)", f"{pages / baseline:.0f} pages/s")
        line(f"{label} pipeline / pdftotext time", f"{pipeline / baseline:.2f}×", "target ≤ 3×")


def bench_tables(pdf: Path) -> None:
    import pdfplumber
    import pypdfium2 as pdfium
    from vnplan.ingest.pdf import _has_ruling

    data = pdf.read_bytes()
    document = pdfium.PdfDocument(data)
    indexes = [i for i in range(len(document)) if _has_ruling(document[i])]
    document.close()
    if not indexes:
        line(f"{pdf.name}: table pages", "none found")
        return

    def find():
        import io

        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for i in indexes:
                plumber.pages[i].find_tables()

    seconds = timed(find, repeat=2)
    line(f"{pdf.name}: {len(indexes)} table pages (pdfplumber)",
         f"{len(indexes) / seconds:.1f} pages/s", "reported separately")


def bench_ocr(pdf: Path, copies: int = 1) -> None:
    """Pipeline vs bare Tesseract on the very page images the pipeline feeds it.

    Like with like: the same rendering (pdf.py's), the same file (ocr.py's TIFF), the same dpi,
    ``OMP_THREAD_LIMIT=1`` and one page per core. The pipeline's time includes what bare
    Tesseract does not do (rendering, TSV for confidences, the extractors), but not the one-off
    loading of reference data: a text-layer PDF is read first, and the OCR lexicon
    (``reference/lexicon.py``, which only OCR'd pages load) is loaded. Five rounds of pipeline and bare
    (which goes first alternates), so that both see the same load; medians are printed.
    """
    import statistics
    from concurrent.futures import ThreadPoolExecutor

    import pypdfium2 as pdfium
    from vnplan.ingest.ocr import write_page
    from vnplan.reference.lexicon import load_lexicon

    if not shutil.which("tesseract"):
        line("OCR", "skipped: tesseract not installed")
        return
    data = pdf.read_bytes() if copies == 1 else repeated_pdf(pdf.read_bytes(), copies)
    warm_up = FIXTURES / "plan004.pdf"
    if warm_up.is_file():
        extract_bytes(warm_up.read_bytes(), warm_up.name, NO_OCR)
    load_lexicon()
    dpi = WITH_OCR.ingest.ocr_dpi
    document = pdfium.PdfDocument(data)
    pages = len(document)
    with tempfile.TemporaryDirectory() as tmp:
        images = []
        for index in range(pages):  # as pdf.py renders and ocr.py encodes a scanned page
            image = document[index].render(scale=dpi / 72).to_pil().convert("L")
            images.append(Path(tmp) / f"page{index}.tif")
            write_page(image, images[-1], dpi)
        document.close()
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # as the pipeline runs it

        def run(image: Path) -> None:
            subprocess.run(["tesseract", str(image), "-", "-l", "vie", "--dpi", str(dpi)],
                           env=env, check=False, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)

        def bare() -> None:
            with ThreadPoolExecutor(os.cpu_count() or 1) as pool:  # one page per core
                list(pool.map(run, images))

        piped, bared = [], []
        for round_ in range(1 if QUICK else 5):  # which goes first alternates
            for measure in ("pipeline", "bare")[::1 if round_ % 2 == 0 else -1]:
                if measure == "pipeline":
                    piped.append(timed(lambda: extract_bytes(data, pdf.name, WITH_OCR)))
                else:
                    bared.append(timed(bare))
        serial = timed(lambda: [run(image) for image in images])
    pipeline, bare_time = statistics.median(piped), statistics.median(bared)
    rounds = f"median of {len(piped)}"
    copied = f" × {copies}" if copies > 1 else ""
    line(f"OCR pipeline ({pdf.name}{copied}, {pages} p, {dpi} dpi)",
         f"{pipeline / pages:.2f} s/page", rounds)
    line("bare tesseract, one page after another", f"{serial / pages:.2f} s/page")
    line("bare tesseract, one page per core (as ocr.py)", f"{bare_time / pages:.2f} s/page",
         rounds)
    ratios = sorted(p / b for p, b in zip(piped, bared, strict=True))
    line("pipeline / bare tesseract", f"{pipeline / bare_time:.2f}×",
         f"target ≤ 1.10× (rounds: {', '.join(f'{r:.2f}' for r in ratios)})")


def bench_batch() -> None:
    cores = os.cpu_count() or 1
    copies = 8 if QUICK else 30
    print(f"Batch (vnplan.batch, {copies * len(PLANS)} text plans, process pool)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        for copy in range(copies):
            (folder / f"{copy:03d}").mkdir(parents=True)
            for plan in PLANS:
                shutil.copy(plan, folder / f"{copy:03d}" / plan.name)
        rates = {}
        for workers in sorted({1, min(2, cores), cores}):
            out = Path(tmp) / f"out{workers}"
            settings = BatchSettings(workers=workers, options=NO_OCR)
            summary = run_batch(folder, out, settings)
            rates[workers] = summary.ok / summary.seconds
            rss = [json.loads(r)["peak_rss_mb"] for r in (out / "timings.jsonl").open()]
            line(f"{workers} worker(s): whole run incl. start-up and database",
                 f"{rates[workers]:.1f} docs/s")
            line(f"{workers} worker(s): peak RSS per worker", f"{max(rss):.0f} MB",
                 "target ≤ 400 MB")
        for workers, rate in rates.items():
            if workers > 1:
                line(f"speed-up 1 → {workers} workers", f"{rate / rates[1]:.2f}×",
                     f"near-linear ({workers}×)")


def main() -> None:
    print(f"vnplan benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}"
          f"{' (quick)' if QUICK else ''}\n")
    bench_text()
    print("\nText-layer PDF (no OCR)")
    prose = FIXTURES / "pages500.pdf"
    if prose.is_file():
        bench_pdf(prose, "pages500.pdf (prose)")
    else:
        line("prose pages", "skipped: run `make fixtures` for tests/fixtures/generated/")
    others = [FIXTURES / n for n in ("plan002.pdf", "plan004.pdf") if (FIXTURES / n).is_file()]
    for pdf in others + extra_pdfs():
        bench_pdf(pdf, pdf.name[:28])
    print("\nTable pages")
    tabled = [p for p in others + extra_pdfs() if p.is_file()]
    if not tabled:
        line("table pages", "skipped: no PDF fixtures")
    for pdf in tabled:
        bench_tables(pdf)
    print("\nOCR")
    scan = FIXTURES / "plan004_scan.pdf"
    if scan.is_file():
        bench_ocr(scan)
        # The first page is rendered before Tesseract can start on it, a cost a two-page
        # document shares between two pages only; a longer scan shows the usual case.
        bench_ocr(scan, copies=1 if QUICK else 3)
    else:
        line("OCR", "skipped: run `make fixtures` for plan004_scan.pdf")
    # Ruled tables on scanned pages (scan_tables.py): found in the image, read word by word.
    for name in ("plan002_scan200.pdf", "plan002_poorscan.pdf"):
        if (FIXTURES / name).is_file():
            bench_ocr(FIXTURES / name)
    print()
    bench_batch()


if __name__ == "__main__":
    main()
