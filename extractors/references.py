"""Stage: legal references (trích dẫn văn bản) — find, normalise, link repeats, flag anomalies.

    find_legal_references(text, context) -> (legal_references, findings)

Three finders run over the repaired text — numbered documents ("Nghị định số 61/2018/NĐ-CP ngày
23/4/2018 của Chính phủ"), laws by name ("Luật Tổ chức chính quyền địa phương năm 2015") and
standards ("TCVN ISO 9001:2015") — then short mentions ("Nghị định 61") are resolved to a full
citation, every citation of one document gets the same ``doc_id``, and ``reference_checks`` flags
what is wrong in the document itself. Format knowledge lives in ``corpora/reference``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

import regex
from vnplan.models import Finding, LegalReference

from vnplan.reference_data import name_key, number_key

from . import citation_patterns as p
from .context import ExtractionContext
from .reference_checks import check_references
from .vndates import make_date


@dataclass
class Citation:
    """A citation while it is being read: the future ``LegalReference`` plus what checks need."""

    start: int
    end: int
    kind: str = "document"
    doc_type: str | None = None
    typed: bool = False  # the type was written before the number (not inferred from the code)
    parts: p.NumberParts | None = None
    number: str | None = None
    corrected: str | None = None
    year: int | None = None
    issued_date: date | None = None
    date_text: str | None = None  # as written, also when impossible ("31/02/2021")
    issuer: str | None = None
    issuer_written: bool = False
    title: str | None = None
    short: bool = False  # "Nghị định 61": kept only when it resolves
    doc_id: str = ""
    resolved_from: int | None = None
    extra: dict = field(default_factory=dict)


def find_legal_references(
    text: str, context: ExtractionContext | None = None
) -> tuple[list[LegalReference], list[Finding]]:
    """Every citation of a specific document in ``text``, in order, and the anomalies found."""
    context = context or ExtractionContext()
    findings: list[Finding] = []
    found: list[Citation] = []
    for finder in (_numbered, _laws, _standards):
        try:
            found.extend(finder(text))
        except TimeoutError:
            findings.append(_timeout_finding(finder.__name__.strip("_")))
    citations = _without_overlaps(found)
    _link(citations)
    try:
        citations = _with_short_mentions(text, citations)
    except TimeoutError:
        findings.append(_timeout_finding("short mentions"))
    _mark_resolved(citations)
    references = [_reference(c, text, context) for c in citations]
    findings.extend(check_references(citations, references, context))
    return references, findings


# --- finders -------------------------------------------------------------------------------


def _numbered(text: str) -> list[Citation]:
    """Citations by number: '[type] [số] number [ngày …] [của …]'."""
    found = []
    for m in p.NUMBER.finditer(text, timeout=p.SCAN_TIMEOUT):
        parts = p.number_parts(m)
        if not p.looks_like_code(parts):
            continue
        window_start = max(0, m.start() - p.TYPE_WINDOW)
        typed = p.type_before(text, m.start())
        if typed:
            start, doc_type = typed
        else:
            start, doc_type = m.start(), _label_for_code(parts)
            if doc_type is None and not text[window_start:m.start()].rstrip().endswith("số"):
                continue  # a bare code-less number is too weak to be a citation
        cite = Citation(start, m.end(), doc_type=doc_type, typed=bool(typed), parts=parts,
                        number=parts.number, year=parts.year)
        _read_tail(text, cite)
        found.append(cite)
    return found


def _label_for_code(parts: p.NumberParts) -> str | None:
    labels = p.CODE_LABELS.get(parts.type_code or "")
    if labels:
        return "Quy định" if parts.party and parts.type_code == "QĐ" else labels[0]
    if any(p.body_code(b) in p.FORMATS.year_bodies for b in parts.bodies):
        return "Luật" if parts.year else None
    return None


def _read_tail(text: str, cite: Citation) -> None:
    """The date and issuer written right after a citation (in either order)."""
    for _ in range(2):
        ahead = text[cite.end:cite.end + 24].casefold()  # cheap test before the patterns
        if cite.date_text is None and "ngày" in ahead and (d := p.DATE_AFTER.match(text, cite.end)):
            cite.date_text = f"{d['d']}/{d['m']}/{d['y']}"
            cite.issued_date = make_date(int(d["y"]), int(d["m"]), int(d["d"]))
            cite.end = d.end()
        ahead = text[cite.end:cite.end + 8].casefold()
        if not cite.issuer_written and ("của" in ahead or "do" in ahead) and (
            i := p.ISSUER_AFTER.match(text, cite.end)
        ):
            cite.issuer = " ".join(i["issuer"].split())
            cite.issuer_written = True
            cite.end = i.end()


def _laws(text: str) -> list[Citation]:
    """Laws by name: 'Luật Tổ chức chính quyền địa phương [năm 2015] [số …] [ngày …]'."""
    found = []
    for m in p.LAW_HEAD.finditer(text, timeout=p.SCAN_TIMEOUT):
        name_end = _law_name_end(text, m.end())
        if name_end is None:
            continue
        kind_label = p.TYPE_LABELS[p.type_key(m["kind"])]
        cite = Citation(m.start(), name_end, kind="law", doc_type=kind_label, typed=True)
        if (y := p.NAME_YEAR.match(text, cite.end)) is not None:
            cite.year, cite.end = int(y["y"]), y.end()
        cite.title = " ".join(text[m.start():cite.end].split())
        if (n := p.NUMBER_AFTER.match(text, cite.end)) and (
            num := p.NUMBER.match(text, n.end())
        ):
            cite.parts = p.number_parts(num)
            cite.number, cite.end = cite.parts.number, num.end()
            cite.year = cite.parts.year or cite.year
        _read_tail(text, cite)
        found.append(cite)
    return found


_NAME_STOP = frozenset(
    ["và", "của", "về", "theo", "tại", "trong", "để", "nhằm", "đã", "được", "đang", "có", "các", "những", "số", "ngày", "hiện", "này", "đó", "cho", "với", "đối", "là", "mà", "khi", "thì", "từ", "đến", "trên", "năm", "sau", "trước", "gồm", "như"]
)
_NAME_STOP_PAIRS = ("quy định", "hướng dẫn", "thi hành", "ban hành", "liên quan", "sửa đổi")
_KNOWN_NAMES = sorted(p.FORMATS.law_names, key=len, reverse=True)
_NAME_MAX_WORDS = 12
# "… Luật Cán bộ, công chức và Luật Viên chức": the next law amended by the same law.
_AND_LAW = regex.compile(r"(?:\s*,\s*|\s+và\s+)(?=Luật\s)")
# A year standing as a word of a law's name ends it: "2015".
_YEAR_WORD = regex.compile(r"(?:19|20)\d{2}")


def _law_name_end(text: str, pos: int) -> int | None:
    """Where the name of a law that starts at ``pos`` ends, or None when there is no name."""
    head = text[pos:pos + 120].casefold()
    for name in _KNOWN_NAMES:
        if head.startswith(name.casefold()) and not head[len(name):len(name) + 1].isalnum():
            return pos + len(name)
    if (amend := p.AMENDING.match(text, pos)) is not None:
        end = _inner_law_end(text, amend.end())
        while end is not None and (more := _AND_LAW.match(text, end)):
            following = _inner_law_end(text, more.end())
            if following is None:
                break
            end = following
        return end
    end, words = pos - 1, 0  # NAME_WORD takes the space before each word
    for w in p.NAME_WORD.finditer(text, pos - 1, min(len(text), pos + 160)):
        if w.start() != end:
            break  # punctuation between words ends the name
        word = w["w"].casefold()
        if word in _NAME_STOP or (words and text[w.start("w"):w.start("w") + 12].casefold().startswith(_NAME_STOP_PAIRS)):
            break
        if _YEAR_WORD.fullmatch(word):
            break
        end, words = w.end(), words + 1
        if words >= _NAME_MAX_WORDS:
            break
    return end if words else None


def _inner_law_end(text: str, pos: int) -> int | None:
    """The end of 'Luật X' (the law an amending law amends), starting at ``pos``."""
    head = p.LAW_HEAD.match(text, pos)
    return _law_name_end(text, head.end()) if head else None


def _standards(text: str) -> list[Citation]:
    """Standards: 'TCVN ISO 9001:2015' (kind="standard")."""
    found = []
    for m in p.STANDARD.finditer(text, timeout=p.SCAN_TIMEOUT):
        number = " ".join(m["std"].split()) + " " + m["code"]
        if m["y"]:
            number += f":{m['y']}"
        found.append(Citation(m.start(), m.end(), kind="standard", doc_type="Tiêu chuẩn",
                              number=number, year=int(m["y"]) if m["y"] else None))
    return found


def _without_overlaps(found: list[Citation]) -> list[Citation]:
    """In text order; where two overlap, the one that starts first (then the longer) wins."""
    kept: list[Citation] = []
    for cite in sorted(found, key=lambda c: (c.start, -c.end)):
        if kept and cite.start < kept[-1].end:
            continue
        kept.append(cite)
    return kept


# --- linking repeats -------------------------------------------------------------------------


def _identity(cite: Citation) -> tuple[str, int | None]:
    """(key, year) naming the document: the number (corrected first), its year if not in it."""
    if cite.kind == "standard":
        return "std:" + (cite.number or "").upper(), None
    if cite.kind == "law" and cite.number is None:
        return "law:" + name_key(cite.title or "", keep_year=False), cite.year
    number = cite.corrected or cite.number or ""
    in_number = cite.parts is not None and (cite.parts.year is not None or cite.corrected is not None)
    year = None if in_number else (cite.issued_date.year if cite.issued_date else None)
    return number_key(number), year


def _link(citations: list[Citation]) -> None:
    """Give every citation of one document the same ``doc_id``.

    Numbers without a year (``02/KH-UBND``) name a different document each year, so the year of
    the date tells them apart; a citation without a date joins the only dated one, if there is one.
    A year-less law name joins the only dated version of that law. Repairs the tool can infer
    (``33/NĐ-CP ngày 10/6/2023`` → ``33/2023/NĐ-CP``) are made first.
    """
    for cite in citations:
        _infer_repair(cite)
    years: dict[str, set[int]] = {}
    for cite in citations:
        key, year = _identity(cite)
        if year is not None:
            years.setdefault(key, set()).add(year)
    for cite in citations:
        key, year = _identity(cite)
        if year is None and len(years.get(key, ())) == 1:
            year = next(iter(years[key]))
        if cite.kind == "law" and cite.number is None:
            cite.doc_id = key.removeprefix("law:") + (f" {year}" if year else "")
        else:
            label = cite.corrected or cite.number or ""
            cite.doc_id = f"{label}@{year}" if year is not None and str(year) not in label else label


def _infer_repair(cite: Citation) -> None:
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


def requires_year(parts: p.NumberParts) -> bool:
    """Whether the number's form carries the year (Nghị định, Thông tư, laws …)."""
    return (parts.type_code in p.FORMATS.year_type_codes) or any(
        p.body_code(b) in p.FORMATS.year_bodies for b in parts.bodies
    )


def _with_short_mentions(text: str, citations: list[Citation]) -> list[Citation]:
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


def _mark_resolved(citations: list[Citation]) -> None:
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


# --- output ----------------------------------------------------------------------------------


def _reference(cite: Citation, text: str, context: ExtractionContext) -> LegalReference:
    return LegalReference(
        surface=text[cite.start:cite.end],
        kind=cite.kind,
        doc_type=cite.doc_type,
        number=cite.number,
        corrected_number=cite.corrected if cite.corrected != cite.number else None,
        year=cite.year or (cite.issued_date.year if cite.issued_date else None),
        issuer_code=_issuer_code(cite),
        issuer=cite.issuer or _issuer_from_code(cite),
        issued_date=cite.issued_date,
        title=cite.title,
        span=(cite.start, cite.end),
        page=context.page_at(cite.start),
        section=context.section_path(cite.start),
        doc_id=cite.doc_id,
        resolved_from=cite.resolved_from,
    )


def _issuer_code(cite: Citation) -> str | None:
    """'NĐ-CP', 'QĐ-TTg', 'NQ/TW', 'TTLT-BTC-BNV', 'QH15' — the code part of the number."""
    parts = cite.parts
    if parts is None:
        return None
    bodies = "-".join(parts.bodies)
    if parts.party:
        return f"{parts.type_code}/{bodies}"
    return f"{parts.type_code}-{bodies}" if parts.type_code and bodies else (parts.type_code or bodies)


def _issuer_from_code(cite: Citation) -> str | None:
    """The issuing body from the code table, or the body that always issues the type."""
    if cite.parts is not None and cite.parts.bodies:
        joint = cite.parts.type_code == "TTLT"  # 71/2014/TTLT-BTC-BNV: every body issued it
        bodies = cite.parts.bodies if joint else cite.parts.bodies[:1]  # SXD-TCĐT: TCĐT is a unit
        named = [p.ISSUERS[p.body_code(b)] for b in bodies if p.body_code(b) in p.ISSUERS]
        if named:
            return ", ".join(named)
    doc_type = p.FORMATS.type_by_label(cite.doc_type or "")
    return doc_type.issuer if doc_type else None


def _timeout_finding(what: str) -> Finding:
    return Finding(
        kind="reference_scan_incomplete", severity="warning",
        message=f"the search for {what} took too long and was stopped; citations may be missing",
    )
