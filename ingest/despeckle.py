"""Specks cleaned off a scanned page before OCR.

An archive scan is often peppered with dark specks (dust, toner, a copy of a copy). Tesseract
reads a speck beside a word as a mark (a stray "." or "'", "Ng" read "Ñg") and one between lines
as a line of its own, which splits paragraphs and cuts headings short. A speck is a small round
blot standing apart from the letters. Vietnamese print is full of small round blots too (the dot
below "ạ", the dot of "i", the marks of "ễ", full stops and commas), but each sits where a mark
can be: above or below a letter, within its width, or beside a letter on its line. So a blot is
removed only when no letter lies in either place, nor a blot kept for that reason (the second
dot of a colon, the dots of an ellipsis). Letters themselves are never blots: a small round
letter ("o", "8") is a ring, a speck is solid. A page with only a few lone blots is a clean scan
and is left untouched.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

SPECK_SQ_INCHES = 0.0006  # a blot up to this much ink (a dot ~0.028 in across) may be a speck
SOLID_SPECK_SQ_INCHES = 0.0015  # … and up to this much when it is solid (not a ring)
SOLID = 0.6  # share of its box a solid blot fills (a disc ~0.8; "o", "e", "8" below 0.6)
ROUND = 2.0  # a blot is no longer one way than this times the other (a dash is no blot)
ABOVE = 0.45  # a mark above or below a letter: this far, in letter heights …
ABOVE_SLACK = 0.1  # … and within the letter's width, give or take this much
BESIDE = 0.4  # punctuation beside a letter on its line: this far, in letter heights …
BESIDE_SLACK = 0.1  # … and at the letter's height, give or take this much
CHAIN = 4  # blots kept through blots kept (the three dots of an ellipsis, a colon): this many
MIN_SPECKS_PER_SQ_INCH = 0.5  # fewer lone blots than this and the page is left as it is
GATE_MIN_DPI = 75  # pages of at least twice this are first judged at half their resolution


def despeckled(image: Image.Image, dpi: int) -> Image.Image:
    """``image`` in greyscale without its lone specks (itself when it has none to remove)."""
    cleaned, removed = despeckle(np.asarray(image.convert("L")), dpi)
    return Image.fromarray(cleaned) if removed else image


def despeckle(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, int]:
    """The page without its lone specks, and how many were removed (0: the page unchanged).
    Whether the page is speckled at all is first judged on the page at half its resolution
    (a quarter of the work: most pages are clean); a speckled one is then cleaned at full."""
    area = gray.shape[0] * gray.shape[1] / (dpi * dpi)  # square inches
    if dpi >= 2 * GATE_MIN_DPI:
        half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        if len(_lone_specks(half, dpi // 2)[1]) < MIN_SPECKS_PER_SQ_INCH * area:
            return gray, 0
    (labels, boxes), lone = _lone_specks(gray, dpi)
    if len(lone) < MIN_SPECKS_PER_SQ_INCH * area:
        return gray, 0
    cleaned = gray.copy()
    _paint(cleaned, labels, *boxes, lone, 255)
    return cleaned, len(lone)


def _lone_specks(gray: np.ndarray, dpi: int) -> tuple[tuple[np.ndarray, tuple], np.ndarray]:
    """The page's ink pieces (labels, and their boxes: top, left, height, width) and which of
    them (0-based) are lone specks."""
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    left, top = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    width, height = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    boxes = (top, left, height, width)
    area = stats[1:, cv2.CC_STAT_AREA]
    square = dpi * dpi
    blot = (np.maximum(width, height) <= ROUND * np.minimum(width, height)) & (
        (area <= SPECK_SQ_INCHES * square)
        | ((area <= SOLID_SPECK_SQ_INCHES * square) & (area >= SOLID * width * height)))
    if blot.all() or not blot.any():
        return (labels, boxes), np.flatnonzero(np.zeros_like(blot))
    letter = float(np.median(height[~blot]))
    rows, cols = gray.shape

    def window(across: float, along: float) -> tuple[np.ndarray, ...]:
        dx, dy = max(1, round(across * letter)), max(1, round(along * letter))
        return (np.clip(left - dx, 0, cols), np.clip(top - dy, 0, rows),
                np.clip(left + width + dx, 0, cols), np.clip(top + height + dy, 0, rows))

    marks, beside = window(ABOVE_SLACK, ABOVE), window(BESIDE, BESIDE_SLACK)
    letters = ink.copy()
    _paint(letters, labels, *boxes, np.flatnonzero(blot), 0)
    kept = ~blot
    for _ in range(CHAIN):  # blots by letters, then blots by those, …
        total = cv2.integral(letters)
        near = blot & ~kept & (_any_ink(total, marks) | _any_ink(total, beside))
        if not near.any():
            break
        kept |= near
        _paint(letters, labels, *boxes, np.flatnonzero(near), 1)
    return (labels, boxes), np.flatnonzero(blot & ~kept)


def _any_ink(total: np.ndarray, box: tuple[np.ndarray, ...]) -> np.ndarray:
    """For each box (x0, y0, x1, y1 arrays), whether the integral image ``total`` has ink in it."""
    x0, y0, x1, y1 = box
    return (total[y1, x1] - total[y0, x1] - total[y1, x0] + total[y0, x0]) > 0


def _paint(image: np.ndarray, labels: np.ndarray, top, left, height, width,
           components: np.ndarray, value: int) -> None:
    """Set the pixels of ``components`` (0-based, as in the stats without the background)."""
    for n in components:  # a few thousand boxes of a few pixels each
        rows = slice(top[n], top[n] + height[n])
        cols = slice(left[n], left[n] + width[n])
        image[rows, cols][labels[rows, cols] == n + 1] = value
