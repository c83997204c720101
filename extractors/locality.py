"""Stage: the locality as official units, through the reorganisation of 2025-07-01.

    resolve_locality(locality, on, as_of) -> (locality with codes and successors, findings)

The names stay as printed; the GSO codes are those of the units valid at the document's date
(the list of 2025-03-01 before 2025-07-01, the new list from then on), and ``successors`` are
the new units that cover the issuing unit as of the check date. Names are matched tolerantly
(kind words, case, "Thừa Thiên Huế" as Huế) but never guessed: a unit that matches none, or
several, keeps a null code and a finding says why.
"""

from __future__ import annotations

from datetime import date

from vnplan.models import Finding, Locality, Metadata, Successor
from vnplan.reference.admin_units import REORGANISED_ON, AdminUnit, AdminUnits, load_admin_units
from vnplan.reference.admin_units import name_key as unit_name_key
from vnplan.reference.vocabularies import province_aliases

REORGANISED = date(*REORGANISED_ON)
_COMMUNE_KINDS = {"xã": "Xã", "phường": "Phường", "thị trấn": "Thị trấn", "đặc khu": "Đặc khu"}


def document_date(metadata: Metadata) -> date | None:
    """The date the document's units are read at: its issue date, month, or first year."""
    if metadata.issued_date:
        return metadata.issued_date
    if metadata.issued_month:
        year, month = map(int, metadata.issued_month.split("-"))
        return date(year, month, 1)
    if metadata.period.start_year:
        return date(metadata.period.start_year, 1, 1)
    return None


def resolve_locality(
    locality: Locality, on: date | None, as_of: date, units: AdminUnits | None = None
) -> tuple[Locality, list[Finding]]:
    """``locality`` with its official codes and successors, and the findings about it."""
    units = units or load_admin_units()
    if not (locality.province or locality.district or locality.commune):
        return locality, []
    findings: list[Finding] = []
    eras = ("new", "old") if on is not None and on >= REORGANISED else ("old", "new")
    province = district = commune = None
    for era in eras:
        province = _province(units, era, locality.province)
        if locality.province is None or province is not None:
            break
    era = province.era if province else eras[0]
    if locality.province and province is None:
        findings.append(_unresolved(f"{locality.province} is not a province of the official lists"))
    if locality.district and era == "old":
        district = _one(units, era, 2, locality.district, _scope(units, era, 2, province), findings)
    if locality.commune:
        scope = _scope(units, era, 3, province, district)
        commune = _one(units, era, 3, locality.commune, scope, findings)
    if commune is not None and province is None:
        province = units.province_of(commune)
    resolved = locality.model_copy(update={
        "province_code": province.code if province else None,
        "district_code": district.code if district else None,
        "commune_code": commune.code if commune else None,
    })
    lowest = commune or district or province
    if lowest is None or lowest.era == "new" or as_of < REORGANISED:
        return resolved, findings
    own = _successors(units, commune) if commune else []
    above = _successors(units, province)  # the province too, when it was merged or renamed
    resolved.successors = own + above
    if own or (lowest.level < 3 and above) or lowest.level == 2:
        findings.append(_reorganised(lowest, own or above))
    return resolved, findings


def _province(units: AdminUnits, era: str, printed: str | None) -> AdminUnit | None:
    if not printed:
        return None
    key = unit_name_key(printed)
    key = province_aliases().get(key, key)
    found = units.named(era, 1, key)
    return found[0] if len(found) == 1 else None


def _scope(units: AdminUnits, era: str, level: int, province: AdminUnit | None,
           district: AdminUnit | None = None) -> set[str] | None:
    """Codes a unit of ``level`` may have: those under the district, else the province."""
    if district is not None:
        return {u.code for u in units.children.get((era, district.code), []) if u.level == level}
    if province is None:
        return None
    below = [u for u in units.children.get((era, province.code), []) if u.level != 1]
    if era == "old" and level == 3:
        below = [c for d in below for c in units.children.get(("old", d.code), [])]
    return {u.code for u in below if u.level == level}


def _one(units: AdminUnits, era: str, level: int, printed: str, scope: set[str] | None,
         findings: list[Finding]) -> AdminUnit | None:
    """The one unit of ``level`` named ``printed`` within ``scope``; a finding if none or many."""
    found = [u for u in units.named(era, level, printed) if scope is None or u.code in scope]
    if len(found) > 1:  # "xã X" and "phường X" in one district: the printed kind decides
        kind = _COMMUNE_KINDS.get(printed.split(" ", 1)[0].casefold())
        found = [u for u in found if u.kind == kind] or found
    if len(found) == 1:
        return found[0]
    where = "" if scope is None else " there"
    if found:
        findings.append(_unresolved(f"{printed} names {len(found)} units{where}: "
                                    + ", ".join(f"{u.name} ({u.code})" for u in found[:5])))
    else:
        findings.append(_unresolved(
            f"{printed} is not in the official list{where} ({'2025-03-01' if era == 'old' else '2025-07-01'}"
            "; renamed or merged before that date?)"))
    return None


def _successors(units: AdminUnits, old: AdminUnit | None) -> list[Successor]:
    """The new units covering ``old``; empty when it goes on unchanged (same code and name,
    nothing else merged into it)."""
    if old is None:
        return []
    links = units.successors.get((old.level, old.code), [])
    found = []
    for code, share in links:
        new = units.unit("new", old.level, code)
        if new is not None:
            found.append(Successor(level="province" if old.level == 1 else "commune",
                                   code=code, name=new.name, share=share))
    if len(found) == 1 and found[0].code == old.code and found[0].share == "full":
        merged = units.merged_into.get((old.level, old.code), [])
        if merged == [(old.code, "full")] and unit_name_key(found[0].name) == unit_name_key(old.name):
            return []
    return found


def _reorganised(unit: AdminUnit, successors: list[Successor]) -> Finding:
    names = "; ".join(f"{s.name} ({s.code}, {s.share})" for s in successors) or "no successor found"
    same = (len(successors) == 1 and successors[0].code == unit.code
            and unit_name_key(successors[0].name) == unit_name_key(unit.name))
    if same:
        message = (f"{unit.name} ({unit.code}) was reorganised on 2025-07-01: other units were "
                   "merged into it")
    else:
        ended = "the district level was abolished" if unit.level == 2 else "reorganised"
        message = f"{unit.name} ({unit.code}) no longer exists since 2025-07-01 ({ended}); now: {names}"
    return Finding(kind="locality_reorganised", severity="info", message=message)


def _unresolved(message: str) -> Finding:
    return Finding(kind="locality_unresolved", severity="info", message=message)
