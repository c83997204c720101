"""OCR with Tesseract's Vietnamese model, for scanned PDF pages and images.

The ``tesseract`` binary (Debian ``tesseract-ocr-vie``) runs as a subprocess, one page per
process with ``OMP_THREAD_LIMIT=1`` and one process per core: on 2 cores that is several times
faster than letting one Tesseract use its own threads. Each call is bounded by
``IngestOptions.timeout_s``. Tesseract's TSV output gives the words with their line numbers
(for the text) and their confidences (for ``PageInfo.ocr_confidence``), in the same call.

Each page reaches Tesseract as an uncompressed greyscale TIFF in a temporary file, the cheapest
hand-over measured (per 200 dpi A4 page, CPU): Pillow writes it in ~2 ms and Leptonica reads it in
~3 ms, where PNG cost ~90 ms to write and ~20 ms to read, and PGM ~70 ms to read; feeding the
image itself on stdin cost another ~0.1 s for a 4 MB page. Tesseract is started before its page
exists: it loads its model (~0.15–0.2 s) while the page is rendered, then gets the file's name on
stdin (Tesseract reads a list of image files there; the output is byte for byte that of
``tesseract page.tif``). Pages may come from a generator (``pdf.py`` renders them one by one):
each is OCR'd as soon as it is written, so rendering overlaps OCR, and at most two pages per core
wait on disk.

Every word keeps its box (``OcrPage.words``): a page with a ruled table (``scan_tables.py``)
is read as sparse text (``--psm 11``) and rebuilt from the boxes, and the short cells it reads
badly are read again from small snippets, all of a document's by one Tesseract per core
(``ocr_snippets``), with the doubtful line starts of the other pages (``ocr_labels.py``: a
list label read "©)" or "ö."), and the text a page's layout left out (``ocr_lost.py``), read
again as blocks (``--psm 6``). Words OCR misread are put right from the Vietnamese lexicon
before the page's text is built (``ocr_words.py``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Container, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path

from PIL import Image

from .ocr_labels import doubtful_starts, relabelled, start_snippets
from .ocr_lost import lost_regions, lost_snippets, with_lost_lines
from .ocr_text import correct_page
from .ocr_words import correct_words, sightings
from .raw import IngestError, IngestOptions

SPECK_HEIGHT = 0.35  # of a page's usual word height: a line of words all lower is specks
Image.MAX_IMAGE_PIXELS = 120_000_000  # ~A0 at 300 dpi; larger images are refused (bomb)
# Pixels of one page handed to Tesseract: A3 at 300 dpi (17 MP) fits, a larger page (a 200-inch
# poster, an A0 scan) is scaled down to it. Rendering needs ~7 bytes a pixel, Tesseract ~10.
MAX_OCR_PIXELS = 25_000_000


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word of Tesseract's TSV (a level-5 row): its box in the page image's pixels."""

    text: str  # NFC
    left: int
    top: int
    width: int
    height: int
    confidence: float  # 0–100 (-1: none given)
    line: tuple[int, int, int]  # (block, paragraph, line) numbers: Tesseract's grouping


@dataclass
class OcrPage:
    text: str
    confidence: float | None  # mean word confidence 0–100, None when no words
    warning: str | None = None
    words: list[OcrWord] = field(default_factory=list)  # reading order, as the TSV gives them
    # doubtful line starts (``ocr_labels.py``): (index in words, piece of the page) to read again
    starts: list[tuple[int, Image.Image]] = field(default_factory=list)
    # text the page's layout left out (``ocr_lost.py``): (corner on the page, piece) to read again
    lost: list[tuple[tuple[int, int], Image.Image]] = field(default_factory=list)


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_images(images: Iterable[Image.Image | None], options: IngestOptions, dpi: int,
               count: int | None = None, sparse: Container[int] = ()) -> list[OcrPage]:
    """OCR each image (one page each), in parallel on all cores; order is kept.

    ``count`` is the number of images when ``images`` is a generator. ``None`` stands for a
    page that could not be rendered: it comes back empty, with a warning. Pages whose number
    is in ``sparse`` are read as sparse text (``--psm 11``: every word, no page layout): pages
    with a ruled table, whose layout ``scan_tables.py`` rebuilds from the word boxes, and where
    Tesseract's own layout drops whole cells. ``sparse`` is looked at as each page arrives, so
    a generator may fill it while it renders.
    """
    if not tesseract_available():
        raise IngestError(
            "OCR is needed but Tesseract is not installed (apt-get install tesseract-ocr-vie)",
            kind="unreadable",
        )
    if count is None:
        images = list(images)
        count = len(images)
    workers = max(1, min(count, os.cpu_count() or 1))
    files: list[Future[_PageFile | None]] = [Future() for _ in range(count)]  # as pages arrive
    with (tempfile.TemporaryDirectory(prefix="vnplan-ocr-") as folder,
          ThreadPoolExecutor(max_workers=workers) as pool):
        results = [pool.submit(_ocr_file, file, options, dpi) for file in files]
        try:
            for number, image in enumerate(images):
                if number >= 2 * workers:  # bound the pages waiting on disk
                    results[number - 2 * workers].result()
                if image is None:
                    files[number].set_result(None)
                    continue
                path = Path(folder) / f"page{number}.tif"
                write_page(image, path, dpi)
                files[number].set_result(_PageFile(path, number in sparse))
        finally:
            for file in files:  # fewer images than ``count``, or rendering failed
                if not file.done():
                    file.set_result(None)
        return [result.result() for result in results]


def within_budget(width: float, height: float, scale: float) -> float:
    """The largest scale ≤ ``scale`` at which a ``width`` × ``height`` page stays within
    ``MAX_OCR_PIXELS``."""
    area = max(width, 1.0) * max(height, 1.0)
    return min(scale, (MAX_OCR_PIXELS / area) ** 0.5)


def write_page(image: Image.Image, path: Path, dpi: int) -> None:
    """The page as an uncompressed greyscale TIFF: nothing to compress or decompress."""
    image.convert("L").save(path, format="TIFF", dpi=(dpi, dpi))


@dataclass(frozen=True)
class _PageFile:
    path: Path
    sparse: bool  # --psm 11


def _ocr_file(file: Future[_PageFile | None], options: IngestOptions, dpi: int) -> OcrPage:
    """Start ``tesseract stdin stdout -l vie --dpi N tsv``, then give it the page's file name
    once the page is written; the file is deleted afterwards. A page read as sparse text
    needs a Tesseract started so: one started ahead for a page not yet written is replaced."""
    process = None if file.done() else _start_tesseract(options, dpi, sparse=False)
    page = file.result()
    if page is None or (process is not None and page.sparse):
        if process is not None:
            process.kill()
            process.communicate()
            process = None
        if page is None:
            return OcrPage("", None, "the page could not be rendered for OCR")
    if process is None:
        process = _start_tesseract(options, dpi, sparse=page.sparse)
    try:
        stdout, stderr = process.communicate(os.fsencode(page.path) + b"\n",
                                             timeout=options.timeout_s)
        if process.returncode != 0:
            lines = [line for line in stderr.decode("utf-8", "replace").strip().splitlines()
                     if not line.startswith("Page ")]  # "Page 1 : /tmp/…/page0.tif"
            return OcrPage("", None, f"OCR of a page failed: {(lines or ['?'])[-1]}")
        result = _parse_tsv(stdout.decode("utf-8", "replace"))
        if not page.sparse:  # a table page is read word by word: scan_tables.py
            with Image.open(page.path) as image:
                _pieces_to_read_again(result, image, dpi)
        return result
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return OcrPage("", None, f"OCR of a page timed out after {options.timeout_s:.0f} s")
    finally:
        page.path.unlink(missing_ok=True)


def _pieces_to_read_again(page: OcrPage, image: Image.Image, dpi: int) -> None:
    """The pieces of ``image`` that ``page`` was read from to read again: its doubtful line
    starts (``ocr_labels.py``) and the text its layout left out (``ocr_lost.py``)."""
    starts = doubtful_starts(page.words)
    if starts:
        page.starts = start_snippets(page.words, starts, image, dpi)
    lost = lost_regions(image, page.words)
    if lost:
        page.lost = lost_snippets(image, page.words, lost)


def _start_tesseract(options: IngestOptions, dpi: int, sparse: bool) -> subprocess.Popen:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    layout = ["--psm", "11"] if sparse else []
    cmd = ["tesseract", "stdin", "stdout", "-l", options.ocr_languages, "--dpi", str(dpi),
           *layout, "tsv"]
    return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)


def ocr_snippets(images: Sequence[Image.Image], options: IngestOptions,
                 dpi: int, layout: int = 7) -> list[list[OcrWord]]:
    """Read small pieces of pages (a table cell holding only "3" or "1.2"), each as one line
    of text (``--psm 7``; ``layout=6``: as one block, for text a page's layout left out); the
    words of each, in order. Tesseract reading a whole page drops or garbles such lone short
    words. One Tesseract per core reads a share of the pieces, given as a list of files on
    stdin, so the model loads once per core, not once per piece."""
    if not images:
        return []
    workers = max(1, min(len(images), os.cpu_count() or 1))
    shares = [range(start, len(images), workers) for start in range(workers)]
    words: list[list[OcrWord]] = [[] for _ in images]
    with (tempfile.TemporaryDirectory(prefix="vnplan-ocr-") as folder,
          ThreadPoolExecutor(max_workers=workers) as pool):
        paths = []
        for number, image in enumerate(images):
            paths.append(Path(folder) / f"piece{number}.tif")
            write_page(image, paths[-1], dpi)

        def read(share: range) -> None:
            cmd = ["tesseract", "stdin", "stdout", "-l", options.ocr_languages, "--dpi", str(dpi),
                   "--psm", str(layout), "tsv"]
            listing = b"".join(os.fsencode(paths[i]) + b"\n" for i in share)
            try:
                done = subprocess.run(cmd, input=listing, capture_output=True, check=False,
                                      timeout=options.timeout_s,
                                      env={**os.environ, "OMP_THREAD_LIMIT": "1"})
            except subprocess.TimeoutExpired:
                return  # these pieces keep what the page gave
            for page, word in _tsv_words(done.stdout.decode("utf-8", "replace")):
                if 1 <= page <= len(share):
                    words[share[page - 1]].append(word)

        list(pool.map(read, shares))
    return [corrected(found) for found in words]


def corrected(words: list[OcrWord]) -> list[OcrWord]:
    """``words`` put right line by line from the lexicon (``ocr_words.py``); a word a stray
    mark glued ("cá.nhân") becomes two, its box shared out by their letters."""
    lines = [list(line) for _, line in groupby(words, key=lambda word: word.line)]
    read = [[(word.text, word.confidence) for word in line] for line in lines]
    page = sightings(read)  # what the page reads with confidence: its own language
    out: list[OcrWord] = []
    for line, line_read in zip(lines, read, strict=True):
        for word, texts in zip(line, correct_words(line_read, page), strict=True):
            out += _shared_box(word, texts)
    return out


def _shared_box(word: OcrWord, texts: list[str]) -> list[OcrWord]:
    """``word`` as ``texts`` (one or more words), its box split by their lengths."""
    if texts == [word.text]:
        return [word]
    total = sum(len(text) for text in texts) or 1
    out, left = [], word.left
    for text in texts:
        width = round(word.width * len(text) / total)
        out.append(replace(word, text=text, left=left, width=width))
        left += width
    return out


def _tsv_words(tsv: str) -> Iterator[tuple[int, OcrWord]]:
    """(page number, word) for every word of Tesseract's TSV (level-5 rows with text)."""
    for row in tsv.splitlines():
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        yield int(cols[1]), OcrWord(unicodedata.normalize("NFC", cols[11]), int(cols[6]),
                                    int(cols[7]), int(cols[8]), int(cols[9]),
                                    float(cols[10]), (int(cols[2]), int(cols[3]), int(cols[4])))


def _parse_tsv(tsv: str) -> OcrPage:
    """Words grouped into lines (block, paragraph, line), paragraphs separated by a blank line;
    the words themselves, with their boxes, for the tables of the page (``scan_tables.py``)."""
    words = corrected(without_specks([word for _, word in _tsv_words(tsv)]))
    confidences = [word.confidence for word in words if word.confidence >= 0]
    confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrPage(page_text(words), confidence, words=words)


def without_specks(words: list[OcrWord]) -> list[OcrWord]:
    """``words`` without the lines Tesseract made of specks: a line whose words with a letter or
    figure are all less than ``SPECK_HEIGHT`` of the page's usual word height (a "2" ten pixels
    high beside letters of thirty-five, read between two lines of text). Marks alone ("-", a
    table's empty cell) stay; a small letter is half a word's height, a figure two thirds."""
    heights = sorted(word.height for word in words
                     if sum(c.isalpha() for c in word.text) >= 2 and word.confidence >= 60)
    if len(heights) < 20:
        return words
    least = SPECK_HEIGHT * heights[len(heights) // 2]
    lines = [list(line) for _, line in groupby(words, key=lambda word: word.line)]
    return [word for line in lines if not _specks(line, least) for word in line]


def _specks(line: list[OcrWord], least: float) -> bool:
    read = [word for word in line if any(c.isalnum() for c in word.text)]
    return bool(read) and all(word.height < least for word in read)


def page_text(words: Sequence[OcrWord]) -> str:
    """The page's text from its words: Tesseract's lines, a blank line between paragraphs,
    cleaned (``ocr_text.py``)."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word.text)
    out: list[str] = []
    previous = None
    for key in sorted(lines):
        if previous is not None and key[:2] != previous[:2]:
            out.append("")
        out.append(" ".join(lines[key]))
        previous = key
    return correct_page(unicodedata.normalize("NFC", "\n".join(out)))  # see ocr_text.py


def with_starts_reread(page: OcrPage, answers: dict[int, list[OcrWord]]) -> OcrPage:
    """``page`` with its doubtful line starts taken from their second reading where that
    reads a label (``ocr_labels.py``); its text rebuilt."""
    words = relabelled(page.words, answers)
    if words == page.words:
        return page
    return replace(page, text=page_text(words), words=words, starts=[])


def with_lost_read(page: OcrPage, answers: list[list[OcrWord]]) -> OcrPage:
    """``page`` with the lines read from its lost pieces (``answers``, in the order of
    ``page.lost``) that are text (``ocr_lost.py``); its text rebuilt."""
    read = [(corner, corrected(words)) for (corner, _), words in zip(page.lost, answers, strict=True)]
    words = with_lost_lines(page.words, read)
    if words == page.words:
        return replace(page, lost=[])
    return replace(page, text=page_text(words), words=words, lost=[])
