"""Write corpora/reference/admin_units.tsv from the official unit lists in ../shared/data/admin-units.

    python scripts/build_admin_units.py            # reads ../shared/data/admin-units

The table holds the facts vnplan needs to read a locality as official units, through the
reorganisation of 2025-07-01: every unit of the GSO list of 2025-03-01 (63 provinces, 696
districts, 10,047 communes: code, name, type, parent), every unit of 2025-07-01 (34 provinces,
3,321 communes), and old → new with the share of the old unit each new one took (full or
partial). Rows, tab-separated:

    old   LEVEL  CODE  NAME  TYPE  PARENT_CODE      (LEVEL 1 province, 2 district, 3 commune)
    new   LEVEL  CODE  NAME  TYPE  PROVINCE_CODE    (LEVEL 1 province, 3 commune)
    map   LEVEL  OLD_CODE  NEW_CODE  SHARE          (SHARE full | partial)

The sources are named in the file's comment lines.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "admin-units"
OUT = ROOT / "corpora" / "reference" / "admin_units.tsv"
NEW_KINDS = ("Phường", "Xã", "Đặc khu", "Thị trấn")

HEADER = """\
# Vietnam's administrative units before and after the reorganisation of 2025-07-01.
# Written by scripts/build_admin_units.py from ../shared/data/admin-units (do not edit by hand).
# Sources:
#   old units: GSO list as of 2025-03-01, github.com/daohoangson/dvhcvn data/dvhcvn.json
#              @ 4b1b6b59c588 (GPL-3.0)
#   new units and old -> new: github.com/dvhcvn/20250701 mapping/merges.json and splits.json
#              @ dd94887ce323 (MIT), compiled from the resolutions of the National Assembly
#              Standing Committee of June 2025 (1654-1687/NQ-UBTVQH15) and Công văn
#              915/CTK-CSCL and 1027/CTK-CSCL of the Statistics Office
# Not covered: units changed before 2025-03-01 appear under their 2025-03 names only; changes
# decided after 2025-07-01.
# Rows: old LEVEL CODE NAME TYPE PARENT | new LEVEL CODE NAME TYPE PROVINCE | map LEVEL OLD NEW SHARE
"""


def new_type(name: str) -> str:
    return next((k for k in NEW_KINDS if name.startswith(k + " ")), "")


def main(source: Path = SOURCE) -> int:
    if not source.is_dir():
        print(f"build_admin_units: {source} not found", file=sys.stderr)
        return 2
    old = json.loads((source / "before-2025-07-01" / "dvhcvn.json").read_text("utf-8"))["data"]
    merges = json.loads((source / "2025-07-01" / "merges.json").read_text("utf-8"))["data"]
    rows: list[tuple] = []
    for p in old:
        rows.append(("old", 1, p["level1_id"], p["name"], p["type"], ""))
        for d in p["level2s"]:
            rows.append(("old", 2, d["level2_id"], d["name"], d["type"], p["level1_id"]))
            for c in d["level3s"]:
                rows.append(("old", 3, c["level3_id"], c["name"], c["type"], d["level2_id"]))
    maps: list[tuple] = []
    for p in merges:
        kind = "Thành phố Trung ương" if p["name"].startswith("Thành phố ") else "Tỉnh"
        rows.append(("new", 1, p["level1_id"], p["name"], kind, p["level1_id"]))
        maps.extend(("map", 1, m["old_id"], p["level1_id"], m["type"]) for m in p["merges"])
        for c in p["level2s"]:
            rows.append(("new", 3, c["level2_id"], c["name"], new_type(c["name"]), p["level1_id"]))
            maps.extend(("map", 3, m["old_id"], c["level2_id"], m["type"]) for m in c["merges"])
    lines = ["\t".join(str(v) for v in row) for row in [*rows, *sorted(set(maps))]]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    counts = {(r[0], r[1]) for r in rows}
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} units, {len(set(maps))} old → new links "
          f"({', '.join(f'{k} L{lv}' for k, lv in sorted(counts))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
