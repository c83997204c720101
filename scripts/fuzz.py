"""Seeded mutation fuzzing of every reader through ``vnplan.extract`` for a time budget.

    .venv/bin/python scripts/fuzz.py --seconds 600 [--seed 1]      (make fuzz FUZZ_SECONDS=600)

Seeds: the sample plans (text), the Markdown documents of the extra corpus, and the fixtures
of ``make fixtures`` (HTML, PDF, scanned PDF, DOCX, a page image), plus hostile shapes built
here (deep nesting, long indentation, many short lines, cut UTF-16). Each round takes a seed of
the next format in turn and mutates it: bit flips, cuts, truncation (at odd bytes too),
duplicated or zeroed runs, a splice of another seed, markup of its format, re-encoding.

Each input runs in a worker process under a memory cap (RLIMIT_AS) and a time limit: only a
record or an ``IngestError`` is a pass. Anything else — another exception, a hang, a worker
killed by the memory cap or a signal — is a finding: the input is saved in
``tests/fixtures/fuzz-crashes/`` (which ``tests/e2e/test_fuzz.py`` replays on every ``make
test``) and printed. The exit status is 1 when there was a finding.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import multiprocessing as mp
import random
import resource
import sys
import time
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
GENERATED = ROOT / "tests" / "fixtures" / "generated"
CRASHES = ROOT / "tests" / "fixtures" / "fuzz-crashes"
FORMATS = ["txt", "md", "html", "pdf", "docx", "image"]
NAMES = {"txt": "plan.txt", "md": "plan.md", "html": "plan.html", "pdf": "plan.pdf",
         "docx": "plan.docx", "image": "plan.png"}
# Tokens of each format, inserted by the "markup" mutation.
MARKUP = {
    "txt": [b"\n", b"I. ", b"1.1. ", b"a) ", b"- ", b"\t", b"\x0c", b"PH\xe1\xbb\xa4 L\xe1\xbb\xa4C\n",
            b"N\xc6\xa1i nh\xe1\xba\xadn:\n", b"S\xe1\xbb\x91: 57/KH-UBND", b"\xef\xbb\xbf"],
    "md": [b"\n- ", b"\n  - ", b"# ", b"**", b"*", b"| a | b |\n|---|---|\n", b"\n\n", b"\\",
           b"    ", b"```\n", b"> "],
    "html": [b"<div>", b"</div>", b"<table><tr><td>", b"</td></tr></table>", b"<br>",
             b"<td colspan=99999>", b"<!--", b"<script>", b"&#xD800;", b"<p>" * 50],
    "pdf": [b"obj", b"endobj", b"stream", b"/MediaBox [0 0 99999 99999]", b"xref", b"%%EOF",
            b"/Length 999999", b"<<", b">>"],
    "docx": [b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>", b"<w:tbl><w:tr><w:tc>",
             b"</w:tc></w:tr></w:tbl>", b'<w:gridSpan w:val="999"/>', b'<w:vMerge/>',
             b'<w:numPr><w:ilvl w:val="8"/><w:numId w:val="1"/></w:numPr>', b"<w:br/>",
             b"<w:footnoteReference w:id=\"9\"/>", b"<w:txbxContent>"],
    "image": [b"\x00" * 64, b"\xff" * 64, b"IDAT", b"IEND"],
}
OK, REFUSED = "ok", "refused"


def seeds() -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {fmt: [] for fmt in FORMATS}
    for path in sorted((SHARED / "plans").glob("*.txt")):
        found["txt"].append(path.read_bytes())
    for path in sorted((SHARED / "extra").glob("*.md"))[:4]:
        found["md"].append(path.read_bytes())
    for pattern, fmt in [("plan00[0-4].html", "html"), ("plan00[24].pdf", "pdf"),
                         ("plan004_scan.pdf", "pdf"), ("plan00[14].docx", "docx"),
                         ("plan004_tcvn3.docx", "docx"), ("plan004_page1.png", "image")]:
        found[fmt] += [p.read_bytes() for p in sorted(GENERATED.glob(pattern))]
    # Hostile shapes of issue 21, small enough to mutate quickly.
    found["md"].append("".join("  " * i + f"- mục {i}\n" for i in range(300)).encode())
    found["html"].append(b"<html><body>" + b"<div>" * 5000 + b"x" + b"</div>" * 5000)
    found["txt"].append(b"I.\n" * 20_000)
    found["txt"].append("Kế hoạch cải cách hành chính\n".encode("utf-16-le")[:-1])
    missing = [fmt for fmt, data in found.items() if not data]
    if missing:
        sys.exit(f"fuzz: no seeds for {', '.join(missing)}: run `make fixtures` first")
    return found


def mutate(data: bytes, fmt: str, pool: dict[str, list[bytes]], rng: random.Random) -> bytes:
    """Mutated bytes; a DOCX is mutated inside its ZIP members and an image re-encoded, most
    of the time, so that the input gets past the container's checksums."""
    if fmt == "docx" and rng.random() < 0.8:
        return _mutate_docx(data, pool, rng)
    if fmt == "image" and rng.random() < 0.8:
        return _mutate_image(data, rng)
    return _mutate_bytes(data, fmt, pool, rng)


def _mutate_docx(data: bytes, pool: dict[str, list[bytes]], rng: random.Random) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        return _mutate_bytes(data, "docx", pool, rng)
    xml = [name for name in members if name.startswith("word/") and name.endswith(".xml")]
    name = "word/document.xml" if rng.random() < 0.7 and "word/document.xml" in members \
        else rng.choice(xml or list(members))
    mutate_member = _mutate_xml if rng.random() < 0.7 else _mutate_bytes
    members[name] = mutate_member(members[name], "docx", pool, rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return buffer.getvalue()


def _mutate_xml(data: bytes, fmt: str, pool: dict[str, list[bytes]],
                rng: random.Random) -> bytes:
    """Mutations that keep the XML well formed: markup between tags, paragraphs duplicated,
    dropped or nested, text replaced by lines of a plan."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        a = max(0, out.find(b"<", rng.randrange(len(out) or 1)))
        start = out.find(b"<w:p", a)
        end = out.find(b"</w:p>", start) + len(b"</w:p>") if start >= 0 else -1
        op = rng.choice(["markup", "repeat", "duplicate", "drop", "text"])
        if op == "markup":
            out[a:a] = rng.choice(MARKUP["docx"])
        elif op == "repeat":  # balanced nesting: n openings, then n closings
            opening, closing = rng.choice([(b"<w:tbl><w:tr><w:tc>", b"</w:tc></w:tr></w:tbl>"),
                                           (b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>")])
            n = rng.choice([10, 100, 1000])
            out[a:a] = opening * n + b"x" + closing * n
        elif op in ("duplicate", "drop") and start >= 0 and end > start:
            out[start:end] = out[start:end] * rng.choice([2, 100, 3000]) if op == "duplicate" \
                else b""
        elif op == "text":
            text_start = out.find(b"<w:t", a)
            text_end = out.find(b"</w:t>", text_start)
            gt = out.find(b">", text_start) + 1
            if text_start >= 0 and 0 < gt <= text_end:
                line = rng.choice(rng.choice(pool["txt"]).split(b"\n"))
                out[gt:text_end] = line.replace(b"<", b"").replace(b"&", b"")
    return bytes(out)


def _mutate_image(data: bytes, rng: random.Random) -> bytes:
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception:
        return data
    width, height = image.size
    op = rng.choice(["crop", "resize", "mode", "frames", "strip"])
    if op == "crop":
        x, y = rng.randrange(width), rng.randrange(height)
        image = image.crop((x, y, min(width, x + rng.randint(1, 2000)),
                            min(height, y + rng.randint(1, 2000))))
    elif op == "resize":
        image = image.resize((rng.choice([1, 3, 50, 800, 6000]), rng.choice([1, 2, 40, 900, 7000])))
    elif op == "mode":
        image = image.convert(rng.choice(["1", "L", "P", "RGBA", "CMYK", "I", "F"]))
    if op == "frames":
        frames = [image.resize((rng.randint(1, 400), rng.randint(1, 400)))
                  for _ in range(rng.randint(2, 6))]
        buffer = io.BytesIO()
        frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
        return buffer.getvalue()
    fmt = rng.choice(["PNG", "TIFF", "BMP", "JPEG", "WEBP"])
    if fmt in ("JPEG", "BMP", "WEBP") and image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    try:
        image.save(buffer, format=fmt, dpi=(rng.choice([1, 72, 200, 100000]),) * 2)
    except (OSError, ValueError, KeyError, TypeError):
        return data
    return buffer.getvalue()


def _mutate_bytes(data: bytes, fmt: str, pool: dict[str, list[bytes]],
                  rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not out:
            out = bytearray(rng.choice(pool[fmt]))
        op = rng.choice(["flip", "flip", "cut", "truncate", "double", "zero", "random", "splice",
                         "markup", "markup", "repeat", "encode"])
        a = rng.randrange(len(out))
        b = min(len(out), a + rng.choice([1, 8, 64, 512, 4096]))
        if op == "flip":
            out[a] ^= 1 << rng.randrange(8)
        elif op == "cut":
            del out[a:b]
        elif op == "truncate":
            del out[a:]
        elif op == "double":
            out[b:b] = out[a:b]
        elif op == "zero":
            out[a:b] = bytes(b - a)
        elif op == "random":
            out[a:a] = rng.randbytes(rng.randint(1, 64))
        elif op == "splice":
            other = rng.choice(pool[rng.choice(FORMATS)])
            c = rng.randrange(len(other))
            out[a:b] = other[c:c + rng.randint(1, 2048)]
        elif op == "markup":
            if fmt in ("html", "docx"):  # between two tags, so the markup stays well formed
                a = max(0, out.find(b"<", a))
            out[a:a] = rng.choice(MARKUP[fmt])
        elif op == "repeat":  # a token many times: nesting, long runs
            out[a:a] = rng.choice(MARKUP[fmt]) * rng.choice([10, 100, 1000])
        elif fmt in ("txt", "md", "html"):  # encode: the text in another encoding
            text = bytes(out).decode("utf-8", "replace")
            out = bytearray(text.encode(rng.choice(["utf-16", "utf-16-le", "utf-32", "cp1258"]),
                                        "replace"))
    return bytes(out)


def _worker(connection, memory_mb: int) -> None:
    """Extract what the parent sends; answer (status, detail)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    sys.path.insert(0, str(ROOT / "tests"))
    from vnplan.ingest import IngestError, IngestOptions

    from vnplan.pipeline import ExtractOptions, extract_bytes

    options = ExtractOptions(ingest=IngestOptions(timeout_s=20), as_of=date(2025, 6, 30))
    while True:
        data, name = connection.recv()
        try:
            record = extract_bytes(data, name, options)
            record.model_dump_json()
            answer = (OK, "")
        except IngestError as exc:
            answer = (REFUSED, exc.kind)
        except BaseException as exc:
            answer = ("crash", f"{type(exc).__name__}: {str(exc)[:200]}")
        connection.send(answer)


class Worker:
    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.start()

    def start(self) -> None:
        self.connection, child = mp.Pipe()
        self.process = mp.get_context("fork").Process(target=_worker, args=(child, self.memory_mb),
                                                      daemon=True)
        self.process.start()

    def run(self, data: bytes, name: str, timeout: float) -> tuple[str, str]:
        self.connection.send((data, name))
        if self.connection.poll(timeout):
            try:
                return self.connection.recv()
            except EOFError:
                pass
        else:
            self.process.kill()
            self.process.join()
            self.start()
            return "hang", f"no answer after {timeout:.0f} s"
        self.process.join()
        code = self.process.exitcode
        self.start()
        return "died", f"worker exit code {code} (killed by a signal or the memory cap)"


def save(data: bytes, fmt: str) -> Path:
    CRASHES.mkdir(parents=True, exist_ok=True)
    suffix = NAMES[fmt].rsplit(".", 1)[1]
    path = CRASHES / f"{fmt}-{hashlib.sha256(data).hexdigest()[:16]}.{suffix}"
    path.write_bytes(data)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30, help="per input, seconds")
    parser.add_argument("--memory", type=int, default=2048, help="worker memory cap, MB")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pool = seeds()
    print(f"fuzz: seed {args.seed}, {args.seconds:.0f} s, seeds "
          + ", ".join(f"{fmt} {len(pool[fmt])}" for fmt in FORMATS), flush=True)
    worker = Worker(args.memory)
    outcomes: dict[str, Counter] = {fmt: Counter() for fmt in FORMATS}
    findings: list[tuple[str, str, Path]] = []
    started = time.monotonic()
    rounds = 0
    while time.monotonic() - started < args.seconds:
        fmt = FORMATS[rounds % len(FORMATS)]
        rounds += 1
        data = mutate(rng.choice(pool[fmt]), fmt, pool, rng)
        status, detail = worker.run(data, NAMES[fmt], args.timeout)
        outcomes[fmt][status if status in (OK, REFUSED) else "finding"] += 1
        if status not in (OK, REFUSED):
            path = save(data, fmt)
            findings.append((status, detail, path))
            print(f"fuzz: FINDING {status} on {fmt} ({len(data):,} bytes): {detail} → "
                  f"{path.relative_to(ROOT)}", flush=True)
    worker.process.kill()
    elapsed = time.monotonic() - started
    print(f"fuzz: {rounds:,} inputs in {elapsed:.0f} s ({rounds / elapsed:.1f}/s)")
    for fmt in FORMATS:
        counts = outcomes[fmt]
        print(f"  {fmt:6} {sum(counts.values()):6,} inputs: {counts[OK]:,} records, "
              f"{counts[REFUSED]:,} refused, {counts['finding']:,} findings")
    print(f"fuzz: {len(findings)} finding(s)" + (f", saved in {CRASHES.relative_to(ROOT)}"
                                                  if findings else ""))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
