"""Load the reference data under ``corpora/reference/`` (shipped as ``vnplan.reference``).

Data files are read once and cached; functions here only parse and index them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

REGISTRY_FILE = "legal_registry.yaml"
EVENT_KINDS = ("amended", "partially_replaced", "replaced", "repealed", "expired")
FACT_FIELDS = ("title", "issuer", "issued_date", "effective_date")

# Dashes and spaces that extraction leaves inside numbers: "NĐ – CP", "NĐ‐CP".
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")
# A year inside a law's name: "Luật Lưu trữ năm 2024", "Luật Lưu trữ 2024".
_NAME_YEAR = re.compile(r"\s*(?:năm\s*)?\b(19|20)\d{2}\b")


def number_key(number: str) -> str:
    """Compare numbers (số hiệu) the way a reader does: '61/2018/ND - CP' == '61/2018/NĐ-CP'."""
    text = unicodedata.normalize("NFC", number)
    text = _DASHES.sub("-", text)
    text = _SPACES.sub("", text).upper()
    return text.replace("Đ", "D")


def name_key(name: str, *, keep_year: bool = True) -> str:
    """Compare law names case- and spacing-insensitively; 'năm 2015' and '2015' are the same."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = _SPACES.sub(" ", text).strip(" .,;:")
    text = re.sub(r"\bnăm\s+((?:19|20)\d{2})\b", r"\1", text)
    if not keep_year:
        text = _NAME_YEAR.sub("", text).strip()
    return text


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
    def start(self) -> date:
        """When it took effect, as best known: effective, else issued, else 1 January of its year."""
        year = re.search(r"/((?:19|20)\d{2})/", self.number)
        fallback = date(int(year.group(1)), 1, 1) if year else date.max
        return self.effective_date or self.issued_date or fallback

    @property
    def key(self) -> tuple[str, int | None]:
        """Unique key: the number, plus the year for numbers without one (``06/QĐ-TTg`` of 2022)."""
        has_year = re.search(r"/(19|20)\d{2}/", self.number) is not None
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
        for entry in self.entries:
            self._by_number.setdefault(number_key(entry.number), []).append(entry)
            for alias in entry.aliases:
                self._by_name[name_key(alias)] = entry
                bare = self._by_bare_name.setdefault(name_key(alias, keep_year=False), [])
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

    def find_by_name(self, name: str, on: date | None = None) -> RegistryEntry | None:
        """The law cited by ``name``; without a year, the version in force ``on`` that date."""
        exact = self._by_name.get(name_key(name))
        if exact is not None:
            return exact
        versions = self._by_bare_name.get(name_key(name, keep_year=False), [])
        year = _NAME_YEAR.search(name)
        if year:  # "… năm 2020": only a version of that year will do
            cited = int(year.group(0).strip().split()[-1])
            versions = [v for v in versions if v.issued_date and v.issued_date.year == cited]
        if on is None:
            return versions[0] if len(versions) == 1 else None
        # the version in force on that date; one that began later cannot be what was cited
        started = [v for v in versions if v.start <= on]
        return max(started, key=lambda v: v.start) if started else None

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
    raw = yaml.safe_load(text) or []
    if not isinstance(raw, list):
        raise ValueError(f"{where}: expected a list of documents")
    return Registry([_entry(item, f"{where} item {i + 1}") for i, item in enumerate(raw)])


@cache
def _shipped_registry() -> Registry:
    text = resources.files("vnplan.reference").joinpath(REGISTRY_FILE).read_text("utf-8")
    return parse_registry(text, REGISTRY_FILE)


def load_registry(*extra: str | Path) -> Registry:
    """The shipped legal registry; each ``extra`` YAML file (same format) adds or overrides entries."""
    registry = _shipped_registry()
    for path in map(Path, extra):
        registry = registry.merged(parse_registry(path.read_text("utf-8"), str(path)))
    return registry


@cache
def province_level_cities() -> frozenset[str]:
    """Centrally governed cities (thành phố trực thuộc trung ương), from localities.yaml."""
    text = resources.files("vnplan.reference").joinpath("localities.yaml").read_text("utf-8")
    return frozenset(yaml.safe_load(text)["province_level_cities"])


# --- citation formats (issue 3: legal references) ---

CITATION_FILES = ("document_types.yaml", "issuer_codes.yaml", "law_names.yaml")


@dataclass(frozen=True)
class DocumentType:
    """A type of document (loại văn bản): its label, how it is written, its codes in numbers."""

    label: str
    variants: tuple[str, ...]
    codes: tuple[str, ...] = ()
    codeless: bool = False  # a number without a type code is normal: "Luật số 80/2025/QH15"
    issuer: str | None = None  # the body that always issues it: Luật → Quốc hội


@dataclass(frozen=True)
class CitationFormats:
    """What the citation finder knows about Vietnamese document numbers, from three YAML files."""

    types: tuple[DocumentType, ...]
    issuers: dict[str, str]  # body code in a number → issuing body: "CP" → "Chính phủ"
    issuer_names: tuple[str, ...]  # other names an issuer goes by after "của": "UBND"
    law_names: tuple[str, ...]  # names a plain rule cannot delimit: "Cán bộ, công chức"
    year_type_codes: frozenset[str]  # numbers with these type codes carry a year: NĐ, TT, TTLT
    year_bodies: frozenset[str]  # … and with these bodies: QH, UBTVQH
    year_since: int  # numbers dated before this year are not expected to carry one

    def type_by_label(self, label: str) -> DocumentType | None:
        return next((t for t in self.types if t.label == label), None)


def _read_reference_yaml(name: str) -> dict:
    data = yaml.safe_load(resources.files("vnplan.reference").joinpath(name).read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top")
    return data


@cache
def load_citation_formats() -> CitationFormats:
    """Document types, issuer codes and law names (read once); raise ``ValueError`` on bad data."""
    types_file, issuers_file, laws_file = (_read_reference_yaml(n) for n in CITATION_FILES)
    types = []
    for i, raw in enumerate(types_file.get("types") or ()):
        if not isinstance(raw, dict) or not raw.get("label") or not raw.get("variants"):
            raise ValueError(f"document_types.yaml item {i + 1}: needs a label and variants")
        types.append(DocumentType(
            label=str(raw["label"]),
            variants=tuple(str(v) for v in raw["variants"]),
            codes=tuple(str(c) for c in raw.get("codes") or ()),
            codeless=bool(raw.get("codeless", False)),
            issuer=raw.get("issuer"),
        ))
    rule = types_file.get("year_required") or {}
    issuers = {str(k): str(v) for k, v in (issuers_file.get("bodies") or {}).items()}
    return CitationFormats(
        types=tuple(types),
        issuers=issuers,
        issuer_names=tuple(str(n) for n in issuers_file.get("issuer_names") or ()),
        law_names=tuple(str(n) for n in laws_file.get("names") or ()),
        year_type_codes=frozenset(rule.get("type_codes") or ()),
        year_bodies=frozenset(rule.get("bodies") or ()),
        year_since=int(rule.get("since", 0)),
    )


APPENDIX_FILE = "appendix_headers.yaml"


@dataclass(frozen=True)
class ColumnRule:
    """Printed header phrases that mean one canonical appendix field (``lead``, ``budget`` …)."""

    field: str
    headers: tuple[str, ...]


@dataclass(frozen=True)
class AppendixVocabulary:
    """What appendix tables say, from ``appendix_headers.yaml``: header synonyms and the cues
    that place the lines of a flattened table (unit names, timeline phrases …)."""

    columns: tuple[ColumnRule, ...]
    column_starts: tuple[str, ...]
    unit_starts: tuple[str, ...]
    unit_heads: tuple[str, ...]
    unit_qualifiers: tuple[str, ...]
    timeline_starts: tuple[str, ...]
    recurring_starts: tuple[str, ...]
    dangling_words: tuple[str, ...]
    dangling_before_units: tuple[str, ...]
    total_labels: tuple[str, ...]


def parse_appendix_vocabulary(text: str, where: str = APPENDIX_FILE) -> AppendixVocabulary:
    """Parse the appendix vocabulary YAML; raise ``ValueError`` naming what is wrong."""
    raw = yaml.safe_load(text) or {}
    rules = []
    for i, rule in enumerate(raw.get("columns") or ()):
        if not isinstance(rule, dict) or not rule.get("field") or not rule.get("headers"):
            raise ValueError(f"{where}: columns item {i + 1} needs a field and headers")
        headers = tuple(unicodedata.normalize("NFC", str(h)) for h in rule["headers"])
        rules.append(ColumnRule(str(rule["field"]), headers))

    def words(key: str) -> tuple[str, ...]:
        return tuple(unicodedata.normalize("NFC", str(w)) for w in raw.get(key) or ())

    return AppendixVocabulary(
        columns=tuple(rules),
        column_starts=words("column_starts"),
        unit_starts=words("unit_starts"),
        unit_heads=words("unit_heads"),
        unit_qualifiers=words("unit_qualifiers"),
        timeline_starts=words("timeline_starts"),
        recurring_starts=words("recurring_starts"),
        dangling_words=words("dangling_words"),
        dangling_before_units=words("dangling_before_units"),
        total_labels=words("total_labels"),
    )


@cache
def load_appendix_vocabulary() -> AppendixVocabulary:
    """The shipped appendix vocabulary (header synonyms, unit and timeline cues)."""
    text = resources.files("vnplan.reference").joinpath(APPENDIX_FILE).read_text("utf-8")
    return parse_appendix_vocabulary(text, APPENDIX_FILE)


# --- responsible units (corpora/reference/unit_aliases.yaml) ---------------------------------

UNIT_ALIASES_FILE = "unit_aliases.yaml"
# A unit's key drops these from the end: "Công chức Văn hóa – Xã hội xã" → "văn hóa-xã hội".
_UNIT_TAIL = re.compile(r"\s+(?:xã|phường|thị\s+trấn|cấp\s+xã)$")


def unit_key(spelling: str, prefixes: tuple[str, ...] = ()) -> str:
    """Compare unit spellings the way a reader does: case, dash kind and spacing ignored."""
    text = unicodedata.normalize("NFC", spelling).casefold()
    text = _DASHES.sub("-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = _SPACES.sub(" ", text).strip(" .,;:")
    stripped = True
    while stripped:  # "Trách nhiệm của công chức Văn phòng …" drops both prefixes
        stripped = False
        for prefix in prefixes:
            if text.startswith(prefix + " "):
                text, stripped = text[len(prefix) + 1 :], True
                break
    return _UNIT_TAIL.sub("", text).strip()


@dataclass
class UnitAliases:
    """Canonical unit names, the spellings that mean them, and the words that start a unit."""

    names: dict[str, str] = field(default_factory=dict)  # key → canonical name
    heads: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    _keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def key(self, spelling: str) -> str:
        known = self._keys.get(spelling)  # plans repeat the same cells: fold each spelling once
        if known is None:
            known = self._keys[spelling] = unit_key(spelling, self.prefixes)
        return known

    def canonical(self, spelling: str) -> str | None:
        """The canonical name for ``spelling``, or None when the table does not know it."""
        return self.names.get(self.key(spelling))

    def looks_like_unit(self, phrase: str) -> bool:
        """Whether ``phrase`` names a unit: a known spelling, or it starts with a head word."""
        folded = unicodedata.normalize("NFC", phrase).casefold().strip()
        return self.canonical(phrase) is not None or any(
            folded.startswith(head.casefold()) for head in self.heads
        )

    def merged(self, extra: UnitAliases) -> UnitAliases:
        return UnitAliases(
            {**self.names, **extra.names},
            tuple(dict.fromkeys(self.heads + extra.heads)),
            tuple(sorted(set(self.prefixes + extra.prefixes), key=len, reverse=True)),
        )


def parse_unit_aliases(text: str, where: str = UNIT_ALIASES_FILE) -> UnitAliases:
    """Parse the unit alias YAML; raise ``ValueError`` naming the bad entry."""
    raw = yaml.safe_load(text) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping with 'units'")
    prefixes = tuple(sorted((unit_key(p) for p in raw.get("prefixes") or ()), key=len, reverse=True))
    names: dict[str, str] = {}
    for i, item in enumerate(raw.get("units") or ()):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValueError(f"{where}: unit {i + 1} needs a name")
        for spelling in [item["name"], *(item.get("aliases") or ())]:
            names[unit_key(str(spelling), prefixes)] = item["name"]
    return UnitAliases(names, tuple(str(h) for h in raw.get("heads") or ()), prefixes)


@cache
def _shipped_unit_aliases() -> UnitAliases:
    text = resources.files("vnplan.reference").joinpath(UNIT_ALIASES_FILE).read_text("utf-8")
    return parse_unit_aliases(text)


def load_unit_aliases(*extra: str | Path) -> UnitAliases:
    """The shipped unit alias table; each ``extra`` YAML file (same format) adds spellings."""
    aliases = _shipped_unit_aliases()
    for path in map(Path, extra):
        aliases = aliases.merged(parse_unit_aliases(path.read_text("utf-8"), str(path)))
    return aliases
