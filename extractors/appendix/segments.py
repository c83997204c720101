"""Where the tables of a document lie: the stretches of lines the reader reads one table from.

    body (before the appendix)   every run of tab-separated lines (a Word, PDF, HTML or Markdown
                                 table rendered row by row), with the line above it as its title
    appendix                     one stretch per PHỤ LỤC; inside one, a new stretch wherever a
                                 header row follows text again ("Biểu mẫu 2" ⏎ "STT ⇥ Chỉ tiêu …")

Layout tables (the issuing body beside the national motto, Nơi nhận beside the signature) are
runs of tab-separated lines too; they name no known column, so the reader finds no header in
them. Work is one pass over the lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from vnplan.extractors.appendix.grid import is_header_row
from vnplan.extractors.appendix.header import Line, is_layout_row
from vnplan.extractors.document.layout import APPENDIX_TITLE

Cells = Callable[[Line], list[str | None]]


def table_segments(text: str, begin: int, cells_of: Cells) -> Iterator[tuple[list[Line], bool]]:
    """(lines, grid_only) for each stretch that may hold a table: the body's runs of table rows
    (``grid_only``: prose is never read as a flattened table), then the appendix's stretches."""
    body, appendix = split_lines(text, begin)
    for run in _body_runs(body, cells_of):
        yield run, True
    for segment in _appendix_segments(appendix):
        for part in _split_at_new_headers(segment, cells_of):
            yield part, False


def split_lines(text: str, begin: int) -> tuple[list[Line], list[Line]]:
    """The lines of ``text`` with something on them: those that start before ``begin`` and
    those that start at or after it."""
    body: list[Line] = []
    appendix: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        if raw.strip():
            (body if pos < begin else appendix).append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return body, appendix


def is_appendix_start(text: str) -> bool:
    """A 'PHỤ LỤC …' line (the cheap test first: most lines do not start so)."""
    stripped = text.strip()
    return stripped.startswith(("PHỤ", "Phụ")) and bool(APPENDIX_TITLE.match(stripped))


def _body_runs(lines: list[Line], cells_of: Cells) -> Iterator[list[Line]]:
    """Runs of two or more tab-separated lines, each with the line above it (its title); a run
    that opens with a layout row is the header or the signature of the document."""
    run: list[Line] = []
    for i, line in enumerate([*lines, Line(0, 0, "")]):
        if "\t" in line.text:
            if not run and i > 0 and "\t" not in lines[i - 1].text:
                run.append(lines[i - 1])
            run.append(line)
            continue
        rows = [r for r in run if "\t" in r.text]
        if len(rows) >= 2 and not is_layout_row(cells_of(rows[0])):
            yield run
        run = []


def _appendix_segments(lines: list[Line]) -> list[list[Line]]:
    """One list of lines per appendix: a new one begins at each later PHỤ LỤC line."""
    segments: list[list[Line]] = []
    for line in lines:
        if not segments or (len(segments[-1]) > 3 and is_appendix_start(line.text)):
            segments.append([])
        segments[-1].append(line)
    return segments


def _split_at_new_headers(segment: list[Line], cells_of: Cells) -> list[list[Line]]:
    """The stretch cut before each header row that follows text after an earlier table: the
    text between the tables is the next one's title. A header repeated right below a row (a
    page break) stays in its table."""
    parts: list[list[Line]] = [[]]
    seen_header = False
    last_row = -1  # index in the current part just past its last tab-separated line
    for line in segment:
        part = parts[-1]
        if "\t" in line.text:
            if part and "\t" not in part[-1].text and is_header_row(cells_of(line)):
                if seen_header and last_row > 0:
                    parts[-1], rest = part[:last_row], part[last_row:]
                    parts.append(rest)
                    part = rest
                seen_header = True
            elif not seen_header and is_header_row(cells_of(line)):
                seen_header = True
            part.append(line)
            last_row = len(part)
            continue
        part.append(line)
    return [p for p in parts if p]
