"""Cost of the locality stage (official units, 2025 reorganisation), beside its target.

    .venv/bin/python benchmarks/bench_locality.py     # also run by `make bench`
"""

from __future__ import annotations

import time
from datetime import date

from vnplan.extractors.locality import resolve_locality
from vnplan.models import Locality
from vnplan.reference.admin_units import load_admin_units

PLACES = [
    Locality(commune="xã Tân Bình", district="huyện Vĩnh Cửu", province="tỉnh Đồng Nai"),
    Locality(commune="phường Hoàng Tân", district="thành phố Chí Linh", province="tỉnh Hải Dương"),
    Locality(commune="xã Thượng Lộ", district="huyện Nam Đông"),
    Locality(province="tỉnh Lâm Đồng"),
]


def main() -> None:
    started = time.perf_counter()
    load_admin_units()
    loaded = time.perf_counter() - started
    rounds = 2000
    started = time.perf_counter()
    for _ in range(rounds):
        for place in PLACES:
            resolve_locality(place, date(2024, 1, 31), date(2026, 11, 23))
    per = (time.perf_counter() - started) / (rounds * len(PLACES))
    print("Locality stage (official units)")
    print(f"  {'table loaded once per process':<44} {loaded * 1000:>20.0f} ms")
    print(f"  {'per document':<44} {per * 1000:>20.3f} ms   target < 1 ms")


if __name__ == "__main__":
    main()
