"""The legal registry: national documents, what changed them and when, each fact sourced.

``legal_registry.yaml`` is shipped; overlays in the same format add or override entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import get_args

import yaml
from vnplan.models.kinds import EventKind

from .files import parse_yaml, read_text
from .keys import NAME_YEAR, name_key, nearly_same_name, number_key, number_year
from .vocabularies import load_citation_formats

REGISTRY_FILE = "legal_registry.yaml"
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)
FACT_FIELDS = ("title", "issuer", "issued_date", "effective_date")
# Listed under ``unconfirmed`` when no source read showed the document's current status (in
# force, amended, replaced): its events are what was found, not a checked history.
STATUS = "status"

@dataclass(frozen=True)
class RegistryEvent:
    """A dated change to a registered document (sửa đổi, thay thế, bãi bỏ, hết hiệu lực)."""

    kind: str
    by: str | None
    effective_date: date | None
    note: str | None
    source: str


@dataclass(frozen=True)
class RegistryEntry:
    """One national document as the registry records it; ``None`` facts are unconfirmed."""

    number: str
    doc_type: str
    title: str | None = None
    issuer: str | None = None
    issued_date: date | None = None
    effective_date: date | None = None
    party: bool = False
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    events: tuple[RegistryEvent, ...] = ()
    unconfirmed: tuple[str, ...] = ()

    @property
    def status_confirmed(self) -> bool:
        """Whether a source showed its current status (see ``STATUS``)."""
        return STATUS not in self.unconfirmed

    @property
    def start(self) -> date:
        """When it took effect, as best known: effective, else issued, else 1 January of its year."""
        year = number_year(self.number)
        fallback = date(year, 1, 1) if year else date.max
        return self.effective_date or self.issued_date or fallback

    @property
    def key(self) -> tuple[str, int | None]:
        """Unique key: the number, plus the year for numbers without one (``06/QĐ-TTg`` of 2022)."""
        has_year = number_year(self.number) is not None
        year = None if has_year or self.issued_date is None else self.issued_date.year
        return number_key(self.number), year


@dataclass
class Registry:
    """The registry indexed by number and by the names laws are cited by."""

    entries: list[RegistryEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_number: dict[str, list[RegistryEntry]] = {}
        self._by_name: dict[str, RegistryEntry] = {}
        self._by_bare_name: dict[str, list[RegistryEntry]] = {}
        self._by_issued: dict[date, list[RegistryEntry]] = {}  # laws, by the day adopted
        self._by_code: dict[str, list[RegistryEntry]] = {}  # "2020/nđ-cp": the number past its ordinal
        for entry in self.entries:
            key = number_key(entry.number)
            self._by_number.setdefault(key, []).append(entry)
            self._by_code.setdefault(key.partition("/")[2], []).append(entry)
            if entry.doc_type in _LAW_TYPES and entry.issued_date is not None:
                self._by_issued.setdefault(entry.issued_date, []).append(entry)
            for alias in entry.aliases:
                self._by_name[name_key(alias)] = entry
            # a law is also cited by its title, which its versions share: "Luật Đất đai"
            titles = (entry.title,) if entry.title and _is_law_name(entry.title) else ()
            for name in (*entry.aliases, *titles):
                bare = self._by_bare_name.setdefault(name_key(name, keep_year=False), [])
                if entry not in bare:
                    bare.append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, number: str, year: int | None = None) -> RegistryEntry | None:
        """The entry for ``number``; ``year`` picks among year-less numbers (``76/NQ-CP``)."""
        candidates = self._by_number.get(number_key(number), [])
        if year is not None and len(candidates) > 1:
            candidates = [e for e in candidates if e.issued_date and e.issued_date.year == year]
        if len(candidates) != 1:
            return None
        entry = candidates[0]
        if year is not None and entry.key[1] is not None and entry.key[1] != year:
            return None
        return entry

    def issued_on(self, number: str, issued: date) -> list[RegistryEntry]:
        """The documents of ``number``'s code and year issued on ``issued``, whatever their
        ordinal: "…/2020/NĐ-CP" of 14 September 2020."""
        return [e for e in self._by_code.get(number_key(number).partition("/")[2], [])
                if e.issued_date == issued]

    def with_code_cut(self, number: str, issued: date) -> list[RegistryEntry]:
        """The documents issued on ``issued`` whose number is ``number`` with more code after
        it: "28/2018/QĐ" read for "28/2018/QĐ-TTg"."""
        head = number_key(number) + "-"
        return [e for key, entries in self._by_number.items() if key.startswith(head)
                for e in entries if e.issued_date == issued]

    def find_latest(self, number: str, on: date) -> RegistryEntry | None:
        """Of the documents a year-less number names (01/NQ-CP is the Government's first
        resolution of every year), the latest issued by ``on``: what a document of that date
        citing "Nghị quyết số 01/NQ-CP" without its date refers to. None when a document of
        that number has no known date: it may be the latest."""
        same = self._by_number.get(number_key(number), [])
        if any(e.issued_date is None for e in same):
            return None
        issued = [e for e in same
                  if e.key[1] is not None and e.issued_date is not None and e.issued_date <= on]
        return max(issued, key=lambda e: e.issued_date) if issued else None

    def find_by_name(self, name: str, on: date | None = None,
                     issued: date | None = None) -> RegistryEntry | None:
        """The law cited by ``name``: the version adopted on ``issued`` when the citation gives
        its date ("Luật Cán bộ, công chức ngày 24 tháng 6 năm 2025"); else, without a year, the
        version in force ``on`` that date. Abbreviations in the name ("Luật Bảo vệ BMNN") are
        read as the words they stand for (law_names.yaml)."""
        name = expand_abbreviations(name)
        exact = self._by_name.get(name_key(name))
        if exact is not None and (issued is None or exact.issued_date in (None, issued)):
            return exact
        versions = self._by_bare_name.get(name_key(name, keep_year=False), [])
        if exact is None and not versions:
            return self._near_name_on(name, issued)
        if issued is not None:
            dated = [v for v in versions if v.issued_date == issued]
            if len(dated) == 1:
                return dated[0]
        if exact is not None:
            return exact
        year = NAME_YEAR.search(name)
        if year:  # "… năm 2020": only a version of that year will do
            cited = int(year.group(0).strip().split()[-1])
            versions = [v for v in versions if v.issued_date and v.issued_date.year == cited]
        if on is None:
            return versions[0] if len(versions) == 1 else None
        # the version in force on that date; one that began later cannot be what was cited,
        # unless none had begun: a law adopted but not yet in force is cited by its name too
        started = [v for v in versions if v.start <= on]
        if started:
            return max(started, key=lambda v: v.start)
        adopted = [v for v in versions if v.issued_date is not None and v.issued_date <= on]
        return max(adopted, key=lambda v: v.issued_date) if adopted else None

    def _near_name_on(self, name: str, issued: date | None) -> RegistryEntry | None:
        """The one law adopted on ``issued`` whose name is nearly ``name`` (``nearly_same_name``):
        a slip of the pen ("phát luật" for "pháp luật") or a law shortened in an amending law's
        list, cited with its full adoption date, names that law and no other."""
        if issued is None:
            return None
        near = [entry for entry in self._by_issued.get(issued, [])
                if any(nearly_same_name(name, n) for n in (entry.title, *entry.aliases) if n)]
        return near[0] if len(near) == 1 else None

    def with_events(self, events: dict[str, tuple[str, list[RegistryEvent]]]) -> Registry:
        """This registry with events added: number → (doc_type, events). A number the registry
        does not know becomes an entry of its own (facts unconfirmed)."""
        if not events:
            return self
        keyed = {number_key(n): (n, doc_type, evs) for n, (doc_type, evs) in events.items()}
        entries, seen = [], set()
        for entry in self.entries:
            added = keyed.get(number_key(entry.number))
            if added:
                seen.add(number_key(entry.number))
                entry = replace(entry, events=tuple(sorted(
                    (*entry.events, *added[2]), key=lambda e: e.effective_date or date.max)))
            entries.append(entry)
        for key, (number, doc_type, evs) in keyed.items():
            if key not in seen:
                entries.append(RegistryEntry(number=number, doc_type=doc_type, events=tuple(evs),
                                             unconfirmed=FACT_FIELDS))
        return Registry(entries)

    def merged(self, extra: Registry) -> Registry:
        """This registry with ``extra``'s entries added, replacing entries with the same key."""
        overridden = {e.key for e in extra.entries}
        kept = [e for e in self.entries if e.key not in overridden]
        return Registry(kept + list(extra.entries))


def _event(raw: dict, where: str) -> RegistryEvent:
    kind = raw.get("kind")
    if kind not in EVENT_KINDS:
        raise ValueError(f"{where}: event kind {kind!r} is not one of {', '.join(EVENT_KINDS)}")
    return RegistryEvent(
        kind=kind,
        by=raw.get("by"),
        effective_date=raw.get("effective_date"),
        note=raw.get("note"),
        source=raw.get("source") or "",
    )


def _entry(raw: dict, where: str) -> RegistryEntry:
    if not isinstance(raw, dict) or not raw.get("number") or not raw.get("doc_type"):
        raise ValueError(f"{where}: every entry needs a number and a doc_type")
    where = f"{where} ({raw['number']})"
    return RegistryEntry(
        number=str(raw["number"]),
        doc_type=str(raw["doc_type"]),
        title=raw.get("title"),
        issuer=raw.get("issuer"),
        issued_date=raw.get("issued_date"),
        effective_date=raw.get("effective_date"),
        party=bool(raw.get("party", False)),
        aliases=tuple(raw.get("aliases") or ()),
        sources=tuple(s["url"] for s in raw.get("sources") or () if s.get("url")),
        events=tuple(_event(ev, where) for ev in raw.get("events") or ()),
        unconfirmed=tuple(raw.get("unconfirmed") or ()),
    )



def parse_registry(text: str, where: str = "registry") -> Registry:
    """Parse registry YAML (a list of documents); raise ``ValueError`` naming the bad entry."""
    try:
        raw = parse_yaml(text) or []
    except yaml.YAMLError as exc:
        raise ValueError(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    if not isinstance(raw, list):
        raise ValueError(f"{where}: expected a list of documents")
    return Registry([_entry(item, f"{where} item {i + 1}") for i, item in enumerate(raw)])


@cache
def _shipped_registry() -> Registry:
    return parse_registry(read_text(REGISTRY_FILE), REGISTRY_FILE)

def load_registry(*extra: str | Path) -> Registry:
    """The shipped legal registry; each ``extra`` YAML file (same format) adds or overrides entries."""
    registry = _shipped_registry()
    for path in map(Path, extra):
        registry = registry.merged(parse_registry(path.read_text("utf-8"), str(path)))
    return registry

_LAW_TYPES = ("Bộ luật", "Luật", "Pháp lệnh")

_ABBREVIATION = re.compile(r"(?<!\w)[A-ZĐ][A-ZĐ&]+(?!\w)")  # "TNCN", "BMNN", "CCHC&VTLT"


def expand_abbreviations(name: str) -> str:
    """``name`` with the abbreviations law_names.yaml knows written out: "Luật thuế TNCN" →
    "Luật thuế thu nhập cá nhân"."""
    words = load_citation_formats().law_abbreviations
    if not any(abbreviation in name for abbreviation in words):
        return name
    return _ABBREVIATION.sub(lambda m: words.get(m.group(), m.group()), name)


def _is_law_name(title: str) -> bool:
    """Whether a title is a law's name as cited: "Luật Đất đai", "Bộ luật Lao động"."""
    return title.startswith(tuple(kind + " " for kind in _LAW_TYPES))


@cache
def known_law_names() -> frozenset[str]:
    """Every law name the reference data knows, without "Luật": law_names.yaml's (names a
    plain rule cannot delimit) and the registry's (``registry_law_names``)."""
    return frozenset(load_citation_formats().law_names) | registry_law_names()


@cache
def registry_law_names() -> frozenset[str]:
    """Names of the shipped registry's laws, codes and ordinances without their type word and
    year ("Cán bộ, công chức", "Đầu tư theo phương thức đối tác công tư")."""
    names = set()
    for entry in _shipped_registry().entries:
        if entry.doc_type not in _LAW_TYPES:
            continue
        for name in (entry.title, *entry.aliases):
            if not name:
                continue
            name = NAME_YEAR.sub("", name).strip()
            for kind in _LAW_TYPES:
                if name.startswith(kind + " "):
                    name = name[len(kind) + 1 :].strip()
                    break
            else:
                continue
            if name and not re.search(r"\d|\bsố\s+\S", name):  # "… số 31/2024/QH15" is no name
                names.add(" ".join(name.split()))
    return frozenset(names)
