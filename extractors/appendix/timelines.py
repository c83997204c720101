"""Timeline cells of appendix tables (thời gian thực hiện / hoàn thành), parsed where unambiguous.

    "Trước 30/01/2021"        → end 2021-01-30
    "Quý III/2024"            → 2024-07-01 … 2024-09-30
    "Tháng 1/2024"            → 2024-01-01 … 2024-01-31
    "Năm 2024"                → 2024-01-01 … 2024-12-31
    "Từ 01/3/2024 đến 30/6/2024" → start and end
    "Từ tháng 3 đến tháng 9/2026" → 2026-03-01 … 2026-09-30
    "Quý I–II/2026"           → 2026-01-01 … 2026-06-30
    "6 tháng đầu năm 2026"    → 2026-01-01 … 2026-06-30
    "2026 - 2030"             → 2026-01-01 … 2030-12-31
    "Trước 15/12" (no year)   → end 15/12 of the plan's year, when it is known
    "Thường xuyên trong năm"  → recurring
    "Thực hiện thường xuyên trong năm", "Báo cáo …; thực hiện thường xuyên" → recurring
    "Khi có yêu cầu", "Sau khi văn bản có hiệu lực" → text only
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import cache, lru_cache

from vnplan.extractors.document.dates import make_date
from vnplan.models import Timeline
from vnplan.reference.vocabularies import load_appendix_vocabulary

_DATE = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2})"
# "Trước 30/01/2021", "Trước ngày 01/12/2024", "Chậm nhất ngày 15/3/2024", "Hạn chót 5/1/2024"
_BEFORE = re.compile(
    rf"^(?:trước|chậm nhất(?: là)?|hạn chót|hoàn thành trước|đến)\s*(?:ngày\s*)?{_DATE}\s*[.;]?$",
    re.IGNORECASE,
)
# "30/01/2021", "Ngày 30/01/2021"
_ON = re.compile(rf"^(?:ngày\s*)?{_DATE}\s*[.;]?$", re.IGNORECASE)
# "Từ 01/3/2024 đến 30/6/2024", "01/3/2024 - 30/6/2024"
_FROM_TO = re.compile(rf"^(?:từ\s*(?:ngày\s*)?)?{_DATE}\s*(?:đến|-|–)\s*(?:ngày\s*)?{_DATE}$", re.IGNORECASE)
# "Quý III/2024", "Quý 3 năm 2024", "Trong quý I/2024"
_QUARTER = re.compile(
    r"^(?:trong\s+)?quý\s+(I{1,3}|IV|[1-4])\s*(?:/|năm|-)\s*((?:19|20)\d{2})$", re.IGNORECASE
)
# "Tháng 1/2024", "Tháng 01 năm 2024", "Trong tháng 3/2024"
_MONTH = re.compile(r"^(?:trong\s+)?tháng\s+(\d{1,2})\s*(?:/|năm|-)\s*((?:19|20)\d{2})$", re.IGNORECASE)
# "Năm 2024", "Trong năm 2024", "2024"
_YEAR = re.compile(r"^(?:(?:trong\s+)?năm\s+)?((?:19|20)\d{2})$", re.IGNORECASE)
# "Từ tháng 3 đến tháng 9/2026", "Từ tháng 3/2026 đến tháng 9/2026", "Tháng 3 - 9/2026"
_MONTHS = re.compile(
    r"^(?:từ\s+)?tháng\s+(\d{1,2})(?:\s*(?:/|năm)\s*((?:19|20)\d{2}))?\s*(?:đến|-|–)\s*"
    r"(?:tháng\s+)?(\d{1,2})\s*(?:/|năm|-)\s*((?:19|20)\d{2})$", re.IGNORECASE)
# "Quý I–II/2026", "Từ quý I đến quý III/2026", "Quý II, III năm 2026"
_QUARTERS_SPAN = re.compile(
    r"^(?:từ\s+|trong\s+)?quý\s+(I{1,3}|IV|[1-4])\s*(?:đến|-|–|,)\s*(?:quý\s+)?(I{1,3}|IV|[1-4])"
    r"\s*(?:/|năm|-)\s*((?:19|20)\d{2})$", re.IGNORECASE)
# "6 tháng đầu năm 2026", "6 tháng cuối năm 2026"
_HALF = re.compile(r"^(?:trong\s+)?6\s+tháng\s+(đầu|cuối)\s+năm\s+((?:19|20)\d{2})$", re.IGNORECASE)
# "2026 - 2030", "Giai đoạn 2026-2030", "Năm 2026 - 2027"
_YEARS = re.compile(r"^(?:giai\s+đoạn\s+|năm\s+)?((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})$",
                    re.IGNORECASE)
# "Trước 15/12", "Trước ngày 31/3": a day and month without a year
_BEFORE_DAY = re.compile(
    r"^(?:trước|chậm nhất(?: là)?|hạn chót|hoàn thành trước|đến)\s*(?:ngày\s*)?"
    r"(\d{1,2})\s*/\s*(\d{1,2})\s*[.;]?$", re.IGNORECASE)
# "02 lần/tháng", "2 lần/năm": a frequency
_FREQUENCY = re.compile(r"\d+\s*lần\s*/\s*(?:tháng|quý|năm|tuần)", re.IGNORECASE)

# "Thực hiện thường xuyên trong năm": the verb before a recurring phrase does not change it.
_DO = re.compile(r"^thực\s+hiện\s+", re.IGNORECASE)

_DIGIT = re.compile(r"\d")

_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def parse_timeline(text: str, year: int | None = None) -> Timeline:
    """The timeline of a cell: the text as printed, plus dates or recurrence when unambiguous.
    ``year`` (the plan's) completes a date printed without one ("Trước 15/12")."""
    printed, start, end, recurring = _read_timeline(text, year)
    return Timeline(text=printed, start=start, end=end, recurring=recurring)


@lru_cache(maxsize=4096)
def _read_timeline(text: str, year: int | None = None) -> tuple[str, date | None, date | None, bool]:
    """What ``parse_timeline`` reads from a cell; cached, since a table repeats its timelines
    ("Khi có yêu cầu", "Hàng tháng") row after row."""
    printed = " ".join(text.split())
    core = printed.rstrip(" .;")
    start, end = _dates(core, year)
    return printed, start, end, _is_recurring(core)


def _dates(core: str, year: int | None = None) -> tuple[date | None, date | None]:
    """The start and end a cell names, where it names them unambiguously."""
    if not _DIGIT.search(core):  # every dated form has a number ("Thường xuyên", "Khi có yêu cầu")
        return None, None
    if (match := _BEFORE.match(core)) or (match := _ON.match(core)):
        return None, _date(match, 1)
    if match := _FROM_TO.match(core):
        return _date(match, 1), _date(match, 4)
    if year is not None and (match := _BEFORE_DAY.match(core)):
        return None, make_date(year, int(match[2]), int(match[1]))
    if match := _MONTHS.match(core):
        first, last, end_year = int(match[1]), int(match[3]), int(match[4])
        start_year = int(match[2]) if match[2] else end_year
        if 1 <= first <= 12 and 1 <= last <= 12 and (start_year, first) <= (end_year, last):
            return date(start_year, first, 1), _month_end(end_year, last)
        return None, None
    if match := _QUARTERS_SPAN.match(core):
        first, last = _QUARTERS[match[1].upper()], _QUARTERS[match[2].upper()]
        span_year = int(match[3])
        if first <= last:
            return date(span_year, 3 * first - 2, 1), _month_end(span_year, 3 * last)
        return None, None
    if match := _HALF.match(core):
        half_year = int(match[2])
        if match[1].casefold() == "đầu":
            return date(half_year, 1, 1), date(half_year, 6, 30)
        return date(half_year, 7, 1), date(half_year, 12, 31)
    if match := _YEARS.match(core):
        first_year, last_year = int(match[1]), int(match[2])
        if first_year <= last_year:
            return date(first_year, 1, 1), date(last_year, 12, 31)
        return None, None
    if match := _QUARTER.match(core):
        year, quarter = int(match[2]), _QUARTERS[match[1].upper()]
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    if match := _MONTH.match(core):
        year, month = int(match[2]), int(match[1])
        if 1 <= month <= 12:
            return date(year, month, 1), _month_end(year, month)
        return None, None
    if match := _YEAR.match(core):
        year = int(match[1])
        return date(year, 1, 1), date(year, 12, 31)
    return None, None


def _is_recurring(text: str) -> bool:
    """A recurring phrase opens the cell or one of its clauses ("…; thực hiện thường xuyên
    trong năm"), perhaps after "Thực hiện"; or a frequency ("02 lần/tháng") is named."""
    starts, reach = _recurring_starts()
    for clause in text.split(";"):
        clause = clause.strip()
        if verb := _DO.match(clause):
            clause = clause[verb.end():]
        if clause[:reach].casefold().startswith(starts):
            return True
    return "/" in text and bool(_FREQUENCY.search(text))


@cache
def _recurring_starts() -> tuple[tuple[str, ...], int]:
    """The recurring phrases, casefolded, and how many characters of a clause can start one."""
    starts = tuple(s.casefold() for s in load_appendix_vocabulary().recurring_starts)
    return starts, max(map(len, starts), default=0)


def _date(match: re.Match, group: int) -> date | None:
    day, month, year = (int(match[group + i]) for i in range(3))
    return make_date(year, month, day)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
