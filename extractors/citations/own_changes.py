"""What a document changes itself, so that it is never told to bring those citations up to
date: its own effect clauses (as registry events by its number) and what its own title says it
amends, replaces or repeals."""

from __future__ import annotations

import re

from vnplan.extractors.citations.patterns import NUMBER, number_parts
from vnplan.models import EffectClause, Finding, LegalReference, Metadata
from vnplan.reference.keys import number_key
from vnplan.reference.registry import Registry, RegistryEvent


def with_own_effects(registry: Registry, metadata: Metadata,
                     effects: list[EffectClause], citations: list[LegalReference]) -> Registry:
    """The registry as the document itself says it changes it: each of its effect clauses
    becomes an event of the target, by the document's number, with the clause as source."""
    own = metadata.number
    if not own or not effects:
        return registry
    added: dict[str, tuple[str, list[RegistryEvent]]] = {}
    for effect in effects:
        ref = citations[effect.reference] if effect.reference < len(citations) else None
        number = ref and (ref.corrected_number or ref.number)
        if not number:
            continue
        event = RegistryEvent(kind=effect.kind, by=own, effective_date=effect.effective_date,
                              note=effect.quote[:120],
                              source=f"{own}{f' {effect.article}' if effect.article else ''}")
        added.setdefault(number, (ref.doc_type or "", []))[1].append(event)
    return registry.with_events(added)


def self_inflicted(finding: Finding, ref: LegalReference, metadata: Metadata,
                   changed_here: set[str]) -> bool:
    """A finding the document would raise against itself: it replaces or amends the cited
    document (its own effect clause or its title), or the replacement it would suggest is
    itself."""
    if finding.kind not in ("outdated_citation", "outdated_now", "amended_citation"):
        return False
    own = number_key(metadata.number) if metadata.number else None
    cited = number_key(ref.corrected_number or ref.number or "")
    return bool(cited and cited in changed_here) or bool(
        own and finding.suggestion and number_key(finding.suggestion) == own
    ) or _changed_by_title(cited, metadata.title)


# A title that opens with the change it makes (after its type word, "về việc"): "Sửa đổi, bổ
# sung một số điều của …", "NGHỊ ĐỊNH SỬA ĐỔI …", "Về việc bãi bỏ …"
_CHANGING_TITLE = re.compile(
    r"^(?:(?:nghị|quyết|thông|chỉ)\s+\w+\s+)?(?:về\s+(?:việc\s+)?)?"
    r"(?:sửa\s+đổi|bổ\s+sung|thay\s+thế|bãi\s+bỏ)", re.IGNORECASE)
_TITLE_HEAD = 300  # characters of a title that name what it changes


def _changed_by_title(cited: str, title: str | None) -> bool:
    """Whether the document's own title says it amends, replaces or repeals the cited number
    ("Sửa đổi, bổ sung một số điều của Nghị định số 120/2020/NĐ-CP …"): that document is
    what it changes, not a basis to bring up to date."""
    if not cited or not title or not _CHANGING_TITLE.match(title.strip()):
        return False
    head = title[:_TITLE_HEAD]
    return any(number_key(number_parts(m).number) == cited for m in NUMBER.finditer(head))
