"""Linking repeats: one ``doc_id`` per cited document, inferred repairs, short mentions
("Nghị định 61") resolved to their full citation, and undated repeats pointing at the dated one."""

from __future__ import annotations

from bisect import bisect_right

from vnplan.extractors.citations import patterns as p
from vnplan.extractors.citations.citation import Citation, requires_year
from vnplan.reference.keys import name_key, number_key


def identity(cite: Citation) -> tuple[str, int | None]:
    """(key, year) naming the document: the number (corrected first), its year if not in it."""
    if cite.kind == "standard":
        return "std:" + (cite.number or "").upper(), None
    if cite.kind == "law" and cite.number is None:
        return "law:" + name_key(cite.title or "", keep_year=False), cite.year
    number = cite.corrected or cite.number or ""
    in_number = cite.parts is not None and (cite.parts.year is not None or cite.corrected is not None)
    year = None if in_number else (cite.issued_date.year if cite.issued_date else None)
    return number_key(number), year


def link(citations: list[Citation]) -> None:
    """Give every citation of one document the same ``doc_id``.

    Numbers without a year (``02/KH-UBND``) name a different document each year, so the year of
    the date tells them apart; a citation without a date joins the only dated one, if there is one.
    A year-less law name joins the only dated version of that law. Repairs the tool can infer
    (``33/NĐ-CP ngày 10/6/2023`` → ``33/2023/NĐ-CP``) are made first.
    """
    for cite in citations:
        infer_repair(cite)
    years: dict[str, set[int]] = {}
    for cite in citations:
        key, year = identity(cite)
        if year is not None:
            years.setdefault(key, set()).add(year)
    for cite in citations:
        key, year = identity(cite)
        if year is None and len(years.get(key, ())) == 1:
            year = next(iter(years[key]))
        if cite.kind == "law" and cite.number is None:
            cite.doc_id = key.removeprefix("law:") + (f" {year}" if year else "")
        else:
            label = cite.corrected or cite.number or ""
            cite.doc_id = f"{label}@{year}" if year is not None and str(year) not in label else label


def infer_repair(cite: Citation) -> None:
    """Repairs the tool can infer: the year a form requires, a dash where a slash belongs."""
    parts = cite.parts
    if parts is None or parts.party or cite.kind == "law":
        return
    if parts.dash_after_year:
        cite.corrected = parts.number.replace(f"/{parts.year}-", f"/{parts.year}/", 1)
    elif parts.year is None and requires_year(parts) and cite.issued_date is not None:
        cite.corrected = f"{parts.ordinal}/{cite.issued_date.year}/" + parts.number.split("/", 1)[1]
    if cite.year is None and cite.corrected and parts.year is None:
        cite.year = cite.issued_date.year if cite.issued_date else None


def with_short_mentions(text: str, citations: list[Citation]) -> list[Citation]:
    """Add 'Nghị định 61'-style mentions that resolve to exactly one full citation.

    Only the leading numbers of this document's citations are kept from the runs of digits
    (a digit-anchored pattern, fast), then the type written before each hit is read, as for
    full citations.
    """
    ordinals = {c.parts.ordinal.lstrip("0") for c in citations if c.parts is not None}
    ordinals.discard("")
    if not ordinals:
        return citations
    ends = [c.end for c in citations]  # in text order, not overlapping: ends rise too
    added = []
    for m in p.SHORT_MENTION.finditer(text, timeout=p.SCAN_TIMEOUT):
        if m["num"] not in ordinals or _inside_citation(citations, ends, m.start(), m.end()):
            continue
        typed = p.type_before(text, m.start())
        if typed is None:
            continue
        type_start, label = typed
        targets = {
            c.doc_id: c for c in citations
            if c.parts is not None and c.parts.ordinal.lstrip("0") == m["num"]
            and (c.doc_type == label or label in p.CODE_LABELS.get(c.parts.type_code or "", ()))
        }
        if len(targets) != 1:
            continue
        target = next(iter(targets.values()))
        added.append(Citation(
            type_start, m.end(), kind=target.kind, doc_type=label, typed=True,
            number=text[m.start():m.end()], corrected=target.corrected or target.number,
            year=target.year, short=True, doc_id=target.doc_id,
        ))
    return sorted(citations + added, key=lambda c: c.start)


def _inside_citation(citations: list[Citation], ends: list[int], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps one of ``citations`` (sorted, not overlapping)."""
    i = bisect_right(ends, start)  # the first citation ending after ``start``
    return i < len(citations) and citations[i].start < end


def mark_resolved(citations: list[Citation]) -> None:
    """A citation without a date points at the first full (dated) citation of its document."""
    first_full: dict[str, int] = {}
    for i, cite in enumerate(citations):
        if cite.issued_date is not None and not cite.short:
            first_full.setdefault(cite.doc_id, i)
    for i, cite in enumerate(citations):
        if cite.kind == "document" and (cite.short or cite.issued_date is None):
            target = first_full.get(cite.doc_id)
            if target is not None and target != i:
                cite.resolved_from = target
