#!/usr/bin/env python3
"""How many national citations in the corpus the legal registry knows, by document type.

    python scripts/registry_coverage.py                        # the shipped registry
    python scripts/registry_coverage.py --json out.json        # also write the tables as JSON
    python scripts/registry_coverage.py --registry-only FILE   # FILE instead of the shipped registry

Every document of ../shared/corpus/plans, ../shared/corpus/extra and
../shared/corpus/resolutions-2025 (README.md skipped) is extracted with ``as_of`` 2026-11-23;
a file that fails is reported and skipped. The validity of its citations is then judged against
the chosen registry (the validity stage is pure, so this is what ``extract`` would give with it).

Counted: NATIONAL citations, each occurrence in the text, i.e.
  - laws cited by name (kind "law"), and
  - numbered documents whose issuer code names a national body: QH, UBTVQH and the National
    Assembly's committees (a code with a term, "UBPLTP15"), CTN, CP, TTg, VPCP, TTCP, NHNN, KTNN,
    TANDTC, VKSNDTC, HĐTP, UBDT, the ministries (Bộ …), and the Party's central bodies (…/TW,
    …/BCĐTW).
Not counted: local documents (UBND, HĐND, Sở, local Party committees, a Ban Chỉ đạo without
"TW"), numbers with no body ("57/NQ"), standards (TCVN/ISO), and a document's citations of its own
number (the record's metadata.number).

Known to the registry: ``validity.status_as_of != "unknown"``. Party documents are
``not_applicable`` whether or not the registry holds them, so for them "known" means the registry
has an entry for the number. Of the citations judged by a registry entry (not a party document,
not a letter or report, which have no validity status), those whose entry had its current status
seen on a page (no ``status`` under ``unconfirmed``) are counted apart: the others are judged by
the events research found.

Two tables: by the type of the CITED document (Luật, Nghị định …; a law by name is "Luật",
"Bộ luật" or "Pháp lệnh" as written), and by the type of the CITING document (Kế hoạch, Nghị quyết …).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from vnplan.extractors.citations.validity import check_citations, find_entry, is_party_document
from vnplan.reference.keys import number_key
from vnplan.reference.registry import Registry, load_registry, parse_registry

from vnplan import ExtractOptions, extract

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDERS = ("plans", "extra", "resolutions-2025")
AS_OF = date(2026, 11, 23)

# Central state bodies by the code they put in a number.
CENTRAL = {
    "QH", "UBTVQH", "CTN", "CP", "TTG", "VPCP", "TTCP", "NHNN", "KTNN", "TANDTC", "VKSNDTC",
    "HĐTP", "UBDT",
}
# Ministries (bộ), present and past; "BCĐ" (Ban Chỉ đạo) and "BVTV" (a Cục/Chi cục) are not.
MINISTRIES = {
    "BNV", "BTC", "BTP", "BCA", "BQP", "BNG", "BCT", "BKHĐT", "BTTTT", "BKHCN", "BGDĐT", "BYT",
    "BXD", "BGTVT", "BNNPTNT", "BTNMT", "BNNMT", "BLĐTBXH", "BVHTTDL", "BDTTG",
}
# A National Assembly body carries the legislature's term: "QH15", "UBTVQH15", "UBPLTP15".
_TERM = re.compile(r"^([A-ZĐ]+?)(1[0-9]|[1-9])$")


def _segment_is_national(segment: str) -> bool:
    seg = segment.upper()
    term = _TERM.match(seg)
    if term:
        return True  # QH15, UBTVQH15, BC-UBPLTP15 …
    return seg in CENTRAL or seg in MINISTRIES


def is_national(ref: dict) -> bool:
    """A law by name, or a numbered document of a national body (see the module docstring)."""
    if ref["kind"] == "law":
        return True
    if ref["kind"] != "document":
        return False
    code = (ref.get("issuer_code") or "").strip()
    if not code:
        number = ref.get("corrected_number") or ref.get("number") or ""
        code = number.split("/", 1)[1] if "/" in number else ""
    if "/" in code:  # Party: "NQ/TW", "KH/BCĐTW" (central) vs "CTr/TU", "QĐ/HU" (local)
        return code.upper().rsplit("/", 1)[1].endswith("TW")
    segments = [s for s in re.split(r"[-/]", code) if s]
    if any(s.upper() in {"UBND", "HĐND", "HDND"} for s in segments):
        return False
    return any(_segment_is_national(s) for s in segments)


def cited_type(ref: dict) -> str:
    if ref["kind"] == "law":
        return ref.get("doc_type") or "Luật"
    return ref.get("doc_type") or "(không rõ loại)"


def documents(folders: list[Path] | None = None) -> list[Path]:
    """The corpus's documents, or every file of ``folders`` (a set of documents kept aside)."""
    if folders:
        return sorted(p for d in folders for p in d.iterdir()
                      if p.is_file() and p.name not in ("README.md", "SOURCES.md"))
    paths: list[Path] = []
    for folder in FOLDERS:
        paths += sorted(p for p in (CORPUS / folder).iterdir() if p.is_file() and p.name != "README.md")
    return paths


def coverage(registry: Registry, folders: list[Path] | None = None) -> dict:
    """The counts for every corpus document (or every file of ``folders``), with ``registry`` as
    the legal registry; laws cited by name are also counted apart: resolved to their number?"""
    by_name = Counter()
    by_entry = Counter()
    by_cited: dict[str, Counter] = {}
    by_citing: dict[str, Counter] = {}
    skipped: Counter = Counter()
    errors: list[dict] = []
    misses: list[dict] = []
    files = 0
    for path in documents(folders):
        try:
            record = extract(path, ExtractOptions(as_of=AS_OF))
            refs, _ = check_citations(record.metadata, record.legal_references, registry, AS_OF)
        except Exception as exc:  # one bad file must not stop the count
            errors.append({"file": path.name, "error": f"{type(exc).__name__}: {exc}"})
            continue
        files += 1
        own = number_key(record.metadata.number) if record.metadata.number else None
        citing = record.metadata.doc_type or "(không rõ loại)"
        for ref in refs:
            data = ref.model_dump(mode="json")
            number = ref.corrected_number or ref.number
            if own and number and number_key(number) == own:
                skipped["own number"] += 1
                continue
            if not is_national(data):
                skipped["standard" if ref.kind == "standard" else "not national"] += 1
                continue
            if is_party_document(ref):
                known = find_entry(ref, registry, AS_OF) is not None
            else:
                known = ref.validity is not None and ref.validity.status_as_of != "unknown"
            entry = None if is_party_document(ref) or not known else find_entry(ref, registry, AS_OF)
            if entry is not None:
                by_entry["judged"] += 1
                by_entry["status_seen"] += int(entry.status_confirmed)
            by_name_unresolved = False
            if ref.kind == "law" and not ref.number:
                by_name["citations"] += 1
                by_name["resolved"] += int(ref.corrected_number is not None)
                by_name_unresolved = ref.corrected_number is None
            if not known or by_name_unresolved:
                misses.append({"file": path.name, "type": cited_type(data), "surface": ref.surface,
                               "number": number, "known": known})
            for table, key in ((by_cited, cited_type(data)), (by_citing, citing)):
                row = table.setdefault(key, Counter())
                row["citations"] += 1
                row["known"] += int(known)
    return {
        "as_of": AS_OF.isoformat(),
        "registry_entries": len(registry),
        "files": files,
        "errors": errors,
        "skipped": dict(skipped),
        "by_cited_type": _rows(by_cited),
        "by_citing_type": _rows(by_citing),
        "laws_by_name": dict(by_name),
        "judged_by_entry": dict(by_entry),
        "misses": misses,
    }


def _rows(table: dict[str, Counter]) -> list[dict]:
    rows = [
        {"type": key, "citations": c["citations"], "known": c["known"],
         "share": round(c["known"] / c["citations"], 3) if c["citations"] else 0.0}
        for key, c in sorted(table.items(), key=lambda kv: (-kv[1]["citations"], kv[0]))
    ]
    total_c = sum(r["citations"] for r in rows)
    total_k = sum(r["known"] for r in rows)
    rows.append({"type": "ALL", "citations": total_c, "known": total_k,
                 "share": round(total_k / total_c, 3) if total_c else 0.0})
    return rows


def render(result: dict) -> str:
    lines = [f"registry: {result['registry_entries']} entries; {result['files']} documents; "
             f"as of {result['as_of']}"]
    for title, key in (("cited document type", "by_cited_type"), ("citing document type", "by_citing_type")):
        lines += ["", f"| {title} | citations | known | share |", "|---|---:|---:|---:|"]
        lines += [f"| {r['type']} | {r['citations']} | {r['known']} | {r['share']:.1%} |" for r in result[key]]
    judged = result["judged_by_entry"]
    if judged.get("judged"):
        lines += ["", f"of the {judged['judged']} judged by a registry entry, {judged['status_seen']} "
                      f"({judged['status_seen'] / judged['judged']:.1%}) rest on an entry whose current "
                      "status a page showed; the others are judged by the changes research found"]
    named = result["laws_by_name"]
    if named.get("citations"):
        lines += ["", f"laws cited by name: {named['resolved']} of {named['citations']} resolved to "
                      f"their number ({named['resolved'] / named['citations']:.1%})"]
    if result["skipped"]:
        lines += ["", "not counted: " + ", ".join(f"{k} {v}" for k, v in sorted(result["skipped"].items()))]
    for err in result["errors"]:
        lines.append(f"ERROR {err['file']}: {err['error']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="PATH", help="also write the tables as JSON to PATH")
    parser.add_argument("--registry-only", metavar="FILE",
                        help="use FILE (registry format) as the whole registry instead of the shipped one")
    parser.add_argument("--folder", action="append", default=[], type=Path,
                        help="count the files of FOLDER instead of ../shared/corpus (repeatable): "
                             "documents set aside to measure the registry blind")
    parser.add_argument("--misses", metavar="PATH",
                        help="write the citations the registry does not know (and laws by name not "
                             "resolved), one per line as JSON, to PATH: what to research next")
    parser.add_argument("--registry", dest="extra", action="append", default=[],
                        help="an extra registry file added to the shipped one (repeatable)")
    args = parser.parse_args(argv)
    if args.registry_only:
        registry = parse_registry(Path(args.registry_only).read_text("utf-8"), args.registry_only)
    else:
        registry = load_registry(*args.extra)
    result = coverage(registry, args.folder or None)
    print(render(result))
    misses = result.pop("misses")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    if args.misses:
        Path(args.misses).write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in misses),
                                     "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
