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

from vnplan.outputs.tables import RECORD_TABLES, TABLES, flatten

_KEYS = {"batch": "key", "manifest": "path", "plans": "path",
         "appendix_rows": "path, table_idx, idx"}
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
