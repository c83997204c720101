"""What a format backend hands to the repair stage.

Every backend (text, Markdown, HTML, PDF, OCR, DOCX, DOC) turns a file's bytes into a
``RawDocument``: the text of each page as extracted, plus the tables it could see as cells.
Nothing here is repaired yet; ``vnplan.ingest.repair`` does that for every format alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The line after the body that starts its footnotes and endnotes, each as "[Chú thích 7] …"
# (DOCX from its notes, PDF from the small type at its pages' foot).
NOTES_MARKER = "[CHÚ THÍCH]"

class IngestError(Exception):
    """A document that cannot be read, with a reason a user can act on.

    The message never names the file: callers add the path when they report it.
    """

    def __init__(self, reason: str, *, kind: str = "unreadable") -> None:
        super().__init__(reason)
        self.reason = reason
        # one of: missing, empty, binary, unsupported, undecodable, corrupt, encrypted,
        # too_large, timeout, no_text, unreadable
        self.kind = kind


@dataclass
class RawTable:
    """A table as cells, from a source that has real table structure (DOCX, PDF, HTML).

    ``rows`` are lists of cell texts; a merged cell appears once, in its first grid
    position, and the positions it covers hold ``None``. ``page`` is 1-based when known.
    ``first_line`` is the index of the table's first row among the lines of its page's text,
    where the backend also rendered the rows as tab-separated lines.
    """

    rows: list[list[str | None]]
    page: int | None = None
    first_line: int | None = None


@dataclass
class PageInfo:
    """How one page's text was obtained."""

    number: int  # 1-based
    method: str = "text"  # "text" (text layer), "ocr", "none" (blank page)
    ocr_confidence: float | None = None  # Tesseract mean word confidence, 0–100


@dataclass
class RawDocument:
    """A decoded document before repair.

    ``pages`` holds the text of each page in reading order. Sources without pages
    (text, Markdown, DOCX, HTML) have a single page and ``paged`` False. Tables that a
    backend recognised are rendered into the page text as lines of tab-separated cells
    (cell-internal line breaks become spaces) *and* given as ``tables``.
    """

    format: str  # txt, md, html, pdf, docx, doc, image
    pages: list[str]
    paged: bool = False
    page_info: list[PageInfo] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None  # the byte encoding detected for text sources
    conversions: list[str] = field(default_factory=list)  # e.g. "TCVN3 → Unicode"


@dataclass(frozen=True)
class IngestOptions:
    """Choices a user can make about reading files. Picklable, so batch workers can share it."""

    ocr: bool = True  # OCR pages without a usable text layer (Tesseract, vie)
    ocr_dpi: int = 200  # as accurate as 300 dpi on the scan fixture, in about half the time
    ocr_languages: str = "vie"
    max_pages: int = 1000  # a longer PDF is refused with a clear reason
    max_bytes: int = 200 * 1024 * 1024
    # Lines of decoded text (a 1,000-page PDF has ~50,000). The pipeline keeps a few hundred
    # bytes per line (source map, layout, appendix scan), so 2 million lines of "I." (6 MB)
    # would need over 1 GB; past this limit a document is refused as too large.
    max_lines: int = 1_000_000
    timeout_s: float = 600.0  # external converters (LibreOffice, Tesseract) per call
