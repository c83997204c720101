"""Every corpus plan against its hand-reviewed golden file, part by part."""

from __future__ import annotations

import pytest
from goldenlib import corpus_stems, diff, load_golden, project, record_json

CASES = [(stem, part) for stem in corpus_stems() for part in sorted(load_golden(stem))]


def test_every_corpus_plan_has_a_golden_file():
    missing = [stem for stem in corpus_stems() if not load_golden(stem)]
    assert not missing, f"no golden file for {missing}"


@pytest.mark.parametrize(("stem", "part"), CASES, ids=[f"{s}:{p}" for s, p in CASES])
def test_record_matches_golden(stem: str, part: str):
    expected = load_golden(stem)[part]
    actual = project(record_json(stem)[part])
    assert actual == expected, "\n" + diff(expected, actual, f"{stem}.json:{part}")
