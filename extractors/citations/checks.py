"""Anomalies in the citations a document makes (issue 3's "Flag"): each says what is wrong and
what was probably meant. Pure: the citations as read, their references, the context.

    type_code_mismatch   "Thông tư số 56/2022/NĐ-CP", "Kế hoạch số 19-NQ/TW"
    missing_year         "Nghị định số 33/NĐ-CP" (the form carries the year)
    malformed_number     "117/2013-NĐ-CP" (a dash where the slash belongs)
    date_year_mismatch   "61/2018/NĐ-CP ngày 23/4/2019"
    conflicting_dates    one document cited with two dates
    conflicting_numbers  "5755/KH-UBND" and "5575/KH-UBND", both of 27/5/2021
    impossible_date      "ngày 31/02/2021"
    future_date          a document dated after the plan
    unknown_issuer_code  a body code not in corpora/reference/issuer_codes.yaml
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from vnplan.extractors.citations import patterns as p
from vnplan.extractors.citations.citation import Citation, requires_year
from vnplan.extractors.context import ExtractionContext
from vnplan.models import Finding, LegalReference
from vnplan.models.kinds import CitationCheckKind, values

FINDING_KINDS = values(CitationCheckKind)
# Body code of an issuer named in words: "Bộ Tài chính" → "BTC" (to suggest "56/2022/TT-BTC").
_CODE_OF_ISSUER = {name.casefold(): code for code, name in p.ISSUERS.items()}


def check_references(
    citations: list[Citation], references: list[LegalReference], context: ExtractionContext
) -> list[Finding]:
    """The findings for one document's citations, at most one per (kind, document)."""
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()

    def add(index: int, kind: str, severity: str, message: str, suggestion: str | None) -> None:
        key = (kind, citations[index].doc_id)
        if key in seen:
            return
        seen.add(key)
        ref = references[index]
        findings.append(Finding(kind=kind, severity=severity, message=message, span=ref.span,
                                page=ref.page, reference=index, suggestion=suggestion))

    for i, cite in enumerate(citations):
        for kind, severity, message, suggestion in _citation_problems(cite, context):
            add(i, kind, severity, message, suggestion)
    for i, kind, message, suggestion in _conflicts(citations):
        add(i, kind, "warning", message, suggestion)
    return sorted(findings, key=lambda f: (f.span or (0, 0))[0])


def _citation_problems(cite: Citation, context: ExtractionContext):
    """(kind, severity, message, suggestion) for what is wrong in one citation."""
    parts = cite.parts
    cited = f"{cite.doc_type or 'văn bản'} số {cite.number}" if cite.number else cite.title or ""
    if cite.short:
        return
    if parts is not None and cite.typed:
        yield from _type_mismatch(cite, parts, cited)
    if parts is not None and not parts.party and cite.kind != "standard":

        dated_since = cite.issued_date is None or cite.issued_date.year >= p.FORMATS.year_since
        if parts.year is None and requires_year(parts) and dated_since:
            yield ("missing_year", "warning",
                   f"{cited}: this form of number carries the year, and it is missing",
                   cite.corrected or f"{parts.ordinal}/<năm>/{parts.number.split('/', 1)[1]}")
        if parts.dash_after_year:
            yield ("malformed_number", "warning",
                   f"{cited}: a dash stands where the slash after the year belongs", cite.corrected)
    if parts is not None and parts.year and cite.issued_date and parts.year != cite.issued_date.year:
        d = cite.issued_date
        yield ("date_year_mismatch", "warning",
               f"{cited} is dated {d.day}/{d.month}/{d.year} but its number says {parts.year}; "
               "one of them is wrong (probably the date)",
               f"ngày {d.day}/{d.month}/{parts.year}")
    if cite.date_text and cite.issued_date is None:
        yield ("impossible_date", "error",
               f"{cited}: 'ngày {cite.date_text}' is not a date in the calendar", None)
    yield from _future(cite, cited, context)
    if parts is not None and cite.kind != "standard":
        bodies = parts.bodies if parts.type_code == "TTLT" or parts.party else parts.bodies[:1]
        for body in bodies:
            if p.body_code(body) not in p.ISSUERS:
                yield ("unknown_issuer_code", "info",
                       f"{cited}: the issuer code {body} is not in the table of issuing bodies "
                       "(corpora/reference/issuer_codes.yaml)", None)


def _type_mismatch(cite: Citation, parts: p.NumberParts, cited: str):
    doc_type = p.FORMATS.type_by_label(cite.doc_type or "")
    if doc_type is None or parts.type_code is None or parts.type_code in doc_type.codes:
        return
    if cite.kind == "law":
        return
    expected = p.CODE_LABELS.get(parts.type_code, ["?"])[0]
    if parts.party and parts.type_code == "QĐ":
        expected = "Quy định"
    suggestion = f"{expected} số {parts.number}"
    body = _CODE_OF_ISSUER.get((cite.issuer or "").casefold())
    if (body and parts.year and not parts.party and doc_type.codes
            and body not in map(p.body_code, parts.bodies)):
        # The words name the type and the issuer; the code is what is wrong:
        # "Thông tư số 56/2022/NĐ-CP … của Bộ Tài chính" → "Thông tư số 56/2022/TT-BTC".
        suggestion = f"{cite.doc_type} số {parts.ordinal}/{parts.year}/{doc_type.codes[0]}-{body}"
    yield ("type_code_mismatch", "warning",
           f"{cited}: the code {parts.type_code} is that of a {expected}, not of a {cite.doc_type}",
           suggestion)


def _future(cite: Citation, cited: str, context: ExtractionContext):
    plan_date = context.plan_date
    if plan_date is not None:
        if cite.issued_date and cite.issued_date > plan_date:
            yield ("future_date", "error",
                   f"{cited} is dated {cite.issued_date:%d/%m/%Y}, after the plan itself "
                   f"({plan_date:%d/%m/%Y})", None)
        elif cite.year and cite.year > plan_date.year and cite.issued_date is None:
            yield ("future_date", "error",
                   f"{cited} is of {cite.year}, after the plan itself ({plan_date:%d/%m/%Y})", None)
    elif context.plan_year is not None:
        year = cite.issued_date.year if cite.issued_date else cite.year
        if year and year > context.plan_year:
            yield ("future_date", "warning",
                   f"{cited} is of {year}, after the start of the plan's period "
                   f"({context.plan_year})", None)


def _conflicts(citations: list[Citation]):
    """(index, kind, message, suggestion) for a document cited two ways."""
    by_doc: dict[str, list[int]] = {}
    for i, cite in enumerate(citations):
        if cite.kind == "document" and not cite.short:
            by_doc.setdefault(cite.doc_id, []).append(i)
    for indices in by_doc.values():
        dates = Counter(citations[i].issued_date for i in indices if citations[i].issued_date)
        if len(dates) > 1:
            usual = _most_common(dates, [citations[i].issued_date for i in indices])
            odd = next(i for i in indices if citations[i].issued_date not in (None, usual))
            cite = citations[odd]
            yield (odd, "conflicting_dates",
                   f"{cite.number} is cited with two dates: {cite.issued_date:%d/%m/%Y} here, "
                   f"{usual:%d/%m/%Y} elsewhere", f"ngày {usual:%d/%m/%Y}")
    yield from _conflicting_numbers(citations, by_doc)


def _conflicting_numbers(citations: list[Citation], by_doc: dict[str, list[int]]):
    """Two numbers for one document: same code, same date, the digits of one shuffled."""
    docs = []
    for doc_id, indices in by_doc.items():
        cite = citations[indices[0]]
        dated = next((citations[i] for i in indices if citations[i].issued_date), None)
        if cite.parts is not None and dated is not None:
            docs.append((doc_id, cite, dated.issued_date, len(indices), indices[0]))
    for a in docs:
        for b in docs:
            _, ca, da, na, ia = a
            _, cb, db, nb, ib = b
            if ca is cb or da != db or ca.parts.ordinal == cb.parts.ordinal:
                continue
            same_code = ca.parts.number.split("/", 1)[-1] == cb.parts.number.split("/", 1)[-1]
            shuffled = sorted(ca.parts.ordinal) == sorted(cb.parts.ordinal)
            # Flag the rarer (then the later) of the two, once.
            rarer = na < nb or (na == nb and ia > ib)
            if same_code and shuffled and rarer:
                yield (ia, "conflicting_numbers",
                       f"{ca.doc_type or 'văn bản'} số {ca.number} and số {cb.number} are both "
                       f"dated {da:%d/%m/%Y}: probably one document with a mistyped number",
                       cb.number)


def _most_common(counts: Counter, in_order: list[date | None]) -> date:
    top = max(counts.values())
    return next(d for d in in_order if d is not None and counts[d] == top)
