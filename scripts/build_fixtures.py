"""Build the ingestion test fixtures from the shared sample plans (run by ``make fixtures`` and ``make test``).

Everything lands in tests/fixtures/generated/ (git-ignored). A fixture is rebuilt only when it is
missing or older than its inputs (or this script), so a second run takes well under a second.

- plan002.{html,docx,pdf}: sample 002's Markdown as HTML, converted by LibreOffice; its appendix
  becomes a real 7-column table that runs over several PDF pages.
- plan004.{html,docx,pdf}: sample 004's text, one paragraph per line.
- plan004_scan.pdf: the first two pages of plan004.pdf rasterised at 300 dpi (greyscale JPEG) in
  an image-only PDF, as a scanner makes it; plan004_mixed.pdf: page 1 text layer, page 2 scan;
  plan004_page1.png: page 1 as an image.
- plan000/001/003.{html,docx,pdf}: the other samples as 004 (one paragraph per line), so that all
  five samples have a text-layer PDF.
- planNNN_scan200.pdf: every page of each sample's PDF as a scanner makes it (200 dpi greyscale,
  skewed ≈0.5°, slightly blurred, JPEG); planNNN_poorscan.pdf: a poor archive scan (150 dpi,
  skewed 1–2°, speckled, JPEG quality 35). Fixed seeds: the same bytes of image on every run.
  Used by scripts/evaluate_parity.py and tests/e2e/test_scan_parity.py (OCR happens there).
- plan004_tcvn3.txt / plan004_vni.txt: sample 004 as text extracted from .VnTime / VNI-Times
  documents (legacy codes read as Latin-1), plan004_tcvn3.docx with the same text in .VnTime runs.
- Bad input: encrypted.pdf (password "secret", by LibreOffice), corrupt.pdf, corrupt.docx,
  empty.pdf (zero bytes), junk.pdf, bomb.docx (a 300 MB document.xml in a small zip),
  pages500.pdf (page 1–3 of plan004.pdf repeated to 500 pages).

Output is deterministic in content; LibreOffice stamps creation dates into its files.
"""

from __future__ import annotations

import datetime
import html
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import yaml
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT.parent / "shared" / "corpus" / "plans"  # public material, read in place
OUT = ROOT / "tests" / "fixtures" / "generated"
PLAN002 = PLANS / "002_85e43a95c6b96bf4.txt"
PLAN004 = PLANS / "004_2e14f1f6f31def56.txt"
LEGACY = ROOT / "corpora" / "reference" / "legacy_encodings.yaml"
SCAN_DPI = 300
SAMPLES = {p.name[:3]: p for p in sorted(PLANS.glob("[0-9][0-9][0-9]_*.txt"))}
SOFFICE_TIMEOUT_S = 120


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    built = []

    def step(name: str, inputs: list[Path], make: Callable[[Path], None]) -> None:
        target = OUT / name
        newest = max(p.stat().st_mtime for p in [*inputs, Path(__file__)])
        if target.exists() and target.stat().st_mtime >= newest:
            return
        partial = target.with_name(f"_partial_{os.getpid()}_{name}")  # never leave a half-built fixture
        make(partial)
        partial.replace(target)
        built.append(name)

    step("plan002.html", [PLAN002], lambda t: t.write_text(markdown_to_html(PLAN002), "utf-8"))
    for number, source in SAMPLES.items():
        if number != "002":  # plain text: one paragraph per line
            step(f"plan{number}.html", [source],
                 lambda t, s=source: t.write_text(text_to_html(s), "utf-8"))
    for plan in (f"plan{number}" for number in SAMPLES):
        step(f"{plan}.docx", [OUT / f"{plan}.html"], lambda t, p=plan: soffice(
            OUT / f"{p}.html", t, "docx:MS Word 2007 XML", infilter="HTML (StarWriter)"))
        step(f"{plan}.pdf", [OUT / f"{plan}.docx"], lambda t, p=plan: soffice(
            OUT / f"{p}.docx", t, "pdf:writer_pdf_Export"))
    pdf004 = OUT / "plan004.pdf"
    step("plan004_scan.pdf", [pdf004], lambda t: scanned_pdf(pdf004, t, [0, 1]))
    for plan in (f"plan{number}" for number in SAMPLES):
        pdf = OUT / f"{plan}.pdf"
        step(f"{plan}_scan200.pdf", [pdf], lambda t, p=pdf: degraded_scan(p, t, SCAN))
        step(f"{plan}_poorscan.pdf", [pdf], lambda t, p=pdf: degraded_scan(p, t, POOR_SCAN))
    step("plan004_mixed.pdf", [pdf004], lambda t: mixed_pdf(pdf004, t))
    step("plan004_page1.png", [pdf004], lambda t: rasterise(pdf004, 0).save(t, dpi=(SCAN_DPI,) * 2))
    step("plan004_tcvn3.txt", [PLAN004, LEGACY], lambda t: t.write_text(
        encode_legacy(PLAN004.read_text("utf-8"), "tcvn3"), "utf-8"))
    step("plan004_vni.txt", [PLAN004, LEGACY], lambda t: t.write_text(
        encode_legacy(PLAN004.read_text("utf-8"), "vni"), "utf-8"))
    step("plan004_tcvn3.docx", [PLAN004, LEGACY], lambda t: legacy_docx(PLAN004, t))
    step("encrypted.pdf", [OUT / "plan004.docx"], lambda t: soffice(
        OUT / "plan004.docx", t, 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean",'
        '"value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}'))
    step("corrupt.pdf", [pdf004], lambda t: t.write_bytes(_corrupt(pdf004.read_bytes())))
    step("corrupt.docx", [OUT / "plan004.docx"],
         lambda t: t.write_bytes((OUT / "plan004.docx").read_bytes()[:3000]))
    step("empty.pdf", [], lambda t: t.write_bytes(b""))
    step("junk.pdf", [], lambda t: t.write_bytes(random.Random(7).randbytes(20_000)))
    step("bomb.docx", [], zip_bomb)
    step("pages500.pdf", [pdf004], lambda t: repeat_pages(pdf004, t, 500))
    print(f"fixtures: {len(built)} built" + (f" ({', '.join(built)})" if built else ", up to date"))
    return 0


# --- text → HTML ----------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(.+?)\*\*")  # **I. MỤC TIÊU** → <b>I. MỤC TIÊU</b>


def markdown_to_html(path: Path) -> str:
    """Sample 002's Markdown as HTML: paragraphs, bold, headings, tab rows → one table."""
    blocks: list[str] = []
    table: list[list[str]] = []
    lines = [*path.read_text("utf-8").split("\n"), ""]
    for i, line in enumerate(lines):
        if "\t" in line:
            table.append(line.split("\t"))
            continue
        if table and line.strip():  # a row continued on the next line
            table[-1][-1] += " " + line.strip()
            continue
        if table and i + 1 < len(lines) and any("\t" in rest for rest in lines[i + 1 : i + 4]):
            continue  # a blank line between rows
        if table:
            blocks.append(_table_html(table))
            table = []
        if line.strip():
            text = _BOLD.sub(r"<b>\1</b>", html.escape(line.strip().rstrip("\\"), quote=False))
            text = text.replace("&lt;b&gt;", "<b>").replace("&lt;/b&gt;", "</b>").replace("**", "")
            if text.startswith("#"):
                blocks.append(f"<h2>{text.lstrip('#').strip()}</h2>")
            else:
                blocks.append(f"<p>{text}</p>")
    return _page("\n".join(blocks))


def _table_html(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    out = ['<table border="1" cellspacing="0" cellpadding="3" width="100%">']
    for r in rows:
        cells = "".join(f"<td>{_cell_html(c)}</td>" for c in r + [""] * (width - len(r)))
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


def _cell_html(cell: str) -> str:
    # keep the <b>, <i>, <ul>, <li> the Markdown already holds; escape everything else
    escaped = html.escape(cell.strip(), quote=False)
    return re.sub(r"&lt;(/?(?:b|i|ul|li)(?: [^&]*)?)&gt;", lambda m: "<" + html.unescape(
        m.group(1)) + ">", escaped)


def text_to_html(path: Path) -> str:
    lines = [line.strip() for line in path.read_text("utf-8").split("\n") if line.strip()]
    return _page("\n".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines))


def _page(body: str) -> str:
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><style>body{font-family:'
            '"DejaVu Serif";font-size:12pt}</style></head>\n<body>\n' + body + "\n</body></html>\n")


# --- LibreOffice --------------------------------------------------------------------------------

def soffice(source: Path, target: Path, convert_to: str, infilter: str | None = None) -> None:
    """Convert with LibreOffice headless, in a profile of its own (parallel runs collide)."""
    with tempfile.TemporaryDirectory(prefix="vnplan-fixture-") as tmp:
        cmd = ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
               "--norestore", "--convert-to", convert_to, "--outdir", tmp]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        subprocess.run([*cmd, str(source)], check=True, capture_output=True,
                       timeout=SOFFICE_TIMEOUT_S)
        produced = Path(tmp) / (source.stem + "." + convert_to.split(":")[0])
        shutil.move(produced, target)


# --- scans --------------------------------------------------------------------------------------

def rasterise(pdf: Path, index: int) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()


def scanned_pdf(pdf: Path, target: Path, indexes: list[int]) -> None:
    """An image-only PDF of the given pages: JPEG at 300 dpi, no text layer."""
    images = []
    for i in indexes:
        buf = io.BytesIO()
        rasterise(pdf, i).save(buf, format="JPEG", quality=80)
        images.append(Image.open(buf))
    images[0].save(target, format="PDF", save_all=True, append_images=images[1:],
                   resolution=SCAN_DPI)


@dataclass(frozen=True)
class ScanProfile:
    """How a scanner (and an archive) degrades a page."""

    name: str
    dpi: int
    skew: tuple[float, float]  # degrees, drawn uniformly, either direction
    blur: float  # Gaussian radius in pixels
    speckles: int  # dark specks per page
    quality: int  # JPEG quality


SCAN = ScanProfile("scan", dpi=200, skew=(0.4, 0.6), blur=0.6, speckles=0, quality=75)
POOR_SCAN = ScanProfile("poorscan", dpi=150, skew=(1.0, 2.0), blur=0.4, speckles=1500,
                        quality=35)


def degraded_scan(pdf: Path, target: Path, profile: ScanProfile) -> None:
    """Every page of ``pdf`` as an image-only PDF made by ``profile``; seeded by file and page."""
    doc = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(doc)):
            rng = random.Random(f"{pdf.stem}-{profile.name}-{index}")
            page = doc[index].render(scale=profile.dpi / 72, grayscale=True).to_pil().convert("L")
            angle = rng.uniform(*profile.skew) * rng.choice((-1, 1))
            page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            if profile.blur:
                page = page.filter(ImageFilter.GaussianBlur(profile.blur))
            draw = ImageDraw.Draw(page)
            for _ in range(profile.speckles):
                x, y = rng.randrange(page.width), rng.randrange(page.height)
                r = rng.choice((0, 0, 1, 1, 2))
                draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randrange(0, 110))
            buf = io.BytesIO()
            page.save(buf, format="JPEG", quality=profile.quality)
            images.append(Image.open(buf))
    finally:
        doc.close()
    images[0].save(target, format="PDF", save_all=True, append_images=images[1:],
                   resolution=profile.dpi)


def mixed_pdf(pdf: Path, target: Path) -> None:
    """Page 1 with its text layer, page 2 scanned."""
    scan = target.with_name(target.stem + "_page2.pdf")
    scanned_pdf(pdf, scan, [1])
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(pdf), [0])
    out.import_pages(pdfium.PdfDocument(scan), [0])
    out.save(str(target))
    scan.unlink()


def repeat_pages(pdf: Path, target: Path, count: int) -> None:
    src = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    pages = list(range(min(3, len(src))))
    out.import_pages(src, (pages * count)[:count])
    out.save(str(target))


# --- legacy encodings ---------------------------------------------------------------------------

def encode_legacy(text: str, encoding: str) -> str:
    """Unicode → the Latin-1 surface text of a TCVN3 / VNI document.

    TCVN3 has no capital toned letters: they are written with the lowercase code (a
    ``.VnTimeH`` heading font draws them as capitals), so "Ủy" comes back as "ủy".
    """
    table = {v: k for k, v in yaml.safe_load(LEGACY.read_text("utf-8"))[encoding].items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in table:
            out.append(table[ch])
        elif ch.lower() in table and not ch.isascii():
            out.append(table[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def legacy_docx(path: Path, target: Path) -> None:
    import docx

    document = docx.Document()
    for line in path.read_text("utf-8").split("\n"):
        if line.strip():
            run = document.add_paragraph().add_run(encode_legacy(line.strip(), "tcvn3"))
            run.font.name = ".VnTime"
    document.core_properties.created = datetime.datetime(2024, 1, 1)
    document.save(str(target))


# --- bad input ----------------------------------------------------------------------------------

def _corrupt(data: bytes) -> bytes:
    """Keep the header, cut the body and the cross-reference table."""
    return data[: len(data) // 3]


def zip_bomb(target: Path) -> None:
    """A DOCX whose document.xml inflates to 300 MB (the zip is ~300 KB)."""
    chunk = b"<w:p><w:r><w:t>" + b"A" * 1_000_000 + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for _ in range(300):
                f.write(chunk)


if __name__ == "__main__":
    sys.exit(main())
