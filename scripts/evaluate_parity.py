#!/usr/bin/env python3
"""Format parity: the five sample plans as text, DOCX, text-layer PDF, scan and poor scan,
each scored against the sample's golden file (see tests/paritylib.py for the scores).

    python scripts/build_fixtures.py                # the forms (no OCR there)
    python scripts/evaluate_parity.py               # the table
    python scripts/evaluate_parity.py --json out.json --forms pdf scan
    python scripts/evaluate_parity.py --cache /tmp/vnplan-parity   # reuse decoded documents

Scans are OCR'd at the pipeline's default resolution (``IngestOptions().ocr_dpi``) with the
pipeline's own reader; OCR takes about a second per page, so the whole table takes minutes.
``--cache DIR`` keeps each decoded document (the RawDocument, before repair) keyed by the file's
bytes and the source of ``ingest/``, so a change to the extractors is measured again in seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from goldenlib import GOLDEN_AS_OF, load_golden, project  # noqa: E402
from paritylib import FORMS, form_path, sample_stems, score  # noqa: E402
from vnplan.ingest import IngestOptions, read_document  # noqa: E402

from vnplan.pipeline import ExtractOptions, build_record  # noqa: E402


def _ingest_source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "ingest").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def decode(path: Path, options: ExtractOptions, cache: Path | None) -> tuple[object, bytes, float]:
    """The RawDocument of ``path`` (from the cache when it holds it), its bytes, seconds spent."""
    data = path.read_bytes()
    key = None
    if cache is not None:
        key = cache / (hashlib.sha256(data).hexdigest()[:24] + "-" + _ingest_source_hash() + ".pkl")
        if key.exists():
            return pickle.loads(key.read_bytes()), data, 0.0
    started = time.perf_counter()
    raw = read_document(data, str(path), options.ingest)
    seconds = time.perf_counter() - started
    if key is not None:
        cache.mkdir(parents=True, exist_ok=True)
        key.write_bytes(pickle.dumps(raw))
    return raw, data, seconds


def evaluate(forms: list[str], cache: Path | None) -> dict:
    options = ExtractOptions(as_of=GOLDEN_AS_OF, ingest=IngestOptions())
    results: dict = {"ocr_dpi": options.ingest.ocr_dpi, "forms": {}}
    for form in forms:
        per_sample = {}
        for stem in sample_stems():
            path = form_path(stem, form)
            if not path.exists():
                print(f"missing {path} (run scripts/build_fixtures.py)", file=sys.stderr)
                continue
            raw, data, seconds = decode(path, options, cache)
            record = project(build_record(raw, data=data, name=str(path), options=options)
                             .model_dump(mode="json"))
            item = score(load_golden(stem), record)
            item["pages"] = len(raw.pages)
            item["read_seconds"] = round(seconds, 2)
            item["findings"] = sorted({f.get("kind") for f in record.get("findings") or []})
            per_sample[stem] = item
            print(f"  {form:9} {stem[:3]} {json.dumps({k: v for k, v in item.items() if k != 'findings'})}",
                  file=sys.stderr)
        results["forms"][form] = per_sample
    return results


def summary(per_sample: dict) -> dict:
    n = len(per_sample)
    rows = sum(s["appendix_rows"] for s in per_sample.values())
    found = sum(s["appendix_found"] for s in per_sample.values())
    lead = sum(s["appendix_lead_right"] for s in per_sample.values())
    return {
        "sections_exact": f"{sum(s['sections_exact'] for s in per_sample.values())}/{n}",
        "outline": f"{sum(s.get('outline_right', False) for s in per_sample.values())}/{n}",
        "numbering": f"{sum(s.get('numbering_right', False) for s in per_sample.values())}/{n}",
        "rows": found / rows if rows else 1.0,
        "lead": lead / found if found else 0.0,
        "targets": min(s["targets_f1"] for s in per_sample.values()),
        "targets_mean": sum(s["targets_f1"] for s in per_sample.values()) / n,
        "citations_mean": sum(s["citations_f1"] for s in per_sample.values()) / n,
        "citations_min": min(s["citations_f1"] for s in per_sample.values()),
    }


def table(results: dict) -> str:
    out = ["| form | sections exact | outline (accents aside) | numbering (titles aside) "
           "| appendix rows (lead right) | targets F1 (min–mean) | citations F1 (min–mean) |",
           "|---|---|---|---|---|---|---|"]
    for form, per_sample in results["forms"].items():
        if not per_sample:
            continue
        s = summary(per_sample)
        out.append(f"| {form} | {s['sections_exact']} | {s['outline']} | {s['numbering']} | "
                   f"{s['rows']:.2f} ({s['lead']:.2f}) | "
                   f"{s['targets']:.2f}–{s['targets_mean']:.2f} | "
                   f"{s['citations_min']:.2f}–{s['citations_mean']:.2f} |")
    out += ["", "per sample (sections exact · rows found/golden, lead right · targets F1 · "
            "citations F1 · pages, s to read):"]
    for form, per_sample in results["forms"].items():
        for stem, s in per_sample.items():
            out.append(f"  {form:9} {stem[:3]}  {'yes' if s['sections_exact'] else 'NO ':3}  "
                       f"{s['appendix_found']:3}/{s['appendix_rows']:<3} lead {s['appendix_lead_right']:3}"
                       f"  T {s['targets_f1']:.3f}  C {s['citations_f1']:.3f}  "
                       f"{s['pages']:2} p {s['read_seconds']:6.1f} s")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--forms", nargs="+", choices=list(FORMS), default=list(FORMS))
    parser.add_argument("--json", type=Path, help="write the scores as JSON here")
    parser.add_argument("--cache", type=Path, help="keep decoded documents here (see above)")
    args = parser.parse_args()
    results = evaluate(args.forms, args.cache)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
