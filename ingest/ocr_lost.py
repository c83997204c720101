"""Text that Tesseract's page layout left out, found on the page and read again.

On a poor scan, Tesseract's layout analysis can leave whole paragraphs out of a page: it gives
neither their words nor an empty block for them, so nothing downstream can tell. On one 150 dpi
report page, four body lines, a foot note and twenty lines of the next (thirty citations) were
gone. After a page is read, the ink its words do not cover is looked at. A speck is small and
stands alone; a lost line is ink as wide as several words, at the height of a line:

- ``lost_regions``: the page's dark pixels outside every word's box, closed over the gaps
  between letters and words (a line's height across, a third of it down); regions at least
  half a line high, ``MIN_INK`` of them ink, less than 1.5 lines apart one above the other,
  are one paragraph's lines (a paragraph's short last line too); such a paragraph at least
  ``MIN_WIDTH_LINES`` line heights wide was left out;
- ``lost_snippets``: each region cut out of the page, the words already read whited out, to be
  read again as one block of text (``--psm 6``) with the other pieces of the document
  (``ocr.ocr_snippets``);
- ``with_lost_lines``: a line read back joins the page only when it is text: Tesseract is fairly
  sure of its words of letters (mean confidence ``KEEP`` or more; a stray mark read with them
  aside) and most of them are Vietnamese syllables (``MOSTLY_KNOWN``), so a stamp, a signature
  or a rule read as letters stays out. It goes in as a paragraph of its own, after the line
  above it on the page; a line two pieces both hold is taken once.

Pages with a ruled table are read word by word (``--psm 11``) and are not looked at here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import groupby

import numpy as np
import regex
from PIL import Image
from vnplan.reference.lexicon import load_lexicon

MIN_WIDTH_LINES = 6  # a lost region is at least this many line heights wide
MIN_INK = 0.05  # of its box
KEEP = 60.0  # mean word confidence (0–100) of a line read back, to keep it
MOSTLY_KNOWN = 0.6  # share of its words (letters only) that are known syllables
MARGIN = 4  # pixels of white around a piece
SHRINK = 2  # the page is looked at at half its resolution

_LETTERS = regex.compile(r"^\W*(\p{L}+)\W*$")

Box = tuple[int, int, int, int]  # left, top, right, bottom


def lost_regions(image: Image.Image, words: Sequence) -> list[Box]:
    """Boxes of the text-like ink of ``image`` (a page) that none of ``words`` covers."""
    import cv2  # OpenCV loads only for scans

    heights = sorted(w.height for w in words if w.height > 0)
    if not heights:
        return []
    line = max(heights[len(heights) // 2] // SHRINK, 1)
    small = image.convert("L").reduce(SHRINK)  # a quarter of the pixels: ~10 ms a page
    ink = (np.asarray(small) < 128).astype(np.uint8)
    for w in words:
        left, top = max(w.left // SHRINK - 2, 0), max(w.top // SHRINK - 2, 0)
        ink[top:(w.top + w.height) // SHRINK + 2, left:(w.left + w.width) // SHRINK + 2] = 0
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(line, 3), max(line // 3, 1)))
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel)
    count, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    out = []
    for left, top, width, height, _ in stats[1:count]:
        filled = int(ink[top:top + height, left:left + width].sum())
        if height >= line / 2 and filled > MIN_INK * width * height:
            out.append((int(left) * SHRINK, int(top) * SHRINK, int(left + width) * SHRINK,
                        int(top + height) * SHRINK))
    joined = _joined(sorted(out, key=lambda box: box[1]), line * SHRINK)
    return [box for box in joined if box[2] - box[0] >= MIN_WIDTH_LINES * line * SHRINK]


def _joined(boxes: list[Box], line: int) -> list[Box]:
    """``boxes`` (top to bottom) with those less than one and a half lines apart, one above the
    other, made one: the lines of one paragraph are read again as one block."""
    out: list[Box] = []
    for box in boxes:
        near = next((i for i, o in enumerate(out) if box[1] - o[3] < 1.5 * line
                     and box[0] < o[2] and o[0] < box[2]), None)
        if near is None:
            out.append(box)
        else:
            o = out[near]
            out[near] = (min(o[0], box[0]), min(o[1], box[1]), max(o[2], box[2]), max(o[3], box[3]))
    return out


def lost_snippets(image: Image.Image, words: Sequence, boxes: Sequence[Box]
                  ) -> list[tuple[tuple[int, int], Image.Image]]:
    """(the piece's top-left corner on the page, the piece) for each of ``boxes``, with a white
    margin and the words already read whited out."""
    page = np.array(image.convert("L"))  # a copy, to white out
    for w in words:
        page[max(w.top - 1, 0):w.top + w.height + 1, max(w.left - 1, 0):w.left + w.width + 1] = 255
    out = []
    for left, top, right, bottom in boxes:
        left, top = max(left - MARGIN, 0), max(top - MARGIN, 0)
        right, bottom = min(right + MARGIN, page.shape[1]), min(bottom + MARGIN, page.shape[0])
        out.append(((left, top), Image.fromarray(page[top:bottom, left:right])))
    return out


def with_lost_lines(words: Sequence, answers: Sequence[tuple[tuple[int, int], Sequence]]
                    ) -> list:
    """``words`` (a page's, in reading order) with the lines read back from its lost pieces
    (``answers``: each piece's corner and the words read in it) that are text, each put after
    the line above it; every word's line renumbered so the page's paragraphs stay apart."""
    found = [_lines(words)]
    for piece, ((left, top), read) in enumerate(answers):
        moved = [replace(w, left=w.left + left, top=w.top + top,
                         line=(-1 - piece, w.line[1], w.line[2])) for w in read]
        found.append([line for line in _lines(moved) if _is_text(line)])
    if not any(found[1:]):
        return list(words)
    order = list(found[0])
    taken: list = []  # the words read back so far: a line two pieces both hold is taken once
    for lines in found[1:]:
        new = [line for line in lines if not _read_before(line, taken)]
        for line in new:
            order.insert(_place(order, line), line)
            taken += line
    return _renumbered(order)


def _lines(words: Sequence) -> list[list]:
    return [list(line) for _, line in groupby(words, key=lambda w: w.line)]


def _is_text(line: Sequence) -> bool:
    """Whether a line read back is text: its words of letters (a stray mark aside) read with
    a mean confidence of ``KEEP`` or more, and mostly known syllables."""
    lettered = [(m[1].lower(), w.confidence) for w in line if (m := _LETTERS.match(w.text))]
    if not lettered or sum(c for _, c in lettered) / len(lettered) < KEEP:
        return False
    lexicon = load_lexicon()
    return sum(lexicon.knows(core) for core, _ in lettered) >= MOSTLY_KNOWN * len(lettered)


def _place(order: list[list], line: Sequence) -> int:
    """Where ``line`` goes among the page's lines: after the last that lies above it, on the
    same stretch of the page across."""
    left, top, right, _ = _box(line)
    at = 0
    for i, other in enumerate(order):
        other_left, other_top, other_right, _ = _box(other)
        if other_top < top and other_left < right and left < other_right:
            at = i + 1
    return at


def _read_before(line: Sequence, words: Sequence) -> bool:
    """Whether most of ``line``'s words lie on words already read."""
    boxes = [_box([w]) for w in words]
    on = sum(any(_meet(_box([w]), box) for box in boxes) for w in line)
    return on * 2 > len(line)


def _meet(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _box(line: Sequence) -> Box:
    return (min(w.left for w in line), min(w.top for w in line),
            max(w.left + w.width for w in line), max(w.top + w.height for w in line))


def _renumbered(order: list[list]) -> list:
    """The words of ``order``'s lines with their lines numbered afresh: (1, paragraph, line),
    a new paragraph where Tesseract's block or paragraph changes."""
    out = []
    paragraph, previous = 0, None
    for number, line in enumerate(order):
        key = line[0].line[:2]
        if key != previous:
            paragraph, previous = paragraph + 1, key
        out += [replace(w, line=(1, paragraph, number)) for w in line]
    return out
