"""``vnplan registry learn DOCS… -o learned.yaml``: what documents say they replace, repeal or
amend (their effect clauses), as a registry overlay with each document as the source."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from vnplan.models import PlanRecord


def learned_entries(records: list[tuple[str, PlanRecord]], checked: date) -> list[dict]:
    """One entry per document changed, with an event per clause that changes it."""
    entries: dict[str, dict] = {}
    for path, record in records:
        own = record.metadata.number
        if not own:
            continue
        for effect in record.effects:
            ref = record.legal_references[effect.reference]
            number = ref.corrected_number or ref.number
            if not number:
                continue
            entry = entries.setdefault(number, {
                "number": number, "doc_type": ref.doc_type or "Văn bản", "title": None,
                "issuer": ref.issuer, "issued_date": ref.issued_date, "effective_date": None,
                "sources": [], "events": [],
            })
            source = f"{path}#{own}{f' {effect.article}' if effect.article else ''}"
            supports = [f for f in ("issuer", "issued_date") if entry.get(f) is not None]
            if not any(s["url"] == str(path) for s in entry["sources"]):
                entry["sources"].append({"url": str(path), "checked": checked,
                                         "supports": supports})
            entry["events"].append({
                "kind": effect.kind, "by": own, "effective_date": effect.effective_date,
                "note": effect.quote[:200], "source": source, "checked": checked,
            })
    for entry in entries.values():
        entry["events"].sort(key=lambda e: e["effective_date"] or date.max)
    return sorted(entries.values(), key=lambda e: e["number"])


def header(paths: list[Path]) -> str:
    return ("Registry overlay learned by `vnplan registry learn` from the effect clauses\n"
            "(hiệu lực thi hành) of these documents, each the source of its own facts:\n"
            + "\n".join(f"  {p}" for p in paths))
