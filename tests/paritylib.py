"""Format parity: one sample plan, read from each of its forms, scored against its golden file.

Used by ``scripts/evaluate_parity.py`` (the README's parity table) and by
``tests/e2e/test_scan_parity.py``. The forms are built by ``scripts/build_fixtures.py``:
``planNNN.pdf`` (text layer, LibreOffice), ``planNNN_scan200.pdf`` (a scan) and
``planNNN_poorscan.pdf`` (a poor archive scan); "text" is the sample itself.

Scores, soft throughout (case, spaces, dashes and punctuation folded):

- sections: the whole outline equal (numeral, label, title at every level) → exact or not;
  the same with titles compared without accents ("outline"), which tells a misread accent in
  a title ("YÊU CÂU") from a lost or wrong heading; and the numbering alone (every heading's
  level, numeral and label, titles aside), which tells a misread title from a lost heading;
- appendix rows: golden rows found in order by their task (similarity ≥ 0.9 after folding),
  and among those found, the share whose lead (chủ trì) is right (same similarity);
- targets: F1 of (value, unit, comparator) as a multiset;
- citations: F1 of the citation numbers (``number``) as a multiset.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from pathlib import Path

from support import GENERATED, PLANS
from vnplan.reference.keys import accent_key

FORMS = {
    "text": "{stem}.txt",  # the sample itself, in PLANS
    "docx": "plan{n}.docx",
    "pdf": "plan{n}.pdf",
    "scan": "plan{n}_scan200.pdf",
    "poor scan": "plan{n}_poorscan.pdf",
}
SIMILAR = 0.9  # folded task / lead texts at least this similar are the same cell


def sample_stems() -> list[str]:
    return sorted(p.stem for p in PLANS.glob("[0-9][0-9][0-9]_*.txt"))


def form_path(stem: str, form: str) -> Path:
    name = FORMS[form].format(stem=stem, n=stem[:3])
    return PLANS / name if form == "text" else GENERATED / name


def fold(value) -> str:
    """Soft key: no case, accents kept, no spaces, dashes or punctuation."""
    text = unicodedata.normalize("NFC", str(value or "")).casefold()
    return re.sub(r"[\W_]+", "", text)


def outline(sections: list[dict], depth: int = 0, accents: bool = True) -> list[tuple]:
    out = []
    for s in sections:
        title = fold(s.get("title")) if accents else fold(accent_key(s.get("title") or ""))
        out.append((depth, fold(s.get("numeral")), fold(s.get("label")), title))
        out += outline(s.get("children") or [], depth + 1, accents)
    return out


def sections_exact(golden: dict, record: dict) -> bool:
    return outline(golden.get("sections") or []) == outline(record.get("sections") or [])


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if not a or not b:
        return False
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio() >= SIMILAR


def appendix_rows(golden: dict, record: dict) -> tuple[int, int, int]:
    """(golden rows, rows found by task in order, found rows with the lead right)."""
    gold = [r for t in golden.get("appendix") or [] for r in t.get("rows", [])]
    got = [r for t in record.get("appendix") or [] for r in t.get("rows", [])]
    found = lead = 0
    start = 0
    for row in gold:
        task = fold(row.get("task"))
        for j in range(start, min(len(got), start + 40)):  # in order, a bounded look-ahead
            if _similar(task, fold(got[j].get("task"))):
                found += 1
                lead += _similar(fold(row.get("lead")), fold(got[j].get("lead")))
                start = j + 1
                break
    return len(gold), found, lead


def _f1(gold: Counter, got: Counter) -> float:
    if not gold and not got:
        return 1.0
    common = sum((gold & got).values())
    return 2 * common / (sum(gold.values()) + sum(got.values()))


def targets_f1(golden: dict, record: dict) -> float:
    def key(t: dict) -> tuple:
        return (t.get("value"), fold(t.get("unit")), t.get("comparator"))
    return _f1(Counter(map(key, golden.get("targets") or [])),
               Counter(map(key, record.get("targets") or [])))


def citations_f1(golden: dict, record: dict) -> float:
    def key(r: dict) -> str:
        return fold(r.get("number") or r.get("surface"))
    return _f1(Counter(map(key, golden.get("legal_references") or [])),
               Counter(map(key, record.get("legal_references") or [])))


def score(golden: dict, record: dict) -> dict:
    rows, found, lead = appendix_rows(golden, record)
    return {
        "sections_exact": sections_exact(golden, record),
        "outline_right": outline(golden.get("sections") or [], accents=False)
        == outline(record.get("sections") or [], accents=False),
        "numbering_right": [s[:3] for s in outline(golden.get("sections") or [])]
        == [s[:3] for s in outline(record.get("sections") or [])],
        "appendix_rows": rows, "appendix_found": found, "appendix_lead_right": lead,
        "targets_f1": round(targets_f1(golden, record), 4),
        "citations_f1": round(citations_f1(golden, record), 4),
    }
