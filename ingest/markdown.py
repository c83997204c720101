"""Pandoc Markdown: escapes, grid tables and multiline simple tables, as every reader gives them.

Word files converted by pandoc keep their layout tables (the header: issuing body beside the
national motto; the closing: Nơi nhận beside the signature) as pandoc tables:

    grid table                             multiline simple table
    +----------------+---------------+       ----------------  ----------------
    | *Nơi nhận:*\\   | **TM. ỦY BAN\\ |         **ỦY BAN\\        **CỘNG HÒA …\\
    | - Chính phủ;\\  | CHỦ TỊCH**    |          QUỐC HỘI\\       Độc lập …\\
    +----------------+---------------+
                                             Số: 1654/NQ-…     Hà Nội, ngày …
                                           ----------------  ----------------

Each table becomes one line per row with its cells separated by tabs (a cell's lines joined by
spaces), as the DOCX and HTML readers render tables, and a ``RawTable`` of its cells.
Backslash escapes (``1\\.``, ``\\-``) lose their backslash; a trailing backslash (a hard line
break) goes. Work is linear in the text; nothing recurses.
"""

from __future__ import annotations

import re

from .raw import RawTable

# "+-----+:----:+", "+=====+=====+": a grid table's border (":" marks alignment)
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
# "  -------  ----------": the rule that opens and closes a simple table (two columns or more)
_SIMPLE_RULE = re.compile(r"^\s*-{3,}(?:[ ]+-{3,})+\s*$")
# "\." "\-" "\*" …: a pandoc escape (the backslash goes, the character stays)
_ESCAPE = re.compile(r"\\([-.*_#+!|\[\](){}`<>~\"'^$&%@=:;,/])")
# a backslash ending a line: a hard line break inside a paragraph or a cell
_HARD_BREAK = re.compile(r"\\[ \t]*$", re.MULTILINE)
_MAX_SIMPLE_ROWS = 80  # a rule with no closing rule this close is not a table
_CHUNK = re.compile(r"\S+(?: \S+)*")  # text between gaps of two spaces or more
# A chunk may start a few columns before its column's rule: pandoc aligns by display width,
# and combining marks (NFD text) count as columns there but vanish in NFC.
_SLACK = 3
# A cell line that is only a rule or emphasis marks ("\-\-\-\--**", "*** ***").
_RULE_ONLY = re.compile(r"^[-_*=\s\\]*$")
# Emphasis marks in a cell ("**TM. ỦY BAN**", "***Nơi nhận:***"): a layout cell keeps its text.
_EMPHASIS = re.compile(r"\*+")


def read_markdown_tables(text: str) -> tuple[str, list[RawTable]]:
    """``text`` with pandoc tables rendered as tab-separated rows, and the tables as cells."""
    lines = text.split("\n")
    out: list[str] = []
    tables: list[RawTable] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _GRID_BORDER.match(line):
            end = _grid_end(lines, i)
            rows = _grid_rows(lines[i:end])
            if rows:
                tables.append(RawTable(rows=rows, first_line=len(out)))
                out.extend("\t".join(row) for row in rows)
                i = end
                continue
        elif _SIMPLE_RULE.match(line):
            end = _simple_end(lines, i)
            if end is not None:
                rows = _simple_rows(lines[i], lines[i + 1 : end])
                if rows:
                    tables.append(RawTable(rows=rows, first_line=len(out)))
                    out.extend("\t".join(row) for row in rows)
                i = end + 1
                continue
        out.append(line)
        i += 1
    return unescape("\n".join(out)), [_unescaped(t) for t in tables]


def unescape(text: str) -> str:
    """Pandoc escapes and hard line breaks removed."""
    return _ESCAPE.sub(r"\1", _HARD_BREAK.sub("", text))


def _unescaped(table: RawTable) -> RawTable:
    table.rows = [[unescape(c) if c is not None else None for c in row] for row in table.rows]
    return table


def _grid_end(lines: list[str], start: int) -> int:
    """Index just past the grid table that begins at ``start``."""
    end = start + 1
    while end < len(lines) and lines[end].lstrip().startswith(("|", "+")):
        end += 1
    return end


def _grid_rows(block: list[str]) -> list[list[str]]:
    """Cells of a grid table, one list per row (row blocks lie between border lines)."""
    border = block[0]
    bounds = [m.start() for m in re.finditer(r"\+", border)]
    if len(bounds) < 2:
        return []
    rows: list[list[str]] = []
    parts: list[list[str]] = [[] for _ in bounds[:-1]]
    for line in block[1:]:
        if _GRID_BORDER.match(line):
            if any(parts):
                rows.append([_cell(p) for p in parts])
            parts = [[] for _ in bounds[:-1]]
            continue
        cells = line.strip().strip("|").split("|")
        if len(cells) != len(parts):  # a "|" inside a cell: fall back on the border's columns
            cells = [line[bounds[k] + 1 : bounds[k + 1]] for k in range(len(parts))]
        for k, cell in enumerate(cells):
            parts[k].append(cell.strip())
    if any(any(p) for p in parts):
        rows.append([_cell(p) for p in parts])
    return rows


def _simple_end(lines: list[str], start: int) -> int | None:
    for end in range(start + 1, min(len(lines), start + _MAX_SIMPLE_ROWS)):
        if _SIMPLE_RULE.match(lines[end]):
            return end
    return None


def _simple_rows(rule: str, body: list[str]) -> list[list[str]]:
    """Cells of a multiline simple table: columns from the rule's dash runs, rows between
    blank lines."""
    starts = [m.start() for m in re.finditer(r"-{3,}", rule)]
    rows: list[list[str]] = []
    parts: list[list[str]] = [[] for _ in starts]
    for line in [*body, ""]:
        if not line.strip():
            if any(parts):
                rows.append([_cell(p) for p in parts])
            parts = [[] for _ in starts]
            continue
        for chunk in _CHUNK.finditer(line):  # runs of text between gaps of two spaces or more
            k = max((k for k, s in enumerate(starts) if s <= chunk.start() + _SLACK), default=0)
            parts[k].append(chunk.group())
    return [row for row in rows if any(row)]


def _cell(parts: list[str]) -> str:
    """A cell's lines as one line: hard breaks and runs of spaces become single spaces; lines
    that are only a rule or emphasis marks go."""
    kept = [_EMPHASIS.sub("", p).strip().rstrip("\\").strip() for p in parts
            if not _RULE_ONLY.match(p)]
    return " ".join(" ".join(kept).split())
