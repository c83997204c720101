"""List labels OCR misread at a line's start, read again with the words after them.

Reading a whole page, Tesseract garbles a short word at a line's start now and then: "e)"
comes back as "©)", "f)" as "0", "5." as "ö." (a speck beside it on a poor scan). Such words
are the labels of a document's sections and items, and one lost label merges two items.

A line's first word is doubtful when it is short (``SHORT`` letters or fewer), no label, not
plain capitals (a roman numeral or "TM.", which the sequence and the signature read), and
followed by a capitalised word, and Tesseract either doubted it (confidence under ``DOUBT``) or
it ends as a label does ("." or ")"). Its start is cut out of the page with the words after it
(``CONTEXT_INCHES``: cut out alone, "f)" reads no better) and read again as one line
(``ocr.ocr_snippets``). The new reading's first word is taken only when it is a label: "e)",
"5.", "2.1.", "-". Anything else ("TM.", "xã.", "I.") stays as the page read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import takewhile

import regex
from PIL import Image

SHORT = 3  # letters of a doubtful first word at most: labels are "a)", "5.", "12)"
DOUBT = 60.0  # Tesseract's confidence under which a short first word is read again
CONTEXT_INCHES = 1.5  # the words after it cut out with it
MARGIN_INCHES = 0.04

# "a)", "đ)", "5.", "2.1.", "2.1", "-": what a list or an item opens with. Not a roman numeral:
# a second reading takes "1." for "I." as readily as the first ("I. Nghiên cứu" in a decree
# with no roman sections), and those headings are read from their sequence (sections.py).
LABEL = regex.compile(r"^(?:[a-zđ]\)|[1-9]\d?[.)]|[1-9]\d?(?:\.\d{1,2}){1,3}\.?|[-+•–])$")
_READS_AS = str.maketrans({"ƒ": "f"})  # an italic f
_CAPITALS = regex.compile(r"^[A-ZĐ]+[.)]?$")  # "II.", "TM.": a numeral or an abbreviation


def is_label(text: str) -> bool:
    return LABEL.match(text.translate(_READS_AS)) is not None


def doubtful_starts(words: Sequence) -> list[int]:
    """Indexes of ``words`` (OCR words in reading order) that open a line and are doubtful
    (see the module's docstring)."""
    out = []
    for i, word in enumerate(words):
        if i and words[i - 1].line == word.line:
            continue
        following = words[i + 1] if i + 1 < len(words) else None
        if following is None or following.line != word.line or not following.text[:1].isupper():
            continue
        if len(word.text) > SHORT or is_label(word.text) or _CAPITALS.match(word.text):
            continue  # a roman numeral or "TM.", "KT.": a second reading takes neither
        if word.confidence < DOUBT or word.text[-1:] in ".)":
            out.append(i)
    return out


def start_snippets(words: Sequence, starts: Sequence[int], image: Image.Image,
                   dpi: int) -> list[tuple[int, Image.Image]]:
    """(index, piece of ``image``) for each of the doubtful line ``starts`` among ``words``: the
    word and those after it on its line within ``CONTEXT_INCHES``, with a white margin."""
    out = []
    margin = round(dpi * MARGIN_INCHES)
    for i in starts:
        line = list(takewhile(lambda w, key=words[i].line: w.line == key, words[i:]))
        reach = words[i].left + CONTEXT_INCHES * dpi
        taken = [w for w in line if w.left + w.width <= reach] or line[:1]
        box = (max(words[i].left - margin, 0),
               max(min(w.top for w in taken) - margin, 0),
               min(max(w.left + w.width for w in taken) + margin, image.width),
               min(max(w.top + w.height for w in taken) + margin, image.height))
        out.append((i, image.crop(box)))
    return out


def relabelled(words: Sequence, answers: dict[int, Sequence]) -> list:
    """``words`` with each re-read line start (index → its snippet's words) taken from the new
    reading when that opens with a label."""
    out = list(words)
    for i, read in answers.items():
        first = read[0].text.translate(_READS_AS) if read else ""
        if first != out[i].text and is_label(first):
            out[i] = replace(out[i], text=first)
    return out
