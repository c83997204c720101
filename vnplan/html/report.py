"""Review report: one plan's record as a single self-contained HTML page (báo cáo rà soát).

    record (PlanRecord with its repaired ``text``) → render_report(record, lang) → HTML string

The page shows the repaired text with what vnplan found marked in it — citations coloured by
validity, targets, units, findings — and a side panel with the metadata, the section outline, the
findings, the cited documents, the targets and the appendix. Everything is inline (CSS, JS, data):
the file opens without network access. Every piece of document text is escaped; details for the
pop-ups travel as JSON and are put on the page with ``textContent``, never as HTML.

Overlapping spans are split at every boundary: each piece of text between two boundaries is
wrapped in all the highlights covering it, longest outermost, so the markup always nests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from vnplan.html.toolkit import (
    LANGS,
    OUTDATED_KINDS,
    SEVERITY_RANK,
    STATUSES,
    asset,
    citation_name,
    citation_status,
    esc,
    label,
    label_text,
    labels,
    lang_switch,
    number,
    page,
    script_json,
    status_text,
    target_value,
)
from vnplan.models import AppendixTable, Finding, LegalReference, PlanRecord, Section, Target, Unit
from vnplan.outputs.atomic import write_atomic


@dataclass(frozen=True)
class Highlight:
    """A span to mark: ``css`` classes, ``key`` into the details JSON, a plain-text tooltip."""

    start: int
    end: int
    css: str
    key: str | None = None
    title: str = ""
    order: int = 0  # among equal spans, lower is outer


def highlights(record: PlanRecord, lang: str = "vi") -> tuple[list[Highlight], dict[str, dict]]:
    """Every span to mark in the text, and the details each pop-up shows."""
    marks: list[Highlight] = []
    details: dict[str, dict] = {}
    for section in walk_sections(record.sections, depth=2):  # lettered items are paragraphs
        marks.append(Highlight(*section.heading_span, "heading", order=9))
    for i, finding in enumerate(record.findings):
        span = finding_span(record, finding)
        if span:
            key = f"f{i}"
            details[key] = finding_details(finding)
            marks.append(Highlight(*span, "finding", key, finding.message, order=1))
    for i, ref in enumerate(record.legal_references):
        key = f"r{i}"
        details[key] = citation_details(ref, lang)
        status = citation_status(ref)
        tip = f"{citation_name(ref)} — {label_text('st_' + status, lang)}"
        if ref.validity and ref.validity.replaced_by:
            tip += " → " + ", ".join(ref.validity.replaced_by)
        marks.append(Highlight(*ref.span, f"cite st-{status}", key, tip, order=3))
    for i, target in enumerate(record.targets):
        key = f"t{i}"
        details[key] = target_details(target, lang)
        tip = f"{target.subject or ''} {target_value(target, lang)}".strip()
        marks.append(Highlight(*target.span, "target", key, tip, order=4))
    for i, unit in enumerate(record.units):
        key = f"u{i}"
        details[key] = unit_details(unit)
        for span in unit.mentions:
            marks.append(Highlight(*span, "unit", key, unit.name, order=2))
    return marks, details


def finding_span(record: PlanRecord, finding: Finding) -> tuple[int, int] | None:
    if finding.span:
        return finding.span
    if finding.reference is not None and 0 <= finding.reference < len(record.legal_references):
        return record.legal_references[finding.reference].span
    return None


def citation_details(ref: LegalReference, lang: str) -> dict:
    v = ref.validity
    rows = [["doc_type", ref.doc_type or ""], ["number", ref.number or ref.title or ref.surface]]
    if ref.corrected_number:
        rows.append(["corrected_number", ref.corrected_number])
    rows += [["issuer", ref.issuer or ref.issuer_code or ""],
             ["issued_date", ref.issued_date.isoformat() if ref.issued_date else ""]]
    links = []
    if v is not None:
        status = citation_status(ref)
        at = f" ({v.reference_date})" if v.reference_date else ""
        rows.append(["status_at_issue", f"{status_text(v.status_at_issue, lang)}{at}", f"st-{status}"])
        rows.append(["status_as_of", f"{status_text(v.status_as_of, lang)} ({v.as_of})"])
        if v.replaced_by:
            rows.append(["replaced_by", " → ".join(v.replaced_by), "bad"])
        for ev in v.events:
            when = ev.effective_date.isoformat() if ev.effective_date else "?"
            rows.append(["events", f"{when}: {status_text(ev.kind, lang)}{f' — {ev.by}' if ev.by else ''}"])
            if ev.source:
                links.append([short_url(ev.source), ev.source])
        links += [[short_url(url), url] for url in v.sources]
        if v.note:
            rows.append(["note", v.note])
    if ref.page is not None:
        rows.append(["page", str(ref.page)])
    rows = [row for row in rows if row[1]]
    unique = list({url: [text, url] for text, url in links}.values())
    return {"kind": "cite", "title": citation_name(ref), "rows": rows, "links": unique}


def short_url(url: str) -> str:
    """'dms.gov.vn/chinh-sach?p_p_id=…' rather than three hundred characters of query."""
    parts = urlsplit(url)
    shown = parts.netloc + parts.path
    return shown if len(shown) <= 60 and not parts.query else shown[:60] + "…"


def target_details(target: Target, lang: str) -> dict:
    rows = [
        ["value", target_value(target, lang)],
        ["subject", target.subject or ""],
        ["deadline", str(target.deadline_year or "")],
        ["baseline", target.baseline or ""],
        ["section", " › ".join(target.section)],
        ["page", str(target.page or "")],
        ["task", target.text],
    ]
    return {"kind": "target", "title": target_value(target, lang),
            "rows": [r for r in rows if r[1]], "links": []}


def unit_details(unit: Unit) -> dict:
    rows = [
        ["roles", ", ".join(unit.roles)],
        ["aliases", "; ".join(unit.aliases)],
        ["mentions", str(len(unit.mentions))],
        ["duties", str(len(unit.duties)) if unit.duties else ""],
    ]
    return {"kind": "unit", "title": unit.name, "rows": [r for r in rows if r[1]], "links": []}


def finding_details(finding: Finding) -> dict:
    rows = [["severity", finding.severity], ["note", finding.message],
            ["suggestion", finding.suggestion or ""], ["page", str(finding.page or "")]]
    return {"kind": "finding", "title": finding.kind, "rows": [r for r in rows if r[1]], "links": []}


def render_text(text: str, marks: list[Highlight], anchors: dict[int, list[str]]) -> str:
    """The text as HTML: escaped, ``marks`` wrapped around it, ``anchors`` (safe HTML) inserted.

    The text is cut at every span boundary and anchor; each piece is wrapped in every mark that
    covers it, outermost first, and closed before the next piece — so any overlap nests.
    """
    size = len(text)
    spans = [m for m in marks if 0 <= m.start < m.end]
    spans = [m if m.end <= size else Highlight(m.start, size, m.css, m.key, m.title, m.order)
             for m in spans if m.start < size]
    cuts = sorted({0, size, *anchors, *(m.start for m in spans), *(m.end for m in spans)})
    cuts = [c for c in cuts if 0 <= c <= size]
    spans.sort(key=lambda m: m.start)
    active: list[Highlight] = []
    out: list[str] = []
    nxt = 0
    for a, b in zip(cuts, [*cuts[1:], None], strict=True):
        out.extend(anchors.get(a, ()))
        if b is None:
            break
        active = [m for m in active if m.end > a]
        while nxt < len(spans) and spans[nxt].start <= a:
            if spans[nxt].end > a:
                active.append(spans[nxt])
            nxt += 1
        layers = sorted(active, key=lambda m: (m.start, -m.end, m.order))
        for m in layers:
            key = f' data-k="{esc(m.key)}"' if m.key else ""
            tip = f' title="{esc(m.title)}"' if m.title else ""
            out.append(f'<mark class="hl {esc(m.css)}"{key}{tip}>')
        out.append(esc(text[a:b]))
        out.append("</mark>" * len(layers))
    return "".join(out)


# --- the side panel --------------------------------------------------------------------------


def walk_sections(sections: list[Section], depth: int = 99) -> Iterable[Section]:
    """Sections in reading order, down to ``depth`` levels."""
    for section in sections:
        yield section
        if depth > 1:
            yield from walk_sections(section.children, depth - 1)


def section_ids(sections: list[Section], prefix: str = "sec") -> Iterable[tuple[str, Section]]:
    """Unique anchors by position ('sec-2-1'): plans number two sections 'II' more often than not."""
    for i, section in enumerate(sections, 1):
        anchor = f"{prefix}-{i}"
        yield anchor, section
        yield from section_ids(section.children, anchor)


def outline_html(sections: list[Section], lang: str, prefix: str = "sec") -> str:
    if not sections:
        return ""
    items = []
    for i, s in enumerate(sections, 1):
        anchor = f"{prefix}-{i}"
        mark = s.numeral or s.label
        head = f"{mark}. {s.title}" if mark and mark != "*" else s.title
        if len(head) > 70:  # lettered items carry their whole first sentence as a title
            head = head[:68].rstrip(" ,;.…") + "…"
        pg = f' <span class="muted">({label_text("page", lang).lower()} {s.page})</span>' if s.page else ""
        items.append(f'<li><a href="#{anchor}">{esc(head)}</a>{pg}'
                     f"{outline_html(s.children, lang, anchor)}</li>")
    return f'<ol class="outline">{"".join(items)}</ol>'


def sorted_findings(findings: list[Finding]) -> list[tuple[int, Finding]]:
    """Errors and warnings first; within a severity, outdated citations first; then by position."""
    return sorted(
        enumerate(findings),
        key=lambda pair: (SEVERITY_RANK.get(pair[1].severity, 3),
                          pair[1].kind not in OUTDATED_KINDS,
                          pair[1].span[0] if pair[1].span else 0),
    )


def at(offset: int) -> str:
    return f"at-{offset}"


def jump(offset: int | None, text: str) -> str:
    return f'<a href="#{at(offset)}">{esc(text)}</a>' if offset is not None else esc(text)


def details_block(key: str, lang: str, count: int | str, inner: str, open_: bool = True) -> str:
    return (f'<details id="panel-{key}"{" open" if open_ else ""}><summary>{label(key, lang)} '
            f'<span class="count">({count})</span></summary>{inner}</details>')


def metadata_html(record: PlanRecord, lang: str) -> str:
    m, src = record.metadata, record.source
    where = ", ".join(filter(None, [m.locality.commune, m.locality.district, m.locality.province]))
    period = "–".join(str(y) for y in dict.fromkeys([m.period.start_year, m.period.end_year]) if y)
    signer = " ".join(filter(None, [m.signer.on_behalf_of, m.signer.capacity, m.signer.name]))
    rows = [
        ("doc_type", m.doc_type), ("number", m.number), ("issuer", m.issuer), ("locality", where),
        ("title", m.title), ("issued_date", m.issued_date), ("issued_place", m.issued_place),
        ("period", period), ("signer", signer), ("source", src.path),
        ("format", src.format), ("pages", src.pages), ("generator", record.generator),
    ]
    body = "".join(f"<dt>{label(k, lang)}</dt><dd>{esc(v)}</dd>" for k, v in rows if v)
    return f'<dl class="meta">{body}</dl>'


def findings_html(record: PlanRecord, lang: str) -> str:
    if not record.findings:
        return f'<p class="muted">{label("no_items", lang)}</p>'
    items = []
    for _, f in sorted_findings(record.findings):
        span = finding_span(record, f)
        where = f" — {label_text('page', lang).lower()} {f.page}" if f.page else ""
        link = jump(span[0], f"→{where or ' ' + label_text('document', lang).lower()}") if span else ""
        hint = f"<br><i>{label('suggestion', lang)}: {esc(f.suggestion)}</i>" if f.suggestion else ""
        items.append(
            f'<li class="finding-item" data-kind="{esc(f.kind)}"><span class="sev-{esc(f.severity)}">'
            f"{esc(f.kind)}</span>: {esc(f.message)} {link}{hint}</li>"
        )
    return f'<ol class="findings">{"".join(items)}</ol>'


def citations_html(record: PlanRecord, lang: str) -> str:
    groups: dict[str, list[LegalReference]] = {}
    for ref in record.legal_references:
        groups.setdefault(ref.doc_id, []).append(ref)
    rows = []
    for refs in groups.values():
        ref = refs[0]
        status = citation_status(ref)
        v = ref.validity
        instead = " → " + ", ".join(v.replaced_by) if v and v.replaced_by else ""
        rows.append(
            f'<tr><td><span class="sw st-{status}" title="{esc(label_text("st_" + status, lang))}">'
            f"</span>{jump(ref.span[0], citation_name(ref))}</td>"
            f'<td class="num">{len(refs)}</td><td>{label("st_" + status, lang)}{esc(instead)}</td></tr>'
        )
    if not rows:
        return f'<p class="muted">{label("no_items", lang)}</p>'
    return (f"<table><tr><th>{label('document', lang)}</th><th class=num>{label('cited_times', lang)}"
            f"</th><th>{label('status_as_of', lang)}</th></tr>{''.join(rows)}</table>")


def targets_html(record: PlanRecord, lang: str) -> str:
    if not record.targets:
        return f'<p class="muted">{label("no_items", lang)}</p>'
    rows = "".join(
        f"<tr><td>{jump(t.span[0], t.subject or t.text[:90])}</td>"
        f'<td>{label("kind_" + t.kind, lang)}</td>'
        f'<td class="num">{esc(target_value(t, lang))}</td>'
        f'<td>{esc(t.deadline_year or t.period or "")}</td>'
        f'<td class="num">{esc(t.page or "")}</td></tr>'
        for t in record.targets
    )
    return (f"<table><tr><th>{label('subject', lang)}</th><th>{label('target_kind', lang)}</th>"
            f"<th class=num>{label('value', lang)}</th><th>{label('deadline', lang)}</th>"
            f"<th class=num>{label('page', lang)}</th></tr>{rows}</table>")


def appendix_html(tables: list[AppendixTable], lang: str) -> str:
    if not tables:
        return f'<p class="muted">{label("no_items", lang)}</p>'
    out = []
    for table in tables:
        head = "".join(f"<th>{label(k, lang)}</th>" for k in ("number", "task", "lead", "timeline"))
        body = []
        for row in table.rows:
            cls = ' style="font-weight:bold"' if row.is_group_header else ""
            body.append(
                f"<tr{cls}><td>{jump(row.span[0], row.id or '·')}</td><td>{esc(row.task)}</td>"
                f"<td>{esc(row.lead)}</td><td>{esc(row.timeline.text if row.timeline else '')}</td>"
                f'<td class="num">{esc(number(row.budget_vnd, lang))}</td></tr>'
            )
        computed = sum(r.budget_vnd or 0 for r in table.rows if not r.is_group_header)
        printed = table.total_budget_vnd
        flag = (f' <span class="bad">({label("mismatch", lang)})</span>'
                if printed is not None and computed and printed != computed else "")
        foot = f"<tr><th colspan=4>{label('total_computed', lang)}</th><th class=num>{esc(number(computed, lang))}</th></tr>"
        if printed is not None:
            foot += (f"<tr><th colspan=4>{label('total_printed', lang)}{flag}</th>"
                     f"<th class=num>{esc(number(printed, lang))}</th></tr>")
        title = " — ".join(filter(None, [table.title, table.caption]))
        out.append(f"<p><b>{esc(title)}</b></p><table><tr>{head}<th class=num>{label('budget', lang)}"
                   f"</th></tr>{''.join(body)}{foot}</table>")
    return "".join(out)


def legend_html(lang: str) -> str:
    parts = [f'<span><mark class="hl cite st-{s}">{label("st_" + s, lang)}</mark></span>'
             for s in STATUSES]
    parts += [f'<span><mark class="hl target">{label("target", lang)}</mark></span>',
              f'<span><mark class="hl unit">{label("unit", lang)}</mark></span>',
              f'<span><mark class="hl finding">{label("finding", lang)}</mark></span>']
    return f'<div class="legend">{"".join(parts)}</div>'


# --- the page --------------------------------------------------------------------------------


def render_report(record: PlanRecord, lang: str = "vi") -> str:
    """The review report of one record, as a complete self-contained HTML document."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    marks, details = highlights(record, lang)
    anchors: dict[int, list[str]] = {}
    for p in record.source.page_provenance:
        anchors.setdefault(p.start, []).append(
            f'<span class="pg anchor" id="page-{p.number}">{label("page", lang)} {p.number}</span>')
    for anchor, section in section_ids(record.sections):
        anchors.setdefault(section.heading_span[0], []).append(f'<span class="anchor" id="{anchor}"></span>')
    linked = {m.start for m in marks if m.key} | {r.span[0] for t in record.appendix for r in t.rows}
    for offset in sorted(linked):
        anchors.setdefault(offset, []).append(f'<span class="anchor" id="{at(offset)}"></span>')
    doc_html = render_text(record.text, marks, anchors)

    m = record.metadata
    heading = " ".join(filter(None, [m.doc_type, m.number, "—", m.issuer or Path(record.source.path).name]))
    n_docs = len({r.doc_id for r in record.legal_references})
    counts = "".join(
        f'<span>{label(k, lang)}: <b data-count="{k}">?</b></span> '
        for k in ("cite", "target", "unit")
    )
    panel = "".join([
        details_block("legend", lang, len(STATUSES) + 3, legend_html(lang) + f"<p>{counts}</p>"),
        details_block("metadata", lang, m.doc_type or "—", metadata_html(record, lang)),
        details_block("findings", lang, len(record.findings), findings_html(record, lang)),
        details_block("outline", lang, len(record.sections), outline_html(record.sections, lang)),
        details_block("citations", lang, n_docs, citations_html(record, lang)),
        details_block("targets", lang, len(record.targets), targets_html(record, lang)),
        details_block("appendix", lang, sum(len(t.rows) for t in record.appendix),
                      appendix_html(record.appendix, lang), open_=bool(record.appendix)),
    ])
    body = (
        f'<header class="top"><h1>{label("report_title", lang)}: {esc(heading)}</h1>{lang_switch(lang)}</header>\n'
        f'<div class="layout"><main class="doc" id="doc">{doc_html}</main>\n'
        f'<aside class="panel">{panel}</aside></div>\n<div id="pop"></div>\n'
        f'<script type="application/json" id="details">{script_json(details)}</script>\n'
        f'<script type="application/json" id="labels">{script_json(labels())}</script>'
    )
    title = f"{label_text('report_title', lang)}: {heading}"
    return page(title, lang, asset("report.css"), body, [asset("i18n.js"), asset("report.js")])


def write_report(record: PlanRecord, out_path: str | Path, lang: str = "vi") -> Path:
    """Render the report and write it atomically; returns the path written."""
    out = Path(out_path)
    write_atomic(out, render_report(record, lang).encode("utf-8"))
    return out
