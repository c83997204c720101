"""Official administrative units before and after 2025-07-01 (``admin_units.tsv``), indexed by
code and by name, with the old → new links. Read once; lookups are dictionary lookups."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

from .files import read_text
from .keys import tone_key

ADMIN_UNITS_FILE = "admin_units.tsv"
REORGANISED_ON = (2025, 7, 1)  # the district level ends and the new units begin

# Kind words a name is printed with, longest first ("thành phố trung ương" before "thành phố").
KIND_WORDS = ("thành phố trung ương", "thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh",
              "huyện", "quận", "xã", "phường", "tp.", "tp")


@dataclass(frozen=True)
class AdminUnit:
    """One unit of a list: level 1 province, 2 district, 3 commune."""

    era: str  # "old" (GSO list of 2025-03-01) | "new" (from 2025-07-01)
    level: int
    code: str
    name: str  # as the list spells it, with its kind: "Xã Tân Bình", "Tỉnh Đồng Nai"
    kind: str  # "Xã", "Phường", "Thị trấn", "Huyện", "Tỉnh", "Thành phố Trung ương" …
    parent: str  # old: the code of the unit above; new: the province code


@dataclass
class AdminUnits:
    """Both lists, with the links from each old unit to the new ones that cover it."""

    units: dict[tuple[str, int, str], AdminUnit] = field(default_factory=dict)
    by_name: dict[tuple[str, int, str], list[AdminUnit]] = field(default_factory=dict)
    children: dict[tuple[str, str], list[AdminUnit]] = field(default_factory=dict)
    successors: dict[tuple[int, str], list[tuple[str, str]]] = field(default_factory=dict)
    merged_into: dict[tuple[int, str], list[tuple[str, str]]] = field(default_factory=dict)

    def unit(self, era: str, level: int, code: str) -> AdminUnit | None:
        return self.units.get((era, level, code))

    def named(self, era: str, level: int, name: str) -> list[AdminUnit]:
        """Units of ``level`` whose name (kind words aside) is ``name``."""
        return self.by_name.get((era, level, name_key(name)), [])

    def province_of(self, unit: AdminUnit) -> AdminUnit | None:
        """The province a unit belongs to (itself for a province)."""
        while unit is not None and unit.level > 1:
            level = 1 if unit.era == "new" else unit.level - 1
            unit = self.unit(unit.era, level, unit.parent)
        return unit


def name_key(name: str) -> str:
    """A unit's name without its kind words, case or spacing: "Thành phố Hồ Chí Minh" and
    "TP. Hồ Chí Minh" give "hồ chí minh"; "Xã Tân Bình" and "xã Tân Bình" give "tân bình"."""
    text = tone_key(" ".join(unicodedata.normalize("NFC", name).casefold().split()))
    return without_kind_word(text).strip(" .,")


def without_kind_word(text: str) -> str:
    """``text`` (lower case, single spaces) without the kind word it opens with: "xã tân bình"
    → "tân bình", "thành phố hồ chí minh" → "hồ chí minh"."""
    for word in KIND_WORDS:
        if text.startswith(word + " "):
            return text[len(word) + 1 :]
    return text


def parse_admin_units(text: str) -> AdminUnits:
    table = AdminUnits()
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        row = line.split("\t")
        if row[0] == "map":
            level, old, new, share = int(row[1]), row[2], row[3], row[4]
            table.successors.setdefault((level, old), []).append((new, share))
            table.merged_into.setdefault((level, new), []).append((old, share))
            continue
        unit = AdminUnit(row[0], int(row[1]), row[2], row[3], row[4], row[5])
        table.units[(unit.era, unit.level, unit.code)] = unit
        table.by_name.setdefault((unit.era, unit.level, name_key(unit.name)), []).append(unit)
        table.children.setdefault((unit.era, unit.parent), []).append(unit)
    return table


@cache
def load_admin_units() -> AdminUnits:
    """The shipped table (``corpora/reference/admin_units.tsv``)."""
    return parse_admin_units(read_text(ADMIN_UNITS_FILE))
