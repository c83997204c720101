"""``vnplan registry import-vbpl METADATA RELATIONSHIPS -o overlay.yaml``: a crawl of the
national legal database (vbpl) as a registry overlay.

The crawl comes as two tables (Parquet or CSV):

    metadata       id, so_ky_hieu, loai_van_ban, ngay_ban_hanh, ngay_co_hieu_luc,
                   ngay_het_hieu_luc, tinh_trang_hieu_luc, co_quan_ban_hanh, title
    relationships  doc_id, other_doc_id, relationship   ("Văn bản thay thế", "Văn bản bị thay
                   thế", "Văn bản sửa đổi bổ sung", …)

Numbers are not unique (each year restarts them, local bodies reuse them): a document is keyed
on number + issuer + issue date. Every entry is sourced to its vbpl page. A malformed input
(missing columns, bad dates, duplicate or contradictory rows, relationships to unknown ids) is
reported row by row and nothing is written.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

METADATA_COLUMNS = ("id", "so_ky_hieu", "loai_van_ban", "ngay_ban_hanh", "ngay_co_hieu_luc",
                    "ngay_het_hieu_luc", "tinh_trang_hieu_luc", "co_quan_ban_hanh", "title")
RELATION_COLUMNS = ("doc_id", "other_doc_id", "relationship")
PAGE = "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID={id}"

# relationship label (folded) → (event kind, whose event: "doc" = the row's doc_id is changed by
# other_doc_id; "other" = the row's doc_id changes other_doc_id)
RELATIONSHIPS = {
    "văn bản thay thế": ("replaced", "doc"),
    "văn bản bị thay thế": ("replaced", "other"),
    "văn bản thay thế một phần": ("partially_replaced", "doc"),
    "văn bản bị thay thế một phần": ("partially_replaced", "other"),
    "văn bản sửa đổi bổ sung": ("amended", "doc"),
    "văn bản sửa đổi, bổ sung": ("amended", "doc"),
    "văn bản bị sửa đổi bổ sung": ("amended", "other"),
    "văn bản bị sửa đổi, bổ sung": ("amended", "other"),
    "văn bản bãi bỏ": ("repealed", "doc"),
    "văn bản hủy bỏ": ("repealed", "doc"),
    "văn bản bị bãi bỏ": ("repealed", "other"),
    "văn bản bị hủy bỏ": ("repealed", "other"),
}
ENDED_STATUSES = ("hết hiệu lực toàn bộ", "hết hiệu lực")


class VbplError(Exception):
    """The input cannot be imported; ``problems`` lists every bad row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the input")
        self.problems = problems


@dataclass
class Document:
    id: str
    number: str
    doc_type: str
    issuer: str | None
    issued: date | None
    effective: date | None
    ended: date | None
    status: str
    title: str | None
    events: list[dict] = field(default_factory=list)


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a Parquet or CSV file as dicts of text."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        return [{k: "" if v is None else str(v) for k, v in row.items()}
                for row in pq.read_table(path).to_pylist()]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "") for k, v in row.items()} for row in csv.DictReader(handle)]


def import_vbpl(metadata_path: Path, relations_path: Path, checked: date) -> list[dict]:
    """Overlay entries from the two tables; ``VbplError`` lists every problem found."""
    problems: list[str] = []
    meta_rows = _rows(metadata_path, METADATA_COLUMNS, problems)
    rel_rows = _rows(relations_path, RELATION_COLUMNS, problems)
    if problems:
        raise VbplError(problems)
    documents = _documents(metadata_path, meta_rows, problems)
    for n, row in enumerate(rel_rows, start=2):
        where = f"{relations_path}:{n}"
        label = _fold(row["relationship"])
        if label not in RELATIONSHIPS:
            continue  # căn cứ, dẫn chiếu, hướng dẫn …: not a change of validity
        doc, other = documents.get(row["doc_id"].strip()), documents.get(row["other_doc_id"].strip())
        if doc is None or other is None:
            missing = row["doc_id"] if doc is None else row["other_doc_id"]
            problems.append(f"{where}: id {missing!r} is not in the metadata")
            continue
        kind, whose = RELATIONSHIPS[label]
        changed, by = (doc, other) if whose == "doc" else (other, doc)
        event = {"kind": kind, "by": by.number, "effective_date": by.effective,
                 "note": f"vbpl: {row['relationship'].strip()}", "source": PAGE.format(id=by.id),
                 "checked": checked}
        same = (event["kind"], event["by"], event["effective_date"])
        if not any((e["kind"], e["by"], e["effective_date"]) == same for e in changed.events):
            changed.events.append(event)  # both pages state one fact: record it once
    if problems:
        raise VbplError(problems)
    for document in documents.values():
        if (_fold(document.status) in ENDED_STATUSES and document.ended
                and not any(e["kind"] in ("replaced", "repealed") for e in document.events)):
            document.events.append({"kind": "expired", "by": None, "effective_date": document.ended,
                                    "note": f"vbpl: {document.status}",
                                    "source": PAGE.format(id=document.id), "checked": checked})
    return [_entry(d, checked) for d in sorted(documents.values(), key=lambda d: (d.number, d.id))]


def _rows(path: Path, columns: tuple[str, ...], problems: list[str]) -> list[dict[str, str]]:
    try:
        rows = read_table(path)
    except (OSError, UnicodeDecodeError, ValueError, ImportError) as exc:
        problems.append(f"{path}: cannot be read ({exc})")
        return []
    present = set(rows[0]) if rows else set()
    missing = [c for c in columns if c not in present]
    if not rows:
        problems.append(f"{path}: no rows")
    elif missing:
        problems.append(f"{path}: missing column(s) {', '.join(missing)}")
    return rows if not missing else []


def _documents(path: Path, rows: list[dict[str, str]], problems: list[str]) -> dict[str, Document]:
    documents: dict[str, Document] = {}
    keys: dict[tuple, str] = {}
    for n, row in enumerate(rows, start=2):
        where = f"{path}:{n}"
        doc_id, number = row["id"].strip(), " ".join(row["so_ky_hieu"].split())
        if not doc_id or not number:
            problems.append(f"{where}: id and so_ky_hieu are required")
            continue
        dates = {}
        for column in ("ngay_ban_hanh", "ngay_co_hieu_luc", "ngay_het_hieu_luc"):
            try:
                dates[column] = _date(row[column])
            except ValueError:
                problems.append(f"{where}: {column} {row[column]!r} is not a date")
        if len(dates) < 3:
            continue
        document = Document(doc_id, number, row["loai_van_ban"].strip() or "Văn bản",
                            row["co_quan_ban_hanh"].strip() or None, dates["ngay_ban_hanh"],
                            dates["ngay_co_hieu_luc"], dates["ngay_het_hieu_luc"],
                            row["tinh_trang_hieu_luc"].strip(), row["title"].strip() or None)
        if doc_id in documents:
            same = documents[doc_id] == document
            problems.append(f"{where}: id {doc_id} appears twice"
                            + ("" if same else " with different values (contradictory rows)"))
            continue
        key = (_fold(number), _fold(document.issuer or ""), document.issued)
        if key in keys:
            problems.append(f"{where}: {number} of {document.issuer} dated {document.issued} "
                            f"appears twice (ids {keys[key]} and {doc_id})")
            continue
        keys[key] = doc_id
        documents[doc_id] = document
    return documents


def _entry(d: Document, checked: date) -> dict:
    supports = [f for f, v in (("title", d.title), ("issuer", d.issuer), ("issued_date", d.issued),
                               ("effective_date", d.effective)) if v is not None]
    return {"number": d.number, "doc_type": d.doc_type, "title": d.title, "issuer": d.issuer,
            "issued_date": d.issued, "effective_date": d.effective,
            "sources": [{"url": PAGE.format(id=d.id), "checked": checked, "supports": supports}],
            "events": sorted(d.events, key=lambda e: e["effective_date"] or date.max)}


def _date(text: str) -> date | None:
    text = text.strip()
    if not text or text.lower() in ("none", "nan", "null"):
        return None
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(text)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())
