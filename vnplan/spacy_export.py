"""The record as spaCy ``Doc`` objects: legal references, targets and units as span groups.

    vnplan export --spacy plans.spacy corpora/plans/*.txt

No Vietnamese pipeline is loaded (``spacy.blank("vi")`` needs pyvi): each ``Doc`` is built from
vnplan's own tokens over the record's repaired text — words, punctuation and whitespace runs,
split again at every span boundary — so ``doc.text == record.text`` and every span's
``start_char``/``end_char`` equal the record's offsets exactly.

Span groups: ``legal_references`` (label: document type), ``targets`` (label: comparator),
``units`` (label: the unit's canonical name; one span per mention) and ``duties`` (label: the
unit's name).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

from vnplan.models import PlanRecord

# A word (syllable), one punctuation mark, or a run of whitespace.
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")


def record_spans(record: PlanRecord) -> dict[str, list[tuple[int, int, str]]]:
    """(start, end, label) of every span vnplan found, by group."""
    groups: dict[str, list[tuple[int, int, str]]] = {
        "legal_references": [
            (*ref.span, ref.doc_type or ref.kind) for ref in record.legal_references
        ],
        "targets": [(*t.span, t.comparator) for t in record.targets],
        "units": [(*span, u.name) for u in record.units for span in u.mentions],
        "duties": [(*d.span, u.name) for u in record.units for d in u.duties],
    }
    return {name: [s for s in spans if s[0] < s[1]] for name, spans in groups.items()}


def tokens(text: str, cuts: Iterable[int] = ()) -> tuple[list[str], list[bool]]:
    """spaCy ``words`` and ``spaces`` for ``text``, with a token boundary at every cut."""
    cut_set = sorted(set(cuts))
    pieces: list[tuple[int, int]] = []
    i = 0
    for found in _TOKEN.finditer(text):
        start, end = found.span()
        while i < len(cut_set) and cut_set[i] <= start:
            i += 1
        inner = []
        j = i
        while j < len(cut_set) and cut_set[j] < end:
            inner.append(cut_set[j])
            j += 1
        pieces += pairwise([start, *inner, end])
    words: list[str] = []
    spaces: list[bool] = []
    for start, end in pieces:
        piece = text[start:end]
        if piece.isspace() and words and not spaces[-1] and not words[-1].isspace():
            if piece[0] == " ":
                spaces[-1] = True  # one trailing space belongs to the word before
                piece = piece[1:]
            if not piece:
                continue
        words.append(piece)
        spaces.append(False)
    return words, spaces


def record_doc(record: PlanRecord, vocab=None):
    """A spaCy ``Doc`` of the record's text with its span groups; offsets are the record's."""
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

    groups = record_spans(record)
    cuts = {offset for spans in groups.values() for s, e, _ in spans for offset in (s, e)}
    words, spaces = tokens(record.text, cuts)
    doc = Doc(vocab or Vocab(), words=words, spaces=spaces)
    starts = [token.idx for token in doc]
    for name, spans in groups.items():
        # Every boundary is a token start (see ``tokens``), so the lookup is exact.
        doc.spans[name] = [
            Span(doc, bisect_left(starts, s), bisect_left(starts, e), label=label)
            for s, e, label in spans
        ]
    doc.user_data["vnplan_source"] = record.source.path
    return doc


def write_docbin(records: Iterable[PlanRecord], path: str | Path) -> int:
    """Write every record as one ``Doc`` into a DocBin at ``path``; return how many."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    docbin = DocBin(store_user_data=True)
    count = 0
    for record in records:
        docbin.add(record_doc(record, vocab))
        count += 1
    docbin.to_disk(path)
    return count
