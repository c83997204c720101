"""Stage: legal references (trích dẫn văn bản) — find, normalise, link repeats, flag anomalies.

    find_legal_references(text, context) -> (legal_references, findings)

Three finders run over the repaired text — numbered documents ("Nghị định số 61/2018/NĐ-CP ngày
23/4/2018 của Chính phủ"), laws by name ("Luật Tổ chức chính quyền địa phương năm 2015") and
standards ("TCVN ISO 9001:2015") — then short mentions ("Nghị định 61") are resolved to a full
citation, every citation of one document gets the same ``doc_id``, and ``reference_checks`` flags
what is wrong in the document itself. Format knowledge lives in ``corpora/reference``.
"""

from __future__ import annotations

from datetime import date, timedelta

import regex
from vnplan.extractors.citations import patterns as p
from vnplan.extractors.citations.checks import check_references
from vnplan.extractors.citations.citation import Citation
from vnplan.extractors.citations.linking import link, mark_resolved, with_short_mentions
from vnplan.extractors.citations.misread import repair_misread_numbers, repair_standard_years
from vnplan.extractors.citations.validity import judged_on, written_by
from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.document.dates import make_date
from vnplan.models import Finding, LegalReference, Metadata
from vnplan.reference.keys import LISTED_LAW_NUMBER, name_key, number_key
from vnplan.reference.registry import known_law_names, load_registry


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
    citations = _without_laws_in_titles(text, citations)
    if context.ocr_pages:
        registry = context.registry if context.registry is not None else load_registry()
        findings.extend(repair_misread_numbers(citations, context, registry))
        findings.extend(repair_standard_years(citations, context))
    link(citations)
    citations = [c for c in citations if not is_own_number(c, context.metadata)]
    resolve_law_names(citations, context)
    try:
        citations = with_short_mentions(text, citations)
    except TimeoutError:
        findings.append(_timeout_finding("short mentions"))
    mark_resolved(citations)
    references = [_reference(c, text, context) for c in citations]
    findings.extend(check_references(citations, references, context))
    return references, findings


def is_own_number(cite: Citation, metadata: Metadata | None) -> bool:
    """Whether ``cite`` is the document itself: its own number in the header, or an appendix
    caption "Ban hành kèm theo Quyết định số …" naming it. A year-less number of the same form
    dated in another year is another document."""
    own = metadata.number if metadata is not None else None
    if not own or cite.kind != "document":
        return False
    if number_key(cite.corrected or cite.number or "") != number_key(own):
        return False
    year = metadata.issued_date.year if metadata.issued_date else None
    return year is None or cite.issued_date is None or cite.issued_date.year == year


def resolve_law_names(citations: list[Citation], context: ExtractionContext) -> None:
    """A law cited by name gets the number of the law it names: the same law cited with its
    number in this document, else the version the registry says was in force at the document's
    date as the validity check reads it (``judged_on``; or adopted on the date cited; for an
    undated document, on the date its citations are checked at). It then shares that law's
    ``doc_id``."""
    twins = {name_key(c.title, keep_year=False): c for c in citations
             if c.kind == "law" and c.number and c.title}
    ids = {number_key(c.corrected or c.number): c.doc_id for c in citations if c.number}
    if context.metadata is not None:  # the date the validity check judges the document at
        on = judged_on(context.metadata, [c.issued_date for c in citations])
    else:
        on = context.plan_date or (date(context.plan_year, 1, 1) if context.plan_year else None)
    on = on or context.as_of
    written = written_by(context.metadata) if context.metadata is not None else context.plan_date
    registry = context.registry if context.registry is not None else load_registry()
    # dated ones first: "Luật Đất đai" named again without its date is the version the
    # document cited with its date ("Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024")
    named = [c for c in citations if c.kind == "law" and not c.number and c.title]
    for cite in sorted(named, key=lambda c: c.issued_date is None):
        name = name_key(cite.title, keep_year=False)
        twin = twins.get(name)
        if twin is not None and (cite.year is None or cite.year == (twin.year or cite.year)):
            cite.corrected, cite.doc_id = twin.corrected or twin.number, twin.doc_id
            continue
        entry = registry.find_by_name(cite.title, on, cite.issued_date) or _bill(registry, cite, written)
        if entry is not None:
            cite.corrected = entry.number
            cite.doc_id = ids.get(number_key(entry.number), entry.number)
            if cite.issued_date is not None:
                twins.setdefault(name, cite)


BILL_LEAD = timedelta(days=2 * 366)  # how long before its adoption a bill is cited by its name


def _bill(registry, cite: Citation, written: date | None):
    """The law a name cited before any version of it was adopted names: a bill then ("dự án
    Luật Nhà giáo" in a report of May 2025, adopted as 73/2025/QH15 in June). Only the one law of
    that name, adopted within ``BILL_LEAD`` after the day the document was written by (its date,
    or its month's end; not when only its year is known): an older law of the same name the
    registry lacks is not taken for the bill of a much later law."""
    if written is None:
        return None
    later = registry.find_by_name(cite.title, None, cite.issued_date)
    if later is None or later.issued_date is None:
        return None
    return later if written < later.issued_date <= written + BILL_LEAD else None


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


# How the title of a cited document leads to the law it details: "Nghị định số 15/2019/NĐ-CP …
# quy định chi tiết một số điều và biện pháp thi hành Luật Giáo dục nghề nghiệp".
_TITLE_LEAD = regex.compile(
    r"(?:thi\s+hành|chi\s+tiết|hướng\s+dẫn|một\s+số\s+điều\s+của|điều\s+của)\s+$",
    regex.IGNORECASE)
_CLAUSE_END = regex.compile(r"[;\n]|\.\s")
_TITLE_SPAN = 300  # characters a cited document's title runs on for, at most


def _without_laws_in_titles(text: str, citations: list[Citation]) -> list[Citation]:
    """``citations`` (in text order) without the laws by name that are words of the title of a
    document cited just before them in the same clause ("Căn cứ Nghị định số 15/2019/NĐ-CP …
    quy định chi tiết … thi hành Luật Giáo dục nghề nghiệp;"): the document cites the decree,
    not the law, so the law is no citation of its own."""
    kept: list[Citation] = []
    document: Citation | None = None  # the last numbered document before the citation
    for cite in citations:
        if cite.kind == "document":
            document = cite
        elif (cite.kind == "law" and not cite.number and document is not None
              and cite.start - document.end <= _TITLE_SPAN):
            between = text[document.end:cite.start]
            if _CLAUSE_END.search(between) is None and _TITLE_LEAD.search(between) is not None:
                continue
        kept.append(cite)
    return kept


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
        if name_end is None or _not_a_law(text, m.end(), name_end):
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
_NAME_STOP_PAIRS = ("quy định", "hướng dẫn", "thi hành", "ban hành", "liên quan", "sửa đổi",
                    "trình quốc hội", "trình chính phủ")
# Names of laws as written, from law_names.yaml and the registry's laws (longest first): a name
# with a comma or a stop word ("Luật Đầu tư theo phương thức đối tác công tư") is read whole.
_KNOWN_NAMES = tuple(name.casefold() for name in sorted(known_law_names(), key=len, reverse=True))
# … and without their "Luật", as an amending law's list may slip them in: "Phòng, chống thiên tai"
_KNOWN_BARE_NAMES = tuple(name.removeprefix("luật ") for name in _KNOWN_NAMES)
_NAME_MAX_WORDS = 12
# "… Luật Cán bộ, công chức và Luật Viên chức": the next law amended by the same law.
_AND_LAW = regex.compile(r"(?:\s*,\s*|\s+và\s+)(?=Luật\s)")
# "sửa đổi, bổ sung một số điều của" before a law named without its "Luật" (a slip).
_AMENDING_BARE = regex.compile(r"sửa\s+đổi,?\s+bổ\s+sung\s+một\s+số\s+điều\s+của\s+", regex.IGNORECASE)
# The number of a law listed in an amending law's title, which is that law's, not the amending
# law's: "Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở …".
_LISTED_NUMBER = regex.compile(LISTED_LAW_NUMBER + r"(?!\w)")
# "số" is a word of the name ("Luật Công nghiệp công nghệ số") unless a number, an elided one
# or "hiệu" follows it ("… số 31/2024/QH15", "… số …/2024/QH15", "… số hiệu 20/2023/QH15").
_NUMBER_WORD = regex.compile(r"\s*(?:\d|…|\.\.|:|/|(?:ký\s+)?hiệu\b)", regex.IGNORECASE)
# "pháp Luật" right before a name: the word for the law in general, not a law's name.
_GENERAL_LAW = regex.compile(r"(?<!\w)(?i:pháp)\s+(?:Luật|luật)\s+$")
# A year standing as a word of a law's name ends it: "2015".
_YEAR_WORD = regex.compile(r"(?:19|20)\d{2}")


def _not_a_law(text: str, start: int, end: int) -> bool:
    """"Luật sư", "Luật gia": a profession, not a law; "pháp Luật …" is the law in general
    ("Hệ thống Pháp Luật vui lòng …")."""
    first = text[start:end].split(maxsplit=1)
    if first and first[0].casefold() in p.FORMATS.not_law_words:
        return True
    return _GENERAL_LAW.search(text, max(0, start - 16), start) is not None


def _law_name_end(text: str, pos: int) -> int | None:
    """Where the name of a law that starts at ``pos`` ends, or None when there is no name."""
    head = text[pos:pos + 120].casefold()
    for name in _KNOWN_NAMES:
        if head.startswith(name) and not head[len(name):len(name) + 1].isalnum():
            return pos + len(name)
    amend = p.AMENDING.match(text, pos) or _AMENDING_BARE.match(text, pos)
    if amend is not None:
        end, numbered = _inner_law_end(text, amend.end()), False
        while end is not None:
            number = _LISTED_NUMBER.match(text, end)
            after = number.end() if number is not None else end
            more = _AND_LAW.match(text, after)
            following = _inner_law_end(text, more.end()) if more else None
            if number is not None and (following is not None or numbered):
                # "… Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15 …": each listed
                # law's own number; after the last one only when the others had theirs (else
                # it is the amending law's: "… Luật Đầu tư công số 90/2025/QH15")
                end, numbered = after, True
            if following is None:
                break
            end = following
        return end
    if head.startswith("sửa đổi"):
        return None  # "Luật sửa đổi, bổ sung 07 Luật (…)": no one law is named
    end, words = pos - 1, 0  # NAME_WORD takes the space before each word
    for w in p.NAME_WORD.finditer(text, pos - 1, min(len(text), pos + 160)):
        if w.start() != end:
            break  # punctuation between words ends the name
        word = w["w"].casefold()
        if word == "số" and not _NUMBER_WORD.match(text, w.end()):
            end, words = w.end(), words + 1  # "Luật Chuyển đổi số": số (digital) ends a name
            continue
        if word in _NAME_STOP or w["w"] == "Luật" or (
            words and text[w.start("w"):w.start("w") + 16].casefold().startswith(_NAME_STOP_PAIRS)
        ):
            break  # "Luật" written so starts the next law
        if _YEAR_WORD.fullmatch(word):
            break
        end, words = w.end(), words + 1
        if words >= _NAME_MAX_WORDS:
            break
    return end if words else None


def _inner_law_end(text: str, pos: int) -> int | None:
    """The end of 'Luật X' (the law an amending law amends), starting at ``pos``; also of a
    known law's name written without its "Luật" ("… của Phòng, chống thiên tai và Luật Đê
    điều")."""
    head = p.LAW_HEAD.match(text, pos)
    if head:
        return _law_name_end(text, head.end())
    ahead = text[pos:pos + 120].casefold()
    for bare in _KNOWN_BARE_NAMES:
        if ahead.startswith(bare) and not ahead[len(bare):len(bare) + 1].isalnum():
            return pos + len(bare)
    return None


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
