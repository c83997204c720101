"""Bad files give one clear IngestError — never a traceback, never a hang."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from support import GENERATED, ROOT, needs_shared
from vnplan.ingest import IngestError, IngestOptions, read_document

pytestmark = needs_shared


@pytest.fixture(scope="module", autouse=True)
def fixtures() -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_fixtures.py")], check=True)


@pytest.mark.parametrize(("name", "kind", "words"), [
    ("encrypted.pdf", "encrypted", "encrypted"),
    ("corrupt.pdf", "corrupt", "corrupt PDF"),
    ("corrupt.docx", "corrupt", "corrupt DOCX"),
    ("empty.pdf", "empty", "empty"),
    ("junk.pdf", "corrupt", "not a valid PDF"),
    ("bomb.docx", "too_large", "zip bomb"),
])
def test_bad_files_are_refused_with_a_reason(name, kind, words):
    started = time.perf_counter()
    with pytest.raises(IngestError) as error:
        read_document((GENERATED / name).read_bytes(), name)
    assert error.value.kind == kind
    assert words in error.value.reason
    assert "\n" not in error.value.reason
    assert time.perf_counter() - started < 5


def test_scanned_pdf_with_ocr_disabled_says_so():
    with pytest.raises(IngestError) as error:
        read_document((GENERATED / "plan004_scan.pdf").read_bytes(), "scan.pdf",
                      IngestOptions(ocr=False))
    assert error.value.kind == "no_text"
    assert "OCR is disabled" in error.value.reason


def test_image_with_ocr_disabled_says_so():
    with pytest.raises(IngestError) as error:
        read_document((GENERATED / "plan004_page1.png").read_bytes(), "page.png",
                      IngestOptions(ocr=False))
    assert error.value.kind == "no_text"


def test_500_page_pdf_is_read_within_seconds():
    started = time.perf_counter()
    raw = read_document((GENERATED / "pages500.pdf").read_bytes(), "long.pdf")
    assert len(raw.pages) == 500
    assert time.perf_counter() - started < 15


def test_500_page_pdf_over_the_limit_is_refused_at_once():
    started = time.perf_counter()
    with pytest.raises(IngestError) as error:
        read_document((GENERATED / "pages500.pdf").read_bytes(), "long.pdf",
                      IngestOptions(max_pages=100))
    assert error.value.kind == "too_large"
    assert "500 pages" in error.value.reason
    assert time.perf_counter() - started < 2


def test_pdf_with_zero_pages():
    import io

    import pypdfium2 as pdfium

    buffer = io.BytesIO()
    pdfium.PdfDocument.new().save(buffer)
    with pytest.raises(IngestError) as error:
        read_document(buffer.getvalue(), "zero.pdf")
    # PDFium refuses a page tree without pages as malformed; either way, one clear line
    assert error.value.kind in {"empty", "corrupt"}


def test_binary_junk_named_docx_and_broken_image():
    with pytest.raises(IngestError) as error:
        read_document(b"PK\x03\x04" + bytes(range(256)) * 10, "x.docx")
    assert error.value.kind == "corrupt"
    with pytest.raises(IngestError) as error:
        read_document(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50, "x.png")
    assert error.value.kind == "corrupt"
