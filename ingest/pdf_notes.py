"""Foot notes of a PDF page, taken out of the body's flow.

A report prints its foot notes at the foot of the page, in smaller type. The text layer reads
them between the last line of one page and the first line of the next, so a sentence or a
citation cut by the page break ("Kế hoạch số 5756/KH-" … "UBND ngày …") is cut by them too, and
each note's marker is glued to a word of the body ("năm 20257" for "năm 2025" and note 7).

On a text-layer page, from the size of each character, each run of lines in small type that
begins with a raised note number is taken out of the page (the engine reads a page's foot
last, or not), and a raised number in the body that is one of the page's notes becomes "[7]".
On a scanned page, from the height of Tesseract's words, the last lines below the body in
smaller type are taken out when they begin with a number (``split_ocr_notes``). The notes
follow the document's body under ``raw.NOTES_MARKER`` as "[Chú thích 7] …", as a DOCX's do.
A page whose type is all one size, or whose small lines begin with no number, stays as it is."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from statistics import median
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ocr import OcrWord

NOTE_LABEL = "Chú thích"  # a note's line: "[Chú thích 7] …"
SMALL = 0.85  # a footnote's type is at most this share of the body's
RAISED = 0.85  # a note number's digits are at most this share of their line's type

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_NOTE_START = re.compile(r"\s*(\d{1,3})(?!\d)")  # matched at a line's start
_PAGE_NUMBER = re.compile(r"^\W*(?:trang\s*)?\d{1,4}\W*$", re.IGNORECASE)


def has_small_type(text: str, size_of: Callable[[int], float]) -> bool:
    """Whether a line of the page is in smaller type than most, from the first letter of each
    line (``size_of(i)``: the size of character ``i``): a few dozen sizes are read, not the
    page's thousands."""
    firsts = [next((i for i in range(*span) if not text[i].isspace()), None)
              for span in _line_spans(text)]
    sizes = [size_of(i) for i in firsts if i is not None]
    if len(sizes) < 2:
        return False
    body = median(sizes)
    return any(0 < size <= SMALL * body for size in sizes)


def split_notes(text: str, sizes: Sequence[float], body_size: float
                ) -> tuple[str, list[tuple[str, str]], set[int]]:
    """``text`` of a page as the PDF engine reads it, the type size of each of its characters
    and the body's (``body_size``): the page without its foot notes (the body's markers as
    "[7]"), the notes as (number, text), a note's end carried over from the page before with
    no number (""), and the indexes of the page's lines that were notes."""
    spans = _line_spans(text)
    notes: list[tuple[str, str]] = []
    dropped: set[int] = set()
    for first, end in _small_runs(text, sizes, spans, body_size):
        above = spans[first - 1]
        found, taken = _notes(text, sizes, spans[first:end], above, body_size)
        if not found:
            continue
        notes += found
        dropped.update(range(first, end))
        spans[first - 1] = (above[0], _end_without(text, above) - taken)
    if not notes:
        return text, [], set()
    numbers = {number for number, _ in notes}
    kept = [_mark_references(text, sizes, span, body_size, numbers)
            for i, span in enumerate(spans) if i not in dropped]
    return "\n".join(kept), notes, dropped


def note_lines(notes: Iterable[tuple[str, str]]) -> list[str]:
    """The document's notes, in order, as "[Chú thích 7] …" lines; a note's end carried over
    to the next page joins its note."""
    merged: list[list[str]] = []
    for number, body in notes:
        if not number and merged:
            merged[-1][1] = f"{merged[-1][1]} {body}".strip()
        else:
            merged.append([number, body])
    return [f"[{NOTE_LABEL} {number}] {body}" if number else f"[{NOTE_LABEL}] {body}"
            for number, body in merged]


def unspaced_runs(lines: list[str], indexes: set[int]) -> list[str]:
    """The text of each run of consecutive ``indexes`` of ``lines``, without its spaces."""
    runs: list[str] = []
    for i in sorted(indexes):
        piece = "".join(lines[i].split())
        if runs and i - 1 in indexes:
            runs[-1] += piece
        else:
            runs.append(piece)
    return runs


def consecutive(keys: list[str], run: str) -> range | None:
    """The consecutive ``keys`` that make ``run`` when joined, if any."""
    for start in range(len(keys)):
        joined = ""
        for end in range(start, len(keys)):
            joined += keys[end]
            if not run.startswith(joined):
                break
            if joined == run:
                return range(start, end + 1)
    return None


def _end_without(text: str, span: tuple[int, int]) -> int:
    """Where ``span``'s line ends, its trailing spaces left out."""
    end = span[1]
    while end > span[0] and text[end - 1].isspace():
        end -= 1
    return end


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _LINE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def body_size(pages: Iterable[tuple[str, Sequence[float]]]) -> float | None:
    """The body's type size: the most common size of the characters of ``pages`` (text and
    sizes) together (one page can hold more footnote than body), or None when unknown."""
    counts = Counter(round(sizes[i] * 2) / 2 for text, sizes in pages
                     for i, ch in enumerate(text) if not ch.isspace() and sizes[i] > 0)
    return counts.most_common(1)[0][0] if counts else None


def _line_size(text: str, sizes: Sequence[float], span: tuple[int, int]) -> float:
    values = [sizes[i] for i in range(*span) if not text[i].isspace() and sizes[i] > 0]
    return median(values) if values else 0.0


def _small_runs(text: str, sizes: Sequence[float], spans: list[tuple[int, int]],
                body_size: float) -> list[tuple[int, int]]:
    """Line indexes [first, end) of each run of lines in small type, below a line of body
    type (the engine does not always read a page's foot last); the page number that ends a
    page stays out of them."""
    small = [bool(text[slice(*span)].strip())
             and 0 < _line_size(text, sizes, span) <= SMALL * body_size for span in spans]
    last = max((i for i, span in enumerate(spans) if text[slice(*span)].strip()), default=-1)
    if last >= 0 and _PAGE_NUMBER.match(text[slice(*spans[last])]):
        small[last] = False
    runs, i = [], 0
    while i < len(spans):
        if not small[i]:
            i += 1
            continue
        end = i
        while end < len(spans) and (small[end] or not text[slice(*spans[end])].strip()):
            end += 1
        while end > i and not text[slice(*spans[end - 1])].strip():
            end -= 1
        if i > 0:
            runs.append((i, end))
        i = end
    return runs


def _raised_number(text: str, sizes: Sequence[float], span: tuple[int, int]) -> str | None:
    """The note number a line begins with, when its digits are raised (smaller than the line's
    type), else None."""
    match = _NOTE_START.match(text, *span)
    if not match:
        return None
    digits = range(match.start(1), match.end(1))
    rest = [sizes[i] for i in range(match.end(1), span[1]) if not text[i].isspace()]
    if not rest:  # the number alone on its line: raised against the line after it
        return match[1] if max(sizes[i] for i in digits) > 0 else None
    line = median(rest)
    return match[1] if all(0 < sizes[i] <= RAISED * line for i in digits) else None


def _notes(text: str, sizes: Sequence[float], spans: list[tuple[int, int]],
           above: tuple[int, int], body_size: float) -> tuple[list[tuple[str, str]], int]:
    """(number, text) of each note of the block (a raised number begins one), and how many
    characters of the line ``above`` the block are the first note's number: the engine puts
    a number raised above the first note's line at the end of the body line before it. Lines
    before the first number end the page before's last note (number "")."""
    notes: list[list[str]] = []
    taken = 0
    raised = [_raised_number(text, sizes, span) for span in spans]
    if raised[0] is None:
        later = set(raised[1:]) - {None}
        trailing = _trailing_raised(text, sizes, above, body_size)
        if trailing is not None and trailing not in later:
            notes.append([trailing, ""])
            taken = len(trailing)
        elif later:  # the end of the page before's last note, then notes
            notes.append(["", ""])
        else:
            return [], 0
    for span, number in zip(spans, raised, strict=True):
        line = text[slice(*span)]
        if number is not None:
            notes.append([number, line.strip()[len(number):].strip()])
        elif notes and line.strip():
            notes[-1][1] = f"{notes[-1][1]} {line.strip()}".strip()
    return [(number, body) for number, body in notes], taken


def _trailing_raised(text: str, sizes: Sequence[float], span: tuple[int, int],
                     body_size: float) -> str | None:
    """The raised number a line ends with, else None."""
    end = _end_without(text, span)
    start = end
    while start > span[0] and text[start - 1].isdigit() and \
            0 < sizes[start - 1] <= RAISED * body_size:
        start -= 1
    return text[start:end] if 0 < end - start <= 3 else None


def _mark_references(text: str, sizes: Sequence[float], span: tuple[int, int],
                     body_size: float, numbers: set[str]) -> str:
    """A body line with its raised note numbers (one of ``numbers``) written "[7]"."""
    out, i = [], span[0]
    while i < span[1]:
        j = i
        while j < span[1] and text[j].isdigit() and 0 < sizes[j] <= RAISED * body_size:
            j += 1
        if j > i:  # a raised number: a note's marker when glued to a word and one of the notes
            glued = i > span[0] and not text[i - 1].isspace()
            out.append(f"[{text[i:j]}]" if glued and text[i:j] in numbers else text[i:j])
            i = j
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


# --- scanned pages: the same from Tesseract's word boxes --------------------------------------

def split_ocr_notes(words: Sequence[OcrWord]) -> tuple[list[OcrWord], list[tuple[str, str]]]:
    """An OCR'd page's words without its foot notes, and the notes as (number, text). The
    notes are the last lines in Tesseract's order, below the body and in smaller type (their
    words' median height), beginning with a number; a later note begins with the next
    number. A raised marker in the body is not told from a digit on a scan: it stays."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    keys = sorted(lines)
    heights = {key: _ocr_line_height(lines[key]) for key in keys}
    tall = [heights[key] for key in keys if len(lines[key]) >= 3 and heights[key] > 0]
    if len(tall) < 3:
        return list(words), []
    body = median(tall)
    end = len(keys)
    while end > 0 and _PAGE_NUMBER.match(" ".join(w.text for w in lines[keys[end - 1]])):
        end -= 1
    first = end
    while first > 0 and 0 < heights[keys[first - 1]] <= SMALL * body:
        first -= 1
    if first == 0 or first == end:
        return list(words), []
    bottom = max(w.top + w.height for key in keys[:first] for w in lines[key])
    run = keys[first:end]
    if min(w.top for key in run for w in lines[key]) < bottom:
        return list(words), []  # small type beside or above the body: not the page's foot
    notes = _ocr_notes([" ".join(w.text for w in lines[key]) for key in run])
    if not notes:
        return list(words), []
    taken = set(run)
    return [w for w in words if w.line not in taken], notes


def _ocr_line_height(words: list[OcrWord]) -> float:
    heights = [w.height for w in words if any(ch.isalpha() for ch in w.text)]
    return median(heights) if heights else 0.0


_OCR_NOTE_START = re.compile(r"(\d{1,3})(?!\d)\s*(.*)")


def _ocr_notes(texts: list[str]) -> list[tuple[str, str]]:
    """(number, text) of the notes of a page's foot lines: a note begins with a number, a
    later one with the number after the last; lines before the first number end the page
    before's last note (number ""). No number at all: not notes."""
    starts = [_OCR_NOTE_START.match(text.strip()) for text in texts]
    if not any(starts):
        return []
    notes: list[list[str]] = [] if starts[0] else [["", ""]]
    for text, start in zip(texts, starts, strict=True):
        last = notes[-1][0] if notes else None
        if start and (not last or start[1] == str(int(last) + 1)):
            notes.append([start[1], start[2].strip()])
        else:
            notes[-1][1] = f"{notes[-1][1]} {text.strip()}".strip()
    return [(number, body) for number, body in notes]
