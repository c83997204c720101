#!/usr/bin/env python3
"""Blind parity: documents of ../shared/corpus that no OCR rule was written on, as scan and poor
scan, each scored against the same document's text-layer PDF record (the README's table).

    python scripts/evaluate_blind_parity.py                   # forms built in build/blind-parity
    python scripts/evaluate_blind_parity.py --json out.json
    python scripts/evaluate_blind_parity.py --second          # the second set (below)

The documents: every DOCX, DOC and PDF of ../shared/corpus/extra (DOCX and DOC made into PDF by
LibreOffice) and 7 of the June 2025 resolutions, drawn with a fixed seed (Markdown made into
HTML with markdown-it-py, which the CLI's rich brings, then into PDF by LibreOffice). Scans are
made by scripts/build_fixtures.py's own degradation. The reference is vnplan's reading of the
text-layer PDF, not a hand-checked answer: the figures measure parity, not accuracy. OCR takes
about a second a page; the whole run (164 pages, two forms) takes ~6 minutes on two cores.
The second set, the next 8 resolutions of the same draw, was kept out of the first set's work:
rules written on the first set are measured blind there.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import build_fixtures  # noqa: E402
from goldenlib import project  # noqa: E402
from paritylib import fold, outline, score  # noqa: E402
from support import SHARED  # noqa: E402

from vnplan.pipeline import ExtractOptions, extract  # noqa: E402

FORMS = {"scan": build_fixtures.SCAN, "poor scan": build_fixtures.POOR_SCAN}
RESOLUTIONS = 8  # files drawn from resolutions-2025 with a fixed seed
HEADER_FIELDS = ("number", "issued_date", "doc_type", "title")


def sources(second: bool = False) -> list[Path]:
    """The set's documents; ``second``: the next 8 resolutions of the same draw instead, a set
    kept for rules written on the first (no document of ``extra/``)."""
    extra = [p for p in sorted((SHARED / "corpus" / "extra").iterdir())
             if p.suffix in (".docx", ".doc", ".pdf")]
    resolutions = sorted((SHARED / "corpus" / "resolutions-2025").glob("*.md"))
    random.Random(20).shuffle(resolutions)
    if second:
        return [p for p in resolutions[RESOLUTIONS:2 * RESOLUTIONS] if p.name != "README.md"]
    # (the folder's README.md, drawn among the 8, is no document: 7 resolutions)
    return extra + [p for p in resolutions[:RESOLUTIONS] if p.name != "README.md"]


def text_pdf(source: Path, folder: Path) -> Path:
    """The document as a text-layer PDF in ``folder`` (made once)."""
    target = folder / f"{source.stem[:40]}.pdf"
    if target.exists():
        return target
    if source.suffix == ".pdf":
        shutil.copy(source, target)
        return target
    made = folder / "made"
    made.mkdir(exist_ok=True)
    given = source
    if source.suffix == ".md":
        from markdown_it import MarkdownIt
        given = made / f"{source.stem}.html"
        body = MarkdownIt("commonmark").enable("table").render(source.read_text(encoding="utf-8"))
        given.write_text(f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>",
                         encoding="utf-8")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(made),
                    str(given)], check=True, capture_output=True, timeout=300)
    shutil.move(made / f"{given.stem}.pdf", target)
    return target


def record(path: Path) -> dict:
    return project(extract(path, ExtractOptions(as_of=date(2026, 12, 1))).model_dump(mode="json"))


def compare(reference: dict, got: dict) -> dict:
    out = score(reference, got)  # with numbering_right
    titles = outline(reference.get("sections") or [])
    out["titles"] = len(titles)
    out["titles_right"] = sum(1 for s in outline(got.get("sections") or []) if s in titles)
    ours, theirs = reference.get("metadata") or {}, got.get("metadata") or {}
    out["header_right"] = sum(fold(ours.get(k)) == fold(theirs.get(k)) for k in HEADER_FIELDS)
    return out


def evaluate(folder: Path, second: bool = False) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for source in sources(second):
        pdf = text_pdf(source, folder)
        reference = record(pdf)
        item = {"sections": len(outline(reference.get("sections") or [])),
                "citations": len(reference.get("legal_references") or []),
                "targets": len(reference.get("targets") or [])}
        for form, profile in FORMS.items():
            scan = folder / f"{pdf.stem}_{profile.name}.pdf"
            if not scan.exists():
                build_fixtures.degraded_scan(pdf, scan, profile)
            item[form] = compare(reference, record(scan))
        results[pdf.stem] = item
        print(f"  {pdf.stem[:40]}", file=sys.stderr, flush=True)
    return results


def table(results: dict) -> str:
    docs = list(results.values())
    out = ["| form | numbering exact | titles right | appendix rows (lead right) | citations F1 "
           "(min–mean) | targets F1 (min–mean) | header fields right |",
           "|---|---|---|---|---|---|---|"]
    for form in FORMS:
        scores = [d[form] for d in docs]
        numbered = [d[form]["numbering_right"] for d in docs if d["sections"]]
        found = sum(s["appendix_found"] for s in scores)
        cells = [
            form,
            f"{sum(numbered)}/{len(numbered)}",
            f"{sum(s['titles_right'] for s in scores)}/{sum(s['titles'] for s in scores)}",
            f"{found}/{sum(s['appendix_rows'] for s in scores)} "
            f"({sum(s['appendix_lead_right'] for s in scores) / max(1, found):.2f})",
            _spread([d[form]["citations_f1"] for d in docs if d["citations"]]),
            _spread([d[form]["targets_f1"] for d in docs if d["targets"]]),
            f"{sum(s['header_right'] for s in scores)}/{len(HEADER_FIELDS) * len(scores)}",
        ]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def _spread(values: list[float]) -> str:
    """'lowest–mean' of F1 scores (1.00 for none)."""
    values = values or [1.0]
    return f"{min(values):.2f}–{sum(values) / len(values):.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "build" / "blind-parity",
                        help="where the forms are made (kept between runs)")
    parser.add_argument("--json", type=Path, help="write the scores as JSON here")
    parser.add_argument("--second", action="store_true",
                        help="the second set: the next 8 resolutions of the draw, kept blind")
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print("../shared/corpus is not beside the project", file=sys.stderr)
        return 2
    results = evaluate(args.folder, args.second)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
