"""Stage: was each cited document in force when the plan was written, and is it now? (hiệu lực)

Runs after ``find_legal_references``. Pure: (record, registry, as_of) in, references with their
``validity`` and findings out. The facts come from the legal registry (``corpora/reference``),
never from code.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from vnplan.extractors.citations.own_changes import self_inflicted, with_own_effects
from vnplan.models import (
    EffectClause,
    Finding,
    LegalReference,
    Metadata,
    PlanRecord,
    Validity,
    ValidityEvent,
)
from vnplan.models.kinds import ENDED, ValidityFindingKind, values
from vnplan.reference.keys import number_key, number_year, one_edit
from vnplan.reference.registry import Registry, RegistryEntry, RegistryEvent, load_registry
from vnplan.reference.vocabularies import load_citation_formats

IN_FORCE, AMENDED, PARTIALLY_REPLACED = "in_force", "amended", "partially_replaced"
UNKNOWN, NOT_APPLICABLE = "unknown", "not_applicable"
FINDING_KINDS = values(ValidityFindingKind)

# The note of a citation whose number finds an entry it contradicts (see ``contradicts``).
NOT_JUDGED = "not judged: "

# Party numbering puts a dash before the type: "19-NQ/TW", "02-CTr/TU", "04-QĐ/HU".
_PARTY_NUMBER = re.compile(r"^\d+-[A-Za-zĐđ]+/[A-Za-zĐđƯư]+(?:-[A-Za-zĐđ]+)?$")
# Local bodies in a code: "KH-UBND", "NQ-HĐND", and provincial departments (Sở) "BC-SNV", "TTr-SXD".
_LOCAL_CODE = re.compile(r"(?:^|[-/])(?:UBND|HĐND|HDND|S[A-ZĐ]{1,4})(?:$|[-/])")


def reference_date(record: PlanRecord) -> date | None:
    """The date a record's citations are judged at (see ``reference_date_of``)."""
    return reference_date_of(record.metadata, record.legal_references)


def reference_date_of(metadata: Metadata, references: list[LegalReference]) -> date | None:
    """The date a plan's citations are judged at (see ``judged_on``)."""
    return judged_on(metadata, [ref.issued_date for ref in references])


def written_by(metadata: Metadata) -> date | None:
    """The latest day the document can have been written on: its date, or the last day of its
    month when the day is blank; None when only its year or period is known."""
    if metadata.issued_date is not None:
        return metadata.issued_date
    if metadata.issued_month:
        year, month = map(int, metadata.issued_month.split("-"))
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return None


def judged_on(metadata: Metadata, cited: list[date | None]) -> date | None:
    """The plan's issue date; when it is blank, 1 January of the first year of its period —
    or, if later, the newest date among the documents it cites (``cited``), since a plan cannot
    cite a document issued after itself (dates past the end of the period are typos, not
    evidence)."""
    if metadata.issued_date is not None:
        return metadata.issued_date
    if metadata.issued_month:  # "ngày   tháng 11 năm 2025": judged at the month's first day
        year, month = map(int, metadata.issued_month.split("-"))
        return date(year, month, 1)
    start, end = metadata.period.start_year, metadata.period.end_year
    if start is None:
        return None
    dates = [day for day in cited if day is not None and day.year <= (end or start)]
    return max([date(start, 1, 1), *dates])


def is_party_document(ref: LegalReference) -> bool:
    """Party documents (văn bản của Đảng) have no legal validity status."""
    code = (ref.issuer_code or "").upper()
    return bool(_PARTY_NUMBER.match(ref.corrected_number or ref.number or "")) or code.endswith(
        ("/TW", "/TU", "/HU", "/ĐU")
    )


def is_local_document(ref: LegalReference) -> bool:
    """Provincial, district and commune documents: the shipped registry does not track them."""
    return bool(_LOCAL_CODE.search(ref.corrected_number or ref.number or ref.issuer_code or ""))


def _normative(ref: LegalReference) -> bool:
    """Whether the cited type has a legal validity (not a letter, report or submission)."""
    found = load_citation_formats().type_by_label(ref.doc_type or "")
    return found is None or found.normative


def find_entry(ref: LegalReference, registry: Registry, on: date | None) -> RegistryEntry | None:
    """The registry entry a citation points to: by number (corrected first), else by a law's name."""
    year = ref.year or (ref.issued_date.year if ref.issued_date else None)
    for number in (ref.corrected_number, ref.number):
        if number:
            entry = registry.find(number, year)
            if entry is None and year is None and on is not None:
                entry = registry.find_latest(number, on)
            if entry is not None:
                return entry
    for name in (ref.title, ref.surface if ref.kind == "law" else None):
        if name:
            entry = registry.find_by_name(name, on, ref.issued_date)
            if entry is not None:
                return entry
    return None


def _type_family(doc_type: str | None) -> str:
    """A type without what does not change the family: "Thông tư liên tịch" is a "thông tư",
    "Bộ luật" a "luật"."""
    text = (doc_type or "").casefold().replace("liên tịch", "").replace("bộ luật", "luật")
    return " ".join(text.split())


def _same_issuer(cited: str | None, registered: str | None) -> bool:
    """Issuers written the way citations write them: "Thủ tướng" is "Thủ tướng Chính phủ"."""
    if not cited or not registered:
        return True
    a, b = (" ".join(re.split(r"[\W_]+", name.casefold())).strip() for name in (cited, registered))
    return a in b or b in a  # dashes and commas aside: "Bộ Lao động – Thương binh …"


def _dates_differ_twice(cited: date | None, registered: date | None) -> bool:
    """Whether two dates differ in at least two of day, month and year."""
    if cited is None or registered is None:
        return False
    pairs = ((cited.day, registered.day), (cited.month, registered.month),
             (cited.year, registered.year))
    return sum(a != b for a, b in pairs) >= 2


def contradicts(ref: LegalReference, entry: RegistryEntry) -> bool:
    """Whether a citation found by its number names another document: its type word is of
    another family than the registered document's (the number's code says one thing, the
    citation another) and its issuer or its date disagrees too ("Thông tư số 56/2022/NĐ-CP
    ngày 16/9/2022 của Bộ Tài chính" is not the Government's decree 56/2022 of 24 August).
    A date or an issuer alone is a slip of the pen and the number wins, unless the date differs
    in two of its day, month and year: a slip changes one ("ngày 07/3/2020" for 05/3, "2019" for
    2018), while "Nghị định số 02/2025/NĐ-CP ngày 18/02/2025" of the Ministry of Public Security's
    own series is not the registry's 02/2025/NĐ-CP of 01/01/2025 on health insurance."""
    if entry.party:
        return False
    if ref.kind == "document" and _dates_differ_twice(ref.issued_date, entry.issued_date):
        return True
    if not ref.doc_type or not entry.doc_type:
        return False
    if _type_family(ref.doc_type) == _type_family(entry.doc_type):
        return False
    found = load_citation_formats().type_by_label(ref.doc_type)
    if found is not None and found.codeless and not found.normative:
        return False  # "văn bản số …" (read as Công văn) is a word for any document
    dated = ref.issued_date is not None and entry.issued_date is not None
    return (dated and ref.issued_date != entry.issued_date) or not _same_issuer(ref.issuer, entry.issuer)


def status_on(entry: RegistryEntry, day: date, *, count_undated: bool = False) -> str:
    """The document's status on ``day`` from its events; undated events count only if asked."""
    if entry.party:
        return NOT_APPLICABLE
    started = entry.effective_date or entry.issued_date
    if started is not None and day < started and (entry.issued_date is None or day < entry.issued_date):
        return UNKNOWN  # the plan predates the document: issue 3 flags impossible dates
    status = IN_FORCE
    for event in _events_until(entry, day, count_undated=count_undated):
        if event.kind in ENDED:
            status = event.kind
        elif event.kind == PARTIALLY_REPLACED and status not in ENDED:
            status = PARTIALLY_REPLACED
        elif event.kind == AMENDED and status == IN_FORCE:
            status = AMENDED
    return status


def _events_until(entry: RegistryEntry, day: date, *, count_undated: bool) -> list[RegistryEvent]:
    return [
        ev
        for ev in entry.events
        if (ev.effective_date is not None and ev.effective_date <= day)
        or (ev.effective_date is None and count_undated)
    ]


def replacement_chain(entry: RegistryEntry, registry: Registry, day: date) -> list[str]:
    """What replaced the document by ``day``, followed to the document now in force."""
    chain: list[str] = []
    current: RegistryEntry | None = entry
    while current is not None and len(chain) < 10:
        ended = [
            ev
            for ev in _events_until(current, day, count_undated=True)
            if ev.kind in (*ENDED, PARTIALLY_REPLACED) and ev.by
        ]
        if not ended or ended[-1].by in chain:
            break
        chain.append(ended[-1].by)
        current = registry.find(ended[-1].by) if ended[-1].kind == "replaced" else None
    return chain


def validity_for(
    ref: LegalReference, registry: Registry, at_issue: date | None, as_of: date,
    family: str = "plan", written: date | None = None,
) -> Validity:
    """The validity of one citation at the plan's date and at ``as_of``. A law named in a
    document written (``written_by``) before the law was adopted was a bill then: no status."""
    if is_party_document(ref):
        return Validity(
            status_at_issue=NOT_APPLICABLE, reference_date=at_issue, status_as_of=NOT_APPLICABLE,
            as_of=as_of, note="party document (văn bản của Đảng): no legal validity status",
        )
    entry = find_entry(ref, registry, at_issue or as_of)
    if entry is not None and contradicts(ref, entry):
        return Validity(
            status_at_issue=UNKNOWN, reference_date=at_issue, status_as_of=UNKNOWN, as_of=as_of,
            note=f"{NOT_JUDGED}the registry's {entry.number} is a {entry.doc_type.lower()} of "
                 f"{entry.issuer or 'an unknown issuer'}"
                 + (f" dated {entry.issued_date}" if entry.issued_date else "")
                 + ", which the citation's type, issuer or date contradicts",
        )
    if entry is None and not _normative(ref):
        return Validity(
            status_at_issue=NOT_APPLICABLE, reference_date=at_issue, status_as_of=NOT_APPLICABLE,
            as_of=as_of, note=f"{ref.doc_type.lower()}: not a legal document, no validity status",
        )
    if entry is None:
        where = "local document" if is_local_document(ref) else "national document"
        return Validity(
            status_at_issue=UNKNOWN, reference_date=at_issue, status_as_of=UNKNOWN, as_of=as_of,
            note=f"{where} not in the legal registry",
        )
    if entry.party:
        return Validity(
            status_at_issue=NOT_APPLICABLE, reference_date=at_issue, status_as_of=NOT_APPLICABLE,
            as_of=as_of, sources=list(entry.sources),
            note="party document (văn bản của Đảng): no legal validity status",
        )
    events = _events_until(entry, as_of, count_undated=True)
    sources = list(dict.fromkeys([*entry.sources, *(ev.source for ev in events if ev.source)]))
    bill = (ref.kind == "law" and written is not None and entry.issued_date is not None
            and written < entry.issued_date)
    return Validity(
        status_at_issue=NOT_APPLICABLE if bill else status_on(entry, at_issue) if at_issue else UNKNOWN,
        reference_date=at_issue,
        status_as_of=status_on(entry, as_of, count_undated=True),
        as_of=as_of,
        events=[
            ValidityEvent(kind=ev.kind, effective_date=ev.effective_date, by=ev.by, note=ev.note,
                          source=ev.source or None)
            for ev in events
        ],
        replaced_by=replacement_chain(entry, registry, as_of),
        sources=sources,
        note=(f"a bill when the document was written: the law was adopted as {entry.number} on "
              f"{entry.issued_date}"
              if bill else _note(entry, at_issue, family)),
    )


def _note(entry: RegistryEntry, at_issue: date | None, family: str) -> str | None:
    """What the verdict rests on, when it is less than a checked history."""
    notes = []
    if at_issue is None:
        notes.append(f"the {family} has no issue date or period: status at issue unknown")
    if not entry.status_confirmed:
        notes.append("no source read showed this document's current status: judged by the "
                     "changes the registry found")
    return "; ".join(notes) or None


def _finding(
    index: int, ref: LegalReference, validity: Validity, then: list[str], family: str = "plan",
    when: str | None = None, cited_here: frozenset[str] = frozenset(),
) -> Finding | None:
    """The finding a citation needs; ``then`` is what had replaced it by the document's date,
    ``family`` names the citing document ("plan", "report", "decree" …), ``when`` its date
    as the message shows it, and ``cited_here`` the numbers (keys) the document cites."""
    cited = ref.corrected_number or ref.number or ref.title or ref.surface
    if ref.kind == "law" and ref.title and not ref.number:  # a law by name: its name first
        cited = f"{ref.title} ({ref.corrected_number})" if ref.corrected_number else ref.title
    instead = validity.replaced_by[-1] if validity.replaced_by else None
    base = dict(span=ref.span, page=ref.page, reference=index, suggestion=instead)
    when = when or (str(validity.reference_date) if validity.reference_date else None)
    if validity.status_at_issue in ENDED:
        # The plan should have cited what was in force on its date; say what stands today too.
        should = then[-1] if then else instead
        today = f" (itself replaced since: now {instead})" if instead and instead != should else ""
        return Finding(
            kind="outdated_citation", severity="error", **{**base, "suggestion": should},
            message=f"{cited} was already {validity.status_at_issue} when the {family} was "
            f"written ({when}){f'; cite {should}{today}' if should else ''}",
        )
    if validity.status_as_of in ENDED:
        return Finding(
            kind="outdated_now", severity="warning", **base,
            message=(f"{cited} was in force on {when} but is " if when else f"{cited} is ")
            + f"{validity.status_as_of} as of {validity.as_of}"
            + (f"; now cite {instead}" if instead else ""),
        )
    if validity.status_at_issue in (AMENDED, PARTIALLY_REPLACED):
        amending = _amending_by_then(validity)
        uncited = [by for by in amending if number_key(by) not in cited_here]
        if amending and not uncited:
            return None  # cited together with every amendment of its date
        by = ", ".join(uncited)
        return Finding(
            kind="amended_citation", severity="info", **base,
            message=f"{cited} was {validity.status_at_issue.replace('_', ' ')} before the "
            f"{family}'s date{f' (by {by})' if by else ''}: cite it together with its amendments",
        )
    if validity.status_as_of == UNKNOWN and not is_local_document(ref) and ref.kind != "standard":
        note = validity.note or ""
        if note.startswith(NOT_JUDGED):  # in the registry, but the citation names another document
            message = f"{cited} was not judged: {note.removeprefix(NOT_JUDGED)}"
        else:
            message = f"{cited} is not in the legal registry: its validity was not checked"
        return Finding(kind="unverified_citation", severity="info", **base, message=message)
    return None


def _amending_by_then(validity: Validity) -> list[str]:
    """The documents that had amended (or partly replaced) the cited one by the date it is
    judged at; those whose date no source gave count too, unless their own number's year is
    later than that date (211/2025/NĐ-CP cannot have amended anything by 2022)."""
    on = validity.reference_date
    return list(dict.fromkeys(
        ev.by for ev in validity.events
        if ev.by and ev.kind != "replaced"
        and (on is None or (ev.effective_date <= on if ev.effective_date is not None
                            else (number_year(ev.by) or on.year) <= on.year))))


def check_validity(
    record: PlanRecord, registry: Registry | None = None, as_of: date | None = None
) -> tuple[list[LegalReference], list[Finding]]:
    """Each citation of ``record`` with its ``validity``, and the findings (see ``check_citations``)."""
    return check_citations(record.metadata, record.legal_references, registry, as_of,
                           record.effects)


def family_of(metadata: Metadata) -> str:
    """The citing document's type in English for messages: "plan", "report", "decree" …"""
    found = load_citation_formats().type_by_label(metadata.doc_type or "")
    return (found.english if found and found.english else None) or "document"


def check_citations(
    metadata: Metadata, citations: list[LegalReference], registry: Registry | None = None,
    as_of: date | None = None, effects: list[EffectClause] | None = None,
) -> tuple[list[LegalReference], list[Finding]]:
    """Each citation with its ``validity``, and one finding per cited document that needs one.
    The document's own effect clauses apply: it is never told to cite itself for what it
    replaces, repeals or amends."""
    registry = registry if registry is not None else load_registry()
    registry = with_own_effects(registry, metadata, effects or [], citations)
    changed_here = {number_key(citations[e.reference].corrected_number
                               or citations[e.reference].number or "")
                    for e in effects or [] if e.reference < len(citations)}
    as_of = as_of or date.today()
    at_issue = reference_date_of(metadata, citations)
    family = family_of(metadata)
    when = (f"{metadata.issued_month}, the day left blank"
            if metadata.issued_date is None and metadata.issued_month else None)
    references: list[LegalReference] = []
    findings: list[Finding] = []
    flagged: set[str] = set()
    wrong_numbers: set[str] = set()
    known: dict[tuple, Validity] = {}  # repeats of one citation are checked once
    cited_here = frozenset(number_key(c.corrected_number or c.number)
                           for c in citations if c.corrected_number or c.number)
    # A law named again without its date is the version its dated citation named.
    dated = {}
    for ref in citations:
        if ref.kind == "law" and ref.issued_date is not None:
            dated.setdefault(ref.doc_id, ref)
    for index, ref in enumerate(citations):
        looked_up = dated.get(ref.doc_id, ref) if ref.kind == "law" and not ref.issued_date else ref
        key = (looked_up.kind, looked_up.number, looked_up.corrected_number, looked_up.title,
               looked_up.year, looked_up.issued_date, looked_up.issuer_code,
               looked_up.surface if looked_up.kind == "law" else None)
        validity = known.get(key)
        if validity is None:
            validity = known[key] = validity_for(looked_up, registry, at_issue, as_of, family,
                                                 written_by(metadata))
        references.append(ref.model_copy(update={"validity": validity}))
        entry = find_entry(looked_up, registry, at_issue) if at_issue and validity.replaced_by else None
        then = replacement_chain(entry, registry, at_issue) if entry else []
        finding = _finding(index, ref, validity, then, family, when, cited_here)
        if finding is not None and self_inflicted(finding, ref, metadata, changed_here):
            finding = None
        if finding is not None and ref.doc_id not in flagged:
            flagged.add(ref.doc_id)
            findings.append(finding)
        if ref.number not in wrong_numbers and (
            wrong := _law_number_unknown(index, ref, registry, at_issue)
        ) is not None:
            wrong_numbers.add(ref.number)  # one finding per number, however often it is cited
            findings.append(wrong)
    return references, findings


def _a_slip(cited: str, registered: str) -> bool:
    """Whether a cited number is the registered one with one character wrong, or with only its
    year wrong ("58/2025/QH15" for 58/2024/QH15)."""
    a, b = number_key(cited), number_key(registered)
    if a == b:
        return False
    if one_edit(a, b):
        return True
    pa, pb = a.split("/"), b.split("/")
    return len(pa) == len(pb) == 3 and pa[0] == pb[0] and pa[2] == pb[2]


def _law_number_unknown(index: int, ref: LegalReference, registry: Registry,
                        on: date | None) -> Finding | None:
    """A law cited by its name and a number the registry holds no document of, where the
    registry's law of that name bears nearly that number ("Luật Đầu tư công số 58/2025/QH15"
    for 58/2024/QH15): a number mistyped. A number wholly unlike the registry's is left alone:
    it is more likely a law the registry does not know yet."""
    if ref.kind != "law" or not ref.number or not ref.title:
        return None
    if registry.find(ref.number, ref.year) is not None:
        return None
    entry = registry.find_by_name(ref.title, on, ref.issued_date)
    if entry is None or not _a_slip(ref.number, entry.number):
        return None  # another number altogether: a law newer than the registry, more likely
    return Finding(
        kind="law_number_unknown", severity="warning", span=ref.span, page=ref.page,
        reference=index, suggestion=entry.number,
        message=f"{ref.surface}: the legal registry holds no document {ref.number}; its "
                f"{entry.title or ref.title} is {entry.number}. Check the number, or add the law "
                "to the registry if it is newer")


def with_validity(
    record: PlanRecord, registry: Registry | None = None, as_of: date | None = None
) -> PlanRecord:
    """The record with validity on every citation and this stage's findings (replacing old ones)."""
    references, findings = check_validity(record, registry, as_of)
    kept = [f for f in record.findings if f.kind not in FINDING_KINDS]
    return record.model_copy(update={"legal_references": references, "findings": kept + findings})
