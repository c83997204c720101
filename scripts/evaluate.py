#!/usr/bin/env python3
"""Accuracy against the golden files, item by item, strict and soft (GROBID-style).

    python scripts/evaluate.py            # a table per record part and sample

For every list part (sections flattened, legal_references, targets, units, appendix rows) the
extracted items are aligned with the golden ones in order; an item counts as matched *strictly*
when every compared field is equal, *softly* when the fields are equal after folding case,
spaces and dashes. Precision = matched / extracted, recall = matched / golden. Metadata is
scored field by field. Offsets are left out (see tests/goldenlib.py).

The golden files were reviewed by hand against the sources, so these figures say how far the
code is from that review today, not how it fares on unseen plans.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from goldenlib import golden_stems, load_golden, project, record_json

LIST_PARTS = ("sections", "legal_references", "targets", "units", "appendix")


def flatten_sections(sections: list[dict], depth: int = 0) -> list[dict]:
    out = []
    for section in sections:
        out.append({k: v for k, v in section.items() if k != "children"} | {"depth": depth})
        out += flatten_sections(section.get("children", []), depth + 1)
    return out


def items(part: str, value) -> list:
    if part == "sections":
        return flatten_sections(value)
    if part == "appendix":
        return [row for table in value for row in table.get("rows", [])]
    return list(value)


def soft(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True).casefold()
    return re.sub(r"[\s\-–—]+", "", text)


def matched(golden: list, extracted: list, key) -> int:
    a = [key(x) for x in golden]
    b = [key(x) for x in extracted]
    return sum(block.size for block in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks())


def score(golden_part, extracted_part, part: str) -> tuple[int, int, int, int]:
    gold, got = items(part, golden_part), items(part, extracted_part)
    strict = matched(gold, got, lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    loose = matched(gold, got, soft)
    return len(gold), len(got), strict, loose


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "—"


def main() -> int:
    rows = []
    totals: dict[str, list[int]] = {}
    for stem in golden_stems():
        golden = load_golden(stem)
        record = project(record_json(stem))
        if "metadata" in golden:
            fields = golden["metadata"]
            same = sum(1 for k, v in fields.items() if record["metadata"].get(k) == v)
            rows.append((stem[:6], "metadata (fields)", len(fields), len(fields), same, same))
            totals.setdefault("metadata (fields)", [0, 0, 0, 0])
            for i, n in enumerate((len(fields), len(fields), same, same)):
                totals["metadata (fields)"][i] += n
        for part in LIST_PARTS:
            if part not in golden:
                continue
            counts = score(golden[part], record[part], part)
            rows.append((stem[:6], part, *counts))
            totals.setdefault(part, [0, 0, 0, 0])
            for i, n in enumerate(counts):
                totals[part][i] += n
    print(f"{'plan':6} {'part':20} {'golden':>6} {'found':>6} {'P strict':>9} {'R strict':>9} "
          f"{'P soft':>7} {'R soft':>7}")
    for plan, part, gold, got, strict, loose in rows + [("all", p, *t) for p, t in totals.items()]:
        print(f"{plan:6} {part:20} {gold:6} {got:6} {ratio(strict, got):>9} {ratio(strict, gold):>9} "
              f"{ratio(loose, got):>7} {ratio(loose, gold):>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
