"""HTML pages as government portals publish them, with BeautifulSoup (lxml parser).

Scripts, styles, navigation, headers and footers of the site are dropped; each block element
(paragraph, heading, list item, div …) becomes a line; ``<br>`` breaks a line; tables become
``RawTable``s (colspan/rowspan as ``None`` in the positions they cover) and tab-separated lines.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import islice

from bs4 import BeautifulSoup, NavigableString, Tag

from .raw import IngestError, IngestOptions, RawDocument, RawTable
from .text import decode_text

_DROP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
         "iframe", "svg", "template", "select", "head"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "blockquote", "pre", "section", "article", "main", "center", "address", "figure",
          "figcaption", "hr", "body", "html", "caption"}
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")

# BeautifulSoup keeps ~1 kB and spends ~20 µs per element: a page of more elements than this
# (~250 MB, ~5 s; a long portal page has tens of thousands) is refused before it is parsed.
MAX_ELEMENTS = 250_000
_START_TAG = re.compile(rb"<[A-Za-z]")  # "<p", "<div": an element begins


def read_html(data: bytes, options: IngestOptions) -> RawDocument:
    _check_element_count(data)
    text, encoding = _decode(data)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    walker = _Walker()
    walker.walk(soup)
    walker.flush()
    page = unicodedata.normalize("NFC", "\n".join(walker.lines).strip("\n"))
    if not page.strip():
        raise IngestError("the web page contains no text", kind="no_text")
    return RawDocument(format="html", pages=[page], tables=walker.tables, encoding=encoding)


def _check_element_count(data: bytes) -> None:
    if data.count(b"<") <= MAX_ELEMENTS:  # the cheap bound first
        return
    if sum(1 for _ in islice(_START_TAG.finditer(data), MAX_ELEMENTS + 1)) > MAX_ELEMENTS:
        raise IngestError(f"the web page has more than {MAX_ELEMENTS:,} elements",
                          kind="too_large")


def _decode(data: bytes) -> tuple[str, str]:
    """The declared charset when there is one, else the text decoder's guess."""
    head = data[:2048].decode("ascii", "ignore").lower()
    match = re.search(r'charset=["\']?([a-z0-9_-]+)', head)
    if match:
        try:
            return data.decode(match.group(1)), match.group(1)
        except (LookupError, UnicodeError, ValueError):  # unknown or not a text codec
            pass
    return decode_text(data)


class _Walker:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tables: list[RawTable] = []
        self.current: list[str] = []

    def flush(self) -> None:
        line = _SPACES.sub(" ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def walk(self, root: Tag) -> None:
        """Every node below ``root`` in document order, with a stack of pending children
        instead of recursion: 200,000 nested ``<div>`` cost no more than 200,000 siblings."""
        # An entry is a node to visit, or _FLUSH: the end of a block element.
        stack: list[object] = list(reversed(root.contents))
        while stack:
            node = stack.pop()
            if node is _FLUSH:
                self.flush()
            elif isinstance(node, NavigableString):
                if type(node) is NavigableString:  # not a comment, CDATA or doctype
                    self.current.append(str(node))
            elif isinstance(node, Tag):
                name = node.name
                if name == "br":
                    self.flush()
                elif name == "table":
                    self.flush()
                    rows = _table_rows(node)
                    if rows:
                        self.tables.append(RawTable(rows=rows, first_line=len(self.lines)))
                        self.lines.extend("\t".join(c or "" for c in row) for row in rows)
                elif name in _BLOCK:
                    self.flush()
                    stack.append(_FLUSH)
                    stack.extend(reversed(node.contents))
                else:
                    stack.extend(reversed(node.contents))


_FLUSH = object()  # a marker on the walker's stack


def _table_rows(table: Tag) -> list[list[str | None]]:
    """Cells on a grid: a cell spanning columns or rows leaves ``None`` where it reaches."""
    grid: dict[tuple[int, int], str | None] = {}
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"))
            text = _SPACES.sub(" ", cell.get_text(" ")).strip()
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else None
            c += colspan
    if not grid:
        return []
    height = len(rows)
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]


def _span(value: object) -> int:
    try:
        return max(1, min(int(str(value)), 100))
    except (TypeError, ValueError):
        return 1
