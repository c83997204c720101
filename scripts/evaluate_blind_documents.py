#!/usr/bin/env python3
"""First-run accuracy of the header and signature on the blind set of real documents.

    python scripts/evaluate_blind_documents.py [--json PATH]

Each file in golden/blind/documents/*.json was keyed by hand from a source document in
../shared/corpus (see golden/blind/documents/README.md). For every file the source is run
through ``vnplan.extract`` and seven fields are compared "softly" (NFC, casefold, spaces
collapsed, Ủy ban nhân dân ≡ UBND, Hội đồng nhân dân ≡ HĐND, Uỷ ≡ Ủy and the other old/new
tone placements, dash variants equal):

    number, date_or_month, doc_type, issuer, locality, signer.name, signer.capacity

date_or_month compares the golden issued_date when it is known, else the golden issued_month
against ``metadata.issued_month`` when the record has that attribute (wrong otherwise). The
title is scored on its own (not in the main score), and ``self_citation`` counts records whose
legal_references contain the document's own number.

Only the public API (``vnplan.extract``, ``vnplan.pipeline.ExtractOptions``) and the standard
library are used, so the script can run against any installed version of vnplan, e.g. from
/tmp so that the working copy is not imported:

    cd /tmp && /path/to/venv/bin/python /work/main/scripts/evaluate_blind_documents.py
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

from vnplan import extract
from vnplan.pipeline import ExtractOptions

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "golden" / "blind" / "documents"
CORPUS = ROOT.parent / "shared" / "corpus"
AS_OF = date(2026, 11, 23)

FIELDS = (
    "number",
    "date_or_month",
    "doc_type",
    "issuer",
    "locality",
    "signer.name",
    "signer.capacity",
)
SHORT = {
    "number": "num",
    "date_or_month": "date",
    "doc_type": "type",
    "issuer": "issuer",
    "locality": "loc",
    "signer.name": "s.name",
    "signer.capacity": "s.cap",
}

DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹘﹣－"), "-")
# Old-style and new-style tone placement on oa / oe / uy (hoà ≡ hòa, uỷ ≡ ủy).
TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
ABBREVIATIONS = (("ủy ban nhân dân", "ubnd"), ("hội đồng nhân dân", "hđnd"))


def soft(value) -> str | None:
    """The folded form of a value; None stays None (and so does an empty string)."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).translate(DASHES).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    for old, new in TONES.items():
        text = text.replace(old, new)
    for long, short in ABBREVIATIONS:
        text = text.replace(long, short)
    return text or None


def same(golden, got) -> bool:
    return soft(golden) == soft(got)


def as_text(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def locality_parts(value) -> tuple:
    if value is None:
        return (None, None, None)
    if isinstance(value, dict):
        return tuple(value.get(k) for k in ("commune", "district", "province"))
    return tuple(getattr(value, k, None) for k in ("commune", "district", "province"))


def compare(gold: dict, record) -> dict:
    """{field: (ok, extracted value shown when wrong)} plus title and self_citation."""
    meta = getattr(record, "metadata", None)
    signer = getattr(meta, "signer", None)
    out = {}

    got = getattr(meta, "number", None)
    out["number"] = (same(gold["number"], got), got)

    got_date = as_text(getattr(meta, "issued_date", None))
    if gold["issued_date"] is not None:
        out["date_or_month"] = (gold["issued_date"] == got_date, got_date)
    elif hasattr(meta, "issued_month"):
        got_month = as_text(meta.issued_month)
        if got_month is not None:
            got_month = got_month[:7]
        out["date_or_month"] = (gold["issued_month"] == got_month, f"month={got_month}")
    else:
        out["date_or_month"] = (False, f"no issued_month attribute (issued_date={got_date})")

    got = getattr(meta, "doc_type", None)
    out["doc_type"] = (same(gold["doc_type"], got), got)

    got = getattr(meta, "issuer", None)
    out["issuer"] = (same(gold["issuer"], got), got)

    want = locality_parts(gold["locality"])
    got = locality_parts(getattr(meta, "locality", None))
    out["locality"] = (all(same(a, b) for a, b in zip(want, got, strict=True)), "/".join(map(str, got)))

    got = getattr(signer, "name", None)
    out["signer.name"] = (same(gold["signer"]["name"], got), got)
    got = getattr(signer, "capacity", None)
    out["signer.capacity"] = (same(gold["signer"]["capacity"], got), got)

    got = getattr(meta, "title", None)
    out["title"] = (same(gold["title"], got), got)

    own = soft(gold["number"])
    if own is None:
        out["self_citation"] = None
    else:
        refs = getattr(record, "legal_references", None) or []
        hits = [
            ref
            for ref in refs
            if own in {soft(getattr(ref, "number", None)), soft(getattr(ref, "corrected_number", None))}
        ]
        out["self_citation"] = len(hits)
    return out


def failed(error: str) -> dict:
    out = {field: (False, error) for field in (*FIELDS, "title")}
    out["self_citation"] = None
    return out


def pct(right: int, total: int) -> str:
    return f"{right}/{total} = {100 * right / total:.1f}%" if total else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write a JSON summary here")
    args = parser.parse_args(argv)

    vnplan = sys.modules["vnplan"]  # already imported above; for its version and path only
    # Golden files only: a saved run summary (FIRST_RUN.json) in the same folder is skipped.
    goldens = [
        path
        for path in sorted(GOLDEN_DIR.glob("*.json"))
        if {"source", "metadata"} <= json.loads(path.read_text(encoding="utf-8")).keys()
    ]
    print(f"vnplan {getattr(vnplan, '__version__', '?')} from {Path(vnplan.__file__).parent}")
    print(f"{len(goldens)} golden files in {GOLDEN_DIR}, sources in {CORPUS}, as_of {AS_OF}\n")

    results = []
    for path in goldens:
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = CORPUS / gold["source"]
        try:
            record = extract(source, ExtractOptions(as_of=AS_OF))
            cmp = compare(gold["metadata"], record)
            error = None
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            traceback.print_exc(file=sys.stderr)
            cmp = failed("ERROR " + error)
        results.append({"stem": path.stem, "source": gold["source"], "family": gold["family"],
                        "gold": gold["metadata"], "cmp": cmp, "error": error})

    # Per-document table.
    width = max(len(r["stem"]) for r in results)
    header = f"{'document':<{width}}  " + " ".join(f"{SHORT[f]:>6}" for f in FIELDS)
    header += f"  {'right':>5}  {'title':>5}  self-cit"
    print(header)
    print("-" * len(header))
    for r in results:
        marks = " ".join(f"{'✓' if r['cmp'][f][0] else '✗':>6}" for f in FIELDS)
        right = sum(r["cmp"][f][0] for f in FIELDS)
        sc = r["cmp"]["self_citation"]
        sc_text = "n/a" if sc is None else ("YES" if sc else "no")
        title = "✓" if r["cmp"]["title"][0] else "✗"
        print(f"{r['stem']:<{width}}  {marks}  {right:>3}/{len(FIELDS)}  {title:>5}  {sc_text}")

    print("\nWrong values (golden → extracted):")
    for r in results:
        wrong = [f for f in (*FIELDS, "title") if not r["cmp"][f][0]]
        if not wrong:
            continue
        print(f"  {r['stem']}")
        for f in wrong:
            if f == "date_or_month":
                want = r["gold"]["issued_date"] or f"month={r['gold']['issued_month']}"
            elif f == "locality":
                want = "/".join(map(str, locality_parts(r["gold"]["locality"])))
            elif f.startswith("signer."):
                want = r["gold"]["signer"][f.split(".", 1)[1]]
            else:
                want = r["gold"][f]
            print(f"    {f:<16} {want!r} → {r['cmp'][f][1]!r}")

    # Aggregates.
    total = len(results)
    field_right = {f: sum(r["cmp"][f][0] for r in results) for f in FIELDS}
    print("\nPer-field accuracy:")
    for f in FIELDS:
        print(f"  {f:<16} {pct(field_right[f], total)}")
    title_right = sum(r["cmp"]["title"][0] for r in results)
    print(f"  {'title (extra)':<16} {pct(title_right, total)}")

    families: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in results:
        fam = families[r["family"]]
        fam[0] += 1
        fam[1] += sum(r["cmp"][f][0] for f in FIELDS)
        fam[2] += len(FIELDS)
    print("\nPer-family accuracy (fields right / fields):")
    for name, (docs, right, n) in sorted(families.items()):
        print(f"  {name:<12} {docs:>2} docs  {pct(right, n)}")

    all_right = sum(field_right.values())
    checked = [r for r in results if r["cmp"]["self_citation"] is not None]
    self_cited = [r["stem"] for r in checked if r["cmp"]["self_citation"]]
    errors = [r["stem"] for r in results if r["error"]]
    perfect = sum(all(r["cmp"][f][0] for f in FIELDS) for r in results)
    print(f"\nOverall: {pct(all_right, total * len(FIELDS))} of fields right; "
          f"{perfect}/{total} documents with all {len(FIELDS)} fields right")
    print(f"Self-citation (own number among legal_references): {len(self_cited)}/{len(checked)} "
          f"documents with a number" + (f" — {', '.join(self_cited)}" if self_cited else ""))
    print(f"Extraction errors: {len(errors)}" + (f" — {', '.join(errors)}" if errors else ""))

    if args.json:
        summary = {
            "vnplan_version": getattr(vnplan, "__version__", None),
            "vnplan_path": str(Path(vnplan.__file__).parent),
            "as_of": AS_OF.isoformat(),
            "documents": total,
            "fields": list(FIELDS),
            "overall": {"right": all_right, "total": total * len(FIELDS),
                        "accuracy": all_right / (total * len(FIELDS)) if total else None,
                        "documents_all_right": perfect},
            "per_field": {f: {"right": field_right[f], "total": total,
                              "accuracy": field_right[f] / total if total else None}
                          for f in FIELDS},
            "title": {"right": title_right, "total": total},
            "per_family": {name: {"documents": docs, "right": right, "total": n,
                                  "accuracy": right / n}
                           for name, (docs, right, n) in sorted(families.items())},
            "self_citation": {"documents_checked": len(checked), "documents": self_cited},
            "errors": {r["stem"]: r["error"] for r in results if r["error"]},
            "per_document": [
                {"stem": r["stem"], "source": r["source"], "family": r["family"],
                 "fields": {f: {"ok": r["cmp"][f][0], "extracted": as_text(r["cmp"][f][1])}
                            for f in (*FIELDS, "title")},
                 "self_citation": r["cmp"]["self_citation"]}
                for r in results
            ],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nJSON summary written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
