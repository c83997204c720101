"""Batch dashboard: one page over many plans (``OUT_DIR/index.html``).

    records (or batch rows) → plan_rows → render_dashboard → write_dashboard(…, out_path)

One row per plan — locality, year, sections, targets, citations, outdated citations, failures —
sortable and filterable with a little inline JS, and three charts drawn as inline SVG: outdated
citations per plan, the most-cited documents with their status, and target values by area across
plans. Like the plan report, the page is self-contained and every piece of text is escaped.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from vnplan.html.report import write_report
from vnplan.html.toolkit import (
    STATUSES,
    asset,
    citation_name,
    citation_status,
    esc,
    label,
    label_text,
    lang_switch,
    page,
)
from vnplan.models import PlanRecord
from vnplan.outputs.atomic import write_atomic
from vnplan.outputs.tables import current_units
from vnplan.reference.files import parse_yaml

CHART_WIDTH = 640


@dataclass
class PlanRow:
    """What the dashboard shows of one plan; ``failure`` says why a plan has no record."""

    path: str
    locality: str = ""
    current_province: str = ""  # the province that covers it now (after 2025-07-01)
    year: str = ""
    doc_type: str = ""  # tên loại: Kế hoạch, Báo cáo, Quyết định …
    number: str = ""
    issued: str = ""  # the issue date, or its month when the day is blank
    title: str = ""
    sections: int | None = None
    targets: int | None = None
    citations: int | None = None
    outdated: int | None = None  # citations already outdated at the plan's date
    outdated_now: int | None = None  # in force then, outdated now
    errors: int | None = None  # findings of severity error
    failure: str | None = None
    report: str | None = None  # link to the plan's own report, relative to the dashboard
    documents: dict[str, tuple[str, str]] = field(default_factory=dict)  # doc_id → (name, status)
    target_points: list[tuple[str, int, float, str]] = field(default_factory=list)  # area, year, %, text

    @property
    def name(self) -> str:
        return Path(self.path).name


@cache
def target_areas() -> list[dict]:
    """Areas targets are grouped by (html/assets/target_areas.yaml)."""
    return parse_yaml(asset("target_areas.yaml"))


def target_area(text: str) -> str | None:
    lowered = text.lower()
    for area in target_areas():
        if any(word.lower() in lowered for word in area["keywords"]):
            return area["key"]
    return None


def plan_row(record: PlanRecord, report: str | None = None) -> PlanRow:
    """The dashboard row of one record."""
    m = record.metadata
    years = [y for y in (m.period.start_year, m.period.end_year) if y]
    year = "–".join(str(y) for y in dict.fromkeys(years)) or (str(m.issued_date.year) if m.issued_date else "")
    statuses = [citation_status(ref) for ref in record.legal_references]
    documents = {}
    for ref, status in zip(record.legal_references, statuses, strict=True):
        documents.setdefault(ref.doc_id, (citation_name(ref), status))
    points = []
    for target in record.targets:
        area = target_area(f"{target.subject or ''} {target.text}")
        when = target.deadline_year or m.period.start_year or (m.issued_date.year if m.issued_date else None)
        if area and when and target.unit == "%":
            points.append((area, when, target.value, target.text[:120]))
    return PlanRow(
        path=record.source.path,
        doc_type=m.doc_type or "",
        number=m.number or "",
        issued=m.issued_date.isoformat() if m.issued_date else (m.issued_month or ""),
        title=(m.title or "")[:160],
        locality=", ".join(filter(None, [m.locality.commune, m.locality.district, m.locality.province])),
        current_province=current_units(m.locality.model_dump())["current_province"] or "",
        year=year,
        sections=len(record.sections),
        targets=len(record.targets),
        citations=len(record.legal_references),
        outdated=statuses.count("outdated_issue"),
        outdated_now=statuses.count("outdated_now"),
        errors=sum(f.severity == "error" for f in record.findings),
        report=report,
        documents=documents,
        target_points=points,
    )


def _fields(item: object) -> dict:
    if isinstance(item, Mapping):
        return dict(item)
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    return dict(vars(item)) if hasattr(item, "__dict__") else {}


def _record_of(fields: dict, base: Path) -> PlanRecord | None:
    """The record a batch row carries, or the record JSON it points to."""
    record = fields.get("record")
    if isinstance(record, PlanRecord):
        return record
    if isinstance(record, Mapping):
        return PlanRecord.model_validate(record)
    if isinstance(record, bytes):  # vnplan.batch.Result carries the record's JSON
        return PlanRecord.model_validate_json(record)
    for key in ("record", "record_path", "output", "json", "out"):  # the manifest's "record" path
        value = fields.get(key)
        if isinstance(value, str | Path) and str(value).endswith(".json"):
            path = Path(value) if Path(value).is_absolute() else base / value
            if path.is_file():
                return PlanRecord.model_validate_json(path.read_text("utf-8"))
    return None


def plan_rows(records_or_rows: Iterable[object], out_dir: Path, *, reports: bool = True,
              lang: str = "vi") -> list[PlanRow]:
    """Rows from records, ``PlanRow``s, (path, record-or-error) pairs or batch rows (dicts or
    dataclasses with ``record``/``output`` and ``path``/``error``). Writes each plan's report
    under ``out_dir/reports`` when ``reports`` and the record has its text."""
    rows: list[PlanRow] = []
    taken: set[str] = set()
    for item in records_or_rows:
        if isinstance(item, PlanRow):
            rows.append(item)
            continue
        if isinstance(item, tuple) and len(item) == 2:
            path, result = item
            fields = {"path": str(path), "record": result} if isinstance(result, PlanRecord) else {
                "path": str(path), "error": str(getattr(result, "reason", result))}
        elif isinstance(item, PlanRecord):
            fields = {"record": item}
        else:
            fields = _fields(item)
        if fields.get("status") == "skipped":
            continue  # not a plan (a README, a spreadsheet): listed in the manifest, not here
        record = _record_of(fields, out_dir)
        if record is None:
            path = str(fields.get("path") or fields.get("source") or fields.get("input") or "?")
            reason = next((fields[k] for k in ("error", "failure", "reason", "message", "status")
                           if fields.get(k)), "no record")
            rows.append(PlanRow(path=path, failure=str(getattr(reason, "reason", reason))))
            continue
        href = None
        if reports and record.text:
            stem = re.sub(r"[^\w.-]+", "_", Path(record.source.path).stem) or "plan"
            name, n = f"{stem}.html", 1
            while name in taken:
                n += 1
                name = f"{stem}-{n}.html"
            taken.add(name)
            write_report(record, out_dir / "reports" / name, lang)
            href = f"reports/{name}"
        row = plan_row(record, href)
        if fields.get("path"):
            row.path = str(fields["path"])
        rows.append(row)
    return rows


# --- charts (inline SVG) -------------------------------------------------------------------------


def _bars(items: list[tuple[str, str | None, list[tuple[str, int]]]], empty: str) -> str:
    """Horizontal stacked bars: (label, link, [(status class, count)…]) per line."""
    if not items:
        return f'<p class="muted">{empty}</p>'
    top = max(sum(n for _, n in parts) for _, _, parts in items) or 1
    left, line = 230, 22
    scale = (CHART_WIDTH - left - 40) / top
    out = [f'<svg class="chart" width="{CHART_WIDTH}" height="{len(items) * line + 8}" '
           f'viewBox="0 0 {CHART_WIDTH} {len(items) * line + 8}" role="img">']
    for i, (text, _href, parts) in enumerate(items):
        y = 4 + i * line
        short = text if len(text) <= 34 else text[:33] + "…"
        out.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end"><title>{esc(text)}</title>{esc(short)}</text>')
        x = left
        for status, n in parts:
            if n:
                out.append(f'<rect class="bar st-{esc(status)}" x="{x:.1f}" y="{y + 2}" width="{n * scale:.1f}" '
                           f'height="{line - 6}"><title>{esc(text)}: {n}</title></rect>')
                x += n * scale
        out.append(f'<text x="{x + 4:.1f}" y="{y + 15}">{sum(n for _, n in parts)}</text>')
    out.append("</svg>")
    return "".join(out)


def outdated_chart(rows: list[PlanRow], lang: str) -> str:
    items = [(r.locality or r.name, r.report, [("outdated_issue", r.outdated or 0), ("outdated_now", r.outdated_now or 0)])
             for r in rows if r.failure is None]
    items.sort(key=lambda it: -sum(n for _, n in it[2]))
    return _bars(items, label("no_data", lang))


def cited_chart(rows: list[PlanRow], lang: str, limit: int = 12) -> str:
    plans_citing: Counter[str] = Counter()
    status_counts: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, str] = {}
    for row in rows:
        for doc_id, (name, status) in row.documents.items():
            plans_citing[doc_id] += 1
            status_counts[doc_id][status] += 1
            names.setdefault(doc_id, name)
    items = [(names[d], None, [(s, status_counts[d][s]) for s in STATUSES])
             for d, _ in plans_citing.most_common(limit)]
    return _bars(items, label("no_data", lang))


def targets_chart(rows: list[PlanRow], lang: str) -> str:
    """One small scatter per area: year across, percentage up, one dot per plan's target."""
    by_area: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
    for row in rows:
        for area, year, value, text in row.target_points:
            by_area[area].append((year, value, f"{row.locality or row.name} ({year}): {value:g}% — {text}"))
    if not by_area:
        return f'<p class="muted">{label("no_data", lang)}</p>'
    years = sorted({y for points in by_area.values() for y, _, _ in points})
    lo, hi = years[0], max(years[-1], years[0] + 1)
    w, h, pad = 300, 170, 34
    out = []
    for area in target_areas():
        points = by_area.get(area["key"])
        if not points:
            continue
        parts = [f'<figure class="small"><figcaption><span data-vi="{esc(area["vi"])}" data-en="{esc(area["en"])}">'
                 f'{esc(area["en"] if lang == "en" else area["vi"])}</span></figcaption>'
                 f'<svg class="chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img">']
        for pct in (0, 50, 100):
            y = h - pad - pct / 100 * (h - 2 * pad + 14)
            parts.append(f'<line class="grid" x1="{pad}" x2="{w - 8}" y1="{y:.1f}" y2="{y:.1f}"/>'
                         f'<text x="{pad - 4}" y="{y + 4:.1f}" text-anchor="end">{pct}%</text>')
        for year in years:
            x = pad + 10 + (year - lo) / (hi - lo) * (w - pad - 30)
            parts.append(f'<text x="{x:.1f}" y="{h - 8}" text-anchor="middle">{year}</text>')
        for i, (year, value, tip) in enumerate(points):
            x = pad + 10 + (year - lo) / (hi - lo) * (w - pad - 30) + (i % 5 - 2) * 3
            y = h - pad - min(max(value, 0), 100) / 100 * (h - 2 * pad + 14)
            parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="4"><title>{esc(tip)}</title></circle>')
        parts.append("</svg></figure>")
        out.append("".join(parts))
    return f'<div class="smalls">{"".join(out)}</div>'


# --- the page ------------------------------------------------------------------------------------

COLUMNS = (  # (label key, PlanRow attribute, numeric)
    ("document", "name", False), ("doc_type", "doc_type", False), ("number", "number", False),
    ("issued", "issued", False), ("title", "title", False),
    ("locality", "locality", False), ("current_province", "current_province", False),
    ("year", "year", False),
    ("sections", "sections", True), ("targets", "targets", True), ("citations", "citations", True),
    ("outdated", "outdated", True), ("outdated_now_short", "outdated_now", True),
    ("errors", "errors", True), ("failures", "failure", False),
)


def table_html(rows: list[PlanRow], lang: str) -> str:
    head = "".join(f'<th class="{"num" if num else ""}" data-type="{"num" if num else "text"}">'
                   f"{label(key, lang)}</th>" for key, _, num in COLUMNS)
    body = []
    for row in rows:
        cells = []
        for _, attr, num in COLUMNS:
            value = getattr(row, attr)
            shown = esc("" if value is None else value)
            if attr == "name" and row.report:
                shown = f'<a href="{esc(row.report)}">{shown}</a>'
            if attr == "outdated" and value:
                shown = f'<span class="bad">{shown}</span>'
            if attr == "failure" and value:
                shown = f'<span class="sev-error">{shown}</span>'
            sort = value if value is not None else (-1 if num else "")
            cells.append(f'<td class="{"num" if num else ""}" data-v="{esc(sort)}">{shown}</td>')
        flags = " outdated" if row.outdated else ""
        body.append(f'<tr class="plan{flags}">{"".join(cells)}</tr>')
    return f'<table id="plans"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def render_dashboard(rows: list[PlanRow], lang: str = "vi") -> str:
    """The dashboard page over ``rows``."""
    failed = sum(r.failure is not None for r in rows)
    legend = "".join(f'<span><span class="sw st-{s}"></span>{label("st_" + s, lang)}</span> ' for s in STATUSES)
    vi, en = label_text("filter", "vi"), label_text("filter", "en")
    body = f"""<header class="top"><h1>{label("dashboard_title", lang)}</h1>{lang_switch(lang)}</header>
<main class="dash">
<p class="summary">{len(rows)} {label("plans_count", lang)}{f', {failed} {label_text("failed", lang)}' if failed else ""}</p>
<div class="controls"><input id="filter" type="search" data-vi="{esc(vi)}" data-en="{esc(en)}" placeholder="{esc(vi if lang != 'en' else en)}">
<label><input id="only-outdated" type="checkbox"> {label("only_outdated", lang)}</label></div>
{table_html(rows, lang)}
<p class="legend">{legend}</p>
<section class="charts">
<figure id="chart-outdated"><figcaption>{label("chart_outdated", lang)}</figcaption>{outdated_chart(rows, lang)}</figure>
<figure id="chart-cited"><figcaption>{label("chart_cited", lang)} <span class="muted">({label("chart_cited_hint", lang)})</span></figcaption>{cited_chart(rows, lang)}</figure>
<figure id="chart-targets"><figcaption>{label("chart_targets", lang)} <span class="muted">({label("chart_targets_hint", lang)})</span></figcaption>{targets_chart(rows, lang)}</figure>
</section>
</main>"""
    return page(label_text("dashboard_title", lang), lang, asset("dashboard.css"), body,
                [asset("i18n.js"), asset("dashboard.js")])


def write_dashboard(records_or_rows: Iterable[object], out_path: str | Path, *, lang: str = "vi",
                    plan_reports: bool = True) -> Path:
    """Write the batch dashboard to ``out_path`` (e.g. ``OUT_DIR/index.html``).

    ``records_or_rows``: ``PlanRecord``s, ``PlanRow``s, ``(path, record_or_error)`` pairs, or batch
    rows (mappings or dataclasses) with a ``record`` or a record JSON path (``output``), else a
    ``path`` and an ``error``. With ``plan_reports``, each record's own report is written to
    ``reports/`` beside the dashboard and linked from its row.
    """
    out = Path(out_path)
    rows = plan_rows(records_or_rows, out.parent, reports=plan_reports, lang=lang)
    write_atomic(out, render_dashboard(rows, lang).encode("utf-8"))
    return out
