"""Ruled tables on scanned pages: the grid from the page image, Tesseract's words in its cells.

A text-layer PDF gives its tables to pdfplumber (``pdf.py``); a scan has only pixels, so the
table is found in the image and filled with the word boxes of Tesseract's TSV:

1. ``prepare_page`` (before OCR): ink is what is darker than its neighbourhood (an adaptive
   threshold, so grey rules on a JPEG count); ruling lines are ink that stays after an opening
   with a 0.2-inch line (letters are shorter, specks and JPEG blur vanish). The page's skew is
   the length-weighted median slope of the long lines, and every line is measured in the
   deskewed frame, so a page turned by 1–2° keeps straight rows and columns without rotating
   the image. Lines that touch form one table; its row and column boundaries are the lines
   that close at least one cell. A boundary missing between two grid positions (a cell merged
   across rows or columns) joins them into one cell. The rules are painted white in the image
   Tesseract reads (it reads them as "|", "¡", "'" and cuts words at them), and Tesseract
   reads a table page as sparse text: its own page layout drops whole cells.
2. ``page_items`` (after OCR): each word goes to the cell that holds its box's centre, and a
   cell's words are read line by line (top to bottom, left to right). Words outside the
   tables keep Tesseract's line grouping. The page comes out as ``pdf.py``'s table pages do:
   ``(top, "line", text)`` and ``(top, "table", rows)`` items in vertical order, each row a
   list of cell texts (lines separated by "\\n"), a merged cell in its first grid position
   and ``None`` in the positions it covers.
3. Lone short words — a cell holding only "3", "1.2" or "VI" — are what Tesseract reads worst
   on a page (left out, or "1.1" read "đzi"). ``prepare_page`` keeps each one-line cell as a
   snippet; ``doubtful_snippets`` picks those the page gave nothing or something unsure for,
   they are read again one by one (``ocr.ocr_snippets``), and the surer reading wins.

OpenCV (opencv-python-headless) does the pixel work: ~10 ms on a 200 dpi A4 page of text,
~40–50 ms on a table page; everything after works on a few dozen lines and words.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import cv2
import numpy as np
from PIL import Image

from .ocr import OcrWord as Word  # a word box of Tesseract's TSV

_RULE_INCHES = 0.2  # a ruling line is ink at least this long in one direction (letters are not)
_LONG_INCHES = 1.0  # lines at least this long measure the skew
_SNAP_INCHES = 0.03  # line pieces this close across are one line
_CLOSES = 0.6  # a boundary covers this share of a cell side somewhere in the table
_BORDER = 0.5  # a cell side with less of a line than this is open: a merged cell
_MIN_CELL_INCHES = 0.08  # boundaries closer than this are one (a doubled rule)
_SURE = 50  # Tesseract's confidence (0–100) below which a mark without letters is a speck
_DOUBT = 90  # a short cell read from the page with a word less sure than this is read again
_REREAD_SURE = 70  # … and what it is read as again counts when at least this sure
_LINE_INCHES = 0.3  # ink at most this high is one line of text
_MARGIN_INCHES = 0.1  # white round a cell's snippet
_SHRINK = 4  # line masks are labelled this many times smaller (see _pieces)


@dataclass(frozen=True)
class TableGrid:
    """One ruled table in deskewed page coordinates (pixels).

    ``xs`` and ``ys`` are the column and row boundaries; ``cells[r][c]`` is the number of the
    cell that covers grid position (r, c) — several positions share one number when the cell
    is merged, and the cell's text goes to the first of them.
    """

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[tuple[int, ...], ...]

    def extents(self) -> dict[int, tuple[int, int, int, int]]:
        """Cell number → (first row, first column, last row, last column)."""
        out: dict[int, tuple[int, int, int, int]] = {}
        for r, numbers in enumerate(self.cells):
            for c, number in enumerate(numbers):
                r0, c0, _, _ = out.get(number, (r, c, r, c))
                out[number] = (r0, c0, r, c)
        return out

    def position(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        row = min(bisect.bisect(self.ys, y) - 1, len(self.ys) - 2)
        column = min(bisect.bisect(self.xs, x) - 1, len(self.xs) - 2)
        return row, column


@dataclass(frozen=True)
class PageGrid:
    """The ruled tables of one page image and the skew they were measured at."""

    angle: float  # radians; the page's lines run at this angle to the image axes
    tables: tuple[TableGrid, ...] = ()
    # (table, cell) → the cell's one short line of ink, deskewed, black on white (``snippets``)
    snippets: dict[tuple[int, int], Image.Image] = field(default_factory=dict)

    def deskew(self, x: float, y: float) -> tuple[float, float]:
        cos, sin = math.cos(self.angle), math.sin(self.angle)
        return x * cos + y * sin, -x * sin + y * cos


def prepare_page(image: Image.Image, dpi: int) -> tuple[Image.Image, PageGrid | None]:
    """The page's tables, and the image Tesseract should read: the same one without its
    ruling lines when there is a table; ``None`` and the image itself when there is none."""
    gray = np.asarray(image.convert("L"))
    grid, rules = find_grid(gray, dpi)
    if grid is None:
        return image, None
    cleaned = gray.copy()
    cleaned[rules > 0] = 255
    grid.snippets.update(_snippets(cleaned, grid, dpi))
    return Image.fromarray(cleaned), grid


def find_grid(gray: np.ndarray, dpi: int) -> tuple[PageGrid | None, np.ndarray]:
    """The ruled tables of a greyscale page, and the mask of their ruling lines."""
    ink = cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                31, 20)
    rule = max(8, round(dpi * _RULE_INCHES))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (rule, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (1, rule)))
    empty = np.zeros_like(gray)
    if min(cv2.countNonZero(horizontal), cv2.countNonZero(vertical)) < 3 * rule:
        return None, empty  # not two rules each way: a page of text (most pages), quickly
    rows = _pieces(horizontal, across=False, min_length=1.5 * rule)
    columns = _pieces(vertical, across=True, min_length=1.5 * rule)
    if not rows or not columns:
        return None, empty
    long = dpi * _LONG_INCHES
    slopes = [(p.slope, p.length) for p in rows if p.length >= long]
    slopes += [(-p.slope, p.length) for p in columns if p.length >= long]
    angle = math.atan(_weighted_median(slopes)) if slopes else 0.0
    page = PageGrid(angle)
    # lines that touch (or nearly) are one table; labelled at a quarter of the size each way
    lines = _shrink(cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8)),
                    _SHRINK, _SHRINK)
    _, structure = cv2.connectedComponents(lines, connectivity=8)
    groups: dict[int, tuple[list[_Segment], list[_Segment]]] = {}
    for n, piece in enumerate(rows + columns):
        label = int(structure[piece.seed[0] // _SHRINK, piece.seed[1] // _SHRINK])
        groups.setdefault(label, ([], []))[n >= len(rows)].append(
            piece.segment(page, across=n >= len(rows)))
    tables, rules = [], np.zeros_like(gray)
    for label in sorted(groups):
        found = _table(*groups[label], snap=dpi * _SNAP_INCHES, min_cell=dpi * _MIN_CELL_INCHES)
        if found is not None:
            tables.append(found[0])
            _draw_rules(rules, page, *found[1:], width=round(dpi * _SNAP_INCHES) + 1)
    if not tables:
        return None, empty
    tables.sort(key=lambda t: t.ys[0])
    # the rules of the tables only, where the grid has them: the bar of "TT" in a cell near a
    # rule is 0.2 inch of ink too, and Tesseract reads "TTHC" without it as "LLHC"
    rules &= cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))
    return PageGrid(angle, tuple(tables)), rules


def _draw_rules(mask: np.ndarray, page: PageGrid, rows: list[_Line], columns: list[_Line],
                width: int) -> None:
    """Mark the stretches of the table's boundaries that hold a rule, in image coordinates."""
    cos, sin = math.cos(page.angle), math.sin(page.angle)

    def point(x: float, y: float) -> tuple[int, int]:  # deskewed → image
        return round(x * cos - y * sin), round(x * sin + y * cos)

    for line in rows:
        for start, end in line.spans:
            cv2.line(mask, point(start, line.position), point(end, line.position), 1, width)
    for line in columns:
        for start, end in line.spans:
            cv2.line(mask, point(line.position, start), point(line.position, end), 1, width)


@dataclass
class _Piece:
    """A connected run of ruling-line pixels, in image coordinates."""

    xs: np.ndarray
    ys: np.ndarray
    slope: float  # dy/dx of a horizontal piece, dx/dy of a vertical one
    length: float
    seed: tuple[int, int]  # (row, column) of one of its pixels

    def segment(self, page: PageGrid, across: bool) -> _Segment:
        cos, sin = math.cos(page.angle), math.sin(page.angle)
        x = self.xs * cos + self.ys * sin
        y = -self.xs * sin + self.ys * cos
        if across:  # a vertical line: its x, and the stretch of y it covers
            return _Segment(float(x.mean()), float(y.min()), float(y.max()))
        return _Segment(float(y.mean()), float(x.min()), float(x.max()))


@dataclass(frozen=True)
class _Segment:
    position: float  # y of a horizontal line, x of a vertical one (deskewed)
    start: float
    end: float


def _pieces(mask: np.ndarray, across: bool, min_length: float) -> list[_Piece]:
    """The connected runs of one direction's line pixels, in page coordinates. They are
    labelled on the mask shrunk ``_SHRINK`` times along the lines: the same runs, a quarter
    of the pixels to label (labelling is most of the time this module takes)."""
    shrunk = _shrink(mask, _SHRINK if across else 1, 1 if across else _SHRINK)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(shrunk, connectivity=8)
    size = cv2.CC_STAT_HEIGHT if across else cv2.CC_STAT_WIDTH
    pieces = []
    for label in range(1, count):
        length = float(stats[label, size] * _SHRINK)
        if length < min_length:
            continue
        left, top = stats[label, cv2.CC_STAT_LEFT], stats[label, cv2.CC_STAT_TOP]
        width, height = stats[label, cv2.CC_STAT_WIDTH], stats[label, cv2.CC_STAT_HEIGHT]
        ys, xs = np.nonzero(labels[top:top + height, left:left + width] == label)
        xs = xs.astype(np.float64) + left
        ys = ys.astype(np.float64) + top
        if across:
            ys = ys * _SHRINK + (_SHRINK - 1) / 2
        else:
            xs = xs * _SHRINK + (_SHRINK - 1) / 2
        along, other = (ys, xs) if across else (xs, ys)
        spread = along.var()
        slope = float(((along - along.mean()) * (other - other.mean())).mean() / spread) \
            if spread else 0.0
        pieces.append(_Piece(xs, ys, slope, length, (int(ys[0]), int(xs[0]))))
    return pieces


def _shrink(mask: np.ndarray, down: int, across: int) -> np.ndarray:
    """``mask`` with one pixel for each ``down`` × ``across`` block, set when any of the
    block is (a line stays connected)."""
    grown = cv2.dilate(mask, np.ones((down, across), np.uint8), anchor=(0, 0))
    return np.ascontiguousarray(grown[::down, ::across])


def _weighted_median(pairs: list[tuple[float, float]]) -> float:
    pairs = sorted(pairs)
    half, total = sum(w for _, w in pairs) / 2, 0.0
    for value, weight in pairs:
        total += weight
        if total >= half:
            return value
    return pairs[-1][0]


@dataclass
class _Line:
    """A table boundary: its position and the stretches along it that hold a rule."""

    position: float
    spans: list[tuple[float, float]] = field(default_factory=list)

    def coverage(self, start: float, end: float) -> float:
        if end <= start:
            return 0.0
        covered, reach = 0.0, start
        for a, b in sorted(self.spans):
            a, b = max(a, reach), min(b, end)
            if b > a:
                covered += b - a
                reach = b
        return covered / (end - start)


def _snap(segments: list[_Segment], distance: float) -> list[_Line]:
    lines: list[_Line] = []
    for segment in sorted(segments, key=lambda s: s.position):
        if lines and segment.position - lines[-1].position <= distance:
            line = lines[-1]
            weight = len(line.spans)
            line.position = (line.position * weight + segment.position) / (weight + 1)
        else:
            line = _Line(segment.position)
            lines.append(line)
        line.spans.append((segment.start, segment.end))
    return lines


def _table(across: list[_Segment], down: list[_Segment], snap: float, min_cell: float
           ) -> tuple[TableGrid, list[_Line], list[_Line]] | None:
    """The grid of one connected set of ruling lines and its row and column boundaries, or
    ``None`` when it is not a table (a rule under a heading, a box round one line of text)."""
    rows, columns = _snap(across, snap), _snap(down, snap)
    for _ in range(2):  # a boundary must close a cell: cover most of one side of a grid cell
        ys, xs = [r.position for r in rows], [c.position for c in columns]
        rows = [r for r in rows if any(r.coverage(a, b) >= _CLOSES for a, b in pairwise(xs))]
        columns = [c for c in columns
                   if any(c.coverage(a, b) >= _CLOSES for a, b in pairwise(ys))]
        if len(rows) < 2 or len(columns) < 3:  # at least one row of two columns
            return None
    rows, columns = _merge_close(rows, min_cell), _merge_close(columns, min_cell)
    if len(rows) < 2 or len(columns) < 3:
        return None
    ys, xs = [r.position for r in rows], [c.position for c in columns]
    height, width = len(ys) - 1, len(xs) - 1
    parent = list(range(height * width))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(height):
        for c in range(width):
            here = r * width + c
            if c + 1 < width and columns[c + 1].coverage(ys[r], ys[r + 1]) < _BORDER:
                parent[root(here + 1)] = root(here)
            if r + 1 < height and rows[r + 1].coverage(xs[c], xs[c + 1]) < _BORDER:
                parent[root(here + width)] = root(here)
    numbers: dict[int, int] = {}
    cells = tuple(tuple(numbers.setdefault(root(r * width + c), len(numbers))
                        for c in range(width)) for r in range(height))
    return TableGrid(tuple(xs), tuple(ys), cells), rows, columns


def _merge_close(lines: list[_Line], distance: float) -> list[_Line]:
    merged: list[_Line] = []
    for line in lines:
        if merged and line.position - merged[-1].position < distance:
            merged[-1].spans += line.spans
        else:
            merged.append(line)
    return merged


def _snippets(cleaned: np.ndarray, grid: PageGrid, dpi: int
              ) -> dict[tuple[int, int], Image.Image]:
    """Cells whose ink is one short line ("3", "1.2", "VII", "Thường xuyên"), cut out
    deskewed, in black and white and with a white margin. Tesseract reading a whole page drops
    or garbles such lone short words; ``doubtful_snippets`` sends the ones it got wrong to be
    read again, one by one."""
    cos, sin = math.cos(grid.angle), math.sin(grid.angle)
    inset, margin = dpi * 0.02, round(dpi * _MARGIN_INCHES)
    letter, line = dpi * 0.06, dpi * _LINE_INCHES  # specks are smaller than a letter
    out = {}
    for n, table in enumerate(grid.tables):
        for number, (r0, c0, r1, c1) in table.extents().items():
            x0, y0 = table.xs[c0] + inset, table.ys[r0] + inset
            width, height = int(table.xs[c1 + 1] - inset - x0), int(table.ys[r1 + 1] - inset - y0)
            if width < letter or height < letter:
                continue
            shift = np.array([[cos, sin, -x0], [-sin, cos, -y0]])
            cell = cv2.warpAffine(cleaned, shift, (width, height), flags=cv2.INTER_LINEAR,
                                  borderValue=255)
            otsu, _ = cv2.threshold(cell, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
            ink = (cell < min(otsu, 190)).astype(np.uint8)  # an empty cell has no dark ink
            full = np.flatnonzero(ink.sum(axis=1) >= letter)  # rows well inked: text, not specks
            if len(full) and full[-1] - full[0] > 2 * line:
                continue  # plainly several lines (most cells): no need to look closer
            count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
            marks = [i for i in range(1, count) if stats[i, cv2.CC_STAT_HEIGHT] >= letter]
            if not marks:
                continue
            top = min(stats[i, cv2.CC_STAT_TOP] for i in marks)
            bottom = max(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] for i in marks)
            if bottom - top > line:
                continue  # several lines: Tesseract reads them well on the page
            left = min(stats[i, cv2.CC_STAT_LEFT] for i in marks)
            right = max(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] for i in marks)
            piece = np.where(ink[max(top - 2, 0):bottom + 2, max(left - 2, 0):right + 2] > 0,
                             0, 255).astype(np.uint8)
            out[(n, number)] = Image.fromarray(cv2.copyMakeBorder(
                piece, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=255))
    return out


# --- words into cells ---------------------------------------------------------------------------

_Placed = list[tuple[float, float, Word]]  # (deskewed y, x of the box's centre, word)


def doubtful_snippets(words: Sequence[Word], grid: PageGrid
                      ) -> dict[tuple[int, int], Image.Image]:
    """The snippets of the short cells the page's reading got nothing or something unsure
    from (a lone "3" left out, "1.1" read "đzi" at confidence 0): to be read again."""
    cells, _ = _place(words, grid)
    return {key: snippet for key, snippet in grid.snippets.items()
            if not cells[key[0]].get(key[1])
            or min(w.confidence for _, _, w in cells[key[0]][key[1]]) < _DOUBT}


def page_items(words: Sequence[Word], grid: PageGrid,
               reread: Mapping[tuple[int, int], Sequence[Word]] | None = None
               ) -> list[tuple[float, str, object]]:
    """The page as ``(top, "line", text)`` and ``(top, "table", rows)`` in vertical order;
    ``reread`` has the words of doubtful cells read again from their snippets."""
    cells, outside = _place(words, grid)
    for (n, number), again in (reread or {}).items():
        small = 0.35 * max((w.height for w in again), default=0)
        kept = [(w.top + w.height / 2, w.left + w.width / 2, w) for w in again
                if not _is_speck(w, small)]
        # the surer reading wins; a snippet read unsure is specks or a guess ("kì", "DA")
        if _confidence(kept) >= _REREAD_SURE and _confidence(kept) > _confidence(
                cells[n].get(number, [])):
            cells[n][number] = kept
    items: list[tuple[float, str, object]] = []
    for line in _visual_lines(list(outside.values())):
        if not any(w.confidence >= _SURE and any(ch.isalnum() for ch in w.text)
                   for _, _, w in line):
            continue  # specks beside a table read as "II", "x-", "*": unsure or no letters
        items.append((min(y - w.height / 2 for y, _, w in line), "line",
                      " ".join(w.text for _, _, w in sorted(line, key=lambda t: t[1]))))
    for table, found in zip(grid.tables, cells, strict=True):
        rows: list[list[str | None]] = []
        seen: set[int] = set()
        for numbers in table.cells:
            row: list[str | None] = []
            for number in numbers:
                row.append(None if number in seen else _cell_text(found.get(number, [])))
                seen.add(number)
            rows.append(row)
        items.append((table.ys[0], "table", rows))
    items.sort(key=lambda item: item[0])
    return items


def _place(words: Sequence[Word], grid: PageGrid
           ) -> tuple[list[dict[int, _Placed]], dict[tuple[int, int, int], _Placed]]:
    """Words by table and cell number, and the others by Tesseract's line; specks dropped."""
    heights = sorted(w.height for w in words)
    small = 0.35 * heights[len(heights) // 2] if heights else 0.0
    cells: list[dict[int, _Placed]] = [{} for _ in grid.tables]
    outside: dict[tuple[int, int, int], _Placed] = {}
    for word in words:
        if _is_speck(word, small):
            continue
        x, y = grid.deskew(word.left + word.width / 2, word.top + word.height / 2)
        for n, table in enumerate(grid.tables):
            position = table.position(x, y)
            if position is not None:
                cells[n].setdefault(table.cells[position[0]][position[1]], []).append(
                    (y, x, word))
                break
        else:
            outside.setdefault(word.line, []).append((y, x, word))
    return cells, outside


def _confidence(placed: _Placed) -> float:
    return sum(w.confidence for _, _, w in placed) / len(placed) if placed else -1.0


def _is_speck(word: Word, small: float) -> bool:
    """A mark Tesseract read from a speck or a rule's remains: no letter or digit and unsure
    or tiny ("." "'" "¬"), or a tiny unsure "letter" ("II" 4 pixels high)."""
    tiny = word.height < small
    if not any(ch.isalnum() for ch in word.text):
        return tiny or word.confidence < _SURE
    return tiny and word.confidence < _SURE


def _visual_lines(groups: list[_Placed]) -> list[_Placed]:
    """Tesseract's lines, with pieces of one printed line (side by side, at the same height)
    joined, top to bottom."""
    def span(group):
        return (min(y - w.height / 2 for y, _, w in group),
                max(y + w.height / 2 for y, _, w in group))

    lines: list[_Placed] = []
    for group in sorted(groups, key=lambda g: span(g)[0]):
        top, bottom = span(group)
        for line in reversed(lines[-3:]):
            other_top, other_bottom = span(line)
            overlap = min(bottom, other_bottom) - max(top, other_top)
            if overlap >= 0.6 * min(bottom - top, other_bottom - other_top):
                line.extend(group)
                break
        else:
            lines.append(list(group))
    return lines


def _cell_text(words: _Placed) -> str:
    """A cell's words, line by line: a word starts a new line when its centre is lower than
    half a word's height below the line's."""
    if not words:
        return ""
    heights = sorted(w.height for _, _, w in words)
    tolerance = heights[len(heights) // 2] / 2
    lines: list[_Placed] = []
    centre = 0.0
    for entry in sorted(words, key=lambda t: t[0]):
        if lines and entry[0] - centre <= tolerance:
            lines[-1].append(entry)
            centre += (entry[0] - centre) / len(lines[-1])
        else:
            lines.append([entry])
            centre = entry[0]
    return "\n".join(" ".join(w.text for _, _, w in sorted(line, key=lambda t: t[1]))
                     for line in lines)
