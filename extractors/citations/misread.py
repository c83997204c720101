"""Document numbers OCR misread by a digit, put right by the legal registry.

On a scanned page Tesseract reads "107/2020/NĐ-CP" as "197/2020/NĐ-CP" or "458/QĐ-TTg" as
"488/QĐ-TTg", or loses the end of a code ("28/2018/QĐ- “ Iw" for "28/2018/QĐ-TTg"), and
nothing in the text tells. The date cited beside the number does: when the registry holds no
document of that number, but holds exactly one issued that day whose number is the one read
with one digit changed, or with the rest of its code, that is the document cited.
Only citations on OCR'd pages are repaired (a typed number is what its author wrote), each
with an ``ocr_number_repaired`` finding that gives what was read; a different last digit is
never taken for a misreading (documents of one day have consecutive numbers).

A standard's year is checked against the document itself: a year after the document's date
(or, undated, the first year of the plan's period) cannot be ("TCVN ISO 9001:2075" in a plan
of 2020), and when the document cites the same standard elsewhere with exactly one year that
is the one read with one figure changed (2015), that year is meant (``repair_standard_years``,
OCR'd pages only, with the same finding).
"""

from __future__ import annotations

from dataclasses import replace

from vnplan.extractors.citations.citation import Citation
from vnplan.extractors.context import ExtractionContext
from vnplan.models.common import Finding
from vnplan.reference.keys import one_edit
from vnplan.reference.registry import Registry


def repair_misread_numbers(citations: list[Citation], context: ExtractionContext,
                           registry: Registry) -> list[Finding]:
    """Put right, in place, the numbers of ``citations`` on OCR'd pages that the registry and
    the cited date show to be misread; one finding for each."""
    findings = []
    for cite in citations:
        if not (cite.kind == "document" and cite.number and cite.issued_date and cite.parts
                and context.page_at(cite.start) in context.ocr_pages):
            continue
        meant = _meant(cite, registry)
        if meant is None:
            continue
        findings.append(Finding(
            kind="ocr_number_repaired", severity="info", span=(cite.start, cite.end),
            page=context.page_at(cite.start), suggestion=meant,
            message=f"OCR read {cite.number}, dated {cite.issued_date:%d/%m/%Y}, which the registry "
                    f"does not hold; its one document of that date so numbered is {meant}: read as "
                    f"{meant}"))
        cite.number = meant
        cite.parts = replace(cite.parts, number=meant, ordinal=meant.partition("/")[0])
    return findings


def _meant(cite: Citation, registry: Registry) -> str | None:
    """The one number the registry has issued on ``cite``'s date that is ``cite``'s with one
    digit changed (not the last) or with its code completed; None when none or several."""
    year = cite.parts.year or cite.issued_date.year
    if registry.find(cite.number, None if cite.parts.year else year) is not None:
        return None  # the number names a document: a date at odds is the date checks' business
    ordinal = cite.parts.ordinal
    near = [e.number for e in registry.issued_on(cite.number, cite.issued_date)
            if _misread_digit(ordinal, e.number.partition("/")[0])]
    if not near and not cite.parts.bodies:  # "28/2018/QĐ": the issuer's code lost
        near = [e.number for e in registry.with_code_cut(cite.number, cite.issued_date)]
    return near[0] if len(set(near)) == 1 else None


def _misread_digit(read: str, meant: str) -> bool:
    """Whether ``read`` is ``meant`` with one digit changed, other than the last: the Government
    signs the decrees of one day with consecutive numbers (107 and 108/2020/NĐ-CP of 14
    September 2020), so a number whose last digit differs may be another document of that day
    that the registry lacks."""
    return (len(read) == len(meant) and one_edit(read, meant) and read[-1] == meant[-1])


def repair_standard_years(citations: list[Citation], context: ExtractionContext) -> list[Finding]:
    """Put right, in place, the years of standards on OCR'd pages that come after the document's
    year (its date's, else its period's first), from the years the document gives the same
    standard elsewhere; one finding each."""
    latest = context.plan_date.year if context.plan_date else context.plan_year
    if latest is None:
        return []
    printed: dict[str, set[int]] = {}  # "TCVN ISO 9001" → the years it is cited with that can be
    for cite in citations:
        if cite.kind == "standard" and cite.number and cite.year and cite.year <= latest:
            printed.setdefault(cite.number.partition(":")[0], set()).add(cite.year)
    findings = []
    for cite in citations:
        if not (cite.kind == "standard" and cite.number and cite.year and cite.year > latest
                and context.page_at(cite.start) in context.ocr_pages):
            continue
        name = cite.number.partition(":")[0]
        near = [year for year in printed.get(name, ()) if one_edit(str(year), str(cite.year))]
        if len(near) != 1:
            continue
        meant = f"{name}:{near[0]}"
        findings.append(Finding(
            kind="ocr_number_repaired", severity="info", span=(cite.start, cite.end),
            page=context.page_at(cite.start), suggestion=meant,
            message=f"OCR read {cite.number}, a year after the document's ({latest}); the "
                    f"document cites {meant} elsewhere: read as {meant}"))
        cite.number, cite.year = meant, near[0]
    return findings
