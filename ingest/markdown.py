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

Tables written by other converters are read too:

    one cell per line                      pipe rows
    |                                      | STT | Nhiệm vụ | Chủ trì |
    **STT**                                |-----|----------|---------|
    |                                      | 1   | Rà soát<br>… | Sở Nội vụ |
    **Tên nhiệm vụ**                       Mẫu số 01 | Phiếu Đăng ký dự tuyển |   (no leading pipe)
    |
    |              ← a "|" right after a "|": the row ends, the next begins
    1
    |
    Rà soát …  (a cell's text may wrap over lines)

Each table becomes one line per row with its cells separated by tabs (a cell's lines joined by
spaces), as the DOCX and HTML readers render tables, and a ``RawTable`` of its cells; a row with
fewer cells than the widest row (a heading in a cell spanning the row) gives ``None`` for the
positions its last cell covers.
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
# A line that is only "|": one cell ends and the next begins (a one-cell-per-line table).
_BAR = "|"
# A pipe row: "| a | b |", "| a | b", "a | b |" (at least two cells); "|---|:--|" is its rule.
_PIPE_ROW = re.compile(r"^\s*(?:\|[^|\n]*\|.*|[^|\s][^|\n]*\|[^|\n]*\|\s*)$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# "<br>", "<br/>": a line break inside a pipe-table cell
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MAX_CELL_LINES = 60  # a one-cell-per-line "table" whose cell runs longer is not a table


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
        elif line.strip() == _BAR:
            end, rows = _bar_table(lines, i)
            if len(rows) >= 2 or (rows and len(rows[0]) >= 2):
                tables.append(RawTable(rows=_padded(rows), first_line=len(out)))
                out.extend("\t".join(c or "" for c in row) for row in tables[-1].rows)
                i = end
                continue
        elif "|" in line and _PIPE_ROW.match(line):
            end = _pipe_end(lines, i)
            rows = _pipe_rows(lines[i:end])
            if len(rows) >= 2:
                tables.append(RawTable(rows=_padded(rows), first_line=len(out)))
                out.extend("\t".join(c or "" for c in row) for row in tables[-1].rows)
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


def _bar_table(lines: list[str], start: int) -> tuple[int, list[list[str]]]:
    """Rows of a one-cell-per-line table opening at ``start`` (a "|" line), and the index just
    past it. A "|" closes the cell above; a "|" right after a "|" closes the row. The table
    ends at a blank line after a "|" (or a run of blank lines), or at a cell too long to be one."""
    rows: list[list[str]] = []
    row: list[str] = []
    pending: list[str] = []
    i = start
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped == _BAR:
            if pending:
                row.append(_cell(pending))
                pending = []
            elif row:
                rows.append(row)
                row = []
        elif not stripped:
            if not pending or i + 1 >= len(lines) or not lines[i + 1].strip():
                break  # after a "|", or two blank lines: the table is over
        else:
            pending.append(_BR.sub(" ", stripped))
            if len(pending) > _MAX_CELL_LINES:
                return start + 1, []
        i += 1
    if pending:  # text after the last "|" is not a cell: leave it to the text
        i -= len(pending)
        while i > start and not lines[i - 1].strip():
            i -= 1
    if row:
        rows.append(row)
    return i, rows


def _pipe_end(lines: list[str], start: int) -> int:
    end = start + 1
    while end < len(lines) and "|" in lines[end] and (
        _PIPE_ROW.match(lines[end]) or _PIPE_RULE.match(lines[end])
    ):
        end += 1
    return end


def _pipe_rows(block: list[str]) -> list[list[str]]:
    """Cells of pipe rows ("| a | b |", "a | b |"); the rule row goes, "<br>" is a space."""
    rows = []
    for line in block:
        if _PIPE_RULE.match(line):
            continue
        stripped = line.strip()
        if stripped.startswith("|"):
            stripped = stripped[1:]
        if stripped.endswith("|") and not stripped.endswith("\\|"):
            stripped = stripped[:-1]
        cells = re.split(r"(?<!\\)\|", stripped)
        rows.append([_cell([_BR.sub(" ", c)]) for c in cells])
    return rows


def _padded(rows: list[list[str]]) -> list[list[str | None]]:
    """Rows as wide as the widest: the last cell of a shorter row spans the rest (None)."""
    width = max(map(len, rows))
    return [[*row, *([None] * (width - len(row)))] for row in rows]


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
