#!/usr/bin/env python3
"""Words of OCR'd pages against the text they were made from: right as Tesseract read them, and
right after vnplan put them right from the lexicon (ingest/ocr_words.py; README, "Words put
right").

    python scripts/evaluate_ocr_words.py                    # the samples' scans and poor scans
    python scripts/evaluate_ocr_words.py --blind            # the blind parity sets' forms
    python scripts/evaluate_ocr_words.py --blind --folder build/blind-parity build/blind-2 --json o.json

The samples' forms are tests/fixtures/generated (``make fixtures``); their text is
../shared/corpus/plans. The blind sets' forms are what scripts/evaluate_blind_parity.py makes
(both sets: run it, then it with ``--second``; give both folders); their text is the text-layer
PDF's, as pdftotext reads it. Each OCR'd line is lined up with the text where its words meet the
text's two by two; words that line up one for one are counted (tables and punctuation aside),
so the figures count words, not pages. Pages are read by vnplan's own OCR (``read_document``),
with its correction step watched: what goes in is Tesseract's reading, what comes out vnplan's.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from itertools import groupby, pairwise
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import vnplan.ingest.ocr as ocr  # noqa: E402
from support import SHARED  # noqa: E402
from vnplan.ingest import IngestOptions, read_document  # noqa: E402
from vnplan.reference.keys import tone_key  # noqa: E402

FORMS = {"scan": ("_scan200.pdf", "_scan.pdf"), "poor scan": ("_poorscan.pdf", "_poorscan.pdf")}
_EDGE = regex.compile(r"^\W+|\W+$")


def word_key(text: str) -> str:
    """A word as compared: lower case, marks placed one way, punctuation at its edges off."""
    return tone_key(_EDGE.sub("", unicodedata.normalize("NFC", text)).lower())


def read_pages(path: Path) -> list[tuple[list[str], list[str]]]:
    """Each OCR'd line of ``path``: Tesseract's words, and vnplan's words for them (a word a
    speck glued that became two counts as one, joined)."""
    lines: list[tuple[list[str], list[str]]] = []
    original = ocr.corrected

    def watched(words: list[ocr.OcrWord]) -> list[ocr.OcrWord]:
        out = original(words)
        fixed, at = [], 0
        for i, word in enumerate(words):  # a split word's pieces follow each other in its box
            pieces = [out[at].text]
            at += 1
            following = words[i + 1] if i + 1 < len(words) else None
            while (at < len(out) and out[at].line == word.line
                   and out[at].left < word.left + word.width
                   and not (following is not None and out[at].left == following.left
                            and following.line == word.line)):
                pieces.append(out[at].text)
                at += 1
            fixed.append(" ".join(pieces))
        start = 0
        for _, found in groupby(words, key=lambda word: word.line):
            size = len(list(found))
            lines.append(([word.text for word in words[start:start + size]],
                          fixed[start:start + size]))
            start += size
        return out

    ocr.corrected = watched
    try:
        read_document(path.read_bytes(), str(path), IngestOptions())
    finally:
        ocr.corrected = original
    return lines


def count(lines: list[tuple[list[str], list[str]]], text: str) -> Counter:
    """How many of the lines' words line up one for one with ``text``'s, and how many of those
    are right as read and as put right."""
    source = [key for key in (word_key(word) for word in text.split()) if key]
    where: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, pair in enumerate(pairwise(source)):
        where[pair].append(i)
    counts: Counter = Counter()
    for read, fixed in lines:
        keys = [word_key(word) for word in read]
        votes = Counter(start - j for j, pair in enumerate(pairwise(keys))
                        for start in where.get(pair, ()))
        if not votes or (votes.most_common(1)[0][1] < 2 and len(keys) > 3):
            continue  # a line the text does not have (a header repeated, a stamp)
        start = votes.most_common(1)[0][0]
        window = source[max(0, start - 3): start + len(keys) + 3]
        matcher = difflib.SequenceMatcher(None, keys, window, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    truth, before = window[j], keys[i]
                    after = word_key(fixed[i].replace(" ", ""))
                    counts["words"] += 1
                    counts["right as read"] += before == truth
                    counts["right after"] += after == truth
                    if before != after:
                        counts["made right" if after == truth else
                               "made wrong" if before == truth else "wrong to wrong"] += 1
    return counts


def pairs(blind: bool, folders: list[Path]) -> list[tuple[str, Path, str]]:
    """(form, file, its text) for every scan and poor scan to read."""
    out = []
    if not blind:
        generated = ROOT / "tests" / "fixtures" / "generated"
        for plan in sorted((SHARED / "corpus" / "plans").glob("*.txt")):
            for form, (suffix, _) in FORMS.items():
                path = generated / f"plan{plan.stem[:3]}{suffix}"
                if path.exists():
                    out.append((form, path, plan.read_text("utf-8")))
        return out
    for pdf in sorted(pdf for folder in folders for pdf in folder.glob("*.pdf")):
        if pdf.stem.endswith(("_scan", "_poorscan")):
            continue
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        for form, (_, suffix) in FORMS.items():
            path = pdf.with_name(pdf.stem + suffix)
            if path.exists():
                out.append((form, path, text))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blind", action="store_true", help="the blind parity sets' forms")
    parser.add_argument("--folder", type=Path, nargs="+",
                        default=[ROOT / "build" / "blind-parity"],
                        help="where evaluate_blind_parity.py made the blind forms (one or more)")
    parser.add_argument("--json", type=Path, help="write the figures there too")
    args = parser.parse_args()
    todo = pairs(args.blind, args.folder)
    if not todo:
        print("no forms found (make fixtures, or run scripts/evaluate_blind_parity.py)",
              file=sys.stderr)
        return 1
    totals: dict[str, Counter] = defaultdict(Counter)
    for form, path, text in todo:
        found = count(read_pages(path), text)
        totals[form] += found
        print(f"  {form:9} {path.name[:44]:44} {found['right as read']:6}/{found['words']:<6} "
              f"→ {found['right after']:6}", flush=True)
    print("| form | words lined up | right as read | right after | made right | made wrong "
          "| wrong to wrong |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for form, found in totals.items():
        words = found["words"] or 1
        print(f"| {form} | {found['words']:,} | {100 * found['right as read'] / words:.2f} % "
              f"| {100 * found['right after'] / words:.2f} % | {found['made right']} "
              f"| {found['made wrong']} | {found['wrong to wrong']} |")
    if args.json:
        args.json.write_text(json.dumps({form: dict(found) for form, found in totals.items()},
                                        indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
