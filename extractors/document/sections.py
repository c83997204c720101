"""Segment the body into sections I–X and their numbered, lettered and ``*`` subsections.

Record what the document has: a numeral printed twice stays twice, a typo'd label
("2.2" where "2.1" was meant) stays as printed. Bullets (``-``, ``+``) are list items inside
a section, not sections.

On pages read by OCR, a roman numeral is what Tesseract could make of it: "III." comes back
as "II." or "IIL", "VI" as "V1". There (and only there) a numeral out of sequence that OCR could
have made from the expected one is taken from the sequence — I, II, II, IV → I, II, III, IV —
with a ``section_numeral_repaired`` finding that says what was read. A short heading there
whose accents OCR misread ("YÊU CÂU") is given the accents of the heading phrase it is
(heading_words.py), with a ``section_title_restored`` finding. Numbered labels OCR garbled or
lost are taken from their sequence too (label_repair.py); headings are read in headings.py.
"""

from __future__ import annotations

import re

from vnplan.extractors.document.heading_words import restore_heading
from vnplan.extractors.document.headings import (
    Heading,
    capitals,
    heading,
    ocr_numbered,
    title_of,
)
from vnplan.extractors.document.label_repair import (
    block_titles,
    garbled_label,
    lost_star,
    numbered_after,
    repair_label,
)
from vnplan.extractors.document.layout import ROMAN_HEADING, Layout
from vnplan.models import Finding, Section
from vnplan.reference.keys import one_edit

# An OCR'd roman heading whose numeral Tesseract misread: "IIL TỔ CHỨC", "Il. NHIỆM VỤ",
# "V1. KINH PHÍ", "IH: Kế hoạch" — l, 1, | and L for I, H for II, the full stop lost or read as
# a letter. Only on OCR pages, only where the sequence expects that numeral, and before a title
# not in capitals only when the next numeral read is the one after it.
_OCR_ROMAN = re.compile(
    r"^(?P<numeral>[IVXLHl1|!]{1,5})(?:\s*[.:;\-–),]{1,2}\s*|\s+)(?P<title>\S.*)$")
_OCR_AS_I = str.maketrans({"l": "I", "1": "I", "|": "I", "!": "I", "L": "I", "H": "II"})
_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def find_sections(text: str, layout: Layout, page_at=lambda offset: None) -> list[Section]:
    """The section tree of the body (from the first roman heading to the closing block)."""
    return find_sections_checked(text, layout, page_at)[0]


def find_sections_checked(text: str, layout: Layout, page_at=lambda offset: None,
                          ocr_pages: frozenset[int] = frozenset()
                          ) -> tuple[list[Section], list[Finding]]:
    """The section tree and the findings about it; numerals on ``ocr_pages`` (1-based) are
    checked against their sequence (see the module's docstring)."""
    if layout.first_section is None:
        return [], []
    body_end = layout.offset(layout.closing, len(text))
    roots: list[Heading] = []
    stack: list[Heading] = []
    findings: list[Finding] = []
    first = _misread_first(layout, page_at, ocr_pages) if ocr_pages else layout.first_section
    unread = _unreadable_numerals(layout, page_at, ocr_pages) if ocr_pages else {}
    first = min([first, *unread])
    body = layout.lines[first : layout.closing]
    numerals = _roman_numerals(body, page_at, ocr_pages)
    numerals.update({i - first: (numeral, read) for i, (numeral, read) in unread.items()})
    pages = [page_at(line.start) for line in body]
    read = [_read(line, page, ocr_pages) for line, page in zip(body, pages, strict=True)]
    following = numbered_after(read) if ocr_pages else []
    blocks = block_titles(read) if ocr_pages else set()
    for i, (line, page, node) in enumerate(zip(body, pages, read, strict=True)):
        if page in ocr_pages and stack and i not in numerals and (
                node is None or (node.kind == "star" and node.title[:1].isdigit())):
            # "*7 Tăng cường" is item 7 where the sequence expects it, not a "*" block
            node = garbled_label(line, page, stack, following[i], findings) or node \
                or lost_star(line, page, blocks, findings)
        if i in numerals:
            node = _numbered_roman(line, page, node, *numerals[i], findings)
        elif node is not None and node.kind == "roman":
            node = None  # an OCR'd numeral the sequence does not explain
        if node is None:
            continue
        if page in ocr_pages:
            _restore_title(node, findings)
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
        if page in ocr_pages:
            repair_label(node, parents[-1], findings)
        stack = parents
        stack[-1].children.append(node)
        stack.append(node)
    _close(roots, body_end)
    return [_to_model(node) for node in roots], findings


def _read(line, page: int | None, ocr_pages: frozenset[int]) -> Heading | None:
    """The heading ``line`` is as printed, or on an OCR'd page as OCR damaged it, or None."""
    node = heading(line.text, line.start, line.end, page)
    if node is None and page in ocr_pages:
        node = ocr_numbered(line.text, line.start, line.end, page)
    return node


def _roman_numerals(lines, page_at, ocr_pages: frozenset[int]) -> dict[int, tuple[str, str]]:
    """Line index → (numeral, as read) of the roman headings among ``lines``. On text pages a
    numeral is as printed; on OCR pages a numeral out of sequence is taken from the sequence
    when OCR could have made it from the expected one and the next heading agrees (or there is
    none): I, II, II, IV → III; I, II, II, III stays (printed twice)."""
    reads: list[tuple[int, str, bool]] = []  # (line index, numeral as read, on an OCR page)
    weak: set[int] = set()  # OCR'd numerals before a title not in capitals: only where expected
    digits: set[int] = set()  # "11", "111" before a title in capitals: only where expected
    for i, line in enumerate(lines):
        ocr = bool(ocr_pages) and page_at(line.start) in ocr_pages
        match = ROMAN_HEADING.match(line.text.strip()) if "\t" not in line.text else None
        if match:
            reads.append((i, match["numeral"], ocr))
            continue
        match = _OCR_ROMAN.match(line.text.strip()) if ocr and "\t" not in line.text else None
        if match and any(c in "IVXl1LH" for c in match["numeral"]):
            if match["numeral"] in ("11", "111"):
                if not capitals(match["title"]):
                    continue  # "11. Mục tiêu" is a numbered heading …
                digits.add(len(reads))  # … "11; NHIỆM VỤ" only where II is expected
            elif not capitals(match["title"]):
                if not match["title"][:1].isupper() or not set(match["numeral"]) <= set("IVXLH"):
                    continue  # "1. Mục đích" is a numbered heading
                weak.add(len(reads))
            reads.append((i, match["numeral"], ocr))
    out: dict[int, tuple[str, str]] = {}
    previous = None
    for n, (i, read, ocr) in enumerate(reads):
        if read == "1" and not (previous is None and _next_is(reads, n, ("I", "II"))):
            continue  # "1. MỤC TIÊU" is a numbered heading, unless "II." (or "I." for it) follows
        numeral = read.translate(_OCR_AS_I) if ocr else read
        if previous is None and ocr and numeral not in (read, "I") and one_edit(numeral, "I") \
                and _next_is(reads, n, ("II",)):
            numeral = "I"  # "I1." for "I.", the first numeral, with II after it
        expected = _after(previous)
        if ocr and expected and numeral != expected:
            following = [r.translate(_OCR_AS_I) for _, r, _ in reads[n + 1 : n + 2]]
            explained = numeral == previous or one_edit(numeral, expected)
            agrees = not following or following[0] == _after(expected) or (
                following[0] != expected and one_edit(following[0], _after(expected) or ""))
            if explained and agrees:
                numeral = expected
        if n in weak and not (numeral == expected and _next_is(reads, n, (_after(expected),))):
            continue  # "IH: Kế hoạch …" is III only between II and IV
        if n in digits and numeral != expected:
            continue
        if numeral not in _ROMANS or (numeral != read and not ocr):
            continue  # not a numeral after all
        out[i] = (numeral, read)
        previous = numeral
    return out


def _misread_first(layout: Layout, page_at, ocr_pages: frozenset[int], reach: int = 400) -> int:
    """Where the sections begin when OCR misread the first numeral ("1, MỤC ĐÍCH", "I1. MỤC
    TIÊU" for "I."):
    the first heading the layout found is "II.", and a heading in capitals that OCR could have
    made from "I." stands on an OCR'd page within ``reach`` lines before it. When the layout's
    first heading reads "I." too, it is "II." misread, and the sequence check repairs it."""
    first = layout.first_section
    numeral = ROMAN_HEADING.match(layout.lines[first].text.strip())
    if numeral is None or numeral["numeral"] not in ("I", "II"):
        return first
    for i in range(first - 1, max(-1, first - reach), -1):
        line = layout.lines[i]
        match = _OCR_ROMAN.match(line.text.strip()) if "\t" not in line.text else None
        read = match["numeral"] if match else ""
        if match and read.translate(_OCR_AS_I) in ("I", "II") and read != "II" \
                and capitals(match["title"]) and page_at(line.start) in ocr_pages:
            return i
    return first


# A heading whose numeral OCR made unreadable: a short token without capitals ("m'", "mì"),
# then a title in capitals ("m' MỤC ĐÍCH, YÊU CẦU" for "I. MỤC ĐÍCH, YÊU CẦU").
_UNREADABLE = re.compile(r"^(?P<token>\S{1,3})\s+(?P<title>\S.*)$")


def _unreadable(text: str) -> re.Match[str] | None:
    """``_UNREADABLE``'s match when its token has a small letter and no capital ("m'", "mì")."""
    match = _UNREADABLE.match(text)
    token = match["token"] if match else ""
    if any(c.isupper() for c in token) or not any(c.islower() for c in token):
        return None
    return match


def _unreadable_numerals(layout: Layout, page_at, ocr_pages: frozenset[int]
                         ) -> dict[int, tuple[str, str]]:
    """Line index → (numeral, as read) for the roman headings before the layout's first one
    whose numerals OCR made unreadable, when their count is exactly what is missing: the first
    heading found reads "III." (or "IV."), and exactly two (three) headings in capitals on OCR'd
    pages before it open with a token OCR could have made of a numeral. Any other count
    and nothing is taken: a title line or a motto in capitals is no section."""
    first = layout.first_section
    found = ROMAN_HEADING.match(layout.lines[first].text.strip())
    missing = _ROMANS.index(found["numeral"]) if found and found["numeral"] in _ROMANS else 0
    if missing < 2:
        return {}  # I and II: _misread_first and the sequence check
    candidates: list[tuple[int, str]] = []
    for i in range(first):
        line = layout.lines[i]
        if "\t" in line.text or page_at(line.start) not in ocr_pages:
            continue
        text = line.text.strip()
        match = _OCR_ROMAN.match(text) or _unreadable(text)
        if match and capitals(match["title"]) and len(match["title"].split()) >= 2:
            candidates.append((i, match.groupdict().get("numeral") or match["token"]))
    if len(candidates) != missing:
        return {}
    return {i: (_ROMANS[n], read) for n, (i, read) in enumerate(candidates)}


def _next_is(reads: list[tuple[int, str, bool]], n: int, numerals: tuple[str, ...]) -> bool:
    """Whether the roman heading read after ``reads[n]`` is one of ``numerals`` (as OCR may
    write it)."""
    return any(r.translate(_OCR_AS_I) in numerals for _, r, _ in reads[n + 1 : n + 2])


def _after(numeral: str | None) -> str | None:
    if numeral not in _ROMANS[:-1]:
        return None
    return _ROMANS[_ROMANS.index(numeral) + 1]


def _numbered_roman(line, page: int | None, node: Heading | None, numeral: str, read: str,
                    findings: list[Finding]) -> Heading:
    """The roman heading on ``line`` with its ``numeral``; a finding when OCR read it otherwise."""
    if node is None or node.kind != "roman":
        match = _OCR_ROMAN.match(line.text.strip()) or _unreadable(line.text.strip())
        lead = len(line.text) - len(line.text.lstrip())
        node = Heading("roman", read, title_of(match["title"]), line.start + lead, line.end,
                       page, 0)
    if numeral != read:
        findings.append(Finding(
            kind="section_numeral_repaired", severity="warning",
            span=(node.start, node.heading_end), page=page,
            message=f'section numeral read by OCR as "{read}": taken as {numeral} from the '
                    f"sequence of numerals ({node.title[:60]})"))
    node.label = numeral
    return node


def _restore_title(node: Heading, findings: list[Finding]) -> None:
    """The accents of an OCR'd heading's title restored from the heading phrases, if any."""
    restored = restore_heading(node.title)
    if restored != node.title:
        findings.append(Finding(
            kind="section_title_restored", severity="info",
            span=(node.start, node.heading_end), page=node.page,
            message=f'section title read by OCR as "{node.title}": accents restored from the '
                    f'heading phrases ("{restored}")'))
        node.title = restored


def _is_footnote(node: Heading, siblings: list[Heading]) -> bool:
    """A page-foot note read into the text ("1 (1) phường Xuân Hương …" under "1. Tổng quan"):
    a bare number that does not move past the numbered heading before it."""
    if node.kind != "numbered" or not node.bare:
        return False
    before = next((s for s in reversed(siblings) if s.kind == "numbered"), None)
    return before is not None and int(node.label) <= int(before.label.split(".")[0])


def _close(nodes: list[Heading], parent_end: int) -> None:
    for i, node in enumerate(nodes):
        node.end = nodes[i + 1].start if i + 1 < len(nodes) else parent_end
        # trailing newline belongs to the gap, not the section
        _close(node.children, node.end)


def _to_model(node: Heading) -> Section:
    return Section(
        numeral=node.label if node.kind == "roman" else None,
        label=None if node.kind == "roman" else node.label,
        title=node.title,
        span=(node.start, node.end),
        heading_span=(node.start, node.heading_end),
        page=node.page,
        children=[_to_model(child) for child in node.children],
    )
