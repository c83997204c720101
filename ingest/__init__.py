"""Ingest: turn a file into repaired text with provenance.

``read_document`` picks the backend by format and returns a ``RawDocument``;
``repair`` (in ``repair.py``) turns it into the text every extractor reads.
"""

from __future__ import annotations

import importlib

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


# Format → (module of this package, its reader). A reader turns bytes into a RawDocument; text
# readers take the format, the others the options. Adding a format is a reader and a row here.
READERS: dict[str, tuple[str, str]] = {
    "txt": ("text", "read_text"),
    "md": ("text", "read_text"),
    "pdf": ("pdf", "read_pdf"),
    "docx": ("word", "read_docx"),
    "doc": ("word", "read_doc"),
    "html": ("webpage", "read_html"),
    "image": ("image", "read_image"),
}


def read_document(data: bytes, name: str, options: IngestOptions | None = None) -> RawDocument:
    """Decode ``data`` (the bytes of the file called ``name``) with the right backend."""
    options = options or IngestOptions()
    if len(data) > options.max_bytes:
        raise IngestError(
            f"file too large ({len(data) / 2**20:.0f} MiB > {options.max_bytes / 2**20:.0f} MiB)",
            kind="too_large",
        )
    fmt = detect_format(data, name)
    module, reader = READERS[fmt]
    read = getattr(importlib.import_module(f"vnplan.ingest.{module}"), reader)
    raw = read(data, fmt) if module == "text" else read(data, options)
    lines = sum(page.count("\n") + (not page.endswith("\n")) for page in raw.pages)
    if lines > options.max_lines:
        raise IngestError(f"the document has {lines:,} lines, more than the limit of "
                          f"{options.max_lines:,}", kind="too_large")
    # TCVN3 / VNI mojibake (legacy Vietnamese fonts) becomes Unicode when the text shows it.
    return convert_legacy(raw)
