"""Plain text and Markdown: detect the byte encoding and decode to Unicode (NFC)."""

from __future__ import annotations

import codecs
import unicodedata

from .legacy import detect_encoding
from .markdown import read_markdown_tables
from .raw import IngestError, RawDocument, RawTable

# Control characters that never occur in real text files; many of them mean binary data.
_BINARY_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32)])


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of a text file; returns (text in NFC, encoding name).

    Tries, in order: a BOM (UTF-8, UTF-16, UTF-32), UTF-16 without BOM (recognised by its
    NUL pattern), strict UTF-8, bytes of a legacy TCVN3/VNI font (kept as Latin-1 for the
    legacy converter), then Windows-1258 (Vietnamese ANSI), which is checked to produce
    Vietnamese letters rather than symbol soup.
    """
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _nfc(_decode_wide(data, enc)), enc.replace("-sig", "")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _nfc(_decode_wide(data, utf16)), utf16
    if _is_binary(data):
        raise IngestError("binary data, not text", kind="binary")
    try:
        return _nfc(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # Bytes typed in a TCVN3 (ABC) or VNI font read as Latin-1 give the mojibake that
    # ``legacy.convert_legacy`` turns into Unicode later; check for it before Windows-1258,
    # which would also decode them, into the wrong letters.
    latin1 = data.decode("latin-1")
    if detect_encoding(latin1):
        return latin1, "latin-1"
    text = data.decode("cp1258", errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 1000) or not _has_vietnamese(text):
        raise IngestError(
            "undecodable text: not UTF-8, UTF-16 or Windows-1258", kind="undecodable"
        )
    return _nfc(text), "windows-1258"


def read_text(data: bytes, fmt: str) -> RawDocument:
    """A text or Markdown file as a one-page ``RawDocument``."""
    text, encoding = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A form feed is how a PDF-to-text step marks a page break: keep it as a page boundary.
    pages = text.split("\f")
    tables: list[RawTable] = []
    if fmt == "md":  # pandoc tables as tab-separated rows and cells, escapes undone
        for number, page in enumerate(pages, start=1):
            pages[number - 1], found = read_markdown_tables(page)
            for table in found:
                table.page = number if len(pages) > 1 else None
            tables.extend(found)
    return RawDocument(format=fmt, pages=pages, paged=len(pages) > 1, encoding=encoding,
                       tables=tables)


def _decode_wide(data: bytes, encoding: str) -> str:
    """UTF-8/16/32 text; a file cut inside its last character loses that character only
    (a UTF-16 file cut at an odd byte). Any other invalid sequence (a lone surrogate, bytes
    that only looked like UTF-16) is refused."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.reason in ("truncated data", "unexpected end of data") and exc.end == len(data):
            try:
                return data[:exc.start].decode(encoding)
            except UnicodeDecodeError:
                pass
        raise IngestError(f"invalid {encoding} text ({exc.reason})", kind="undecodable") from None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROL_BYTES))
    return controls > len(sample) * 0.01


def _has_vietnamese(text: str) -> bool:
    letters = sum(1 for ch in text if ch.isalpha())
    vietnamese = sum(1 for ch in text if "À" <= ch <= "ỹ" or ch in "đĐ")
    return letters > 0 and vietnamese / letters > 0.02
