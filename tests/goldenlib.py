"""Golden files: hand-reviewed expected records, compared part by part.

``golden/<stem>.json`` holds, for the corpus document ``../shared/corpus/plans/<stem>.txt``, the parts of
its record a person has checked against the source document (metadata, sections, …). Offsets
(spans, pages) are left out: they are checked by invariant tests, not by eye. The comparison is
exact; a mismatch prints a readable diff.
"""

from __future__ import annotations

import difflib
import json
from datetime import date
from functools import cache
from pathlib import Path

from support import EXTRA, GOLDEN, PLANS

from vnplan.pipeline import ExtractOptions, extract

CORPUS = PLANS
# Validity is judged as of a fixed date so golden files do not change with the calendar.
GOLDEN_AS_OF = date(2026, 11, 23)
# Keys left out of the comparison wherever they occur.
IGNORED_KEYS = frozenset({"span", "heading_span", "clause_span", "mentions", "page", "as_of"})




def corpus_stems() -> list[str]:
    """The sample plans: every one has a golden file."""
    return sorted(p.stem for p in CORPUS.glob("*.txt"))


def golden_stems() -> list[str]:
    """Every document with a golden file: the sample plans, and real documents of
    ``../shared/corpus/extra`` kept as a held-out check (reviewed after the code was written)."""
    return sorted(p.stem for p in GOLDEN.glob("*.json"))


def source_for(stem: str) -> Path:
    plan = CORPUS / f"{stem}.txt"
    if plan.exists():
        return plan
    matches = sorted(EXTRA.glob(f"{stem}.*"))
    if not matches:
        raise FileNotFoundError(f"no source for golden/{stem}.json")
    return matches[0]


@cache
def record_json(stem: str) -> dict:
    """The record of a golden document as JSON data (extracted once per test session)."""
    record = extract(source_for(stem), ExtractOptions(as_of=GOLDEN_AS_OF))
    return record.model_dump(mode="json")


def project(value):
    """``value`` without offsets, for comparison with a golden file."""
    if isinstance(value, dict):
        return {k: project(v) for k, v in value.items() if k not in IGNORED_KEYS}
    if isinstance(value, list):
        return [project(v) for v in value]
    return value


def load_golden(stem: str) -> dict:
    path = GOLDEN / f"{stem}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


def diff(expected, actual, label: str) -> str:
    """A unified diff of two JSON values, expected first."""
    lines = difflib.unified_diff(
        dumps(expected).splitlines(), dumps(actual).splitlines(),
        fromfile=f"golden/{label}", tofile=f"extracted/{label}", lineterm="", n=2,
    )
    return "\n".join(lines)
