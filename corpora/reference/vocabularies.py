"""Vocabularies shipped as data: document types and issuer codes, law names, appendix headers
and cues, the cues that tell a target from a result, unit aliases, localities and the legacy
font encodings. Each is read once and cached."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .files import parse_yaml, read_mapping, read_text, read_yaml
from .keys import unit_key


def nfc_words(raw: dict, key: str, *, required: str | None = None) -> tuple[str, ...]:
    """The list ``raw[key]`` as NFC strings without surrounding spaces; when ``required`` (the
    file's name), a missing or empty list is a ``ValueError``."""
    items = raw.get(key)
    if required and (not items or not isinstance(items, list)):
        raise ValueError(f"{required}: '{key}' is missing or empty")
    return tuple(unicodedata.normalize("NFC", str(w)).strip() for w in items or ())


@cache
def province_level_cities() -> frozenset[str]:
    """Centrally governed cities (thành phố trực thuộc trung ương), from localities.yaml."""
    return frozenset(read_yaml("localities.yaml")["province_level_cities"])


@cache
def legacy_encoding_tables() -> dict[str, dict[str, str]]:
    """TCVN3 and VNI byte sequences → Unicode letters, from legacy_encodings.yaml."""
    return read_yaml("legacy_encodings.yaml")


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
    english: str | None = None  # the type in English, for messages: "report", "decree"
    normative: bool = True  # False: letters, reports, submissions … have no validity status


@dataclass(frozen=True)
class CitationFormats:
    """What the citation finder knows about Vietnamese document numbers, from three YAML files."""

    types: tuple[DocumentType, ...]
    issuers: dict[str, str]  # body code in a number → issuing body: "CP" → "Chính phủ"
    issuer_names: tuple[str, ...]  # other names an issuer goes by after "của": "UBND"
    law_names: tuple[str, ...]  # names a plain rule cannot delimit: "Cán bộ, công chức"
    not_law_words: frozenset[str]  # "Luật sư", "Luật gia": not laws
    law_abbreviations: dict[str, str]  # "BMNN" → "bí mật nhà nước", inside a law's name
    year_type_codes: frozenset[str]  # numbers with these type codes carry a year: NĐ, TT, TTLT
    year_bodies: frozenset[str]  # … and with these bodies: QH, UBTVQH
    year_since: int  # numbers dated before this year are not expected to carry one

    def type_by_label(self, label: str) -> DocumentType | None:
        return next((t for t in self.types if t.label == label), None)




@cache
def load_citation_formats() -> CitationFormats:
    """Document types, issuer codes and law names (read once); raise ``ValueError`` on bad data."""
    types_file, issuers_file, laws_file = (read_mapping(n) for n in CITATION_FILES)
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
            english=raw.get("english"),
            normative=bool(raw.get("normative", True)),
        ))
    rule = types_file.get("year_required") or {}
    issuers = {str(k): str(v) for k, v in (issuers_file.get("bodies") or {}).items()}
    return CitationFormats(
        types=tuple(types),
        issuers=issuers,
        issuer_names=tuple(str(n) for n in issuers_file.get("issuer_names") or ()),
        law_names=tuple(str(n) for n in laws_file.get("names") or ()),
        not_law_words=frozenset(str(w).casefold() for w in laws_file.get("not_names") or ()),
        law_abbreviations={unicodedata.normalize("NFC", str(k)): unicodedata.normalize("NFC", str(v))
                           for k, v in (laws_file.get("abbreviations") or {}).items()},
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
    whole: tuple[str, ...] = ()  # phrases that must be the whole header (a parenthesis aside)


@dataclass(frozen=True)
class TableKindRule:
    """A table is ``kind`` when its columns have every field of ``all`` and none of ``none``."""

    kind: str
    all: tuple[str, ...]
    none: tuple[str, ...] = ()


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
    table_kinds: tuple[TableKindRule, ...] = ()
    layout_cells: tuple[str, ...] = ()


def parse_appendix_vocabulary(text: str, where: str = APPENDIX_FILE) -> AppendixVocabulary:
    """Parse the appendix vocabulary YAML; raise ``ValueError`` naming what is wrong."""
    raw = parse_yaml(text) or {}
    rules = []
    for i, rule in enumerate(raw.get("columns") or ()):
        if not isinstance(rule, dict) or not rule.get("field") or not rule.get("headers"):
            raise ValueError(f"{where}: columns item {i + 1} needs a field and headers")
        headers = tuple(unicodedata.normalize("NFC", str(h)) for h in rule["headers"])
        whole = tuple(unicodedata.normalize("NFC", str(h)) for h in rule.get("whole") or ())
        rules.append(ColumnRule(str(rule["field"]), headers, whole))
    kinds = []
    for i, rule in enumerate(raw.get("table_kinds") or ()):
        if not isinstance(rule, dict) or not rule.get("kind") or not rule.get("all"):
            raise ValueError(f"{where}: table_kinds item {i + 1} needs a kind and all")
        kinds.append(TableKindRule(str(rule["kind"]), tuple(map(str, rule["all"])),
                                   tuple(map(str, rule.get("none") or ()))))

    def words(key: str) -> tuple[str, ...]:
        return nfc_words(raw, key)

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
        table_kinds=tuple(kinds),
        layout_cells=words("layout_cells"),
    )


@cache
def load_appendix_vocabulary() -> AppendixVocabulary:
    """The shipped appendix vocabulary (header synonyms, unit and timeline cues)."""
    return parse_appendix_vocabulary(read_text(APPENDIX_FILE), APPENDIX_FILE)


# --- target or result (corpora/reference/target_kinds.yaml) ----------------------------------

TARGET_KINDS_FILE = "target_kinds.yaml"


@dataclass(frozen=True)
class TargetKindCues:
    """What tells a commitment (chỉ tiêu) from an achievement reported (kết quả), from
    ``target_kinds.yaml``: the families whose figures are results, and cue words before a
    number and in section titles."""

    result_families: frozenset[str]  # metadata.doc_type labels: "Báo cáo"
    commitment_cues: tuple[str, ...]  # "phấn đấu", "chỉ tiêu" …
    result_cues: tuple[str, ...]  # "đã", "tính đến" …
    commitment_sections: tuple[str, ...]  # "phương hướng" …
    result_sections: tuple[str, ...]  # "kết quả thực hiện" …


def parse_target_kind_cues(text: str, where: str = TARGET_KINDS_FILE) -> TargetKindCues:
    """Parse the target-kind YAML; raise ``ValueError`` when a list is missing or empty."""
    raw = parse_yaml(text)
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping at the top")

    def words(key: str) -> tuple[str, ...]:
        return nfc_words(raw, key, required=where)

    return TargetKindCues(
        result_families=frozenset(words("result_families")),
        commitment_cues=words("commitment_cues"),
        result_cues=words("result_cues"),
        commitment_sections=words("commitment_sections"),
        result_sections=words("result_sections"),
    )


@cache
def load_target_kind_cues() -> TargetKindCues:
    """The shipped target-kind cues (read once)."""
    return parse_target_kind_cues(read_text(TARGET_KINDS_FILE))


# --- responsible units (corpora/reference/unit_aliases.yaml) ---------------------------------

UNIT_ALIASES_FILE = "unit_aliases.yaml"


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
    raw = parse_yaml(text) or {}
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
    return parse_unit_aliases(read_text(UNIT_ALIASES_FILE))


def load_unit_aliases(*extra: str | Path) -> UnitAliases:
    """The shipped unit alias table; each ``extra`` YAML file (same format) adds spellings."""
    aliases = _shipped_unit_aliases()
    for path in map(Path, extra):
        aliases = aliases.merged(parse_unit_aliases(path.read_text("utf-8"), str(path)))
    return aliases


# --- the official layout (corpora/reference/official_layout.yaml) ----------------------------

OFFICIAL_LAYOUT_FILE = "official_layout.yaml"


@dataclass(frozen=True)
class OfficialLayout:
    """What a header and a signature block say (thể thức văn bản), from official_layout.yaml."""

    mottos: tuple[str, ...]
    national_bodies: tuple[str, ...]
    local_bodies: tuple[str, ...]
    body_starts: tuple[str, ...]
    unit_kinds: dict[str, str]
    abbreviations: dict[str, str]
    authority_prefixes: tuple[str, ...]
    offices: tuple[str, ...]


@cache
def load_official_layout() -> OfficialLayout:
    """The shipped header and signature vocabulary; ``ValueError`` when a list is missing."""
    raw = read_mapping(OFFICIAL_LAYOUT_FILE)

    def words(key: str) -> tuple[str, ...]:
        return nfc_words(raw, key, required=OFFICIAL_LAYOUT_FILE)

    def mapping(key: str) -> dict[str, str]:
        return {unicodedata.normalize("NFC", str(k)): unicodedata.normalize("NFC", str(v))
                for k, v in (raw.get(key) or {}).items()}

    return OfficialLayout(
        mottos=words("mottos"),
        national_bodies=words("national_bodies"),
        local_bodies=words("local_bodies"),
        body_starts=words("body_starts"),
        unit_kinds=mapping("unit_kinds"),
        abbreviations=mapping("abbreviations"),
        authority_prefixes=words("authority_prefixes"),
        offices=words("offices"),
    )


@cache
def province_aliases() -> dict[str, str]:
    """Province names as printed → as the official lists name them (localities.yaml)."""
    raw = read_yaml("localities.yaml").get("province_aliases") or {}
    return {unicodedata.normalize("NFC", str(k)): unicodedata.normalize("NFC", str(v))
            for k, v in raw.items()}


HEADING_PHRASES_FILE = "heading_phrases.yaml"


@cache
def heading_phrases() -> tuple[str, ...]:
    """The phrases that section headings are made of, lower case (heading_phrases.yaml)."""
    return nfc_words(read_mapping(HEADING_PHRASES_FILE), "phrases", required=HEADING_PHRASES_FILE)
