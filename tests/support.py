"""Where the tests find their inputs, shared by every test package.

The sample plans and the other real documents are public material kept in ``../shared`` beside
the project (every developer machine and CI have it); they are read from there, never copied
into the project. A test that needs them is marked ``needs_shared`` and skips, saying why, when
``../shared`` is not there.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent  # the project
SHARED = ROOT.parent / "shared"
PLANS = SHARED / "corpus" / "plans"  # the five sample plans (.txt)
EXTRA = SHARED / "corpus" / "extra"  # 14 real documents in their original form
RESOLUTIONS = SHARED / "corpus" / "resolutions-2025"  # 34 resolutions of June 2025 (.md)
GENERATED = ROOT / "tests" / "fixtures" / "generated"  # built by scripts/build_fixtures.py
GOLDEN = ROOT / "golden"

needs_shared = pytest.mark.skipif(
    not PLANS.is_dir(), reason=f"needs the shared corpus at {SHARED} (not found)"
)


def plan(text: str, **parts):
    """A record around ``text``, as the pipeline would make it (the review report's tests)."""
    from vnplan.models import Metadata, PlanRecord, Source

    return PlanRecord(
        generator="test",
        source=parts.pop("source", Source(path="plan.txt", sha256="0" * 64, format="txt", size_bytes=len(text))),
        metadata=parts.pop("metadata", Metadata(doc_type="Kế hoạch", issuer="UBND xã Thử")),
        text=text,
        **parts,
    )


# Xã Tân Bình 2024: cites documents in every validity state, and carries HTML tags in its text.
REPORT_SAMPLE = PLANS / "002_85e43a95c6b96bf4.txt"
REPORT_AS_OF = date(2026, 11, 23)  # the date the review report's tests check citations at


def sample_record():
    """Sample 002 through the whole pipeline as of ``REPORT_AS_OF``: citations of every validity
    status, targets, units, the appendix and the findings, as ``vnplan report`` sees them."""
    from vnplan.pipeline import ExtractOptions, extract

    return extract(REPORT_SAMPLE, ExtractOptions(as_of=REPORT_AS_OF))


def word_document(paragraphs, *, deflate: bool = False) -> bytes:
    """The smallest DOCX Word and vnplan read: one paragraph per item of ``paragraphs`` (text
    already XML-escaped), for tests and benchmarks that need a DOCX of a given content."""
    import io
    import zipfile

    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>'
                   for p in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
                '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                f"{body}</w:body></w:document>")
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Default Extension="xml" ContentType='
                         '"application/xml"/><Override PartName="/word/document.xml" ContentType='
                         '"application/vnd.openxmlformats-officedocument.wordprocessingml.'
                         'document.main+xml"/></Types>')
        archive.writestr("_rels/.rels",
                         '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
                         '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
                         'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                         'officeDocument" Target="word/document.xml"/></Relationships>')
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def repeated_pdf(data: bytes, copies: int) -> bytes:
    """A PDF holding the pages of the PDF ``data`` ``copies`` times over (a longer document)."""
    import io

    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(data)
    longer = pdfium.PdfDocument.new()
    for _ in range(copies):
        longer.import_pages(source)
    buffer = io.BytesIO()
    longer.save(buffer)
    return buffer.getvalue()


def registry_entry(number: str, doc_type: str, title: str, issuer: str, issued: str,
                   unconfirmed: str = "") -> str:
    """One registry entry as YAML (the shipped file's shape), every fact sourced to one page:
    for tests that build a small registry of their own."""
    return (f'- number: "{number}"\n  doc_type: "{doc_type}"\n  title: "{title}"\n'
            f'  issuer: "{issuer}"\n  issued_date: {issued}\n  effective_date: {issued}\n'
            '  sources:\n    - url: "https://example.org/a"\n      checked: 2026-12-05\n'
            '      supports: [title, issuer, issued_date, effective_date]\n'
            f'  events: []\n  unconfirmed: [{unconfirmed}]\n')


# --- a minimal PDF writer, for pages drawn operator by operator ------------------------------

PDF_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog), with a correct cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def pdf_stream(attrs: bytes, data: bytes) -> bytes:
    return b"<< " + attrs + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_text(x: float, y: float, s: str, size: float = 12) -> bytes:
    return b"BT /F1 %g Tf %g %g Td (%s) Tj ET\n" % (size, x, y, s.encode("latin-1"))


def ruled_grid(bottom: float) -> bytes:
    """The rules of a 2 x 2 table from x 72 to 372, rows 25 pt high above ``bottom``, each
    rule its own path (so the page has "ruling")."""
    top, middle = bottom + 50, bottom + 25
    return b"".join(b"%g %g m %g %g l S\n" % seg for seg in [
        (72, bottom, 372, bottom), (72, middle, 372, middle), (72, top, 372, top),
        (72, bottom, 72, top), (222, bottom, 222, top), (372, bottom, 372, top)])


def pdf_pages(*contents: bytes) -> bytes:
    """A4 pages, each drawn by one of ``contents``, with Helvetica as /F1."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(contents)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)), PDF_FONT]
    for i, content in enumerate(contents):
        objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                    b" /Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i),
                    pdf_stream(b"", content)]
    return pdf_file(objects)


def one_page_pdf(content: bytes) -> bytes:
    """An A4 page drawn by ``content``, with Helvetica as /F1."""
    return pdf_pages(content)


SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"  # fonts-dejavu-core (Makefile DEBS)


def drawn_lines(size: tuple[int, int], lines: list[str], left: int, top: int, pitch: int,
                font_size: int = 36):
    """A white greyscale image of ``size`` with ``lines`` drawn in black in DejaVu Serif, the
    first at (``left``, ``top``), one every ``pitch`` pixels down (36 px: 13 pt at 200 dpi)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(SERIF, font_size)
    for n, line in enumerate(lines):
        draw.text((left, top + n * pitch), line, font=font, fill=0)
    return image
