"""Segment the body into sections I–X and their numbered, lettered and ``*`` subsections.

Record what the document has: a numeral printed twice stays twice, a typo'd label
("2.2" where "2.1" was meant) stays as printed. Bullets (``-``, ``+``) are list items inside
a section, not sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vnplan.extractors.document.layout import ROMAN_HEADING, Layout
from vnplan.models import Section

# "1. Mục đích", "2.1 Công tác chỉ đạo", "1.1. Mục tiêu", "3. Công chức Tư pháp: Chủ trì…"
_NUMBERED = re.compile(r"^(?P<label>[1-9]\d?(?:\.\d{1,2}){0,3})(?P<mark>\.|\))?\s+(?P<title>\S.*)$")
# "a) Chỉ tiêu", "đ) TTHC có yêu cầu…"
_LETTERED = re.compile(r"^(?P<label>[a-zđ])\)\s*(?P<title>\S.*)$")
# "* Mục tiêu", "* Nhiệm vụ" (a short line: a block heading, not a bullet sentence)
_STAR_BLOCK = re.compile(r"^\*\s*(?P<title>\S.{0,80})$")

_TITLE_MAX = 160


@dataclass
class _Node:
    kind: str  # roman | numbered | lettered | star
    label: str
    title: str
    start: int
    heading_end: int
    page: int | None
    depth: int  # nesting rank: roman 0, numbered 1 + dots, star/lettered below numbered
    bare: bool = False  # "1 Text": a number with no full stop or bracket after it
    children: list[_Node] = field(default_factory=list)
    end: int = 0


def find_sections(text: str, layout: Layout, page_at=lambda offset: None) -> list[Section]:
    """The section tree of the body (from the first roman heading to the closing block)."""
    if layout.first_section is None:
        return []
    body_end = layout.offset(layout.closing, len(text))
    roots: list[_Node] = []
    stack: list[_Node] = []
    for line in layout.lines[layout.first_section : layout.closing]:
        node = _heading(line.text, line.start, line.end, page_at(line.start))
        if node is None:
            continue
        if node.kind == "roman":
            stack = [node]
            roots.append(node)
            continue
        if not stack:
            continue
        parents = list(stack)
        while len(parents) > 1 and parents[-1].depth >= node.depth:
            parents.pop()
        if _is_footnote(node, parents[-1].children):
            continue  # the open sections stay open: the note sat between their lines
        stack = parents
        stack[-1].children.append(node)
        stack.append(node)
    _close(roots, body_end)
    return [_to_model(node) for node in roots]


def _heading(text: str, start: int, end: int, page: int | None) -> _Node | None:
    if "\t" in text:
        return None  # a table row
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    match = ROMAN_HEADING.match(stripped)
    if match:
        return _Node("roman", match["numeral"], _title(match["title"]), start + lead, end, page, 0)
    match = _NUMBERED.match(stripped)
    if match and not _looks_like_value(stripped):
        label = match["label"]
        return _Node("numbered", label, _title(match["title"]), start + lead, end, page,
                     1 + label.count("."), bare=match["mark"] is None and "." not in label)
    match = _STAR_BLOCK.match(stripped)
    if match:
        return _Node("star", "*", _title(match["title"]), start + lead, end, page, 8)
    match = _LETTERED.match(stripped)
    if match:
        return _Node("lettered", match["label"], _title(match["title"]), start + lead, end, page, 9)
    return None


def _is_footnote(node: _Node, siblings: list[_Node]) -> bool:
    """A page-foot note read into the text ("1 (1) phường Xuân Hương …" under "1. Tổng quan"):
    a bare number that does not move past the numbered heading before it."""
    if node.kind != "numbered" or not node.bare:
        return False
    before = next((s for s in reversed(siblings) if s.kind == "numbered"), None)
    return before is not None and int(node.label) <= int(before.label.split(".")[0])


def _looks_like_value(text: str) -> bool:
    """'100% …', '12.900.000', '2021 – 2025' are not numbered headings."""
    return bool(re.match(r"^\d+(?:[.,]\d+)*\s*(?:%|đồng|triệu|năm\b|[-–]\s*\d)", text))


def _title(text: str) -> str:
    """A heading's title: the part before a colon that introduces its text, else the whole line
    when short, else up to its first colon or full stop."""
    text = text.strip()
    label = re.match(r"^(?P<head>[^:]{2,80}):\s+\S", text)
    if label:  # "Công chức Tư pháp – Hộ tịch: Chủ trì tham mưu…" → the part before the colon
        return label["head"].strip()
    if len(text) <= _TITLE_MAX:
        return text.rstrip(":").strip()
    cut = re.search(r"[:.]\s", text)
    if cut and cut.start() <= _TITLE_MAX:
        return text[: cut.start()].strip()
    return text[:_TITLE_MAX].rstrip() + "…"


def _close(nodes: list[_Node], parent_end: int) -> None:
    for i, node in enumerate(nodes):
        node.end = nodes[i + 1].start if i + 1 < len(nodes) else parent_end
        # trailing newline belongs to the gap, not the section
        _close(node.children, node.end)


def _to_model(node: _Node) -> Section:
    return Section(
        numeral=node.label if node.kind == "roman" else None,
        label=None if node.kind == "roman" else node.label,
        title=node.title,
        span=(node.start, node.end),
        heading_span=(node.start, node.heading_end),
        page=node.page,
        children=[_to_model(child) for child in node.children],
    )
