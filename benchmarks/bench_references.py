#!/usr/bin/env python3
"""How fast the legal-references stage reads the corpus: citations/s and documents/s.

    .venv/bin/python benchmarks/bench_references.py [--rounds N]

Texts are extracted and repaired once; only ``find_legal_references`` is timed. Prints numbers,
asserts nothing about time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from vnplan.extractors.citations.finding import find_legal_references
from vnplan.extractors.context import ExtractionContext

from vnplan.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"  # public material, read in place
SOURCES = [*sorted((SHARED / "plans").glob("*.txt")), *sorted((SHARED / "extra").glob("*.md"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    documents = []
    for path in SOURCES:
        if path.name == "README.md":
            continue
        record = extract(path)
        context = ExtractionContext(sections=record.sections, plan_date=record.metadata.issued_date,
                                    plan_year=record.metadata.period.start_year)
        documents.append((path.name, record.text, context))
    find_legal_references(documents[0][1], documents[0][2])  # warm up (patterns, data)
    citations = 0
    started = time.perf_counter()
    for _ in range(args.rounds):
        for _, text, context in documents:
            citations += len(find_legal_references(text, context)[0])
    elapsed = time.perf_counter() - started
    runs = args.rounds * len(documents)
    chars = args.rounds * sum(len(text) for _, text, _ in documents)
    print(f"{len(documents)} documents x {args.rounds} rounds, {chars / args.rounds / 1e3:.0f} kchars")
    print(f"{citations / elapsed:,.0f} citations/s")
    print(f"{runs / elapsed:,.1f} documents/s  ({elapsed / runs * 1e3:.2f} ms per document)")
    print(f"{chars / elapsed / 1e6:.2f} Mchars/s")


if __name__ == "__main__":
    main()
