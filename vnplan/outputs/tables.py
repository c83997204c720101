"""One flattening of a record into tables, used by every tabular output: the SQLite database,
the CSV/JSONL/Parquet exports and the appendix spreadsheet.

Each table has one row per item of a record, keyed by the document's ``path`` and the item's
index in its list; ``TABLES`` lists the columns of every table in order. Values stay JSON-like
(lists, dicts, ISO dates): each output encodes them its own way.
"""

from __future__ import annotations

from collections.abc import Iterator

TEXT, INT, REAL = "TEXT", "INTEGER", "REAL"
SPAN = [("span_start", INT), ("span_end", INT)]

# table → [(column, SQLite type)]; every child table starts with (path, idx).
TABLES: dict[str, list[tuple[str, str]]] = {
    "batch": [("key", TEXT), ("value", TEXT)],
    "manifest": [("path", TEXT), ("sha256", TEXT), ("size_bytes", INT), ("status", TEXT),
                 ("error_kind", TEXT), ("error", TEXT), ("record", TEXT), ("pages", INT),
                 ("findings", INT)],
    "plans": [("path", TEXT), ("sha256", TEXT), ("format", TEXT), ("size_bytes", INT),
              ("pages", INT), ("encoding", TEXT), ("doc_type", TEXT), ("number", TEXT),
              ("issuer", TEXT), ("title", TEXT), ("issued_date", TEXT), ("issued_place", TEXT),
              ("commune", TEXT), ("district", TEXT), ("province", TEXT),
              ("issued_month", TEXT), ("province_code", TEXT), ("district_code", TEXT),
              ("commune_code", TEXT), ("current_province", TEXT), ("current_province_code", TEXT),
              ("current_commune", TEXT), ("current_commune_code", TEXT),
              ("period_start", INT), ("period_end", INT), ("signer_name", TEXT),
              ("signer_capacity", TEXT), ("sections", INT), ("legal_references", INT),
              ("targets", INT), ("units", INT), ("appendix_rows", INT), ("findings", INT),
              ("generator", TEXT), ("schema_version", TEXT), ("record", TEXT)],
    "sections": [("path", TEXT), ("idx", INT), ("parent_idx", INT), ("depth", INT),
                 ("numeral", TEXT), ("label", TEXT), ("title", TEXT), *SPAN, ("page", INT)],
    "legal_references": [
        ("path", TEXT), ("idx", INT), ("surface", TEXT), ("kind", TEXT), ("doc_type", TEXT),
        ("number", TEXT), ("corrected_number", TEXT), ("year", INT), ("issuer_code", TEXT),
        ("issuer", TEXT), ("issued_date", TEXT), ("title", TEXT), *SPAN, ("page", INT),
        ("section", TEXT), ("doc_id", TEXT), ("resolved_from", INT),
        ("validity_status_at_issue", TEXT), ("validity_reference_date", TEXT),
        ("validity_status_as_of", TEXT), ("validity_as_of", TEXT),
        ("validity_replaced_by", TEXT), ("validity_events", TEXT), ("validity_sources", TEXT),
        ("validity_note", TEXT)],
    "targets": [("path", TEXT), ("idx", INT), ("text", TEXT), ("value", REAL),
                ("value_max", REAL), ("unit", TEXT), ("comparator", TEXT), ("subject", TEXT),
                ("deadline_year", INT), ("baseline", TEXT), ("section", TEXT), *SPAN,
                ("clause_start", INT), ("clause_end", INT), ("page", INT),
                ("appendix_row", TEXT), ("kind", TEXT), ("period", TEXT)],
    "units": [("path", TEXT), ("idx", INT), ("name", TEXT), ("aliases", TEXT),
              ("roles", TEXT), ("duties", TEXT), ("mentions", INT)],
    "appendix_rows": [
        ("path", TEXT), ("table_idx", INT), ("idx", INT), ("table_title", TEXT),
        ("row_id", TEXT), ("parent_id", TEXT), ("is_group_header", INT), ("task", TEXT),
        ("target", TEXT), ("lead", TEXT), ("support", TEXT), ("output", TEXT),
        ("timeline", TEXT), ("timeline_start", TEXT), ("timeline_end", TEXT),
        ("timeline_recurring", INT), ("budget_vnd", INT), *SPAN, ("page", INT)],
    "findings": [("path", TEXT), ("idx", INT), ("kind", TEXT), ("severity", TEXT),
                 ("message", TEXT), *SPAN, ("page", INT), ("reference", INT), ("row", TEXT),
                 ("suggestion", TEXT)],
}
RECORD_TABLES = ("plans", "sections", "legal_references", "targets", "units",
                 "appendix_rows", "findings")


def flatten(path: str, record: dict, record_file: str | None = None) -> dict[str, list[dict]]:
    """The rows one record contributes to each table (``RECORD_TABLES``)."""
    source, meta = record.get("source") or {}, record.get("metadata") or {}
    locality, period = meta.get("locality") or {}, meta.get("period") or {}
    signer = meta.get("signer") or {}
    sections = list(_sections(record.get("sections") or []))
    appendix = [
        appendix_row(t, table, i, row)
        for t, table in enumerate(record.get("appendix") or [])
        for i, row in enumerate(table.get("rows") or [])
    ]
    plan = {
        "path": path, "sha256": source.get("sha256"), "format": source.get("format"),
        "size_bytes": source.get("size_bytes"), "pages": source.get("pages"),
        "encoding": source.get("encoding"), "doc_type": meta.get("doc_type"),
        "number": meta.get("number"), "issuer": meta.get("issuer"), "title": meta.get("title"),
        "issued_date": meta.get("issued_date"), "issued_place": meta.get("issued_place"),
        "commune": locality.get("commune"), "district": locality.get("district"),
        "province": locality.get("province"), "period_start": period.get("start_year"),
        "issued_month": meta.get("issued_month"),
        **{f"{level}_code": locality.get(f"{level}_code") for level in ("province", "district",
                                                                        "commune")},
        **current_units(locality),
        "period_end": period.get("end_year"), "signer_name": signer.get("name"),
        "signer_capacity": signer.get("capacity"), "sections": len(sections),
        "legal_references": len(record.get("legal_references") or []),
        "targets": len(record.get("targets") or []), "units": len(record.get("units") or []),
        "appendix_rows": len(appendix), "findings": len(record.get("findings") or []),
        "generator": record.get("generator"), "schema_version": record.get("schema_version"),
        "record": record_file,
    }
    return {
        "plans": [plan],
        "sections": [{"path": path, **s} for s in sections],
        "legal_references": [_reference(path, i, r)
                             for i, r in enumerate(record.get("legal_references") or [])],
        "targets": [_target(path, i, t) for i, t in enumerate(record.get("targets") or [])],
        "units": [_unit(path, i, u) for i, u in enumerate(record.get("units") or [])],
        "appendix_rows": [{"path": path, **row} for row in appendix],
        "findings": [_finding(path, i, f) for i, f in enumerate(record.get("findings") or [])],
    }


def current_units(locality: dict) -> dict:
    """The province and commune that cover a record's locality as of its check date: its
    successors, else the units it names when they did not change."""
    found = {"current_province": None, "current_province_code": None,
             "current_commune": None, "current_commune_code": None}
    for successor in locality.get("successors") or []:
        level = successor["level"]
        if found[f"current_{level}"] is None:
            found[f"current_{level}"] = successor["name"]
            found[f"current_{level}_code"] = successor["code"]
    for level in ("province", "commune"):
        if found[f"current_{level}"] is None and locality.get(f"{level}_code"):
            found[f"current_{level}"] = locality.get(level)
            found[f"current_{level}_code"] = locality.get(f"{level}_code")
    return found


def _span(span, prefix: str = "span") -> dict:
    start, end = (span or (None, None))[:2]
    return {f"{prefix}_start": start, f"{prefix}_end": end}


def _section_path(section) -> str | None:
    return " > ".join(section) if section else None


def _sections(items: list[dict], parent: int | None = None, depth: int = 0,
              counter: list[int] | None = None) -> Iterator[dict]:
    counter = counter if counter is not None else [0]
    for section in items:
        idx = counter[0]
        counter[0] += 1
        yield {"idx": idx, "parent_idx": parent, "depth": depth,
               "numeral": section.get("numeral"), "label": section.get("label"),
               "title": section.get("title"), **_span(section.get("span")),
               "page": section.get("page")}
        yield from _sections(section.get("children") or [], idx, depth + 1, counter)


def _reference(path: str, idx: int, ref: dict) -> dict:
    validity = ref.get("validity") or {}
    row = {"path": path, "idx": idx, **{k: ref.get(k) for k in (
        "surface", "kind", "doc_type", "number", "corrected_number", "year", "issuer_code",
        "issuer", "issued_date", "title", "page", "doc_id", "resolved_from")}}
    row |= _span(ref.get("span"))
    row["section"] = _section_path(ref.get("section"))
    if validity:
        row |= {
            "validity_status_at_issue": validity.get("status_at_issue"),
            "validity_reference_date": validity.get("reference_date"),
            "validity_status_as_of": validity.get("status_as_of"),
            "validity_as_of": validity.get("as_of"),
            "validity_replaced_by": validity.get("replaced_by") or [],
            "validity_events": validity.get("events") or [],
            "validity_sources": validity.get("sources") or [],
            "validity_note": validity.get("note"),
        }
    return row


def _target(path: str, idx: int, target: dict) -> dict:
    row = {"path": path, "idx": idx, **{k: target.get(k) for k in (
        "text", "value", "value_max", "unit", "comparator", "subject", "deadline_year",
        "baseline", "page", "appendix_row", "kind", "period")}}
    return row | _span(target.get("span")) | _span(target.get("clause_span"), "clause") | {
        "section": _section_path(target.get("section"))}


def _unit(path: str, idx: int, unit: dict) -> dict:
    return {"path": path, "idx": idx, "name": unit.get("name"),
            "aliases": unit.get("aliases") or [], "roles": unit.get("roles") or [],
            "duties": unit.get("duties") or [], "mentions": len(unit.get("mentions") or [])}


def appendix_row(table_idx: int, table: dict, idx: int, row: dict) -> dict:
    timeline = row.get("timeline") or {}
    return {"table_idx": table_idx, "idx": idx, "table_title": table.get("title"),
            "row_id": row.get("id"), **{k: row.get(k) for k in (
                "parent_id", "is_group_header", "task", "target", "lead", "support", "output",
                "budget_vnd", "page")},
            "timeline": timeline.get("text"), "timeline_start": timeline.get("start"),
            "timeline_end": timeline.get("end"),
            "timeline_recurring": timeline.get("recurring") if timeline else None,
            **_span(row.get("span"))}


def _finding(path: str, idx: int, finding: dict) -> dict:
    return {"path": path, "idx": idx, **{k: finding.get(k) for k in (
        "kind", "severity", "message", "page", "reference", "row", "suggestion")},
        **_span(finding.get("span"))}
