"""Exports of the batch database's tables for systems that do not read SQLite.

    exports/<table>.jsonl    one JSON object per row (UTF-8, keys in column order)
    exports/<table>.csv      header row, then the rows (UTF-8, RFC 4180 quoting, empty = NULL)
    exports/<table>.parquet  typed columns: INTEGER → int64, REAL → float64, TEXT → string

Each file holds exactly the rows of the database table, in key order, so the exports are as
deterministic as the database. JSON-valued columns (aliases, validity_events …) stay JSON text.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from vnplan.outputs.atomic import write_atomic
from vnplan.outputs.sqlite import rows
from vnplan.outputs.tables import TABLES

FORMATS = ("jsonl", "csv", "parquet")


def write_exports(database: Path, folder: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write every table of ``database`` in each of ``formats`` into ``folder``."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown export format(s): {', '.join(sorted(unknown))}")
    written = []
    for table in TABLES:
        data = list(rows(database, table))
        for fmt in formats:
            target = folder / f"{table}.{fmt}"
            write_atomic(target, _WRITERS[fmt](table, data))
            written.append(target)
    return written


def _jsonl(table: str, data: list[dict]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in data).encode("utf-8")


def _csv(table: str, data: list[dict]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    names = [name for name, _ in TABLES[table]]
    writer.writerow(names)
    for row in data:
        writer.writerow(["" if row[name] is None else row[name] for name in names])
    return buffer.getvalue().encode("utf-8")


def _parquet(table: str, data: list[dict]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string()}
    schema = pa.schema([(name, types[kind]) for name, kind in TABLES[table]])
    columns = {name: [row[name] for row in data] for name in schema.names}
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pydict(columns, schema=schema), sink)
    return sink.getvalue()


_WRITERS = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}
