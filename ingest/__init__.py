"""Ingest: turn a file into repaired text with provenance.

``read_document`` picks the backend by format and returns a ``RawDocument``;
``repair`` (in ``repair.py``) turns it into the text every extractor reads.
"""

from __future__ import annotations

from .formats import SUPPORTED_SUFFIXES, detect_format
from .legacy import convert_legacy
from .raw import IngestError, IngestOptions, PageInfo, RawDocument, RawTable
from .repair import RepairedText, repair

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "IngestOptions",
    "PageInfo",
    "RawDocument",
    "RawTable",
    "RepairedText",
    "detect_format",
    "read_document",
    "repair",
]


def read_document(data: bytes, name: str, options: IngestOptions | None = None) -> RawDocument:
    """Decode ``data`` (the bytes of the file called ``name``) with the right backend."""
    options = options or IngestOptions()
    if len(data) > options.max_bytes:
        raise IngestError(
            f"file too large ({len(data) / 2**20:.0f} MiB > {options.max_bytes / 2**20:.0f} MiB)",
            kind="too_large",
        )
    fmt = detect_format(data, name)
    if fmt in ("txt", "md"):
        from .text import read_text

        raw = read_text(data, fmt)
    elif fmt == "pdf":
        from .pdf import read_pdf

        raw = read_pdf(data, options)
    elif fmt == "docx":
        from .word import read_docx

        raw = read_docx(data, options)
    elif fmt == "doc":
        from .word import read_doc

        raw = read_doc(data, options)
    elif fmt == "html":
        from .webpage import read_html

        raw = read_html(data, options)
    elif fmt == "image":
        from .ocr import read_image

        raw = read_image(data, options)
    else:  # pragma: no cover - detect_format only returns the formats above
        raise IngestError(f"unsupported format '{fmt}'", kind="unsupported")
    # TCVN3 / VNI mojibake (legacy Vietnamese fonts) becomes Unicode when the text shows it.
    return convert_legacy(raw)
