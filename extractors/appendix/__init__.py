"""Appendix tables: the reader (find_appendix), cues (headers, ids, money, units), tables read
from cells (grid), tables rebuilt from flattened lines (flat), budgets and timelines."""

from vnplan.extractors.appendix.reader import find_appendix

__all__ = ["find_appendix"]
