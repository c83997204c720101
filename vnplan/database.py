"""The batch's embedded database: records flattened into SQLite tables.

Every table but ``batch`` and ``manifest`` has one row per item of a record, keyed by the
plan's ``path`` (relative to the batch's input folder) and the item's index in its list::

    plans            one row per converted plan: source and metadata
    sections         the section tree, flattened in reading order (parent → parent_idx)
    legal_references citations, with the validity check's columns (validity_*)
    targets          quantitative targets (chỉ tiêu)
    units            responsible units (aliases, roles and duties as JSON arrays)
    appendix_rows    rows of the appendix tables (phụ lục), with their table's index and title
    findings         anomalies for a reviewer
    manifest         every file found, with status and error (failures included)
    batch            key/value: as_of, generator and the limits the run used

The database is rebuilt from the records each run, in path order, in one transaction, into
a temporary file that replaces the old one: the same records give the same bytes.
Columns follow ``TABLES``; list-valued fields are JSON text, booleans 0/1, dates ISO text.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

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
                ("appendix_row", TEXT)],
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
_KEYS = {"batch": "key", "manifest": "path", "plans": "path",
         "appendix_rows": "path, table_idx, idx"}
RECORD_TABLES = ("plans", "sections", "legal_references", "targets", "units",
                 "appendix_rows", "findings")


def build_database(target: Path, out_dir: Path, manifest: list[dict], info: dict) -> None:
    """Write the database of the batch in ``out_dir`` (records listed as ok in ``manifest``)."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp, isolation_level=None)
    try:
        db.execute("PRAGMA page_size = 4096")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("BEGIN")
        for table, columns in TABLES.items():
            key = _KEYS.get(table, "path, idx")
            cols = ", ".join(f"{name} {kind}" for name, kind in columns)
            db.execute(f"CREATE TABLE {table} ({cols}, PRIMARY KEY ({key}))")
        _insert(db, "batch", [{"key": k, "value": _value(v)} for k, v in sorted(info.items())])
        _insert(db, "manifest", manifest)
        for row in manifest:
            if row["status"] != "ok":
                continue
            record = json.loads((out_dir / row["record"]).read_bytes())
            for table, rows in flatten(row["path"], record, row["record"]).items():
                _insert(db, table, rows)
        for table in RECORD_TABLES[1:]:
            db.execute(f"CREATE INDEX {table}_path ON {table} (path)")
        db.execute("COMMIT")
    finally:
        db.close()
    os.replace(tmp, target)


def flatten(path: str, record: dict, record_file: str | None = None) -> dict[str, list[dict]]:
    """The rows one record contributes to each table (``RECORD_TABLES``)."""
    source, meta = record.get("source") or {}, record.get("metadata") or {}
    locality, period = meta.get("locality") or {}, meta.get("period") or {}
    signer = meta.get("signer") or {}
    sections = list(_sections(record.get("sections") or []))
    appendix = [
        _appendix_row(t, table, i, row)
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


def rows(database: Path, table: str) -> Iterator[dict]:
    """The rows of ``table`` in key order, as dicts (for exports and tests)."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        names = [name for name, _ in TABLES[table]]
        key = _KEYS.get(table, "path, idx")
        for values in db.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {key}"):
            yield dict(zip(names, values, strict=True))
    finally:
        db.close()


def _insert(db: sqlite3.Connection, table: str, items: list[dict]) -> None:
    if not items:
        return
    names = [name for name, _ in TABLES[table]]
    marks = ", ".join("?" * len(names))
    db.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
                   [tuple(_value(item.get(name)) for name in names) for item in items])


def _value(value):
    """SQLite-ready: lists and dicts as JSON text, booleans as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


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
        "baseline", "page", "appendix_row")}}
    return row | _span(target.get("span")) | _span(target.get("clause_span"), "clause") | {
        "section": _section_path(target.get("section"))}


def _unit(path: str, idx: int, unit: dict) -> dict:
    return {"path": path, "idx": idx, "name": unit.get("name"),
            "aliases": unit.get("aliases") or [], "roles": unit.get("roles") or [],
            "duties": unit.get("duties") or [], "mentions": len(unit.get("mentions") or [])}


def _appendix_row(table_idx: int, table: dict, idx: int, row: dict) -> dict:
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
