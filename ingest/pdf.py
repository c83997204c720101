"""PDF: text layer with pypdfium2, tables with pdfplumber, scanned pages with OCR.

Per page, in this order:

1. pypdfium2 reads the text layer (hundreds of pages per second).
2. A page with ruling lines (vector paths) goes to pdfplumber's table finder; when it finds a
   table, the page text is rebuilt from pdfplumber's lines outside the table plus the table
   rows as tab-separated lines, each at its vertical position, and the cells become a
   ``RawTable`` (``pdf_tables.py``). A table continued on the next page is merged and its
   repeated header dropped.
3. A page without a usable text layer (a scan) is rasterised and OCR'd (see ``ocr.py``).

Values filled into form fields (the number and day of an electronically signed document) are
put back into the text of their line, by both engines (see ``form_fields.py``).

Lines repeated at the top or bottom of most pages (running headers and footers) are removed;
lone page numbers are left to ``repair``. Text is NFC-normalised: PDFs that hold NFD text
come out of every engine in NFD. Foot notes, text-layer or scanned, follow the body as a
DOCX's do (``pdf_notes.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .form_fields import (
    FieldValue,
    WidgetCounter,
    fill_pdfium_text,
    read_field_values,
)
from .ocr import (
    MAX_OCR_PIXELS,
    OcrPage,
    OcrWord,
    ocr_images,
    ocr_snippets,
    page_text,
    with_lost_read,
    with_starts_reread,
    within_budget,
)
from .ocr_codes import repair_pages
from .ocr_text import correct_line, correct_page
from .pdf_notes import (
    body_size,
    consecutive,
    has_small_type,
    note_lines,
    split_notes,
    split_ocr_notes,
    unspaced_runs,
)
from .pdf_tables import assemble, find_ruled_tables, pdf_nfc, row_line
from .raw import NOTES_MARKER, IngestError, IngestOptions, PageInfo, RawDocument, RawTable

if TYPE_CHECKING:
    from PIL import Image

    from .scan_tables import PageGrid

_MIN_TEXT_CHARS = 20  # fewer visible characters than this on a page with an image → scan
_MIN_PATHS_FOR_TABLES = 4  # a page needs this many vector paths before we look for tables
_EDGE_LINES = 2  # running headers/footers are sought among the first/last 2 lines of a page
_REPEATED_SHARE = 0.6  # … and must recur on this share of the pages
# A lone page number ("3", "- 3 -", "Trang 3") is repair's business, not a running header.
_PAGE_NUMBER = re.compile(r"^\W*(trang\s*)?\d{1,4}(\s*/\s*\d{1,4})?\W*$", re.IGNORECASE)


_SENTENCE_GOES_ON = re.compile(r"[,;:–-]$")  # a cell cut off by a page break ends like this


@dataclass
class Page:
    number: int
    lines: list[str]
    method: str = "text"
    confidence: float | None = None
    tables: list[tuple[int, list[list[str | None]]]] = field(default_factory=list)  # (line, rows)
    filled: int = 0  # form field values put into the lines
    notes: list[tuple[str, str]] = field(default_factory=list)  # foot notes: (number, text)
    note_text: list[str] = field(default_factory=list)  # … each run of lines they were, unspaced


def read_pdf(data: bytes, options: IngestOptions) -> RawDocument:
    doc = _open(data)
    try:
        count = len(doc)
        if count == 0:
            raise IngestError("the PDF has no pages", kind="empty")
        if count > options.max_pages:
            raise IngestError(f"the PDF has {count} pages, more than the limit of "
                              f"{options.max_pages}", kind="too_large")
        pages, scans, table_pages, warnings = [], [], [], []
        typed: dict[int, tuple[str, list[float]]] = {}  # pages with small type: text, sizes
        widgets, form_pages = WidgetCounter(), []
        for index in range(count):
            try:
                page = doc[index]
                textpage = page.get_textpage()
                raw_text = textpage.get_text_range()
                text = pdf_nfc(raw_text)
            except pdfium.PdfiumError as exc:  # one damaged page: keep the others
                warnings.append(f"page {index + 1} could not be read ({exc})")
                pages.append(Page(index + 1, [], method="none"))
                continue
            pages.append(Page(index + 1, _lines(text)))
            if _needs_ocr(page, text):
                scans.append(index)
                continue
            if sizes := _type_sizes(textpage, raw_text):
                typed[index] = (raw_text, sizes)
            if widgets.has_widgets(page):
                form_pages.append(index)
            if _has_ruling(page):
                table_pages.append(index)
        values = _fill_form_fields(data, doc, pages, form_pages, warnings)
        _take_out_notes(pages, typed)
        if table_pages:
            try:
                find_ruled_tables(data, pages, table_pages, values)
            except Exception as exc:  # pdfminer/pdfplumber on a damaged file: keep the text
                warnings.append(f"tables not recognised ({type(exc).__name__}: {exc})")
            _notes_out_of_tables(pages)
        warnings += _ocr_pages(doc, pages, scans, options)
    finally:
        doc.close()
    _drop_running_lines(pages)
    move_notes_to_the_end(pages)
    tables = merge_continued_tables(pages)
    if not any(line.strip() for p in pages for line in p.lines):
        raise IngestError("the PDF contains no text", kind="no_text")
    filled = sum(p.filled for p in pages)
    return RawDocument(
        format="pdf",
        pages=["\n".join(p.lines) for p in pages],
        paged=True,
        page_info=[PageInfo(p.number, p.method if any(s.strip() for s in p.lines) else "none",
                            p.confidence) for p in pages],
        tables=tables,
        warnings=warnings,
        conversions=[f"PDF form fields filled in: {filled}"] if filled else [],
    )


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError("the PDF is encrypted (password protected)",
                              kind="encrypted") from exc
        raise IngestError(f"corrupt PDF ({exc})", kind="corrupt") from exc


def _type_sizes(textpage: pdfium.PdfTextPage, text: str) -> list[float] | None:
    """The type size of each character of a page with lines in small type, else None."""
    if len(text) != textpage.count_chars():
        return None

    def size_of(i: int) -> float:
        return pdfium_c.FPDFText_GetFontSize(textpage.raw, i)

    return [size_of(i) for i in range(len(text))] if has_small_type(text, size_of) else None


def _take_out_notes(pages: list[Page], typed: dict[int, tuple[str, list[float]]]) -> None:
    """The foot notes of the pages in small type taken out of their lines (``pdf_notes.py``);
    on a page filled with its form's values, the notes' lines only (its markers stay)."""
    body = body_size(typed.values())
    if body is None:
        return
    for index, (text, sizes) in typed.items():
        body_text, notes, dropped = split_notes(text, sizes, body)
        if not notes:
            continue
        page, read = pages[index], _lines(pdf_nfc(text))
        if not page.filled:
            page.lines = _lines(pdf_nfc(body_text))
        elif len(page.lines) == len(read):  # read again with its form's values
            page.lines = [line for i, line in enumerate(page.lines) if i not in dropped]
        else:
            continue  # the values changed its lines: the notes stay where they are
        page.notes = [(number, pdf_nfc(body)) for number, body in notes]
        page.note_text = unspaced_runs(read, dropped)


def _notes_out_of_tables(pages: list[Page]) -> None:
    """On a page the table finder rebuilt from its own reading, the foot notes' lines taken
    out of that reading too (its table positions moved up): each run of them is found as
    consecutive lines, spaces aside (the two engines break and space lines differently); when
    one is not found, the notes stay where the page prints them."""
    for page in pages:
        if not (page.tables and page.notes):
            continue
        keys = ["".join(line.split()) for line in page.lines]
        out: set[int] = set()
        for run in page.note_text:
            found = consecutive(keys, run)
            if found is None:
                page.notes = []
                break
            out.update(found)
        if not page.notes:
            continue
        page.tables = [(at - sum(1 for i in out if i < at), rows) for at, rows in page.tables]
        page.lines = [line for i, line in enumerate(page.lines) if i not in out]


def move_notes_to_the_end(pages: list[Page]) -> None:
    """The pages' foot notes after the last page's text, under the notes marker."""
    notes = [note for page in pages for note in page.notes]
    if notes:
        pages[-1].lines += ["", NOTES_MARKER, *note_lines(notes)]


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.split("\n")]


def _needs_ocr(page: pdfium.PdfPage, text: str) -> bool:
    """No usable text layer: (almost) no visible characters, or mostly unmapped glyphs."""
    visible = [ch for ch in text if not ch.isspace()]
    bad = sum(1 for ch in visible if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    if len(visible) >= _MIN_TEXT_CHARS and bad < 0.3 * len(visible):
        return False
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _fill_form_fields(data: bytes, doc: pdfium.PdfDocument, pages: list[Page],
                      indexes: list[int], warnings: list[str]) -> dict[int, list[FieldValue]]:
    """Put the values of filled-in form fields into the text of the pages that hold them."""
    if not indexes:
        return {}
    try:
        values, failed = read_field_values(data, indexes)
    except Exception as exc:  # pdfminer on a damaged file: keep the text as it is
        warnings.append(f"form fields not read ({type(exc).__name__}: {exc})")
        return {}
    if failed:
        warnings.append(f"{failed} form field(s) could not be read")
    for index, page_values in values.items():
        try:
            textpage = doc[index].get_textpage()
            text, filled = fill_pdfium_text(textpage, textpage.get_text_range(), page_values)
        except pdfium.PdfiumError as exc:
            warnings.append(f"page {index + 1}: form fields not filled in ({exc})")
            continue
        if filled:
            pages[index].lines, pages[index].filled = _lines(pdf_nfc(text)), filled
    return values


def _has_ruling(page: pdfium.PdfPage) -> bool:
    paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2)
    return sum(1 for _ in zip(range(_MIN_PATHS_FOR_TABLES), paths, strict=False)) >= \
        _MIN_PATHS_FOR_TABLES


def _ocr_pages(doc: pdfium.PdfDocument, pages: list[Page], scans: list[int],
               options: IngestOptions) -> list[str]:
    if not scans:
        return []
    if not options.ocr:
        if len(scans) == len(pages):
            raise IngestError("the PDF has only scanned images (no text layer) and OCR is "
                              "disabled", kind="no_text")
        return [f"{len(scans)} scanned page(s) without a text layer were skipped "
                "(OCR disabled): " + ", ".join(str(i + 1) for i in scans)]
    scale = options.ocr_dpi / 72
    # Rendered in colour and made grey by Pillow: on our scans the same pixels as PDFium's
    # grayscale mode in half the time (0.05 s against 0.10 s per A4 page at 200 dpi). A
    # generator, so that each page is OCR'd while the next one is rendered (PDFium itself must
    # stay on this thread: it is not thread-safe).
    warnings: list[str] = []
    images = (_render(doc, index, scale, warnings) for index in scans)
    ocr_scanned_pages(images, pages, scans, options, options.ocr_dpi, warnings)
    return warnings


def ocr_scanned_pages(images: Iterable[Image.Image | None], pages: list[Page], scans: list[int],
                      options: IngestOptions, dpi: int, warnings: list[str]) -> None:
    """OCR ``images`` (one per index of ``scans``, a generator is fine) into those ``pages``:
    their lines, tables, method and confidence; warnings appended. Ruled tables are found in
    each image as it comes (``scan_tables.py``); their rules are cleaned off before OCR, and
    Tesseract reads such a page word by word, its layout rebuilt here as a text page's is.
    Scanned PDFs and image files (``image.py``) both come through here."""
    from .despeckle import despeckled  # OpenCV loads only for scans
    from .scan_tables import page_items, prepare_page

    grids: dict[int, PageGrid] = {}
    sparse: set[int] = set()  # table pages, by number among the scans: read word by word

    def prepared() -> Iterator[Image.Image | None]:
        for number, (index, image) in enumerate(zip(scans, images, strict=False)):
            if image is not None:
                image, grid = prepare_page(despeckled(image, dpi), dpi)
                if grid is not None:
                    grids[index] = grid
                    sparse.add(number)
            yield image

    results = dict(zip(scans, ocr_images(prepared(), options, dpi,
                                         count=len(scans), sparse=sparse), strict=True))
    reread, starts = _read_again(grids, results, options, dpi)
    for index, answers in starts.items():
        results[index] = with_starts_reread(results[index], answers)
    _read_lost_text(results, options, dpi)
    for index, result in results.items():
        grid = grids.get(index)
        if grid is not None and result.words:
            items = [_corrected(item) for item in page_items(result.words, grid, reread.get(index))]
            pages[index].lines, pages[index].tables = assemble(items)
        else:
            words, notes = split_ocr_notes(result.words)
            text = page_text(words) if notes else result.text
            pages[index].lines, pages[index].notes = _lines(text), notes
        pages[index].method = "ocr"
        pages[index].confidence = result.confidence
        if result.warning:
            warnings.append(f"page {index + 1}: {result.warning}")
    repair_pages(pages, scans)  # "CCHG" for the document's CCHC (ocr_codes.py)


def _corrected(item: tuple[float, str, object]) -> tuple[float, str, object]:
    """An OCR'd line, or every line of every cell of a table, cleaned (see ``ocr_text.py``)."""
    top, kind, content = item
    if kind == "line":
        return top, kind, correct_line(str(content))
    rows = [[None if cell is None else correct_page(cell) for cell in row] for row in content]
    return top, kind, rows


def _read_again(grids: dict[int, PageGrid], results: dict[int, OcrPage], options: IngestOptions,
                dpi: int) -> tuple[dict[int, dict[tuple[int, int], list[OcrWord]]],
                                   dict[int, dict[int, list[OcrWord]]]]:
    """What the pages' reading missed or was unsure of, read again piece by piece, all of a
    document's pieces at once: page index → (table, cell) → words, for the short cells of
    table pages; page index → word index → words, for the doubtful line starts of the others
    (``ocr_labels.py``)."""
    from .scan_tables import doubtful_snippets

    cells = [(index, key, snippet) for index, grid in grids.items()
             for key, snippet in doubtful_snippets(results[index].words, grid).items()]
    starts = [(index, i, snippet) for index, result in results.items()
              for i, snippet in result.starts]
    answers = ocr_snippets([snippet for _, _, snippet in cells + starts], options, dpi)
    return _by_page(cells, answers[: len(cells)]), _by_page(starts, answers[len(cells):])


def _read_lost_text(results: dict[int, OcrPage], options: IngestOptions, dpi: int) -> None:
    """Each page's text that its layout left out (``ocr_lost.py``), read again as blocks, all
    of a document's pieces at once, and put into its page."""
    asked = [(index, piece) for index, result in results.items() for _, piece in result.lost]
    if not asked:
        return
    answers = iter(ocr_snippets([piece for _, piece in asked], options, dpi, layout=6))
    for index, result in results.items():
        if result.lost:
            results[index] = with_lost_read(result, [next(answers) for _ in result.lost])


def _by_page(asked: list[tuple[int, Any, Image.Image]], answers: list[list[OcrWord]]
             ) -> dict[int, dict[Any, list[OcrWord]]]:
    """Page index → key → the words read from the piece asked under that key."""
    out: dict[int, dict[Any, list[OcrWord]]] = {}
    for (index, key, _), words in zip(asked, answers, strict=True):
        out.setdefault(index, {})[key] = words
    return out


def _render(doc: pdfium.PdfDocument, index: int, scale: float, warnings: list[str]):
    """Page ``index`` in grey for OCR, within the pixel budget (a 200-inch page would be
    40,000² pixels at 200 dpi); ``None`` when PDFium cannot render it."""
    try:
        page = doc[index]
        width, height = page.get_size()  # points
        fitted = within_budget(width, height, scale)
        if fitted < scale:
            warnings.append(f"page {index + 1} ({width / 72:.0f} × {height / 72:.0f} inches) "
                            f"rendered for OCR at {fitted * 72:.0f} dpi, not {scale * 72:.0f} "
                            f"(at most {MAX_OCR_PIXELS // 1_000_000} million pixels a page)")
        return page.render(scale=fitted).to_pil().convert("L")
    except (pdfium.PdfiumError, MemoryError, ValueError):
        return None  # ocr_images reports the page as not rendered


def _drop_running_lines(pages: list[Page]) -> None:
    """Remove lines repeated at the top or bottom of most pages (running headers/footers). A
    table's own rows stay (a header row repeated on every page is the table's, merged below),
    and each table's position moves up by the lines removed above it."""
    if len(pages) < 3:
        return
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split())).lower()

    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({key(page.lines[i]) for i in _edge_lines(page)})
    running = {k for k, n in counts.items()
               if n >= _REPEATED_SHARE * len(pages) and k and not _PAGE_NUMBER.match(k)}
    if not running:
        return
    for page in pages:
        rows = {i for start, table in page.tables for i in range(start, start + len(table))}
        dropped = sorted(i for i in _edge_lines(page)
                         if i not in rows and key(page.lines[i]) in running)
        if not dropped:
            continue
        page.tables = [(start - sum(i < start for i in dropped), table)
                       for start, table in page.tables]
        gone = set(dropped)
        page.lines = [line for i, line in enumerate(page.lines) if i not in gone]


def _edge_lines(page: Page) -> list[int]:
    """Where the first and last ``_EDGE_LINES`` lines with text of ``page`` are."""
    content = [i for i, line in enumerate(page.lines) if line.strip()]
    return sorted(set(content[:_EDGE_LINES] + content[-_EDGE_LINES:]))


def merge_continued_tables(pages: list[Page]) -> list[RawTable]:
    """Tables as ``RawTable``s; a table that runs on at the top of the next page is merged."""
    tables: list[RawTable] = []
    open_table: RawTable | None = None  # the table that ended the previous page
    last_line: tuple[Page, int] | None = None  # where the open table's last row is a line
    for page in pages:
        for n, (start, rows) in enumerate(page.tables):
            before = [line for line in page.lines[:start] if line.strip()]
            starts_page = n == 0 and all(_PAGE_NUMBER.match(line) for line in before)
            if (open_table is not None and open_table.rows and starts_page and rows
                    and len(rows[0]) == len(open_table.rows[0])):
                if rows[0] == open_table.rows[0]:  # repeated header row
                    del page.lines[start]
                    rows = rows[1:]
                    page.tables[n] = (start, rows)
                if rows and _is_row_remainder(open_table.rows[-1], rows[0]):
                    last = open_table.rows[-1]
                    open_table.rows[-1] = [_join_cells(a, b) for a, b in zip(last, rows[0],
                                                                             strict=True)]
                    # the text says the same as the cells: the joined row on the line of its
                    # start, the remainder's line gone (else it reads as a row of its own)
                    if last_line is not None:
                        last_line[0].lines[last_line[1]] = row_line(open_table.rows[-1])
                        del page.lines[start]
                    rows = rows[1:]
                    page.tables[n] = (start, rows)
                open_table.rows.extend(rows)
            else:
                open_table = RawTable(rows=[list(r) for r in rows], page=page.number,
                                      first_line=start)
                tables.append(open_table)
            if rows:
                last_line = (page, start + len(rows) - 1)
        if not page.tables or not _table_ends_page(page):
            open_table = None
    return tables


def _is_row_remainder(last: list[str | None], first: list[str | None]) -> bool:
    """Whether ``first`` (top of a page) is the rest of ``last``, split by the page break.

    The remainder has an empty first cell (the row number stays above the break), and a cell
    that goes on mid-sentence: it starts in lowercase ("quyền công bố, công khai.") or the cell
    above it ended with a comma or dash ("… TP-HT," / "Quân sự, Công an").
    """
    if (first[0] or "").strip() or not any(first[1:]):
        return False
    for above, below in zip(last, first, strict=True):
        below = (below or "").strip()
        if below and (below[0].islower() or _SENTENCE_GOES_ON.search((above or "").strip())):
            return True
    return False


def _join_cells(above: str | None, below: str | None) -> str | None:
    if not below:
        return above
    if not above:
        return below
    return above + ("" if re.search(r"\S[-/]$", above) else " ") + below


def _table_ends_page(page: Page) -> bool:
    start, rows = page.tables[-1]
    after = [line for line in page.lines[start + len(rows):] if line.strip()]
    return all(_PAGE_NUMBER.match(line) for line in after)
