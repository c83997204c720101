"""Vietnamese dates: "ngày 23/4/2018", "ngày 25 tháng 11 năm 2021", "23-4-2018"."""

from __future__ import annotations

import re
from datetime import date

# "ngày 23/4/2018", "23/04/2018", "23-4-2018", "23.4.2018"
NUMERIC_DATE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2})(?!\d)")
# "ngày 25 tháng 11 năm 2021" (the day may be blank in a draft: then no date)
WORDED_DATE = re.compile(
    r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d{2})", re.IGNORECASE
)


def make_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the numbers are impossible (31/02)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first complete date written in ``text``, or None."""
    best: tuple[int, date] | None = None
    for pattern in (WORDED_DATE, NUMERIC_DATE):
        match = pattern.search(text)
        if match:
            found = make_date(int(match["y"]), int(match["m"]), int(match["d"]))
            if found and (best is None or match.start() < best[0]):
                best = (match.start(), found)
    return best[1] if best else None
