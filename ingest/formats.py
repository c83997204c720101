"""Recognise a file's format from its bytes (and, for text, its name)."""

from __future__ import annotations

from pathlib import PurePath

from .raw import IngestError

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
SUPPORTED_SUFFIXES = (
    set(TEXT_SUFFIXES) | HTML_SUFFIXES | IMAGE_SUFFIXES | {".pdf", ".docx", ".doc"}
)

_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),  # OLE2 compound file (Word 97–2003)
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"BM", "image"),
]


def detect_format(data: bytes, name: str) -> str:
    """The format of ``data``: txt, md, html, pdf, docx, doc or image.

    Magic bytes win over the file name, so a PDF named ``.txt`` is still read as PDF.
    Raises ``IngestError`` for empty input or a format vnplan does not read.
    """
    if not data.strip():
        raise IngestError("the file is empty", kind="empty")
    suffix = PurePath(name).suffix.lower()
    head = data[:16]
    for magic, fmt in _MAGIC:
        if head.startswith(magic) and not (fmt == "image" and suffix in TEXT_SUFFIXES and magic == b"BM"):
            return fmt
    if head.startswith(b"PK\x03\x04"):
        if suffix in {".docx", ".docm", ".dotx"} or b"word/" in data[:4096]:
            return "docx"
        raise IngestError("a ZIP archive that is not a Word document", kind="unsupported")
    if suffix in HTML_SUFFIXES or _looks_like_html(data[:2048]):
        return "html"
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix]
    if suffix in {".pdf", ".docx", ".doc"} | IMAGE_SUFFIXES:
        raise IngestError(f"not a valid {suffix[1:].upper()} file (its content does not match)",
                          kind="corrupt")
    if suffix in {"", ".dat"}:
        return "txt"  # text.read_text decides whether it is text at all
    raise IngestError(f"unsupported format '{suffix}'", kind="unsupported")


def _looks_like_html(head: bytes) -> bool:
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return lowered.startswith((b"<!doctype html", b"<html"))
