#!/usr/bin/env python3
"""Measure appendix-table extraction against the hand-keyed "blind" golden tables.

The golden files live in ``golden/blind/tables/*.json`` next to this script's repository
(located from ``__file__``, so the script can be run from anywhere, e.g. from /tmp against
an installed, frozen copy of vnplan).  Each golden file names its source document relative
to ``<repo>/../shared/corpus/``.  See ``golden/blind/tables/README.md`` for the format.

For every golden file the source is run through ``vnplan.extract`` and the rows of
``record.appendix`` are matched to the golden rows:

* a golden row is FOUND when an extracted row that is not matched yet has a soft-equal id
  (or both ids are null) and a soft-matching text: the golden ``task`` against the extracted
  ``task``; for target rows (golden ``target`` set) the golden ``target`` against the
  extracted ``target`` or ``task``;
* soft match: NFC, casefold, whitespace collapsed, then equal, or one contains the other and
  the shorter has >= 0.8 of the longer's characters, or difflib ratio >= 0.85;
* soft-equal id: the same normalisation, and trailing '.' / ')' (and a leading '(') ignored;
* pairs are assigned greedily, best text similarity first, within one source document.

Reported per golden table and overall: rows golden / extracted / found, precision
(found / extracted), recall (found / golden), "lead right" (share of found non-group rows
whose lead soft-matches the golden lead, null = null), plus group-flag / support /
timeline agreement, and the number of extracted rows whose lead holds an inspected or
evaluated unit (golden ``subject_unit``).

Extracted rows are attributed to golden tables as follows: a matched row belongs to the
golden table of its golden row; an unmatched row belongs to the golden table that most of
the matched rows of its extracted table belong to; extracted tables with no matched row at
all are "unmapped" and only count in the per-document and overall figures.

Usage::

    python scripts/evaluate_blind_tables.py [--json summary.json] [--details] [--only STEM]

Only the public API (``vnplan.extract``, ``vnplan.pipeline.ExtractOptions``) and the standard
library are imported.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
import traceback
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "golden" / "blind" / "tables"
CORPUS = ROOT.parent / "shared" / "corpus"

CONTAIN_MIN = 0.8
RATIO_MIN = 0.85


# --------------------------------------------------------------------------- soft matching


def norm(text: object) -> str:
    """NFC, casefold, whitespace collapsed; None and blank give ''."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text)).casefold()
    return re.sub(r"\s+", " ", s).strip()


def norm_id(text: object) -> str:
    s = norm(text)
    s = s.strip()
    s = re.sub(r"^[(\[]+", "", s)
    s = re.sub(r"[.)\]:]+$", "", s)
    return s.strip()


def ids_equal(a: object, b: object) -> bool:
    return norm_id(a) == norm_id(b)


def similarity(a: object, b: object) -> float:
    """Score in [0, 1] when ``a`` and ``b`` soft-match, else 0.0.  Both blank -> 1.0."""
    x, y = norm(a), norm(b)
    if not x and not y:
        return 1.0
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if short in long_ and len(short) / len(long_) >= CONTAIN_MIN:
        return len(short) / len(long_)
    ratio = difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()
    return ratio if ratio >= RATIO_MIN else 0.0


def soft_match(a: object, b: object) -> bool:
    return similarity(a, b) > 0.0


def contains_unit(lead: object, unit: object) -> bool:
    x, u = norm(lead), norm(unit)
    return bool(x and u and (u in x or soft_match(x, u)))


# --------------------------------------------------------------------------- extraction


def timeline_text(tl: object) -> str | None:
    if tl is None:
        return None
    if isinstance(tl, str):
        return tl
    return getattr(tl, "text", None)


def extracted_tables(rec: object) -> list[list[dict]]:
    """``rec.appendix`` as lists of plain row dicts (one list per extracted table)."""
    tables = []
    for t in getattr(rec, "appendix", None) or []:
        rows = []
        for r in getattr(t, "rows", None) or []:
            rows.append(
                {
                    "id": getattr(r, "id", None),
                    "parent_id": getattr(r, "parent_id", None),
                    "is_group_header": bool(getattr(r, "is_group_header", False)),
                    "task": getattr(r, "task", None),
                    "target": getattr(r, "target", None),
                    "lead": getattr(r, "lead", None),
                    "support": getattr(r, "support", None),
                    "output": getattr(r, "output", None),
                    "timeline": timeline_text(getattr(r, "timeline", None)),
                }
            )
        tables.append(rows)
    return tables


def run_extract(path: Path):
    from vnplan import extract
    from vnplan.pipeline import ExtractOptions

    return extract(path, ExtractOptions())


# --------------------------------------------------------------------------- matching


def text_score(g: dict, e: dict) -> float:
    if g.get("target"):
        return max(similarity(g["target"], e.get("target")), similarity(g["target"], e.get("task")))
    return similarity(g.get("task"), e.get("task"))


def match_document(golden_rows: list[tuple[int, dict]], ext_rows: list[tuple[int, dict]]):
    """Greedy best-first assignment.  Returns {golden index: extracted index}."""
    cands = []
    for gi, (_, g) in enumerate(golden_rows):
        for ei, (_, e) in enumerate(ext_rows):
            if not ids_equal(g.get("id"), e.get("id")):
                continue
            s = text_score(g, e)
            if s > 0.0:
                cands.append((s, -abs(gi - ei), gi, ei))
    cands.sort(reverse=True)
    g_used, e_used, pairs = set(), set(), {}
    for _, _, gi, ei in cands:
        if gi in g_used or ei in e_used:
            continue
        g_used.add(gi)
        e_used.add(ei)
        pairs[gi] = ei
    return pairs


def ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


class Tally:
    FIELDS = (
        "golden", "golden_groups", "extracted", "found", "found_tasks", "lead_right",
        "support_right", "timeline_right", "group_flag_right", "subject_in_lead",
    )

    def __init__(self) -> None:
        for f in self.FIELDS:
            setattr(self, f, 0)

    def add(self, other: Tally) -> None:
        for f in self.FIELDS:
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def summary(self) -> dict:
        d = {f: getattr(self, f) for f in self.FIELDS}
        d["precision"] = ratio(self.found, self.extracted)
        d["recall"] = ratio(self.found, self.golden)
        d["lead_right_share"] = ratio(self.lead_right, self.found_tasks)
        d["support_right_share"] = ratio(self.support_right, self.found_tasks)
        d["timeline_right_share"] = ratio(self.timeline_right, self.found_tasks)
        d["group_flag_right_share"] = ratio(self.group_flag_right, self.found)
        return d


def evaluate_file(gpath: Path, details: bool) -> dict:
    gold = json.loads(gpath.read_text(encoding="utf-8"))
    src = CORPUS / gold["source"]
    out: dict = {"golden_file": gpath.name, "source": gold["source"], "layout": gold.get("layout"),
                 "error": None, "tables": [], "details": []}

    golden_rows: list[tuple[int, dict]] = []
    for ti, t in enumerate(gold["tables"]):
        for r in t["rows"]:
            golden_rows.append((ti, r))
    subject_units = {norm(r.get("subject_unit")) for _, r in golden_rows if r.get("subject_unit")}

    t0 = time.monotonic()
    try:
        rec = run_extract(src)
        ext = extracted_tables(rec)
    except Exception as exc:  # one failing document must not stop the run
        out["error"] = f"{type(exc).__name__}: {exc}".strip()
        if details:
            out["details"].append(traceback.format_exc())
        ext = []
    out["seconds"] = round(time.monotonic() - t0, 2)
    out["extracted_tables"] = len(ext)

    ext_rows: list[tuple[int, dict]] = [(xi, r) for xi, t in enumerate(ext) for r in t]
    pairs = match_document(golden_rows, ext_rows)
    inv = {ei: gi for gi, ei in pairs.items()}

    # attribute extracted tables to golden tables
    votes: dict[int, dict[int, int]] = {}
    for gi, ei in pairs.items():
        xi = ext_rows[ei][0]
        ti = golden_rows[gi][0]
        votes.setdefault(xi, {}).setdefault(ti, 0)
        votes[xi][ti] += 1
    table_of_ext = {xi: max(v.items(), key=lambda kv: (kv[1], -kv[0]))[0] for xi, v in votes.items()}

    per_table = [Tally() for _ in gold["tables"]]
    unmapped = Tally()
    for ti, r in golden_rows:
        per_table[ti].golden += 1
        per_table[ti].golden_groups += int(bool(r.get("is_group_header")))
    for ei, (xi, e) in enumerate(ext_rows):
        if ei in inv:
            tally = per_table[golden_rows[inv[ei]][0]]
        elif xi in table_of_ext:
            tally = per_table[table_of_ext[xi]]
        else:
            tally = unmapped
        tally.extracted += 1
        if ei in inv:
            g = golden_rows[inv[ei]][1]
            tally.found += 1
            tally.group_flag_right += int(bool(g.get("is_group_header")) == e["is_group_header"])
            if not g.get("is_group_header"):
                tally.found_tasks += 1
                tally.lead_right += int(soft_match(g.get("lead"), e["lead"]))
                tally.support_right += int(soft_match(g.get("support"), e["support"]))
                tally.timeline_right += int(soft_match(g.get("timeline"), e["timeline"]))
            if g.get("subject_unit") and contains_unit(e["lead"], g["subject_unit"]):
                tally.subject_in_lead += 1
        elif subject_units and norm(e["lead"]) and any(soft_match(e["lead"], u) for u in subject_units):
            tally.subject_in_lead += 1

    for ti, t in enumerate(gold["tables"]):
        s = per_table[ti].summary()
        s.update({"index": ti, "caption": t.get("caption"), "kind": t.get("kind")})
        out["tables"].append(s)
    out["unmapped"] = unmapped.summary()
    total = Tally()
    for t in per_table:
        total.add(t)
    total.add(unmapped)
    out["total"] = total.summary()

    if details:
        lines = []
        for gi, (ti, g) in enumerate(golden_rows):
            if gi in pairs:
                e = ext_rows[pairs[gi]][1]
                probs = []
                if not g.get("is_group_header"):
                    for f in ("lead", "support", "timeline"):
                        if not soft_match(g.get(f), e[f]):
                            probs.append(f"{f}: golden={g.get(f)!r} got={e[f]!r}")
                if bool(g.get("is_group_header")) != e["is_group_header"]:
                    probs.append(f"is_group_header: golden={g.get('is_group_header')} got={e['is_group_header']}")
                if probs:
                    lines.append(f"  found   t{ti} id={g.get('id')!r}: " + "; ".join(probs))
            else:
                key = g.get("target") or g.get("task")
                lines.append(f"  MISSED  t{ti} id={g.get('id')!r} {str(key)[:90]!r}")
        for ei, (xi, e) in enumerate(ext_rows):
            if ei not in inv:
                key = e.get("task") or e.get("target")
                lines.append(
                    f"  EXTRA   x{xi} id={e['id']!r} group={e['is_group_header']} {str(key)[:90]!r}"
                    f" lead={str(e['lead'])[:40]!r}"
                )
        out["details"].extend(lines)
    return out


def is_golden(path: Path) -> bool:
    """A golden table file (not a run summary such as FIRST_RUN.json)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "source" in data and isinstance(data.get("tables"), list)


# --------------------------------------------------------------------------- report


HEAD = (
    f"{'table':<58} {'gold':>4} {'extr':>4} {'found':>5} {'prec':>5} {'rec':>5} "
    f"{'lead':>5} {'supp':>5} {'time':>5} {'grp':>5} {'subj>lead':>9}"
)


def line(label: str, s: dict) -> str:
    return (
        f"{label[:58]:<58} {s['golden']:>4} {s['extracted']:>4} {s['found']:>5} "
        f"{fmt(s['precision'])} {fmt(s['recall'])} {fmt(s['lead_right_share'])} "
        f"{fmt(s['support_right_share'])} {fmt(s['timeline_right_share'])} "
        f"{fmt(s['group_flag_right_share'])} {s['subject_in_lead']:>9}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", metavar="PATH", help="write a JSON summary to PATH")
    ap.add_argument("--details", action="store_true", help="list missed, extra and mis-keyed rows")
    ap.add_argument("--only", metavar="STEM", action="append", help="evaluate only golden files starting with STEM")
    args = ap.parse_args(argv)

    files = [f for f in sorted(GOLDEN_DIR.glob("*.json")) if is_golden(f)]
    if args.only:
        files = [f for f in files if any(f.name.startswith(s) for s in args.only)]
    if not files:
        print(f"no golden files in {GOLDEN_DIR}", file=sys.stderr)
        return 2

    try:
        import vnplan

        where = getattr(vnplan, "__file__", "?")
        version = getattr(vnplan, "__version__", "?")
    except Exception as exc:  # pragma: no cover
        print(f"cannot import vnplan: {exc}", file=sys.stderr)
        return 2

    results = [evaluate_file(f, args.details) for f in files]
    overall = Tally()
    for r in results:
        for k in Tally.FIELDS:
            setattr(overall, k, getattr(overall, k) + r["total"][k])
    ov = overall.summary()

    print(f"vnplan under test: {where} (version {version})")
    print(f"golden: {GOLDEN_DIR}  ({len(files)} files)")
    print("prec = found/extracted, rec = found/golden; lead/supp/time = share of found non-group rows whose")
    print("lead / support / timeline soft-matches (null = null); grp = share of found rows with the right")
    print("is_group_header; subj>lead = extracted rows whose lead holds an inspected/evaluated unit.")
    print()
    print(HEAD)
    print("-" * len(HEAD))
    for r in results:
        err = f"  ERROR {r['error']}" if r["error"] else ""
        print(f"{r['golden_file']}  [{r['extracted_tables']} tables extracted, {r['seconds']}s]{err}")
        for t in r["tables"]:
            cap = t["caption"] or "(no caption)"
            print(line(f"  t{t['index']} {t['kind']}: {cap}", t))
        if r["unmapped"]["extracted"]:
            print(line("  (extracted tables matching no golden row)", r["unmapped"]))
        print(line("  = document", r["total"]))
        if args.details and r["details"]:
            for d in r["details"]:
                print(d)
    print("-" * len(HEAD))
    print(line("OVERALL", ov))
    micro_docs = [r["total"]["recall"] for r in results if r["total"]["recall"] is not None]
    if micro_docs:
        print(f"mean per-document recall: {sum(micro_docs) / len(micro_docs):.2f}")

    if args.json:
        summary = {
            "vnplan": where,
            "version": version,
            "golden_dir": str(GOLDEN_DIR),
            "thresholds": {"contain_min": CONTAIN_MIN, "ratio_min": RATIO_MIN},
            "overall": ov,
            "documents": [{k: v for k, v in r.items() if k != "details" or args.details} for r in results],
        }
        Path(args.json).write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
