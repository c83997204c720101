"""The record as spaCy ``Doc`` objects: legal references, targets and units as span groups.

    vnplan export --spacy plans.spacy ../shared/corpus/plans/*.txt

No Vietnamese pipeline is loaded (``spacy.blank("vi")`` needs pyvi): each ``Doc`` is built from
vnplan's own tokens over the record's repaired text — words, punctuation and whitespace runs,
split again at every span boundary — so ``doc.text == record.text`` and every span's
``start_char``/``end_char`` equal the record's offsets exactly.

Span groups: ``legal_references`` (label: document type), ``targets`` (label: comparator),
``units`` (label: the unit's canonical name; one span per mention) and ``duties`` (label: the
unit's name); with ``words=True`` also ``words``: the multi-syllable words underthesea
segments ("cải cách", "hành chính").

Sentences: underthesea's ``sent_tokenize`` splits each line (a paragraph of the repaired text)
into sentences, which become ``doc.sents``. underthesea never sees a citation alone: a sentence
start or a word that would fall inside a legal reference's span is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

from vnplan.models import PlanRecord

# What a line holds before its text when it is a heading or list item: "1. ", "2.1. ", "a) ".
_LIST_LABEL = re.compile(r"^\s*(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s*$")
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


def _lines(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _locate_all(line: str, pieces: Iterable[str]) -> Iterable[tuple[int, int]]:
    """Where each of ``pieces`` (in order) stands in ``line``; pieces not found are skipped."""
    cursor = 0
    for piece in pieces:
        at = line.find(piece, cursor)
        if at >= 0:
            yield at, at + len(piece)
            cursor = at + len(piece)


def _inside(offset: int, protected: list[tuple[int, int]]) -> bool:
    return any(s < offset < e for s, e in protected)


def sentence_starts(text: str, protected: list[tuple[int, int]] = ()) -> list[int]:
    """Offsets where a sentence begins: every line, split by underthesea's ``sent_tokenize``."""
    from underthesea import sent_tokenize

    starts = []
    for offset, line in _lines(text):
        if line.strip():
            starts += [
                offset + a for a, _ in _locate_all(line, sent_tokenize(line))
                if not _LIST_LABEL.match(line[:a])  # "1. Mục đích" is one sentence, not two
            ]
    return [s for s in starts if not _inside(s, list(protected))]


def word_spans(text: str, protected: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """Multi-syllable words by underthesea's ``word_tokenize`` (slow: about a second a plan)."""
    from underthesea import word_tokenize

    spans = []
    for offset, line in _lines(text):
        if not line.strip():
            continue
        for a, b in _locate_all(line, word_tokenize(line)):
            if " " in line[a:b]:
                spans.append((offset + a, offset + b, "word"))
    return [
        (s, e, label) for s, e, label in spans
        if not any(ps < e and s < pe for ps, pe in protected)
    ]


def record_doc(record: PlanRecord, vocab=None, *, words: bool = False):
    """A spaCy ``Doc`` of the record's text with its span groups and sentences; offsets are
    the record's."""
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

    groups = record_spans(record)
    citations = [(s, e) for s, e, _ in groups["legal_references"]]
    if words:
        groups["words"] = word_spans(record.text, citations)
    sentences = set(sentence_starts(record.text, citations))
    cuts = {offset for spans in groups.values() for s, e, _ in spans for offset in (s, e)}
    tokens_, spaces = tokens(record.text, cuts | sentences)
    doc = Doc(vocab or Vocab(), words=tokens_, spaces=spaces)
    for token in doc:
        token.is_sent_start = token.i == 0 or token.idx in sentences
    starts = [token.idx for token in doc]
    for name, spans in groups.items():
        # Every boundary is a token start (see ``tokens``), so the lookup is exact.
        doc.spans[name] = [
            Span(doc, bisect_left(starts, s), bisect_left(starts, e), label=label)
            for s, e, label in spans
        ]
    doc.user_data["vnplan_source"] = record.source.path
    return doc


def write_docbin(records: Iterable[PlanRecord], path: str | Path, *, words: bool = False) -> int:
    """Write every record as one ``Doc`` into a DocBin at ``path``; return how many."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    docbin = DocBin(store_user_data=True)
    count = 0
    for record in records:
        docbin.add(record_doc(record, vocab, words=words))
        count += 1
    docbin.to_disk(path)
    return count
