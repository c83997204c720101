"""spaCy export: every span of the record is a spaCy span with the very same offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin
from spacy.vocab import Vocab
from support import PLANS, needs_shared
from typer.testing import CliRunner

from vnplan.cli import app
from vnplan.outputs.spacy_docs import record_doc, record_spans, tokens, write_docbin
from vnplan.pipeline import extract

pytestmark = needs_shared

CORPUS = PLANS


@pytest.fixture(scope="module")
def record():
    return extract(CORPUS / "003_0c3cb101d15ae807.txt")


def test_doc_text_and_every_span_align_with_the_record(record):
    doc = record_doc(record)
    assert doc.text == record.text
    for group, spans in record_spans(record).items():
        got = [(s.start_char, s.end_char, s.label_) for s in doc.spans[group]]
        assert got == spans, group
    assert len(doc.spans["targets"]) == len(record.targets) > 0
    assert len(doc.spans["units"]) > 0


def test_docbin_round_trip(record, tmp_path):
    path = tmp_path / "plans.spacy"
    assert write_docbin([record], path) == 1
    (doc,) = DocBin().from_disk(path).get_docs(Vocab())
    assert doc.text == record.text
    for span, target in zip(doc.spans["targets"], record.targets, strict=True):
        assert (span.start_char, span.end_char) == tuple(target.span)
        assert span.text == record.text[target.span[0] : target.span[1]]


@given(st.text(alphabet="ab 1%\n\t.,–", max_size=40), st.sets(st.integers(0, 40), max_size=6))
@settings(max_examples=200, deadline=None)
def test_tokens_rebuild_the_text_and_cut_where_asked(text, cuts):
    cuts = {c for c in cuts if c <= len(text)}
    words, spaces = tokens(text, cuts)
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True)) == text
    boundaries, pos = {0}, 0
    for word, space in zip(words, spaces, strict=True):
        boundaries |= {pos, pos + len(word)}
        pos += len(word) + space
    assert cuts <= boundaries | {len(text)}


def test_export_command(tmp_path):
    out = tmp_path / "out.spacy"
    result = CliRunner().invoke(app, ["export", "--spacy", str(out), str(CORPUS / "004_2e14f1f6f31def56.txt")])
    assert result.exit_code == 0, result.output
    assert len(list(DocBin().from_disk(out).get_docs(Vocab()))) == 1
    result = CliRunner().invoke(app, ["export", str(CORPUS / "004_2e14f1f6f31def56.txt")])
    assert result.exit_code == 2


def test_sentences_come_from_underthesea_and_never_split_a_citation():
    record = extract(CORPUS / "000_4f848aa26585e125.txt")
    doc = record_doc(record)
    sentences = list(doc.sents)
    assert len(sentences) > len(record.text.split("\n")) // 2
    starts = {s.start_char for s in sentences}
    for ref in record.legal_references:
        assert not any(ref.span[0] < start < ref.span[1] for start in starts), ref.surface
    # a heading with its number is one sentence; a paragraph may hold several
    assert any(s.text.strip() == "1. Mục đích" for s in sentences)
    assert any(s.text.startswith("Các nội dung CCHC phải được triển khai") for s in sentences)


def test_multi_syllable_words_on_request(record):
    doc = record_doc(record, words=True)
    words = {span.text for span in doc.spans["words"]}
    assert "cải cách" in words and "hành chính" in words
    for span in doc.spans["words"]:
        assert " " in span.text and span.text == record.text[span.start_char : span.end_char]
