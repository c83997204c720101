"""Hostile files (issue 21): each answers with a record or one IngestError, within bounded
time and memory. Each case runs ``vnplan.extract`` in a fresh process, which reports the
outcome, its seconds and its peak RSS (Tesseract's too, when it runs). Time bounds are loose
(a shared machine under load is several times slower); what each once cost is in the comments."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from vnplan.ingest import IngestError, IngestOptions, read_document
from vnplan.ingest.ocr import MAX_OCR_PIXELS, within_budget
from vnplan.ingest.text import decode_text
from vnplan.ingest.webpage import MAX_ELEMENTS

# Peak RSS of the probe itself: VmHWM, which starts afresh at exec. ru_maxrss does not: a
# process started from a pytest worker holding 600 MB reports at least 600 MB before it has
# done anything (seen in full test runs), so it is only the fallback where /proc is missing.
_PROBE = """
import json, resource, sys, time
from datetime import date
from vnplan.ingest import IngestError, IngestOptions
from vnplan.pipeline import ExtractOptions, extract
from vnplan.reference.registry import load_registry
def peak_kb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
load_registry()  # loaded once per process in real use: not the document's cost
base = peak_kb()
started = time.perf_counter()
options = ExtractOptions(ingest=IngestOptions(ocr=sys.argv[2] == "ocr"), as_of=date(2025, 6, 30))
try:
    record = extract(sys.argv[1], options)
    outcome = {"ok": True, "chars": len(record.text), "warnings": record.source.warnings}
except IngestError as exc:
    outcome = {"ok": False, "kind": exc.kind, "reason": exc.reason}
outcome["seconds"] = time.perf_counter() - started
outcome["base_mb"] = base / 1024
outcome["peak_mb"] = peak_kb() / 1024
outcome["child_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(outcome))
"""


def probe(path: Path, ocr: bool = False) -> dict:
    """Extract ``path`` in a fresh process; any exception but IngestError fails the test."""
    done = subprocess.run([sys.executable, "-c", _PROBE, str(path), "ocr" if ocr else "-"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def giant_page_pdf(inches: int = 200) -> bytes:
    """One ``inches`` × ``inches`` page painted by a 1×1 grey image (~700 bytes)."""
    side = inches * 72
    image = zlib.compress(b"\x80")
    content = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (side, side)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject "
        b"<< /Im1 5 0 R >> >> /Contents 4 0 R >>" % (side, side),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(image), image),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)


# --- odd encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    b"\x00\x01\x00\x01\x00",  # the 5 bytes: UTF-16 by its NULs, odd length
    "Kế hoạch cải cách hành chính năm 2024\n".encode("utf-16-le")[:-1],  # cut at an odd byte
    "Kế hoạch cải cách hành chính năm 2024\n".encode("utf-16")[:-1],  # the same with a BOM
    "Kế hoạch số 57/KH-UBND".encode("utf-32")[:-3],  # UTF-32 cut inside its last character
])
def test_utf16_cut_at_an_odd_byte_decodes(data):
    text, encoding = decode_text(data)
    assert encoding.startswith(("utf-16", "utf-32"))
    assert "\ufffd" not in text


def test_utf16_with_a_lone_surrogate_is_refused():
    data = ("Kế hoạch cải cách hành chính " * 4).encode("utf-16-le") + b"\x00\xd8" + b"5\x00"
    with pytest.raises(IngestError) as error:
        decode_text(data)
    assert error.value.kind == "undecodable"


def test_a_web_page_declaring_an_odd_codec_falls_back():
    page = b'<html><head><meta charset="idna"></head><body><p>K\xe1\xba\xbf ho\xe1\xba\xa1ch' \
           b" " + b"a" * 80 + b"</p></body></html>"
    raw = read_document(page, "plan.html")
    assert raw.pages[0].startswith("Kế hoạch")


# --- a giant page ----------------------------------------------------------------------------


def test_the_pixel_budget():
    a4 = within_budget(595, 842, 200 / 72)
    assert a4 == 200 / 72  # an A4 page keeps its 200 dpi
    giant = within_budget(14_400, 14_400, 200 / 72)
    assert (14_400 * giant) ** 2 <= MAX_OCR_PIXELS * 1.001


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract")
def test_a_200_inch_page_is_ocrd_within_the_pixel_budget(tmp_path):
    path = tmp_path / "giant.pdf"
    path.write_bytes(giant_page_pdf())
    assert path.stat().st_size < 1000
    result = probe(path, ocr=True)
    # a blank page: no text, said so; 40,000² pixels would take 4.6 GB and raise PdfiumError
    assert result == result | {"ok": False, "kind": "no_text"}
    assert result["seconds"] < 30  # ~1 s on an idle machine
    assert result["peak_mb"] < 600, result  # vnplan itself
    assert result["child_mb"] < 600, result  # Tesseract


def test_a_200_inch_page_with_ocr_disabled_is_refused_at_once(tmp_path):
    path = tmp_path / "giant.pdf"
    path.write_bytes(giant_page_pdf())
    result = probe(path)
    assert result == result | {"ok": False, "kind": "no_text"}
    assert result["seconds"] < 5 and result["peak_mb"] - result["base_mb"] < 100


# --- nesting ---------------------------------------------------------------------------------


def test_200000_nested_html_elements(tmp_path):
    path = tmp_path / "nested.html"
    path.write_bytes(b"<html><body>" + b"<div>" * 200_000 + "Kế hoạch".encode()
                     + b"</div>" * 200_000 + b"</body></html>")
    result = probe(path)  # was RecursionError
    assert result["ok"] and result["chars"] == len("Kế hoạch")
    assert result["seconds"] < 30  # ~3 s on an idle machine; the bound allows a loaded one
    assert result["peak_mb"] - result["base_mb"] < 400


def test_a_web_page_of_too_many_elements_is_refused_before_parsing(tmp_path):
    path = tmp_path / "flat.html"
    path.write_bytes(b"<html><body>" + b"<p>x</p>" * (MAX_ELEMENTS + 10) + b"</body></html>")
    result = probe(path)
    assert result == result | {"ok": False, "kind": "too_large"}
    assert str(f"{MAX_ELEMENTS:,}") in result["reason"]
    assert result["seconds"] < 3 and result["peak_mb"] - result["base_mb"] < 100


def test_2500_nested_markdown_list_items(tmp_path):
    path = tmp_path / "nested.md"
    path.write_text("".join("  " * i + f"- mục {i}\n" for i in range(2500)), "utf-8")
    assert path.stat().st_size > 6_000_000
    result = probe(path)  # was 53 s: a rule pattern retried every split of the indentation
    assert result["ok"]
    assert result["seconds"] < 20  # ~1 s on an idle machine; was 53 s
    assert result["peak_mb"] - result["base_mb"] < 300


# --- many lines ------------------------------------------------------------------------------


def test_2_million_one_line_headings_are_refused_at_once(tmp_path):
    path = tmp_path / "headings.txt"
    path.write_bytes(b"I.\n" * 2_000_000)  # 6 MB; was 1.2 GB and 13.5 s
    result = probe(path)
    assert result == result | {"ok": False, "kind": "too_large"}
    assert "2,000,000 lines" in result["reason"]
    assert result["seconds"] < 3 and result["peak_mb"] - result["base_mb"] < 100


def test_200000_one_line_headings_cost_linear_memory(tmp_path):
    path = tmp_path / "headings.txt"
    lines = 200_000
    path.write_bytes(b"I.\n" * lines)
    result = probe(path)
    assert result["ok"]
    assert result["seconds"] < 30  # ~2.5 s on an idle machine
    # the source map, the layout's lines and the appendix scan: well under 1 kB a line
    assert (result["peak_mb"] - result["base_mb"]) * 2**20 / lines < 1000


def test_the_line_limit_is_an_option():
    with pytest.raises(IngestError) as error:
        read_document(b"a\n" * 11, "plan.txt", IngestOptions(max_lines=10))
    assert error.value.kind == "too_large"
    assert read_document(b"a\n" * 10, "plan.txt", IngestOptions(max_lines=10)).pages
