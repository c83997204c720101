"""Segment the body into sections I–X and their numbered, lettered and ``*`` subsections.

Record what the document has: a numeral printed twice stays twice, a typo'd label
("2.2" where "2.1" was meant) stays as printed. Bullets (``-``, ``+``) are list items inside
a section, not sections.

On pages read by OCR, a roman numeral is what Tesseract could make of it: "III." comes back
as "II." or "IIL", "VI" as "V1". There (and only there) a numeral out of sequence that OCR could
have made from the expected one is taken from the sequence — I, II, II, IV → I, II, III, IV —
with a ``section_numeral_repaired`` finding that says what was read. A short heading there
whose accents OCR misread ("YÊU CÂU") is given the accents of the heading phrase it is
(heading_words.py), with a ``section_title_restored`` finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vnplan.extractors.document.heading_words import restore_heading
from vnplan.extractors.document.layout import ROMAN_HEADING, Layout
from vnplan.models import Finding, Section
from vnplan.reference.keys import one_edit

# "1. Mục đích", "2.1 Công tác chỉ đạo", "1.1. Mục tiêu", "3. Công chức Tư pháp: Chủ trì…"
_NUMBERED = re.compile(r"^(?P<label>[1-9]\d?(?:\.\d{1,2}){0,3})(?P<mark>\.|\))?\s+(?P<title>\S.*)$")
# "a) Chỉ tiêu", "đ) TTHC có yêu cầu…"
_LETTERED = re.compile(r"^(?P<label>[a-zđ])\)\s*(?P<title>\S.*)$")
# "* Mục tiêu", "* Nhiệm vụ" (a short line: a block heading, not a bullet sentence)
_STAR_BLOCK = re.compile(r"^\*\s*(?P<title>\S.{0,80})$")

_TITLE_MAX = 160

# An OCR'd roman heading whose numeral Tesseract misread: "IIL TỔ CHỨC", "Il. NHIỆM VỤ",
# "V1. KINH PHÍ", "IH: Kế hoạch" — l, 1, | and L for I, H for II, the full stop lost or read as
# a letter. Only on OCR pages, only where the sequence expects that numeral, and before a title
# not in capitals only when the next numeral read is the one after it.
_OCR_ROMAN = re.compile(
    r"^(?P<numeral>[IVXLHl1|!]{1,5})(?:\s*[.:;\-–),]{1,2}\s*|\s+)(?P<title>\S.*)$")
# An OCR'd numbered heading: "3:1. Mục tiêu", "6.1.Mục tiêu", "2.Yêu cầu", "-1. Mục tiêu",
# "2.2-Cải cách", "7: Công tác" — the full stop between numbers read as a colon or comma, the
# one after them as a dash or colon, the space after the label lost before a capital, a speck
# glued before the number. Only on OCR pages.
_OCR_NUMBERED = re.compile(
    r"^[-.'`‘’\"]?(?P<label>[1-9]\d?(?:[.:,]\d{1,2}){0,3})(?:[.)][.:;,]?|[:;-])\s*(?P<title>\S.*)$")
_OCR_AS_I = str.maketrans({"l": "I", "1": "I", "|": "I", "!": "I", "L": "I", "H": "II"})
_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


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
    return find_sections_checked(text, layout, page_at)[0]


def find_sections_checked(text: str, layout: Layout, page_at=lambda offset: None,
                          ocr_pages: frozenset[int] = frozenset()
                          ) -> tuple[list[Section], list[Finding]]:
    """The section tree and the findings about it; numerals on ``ocr_pages`` (1-based) are
    checked against their sequence (see the module's docstring)."""
    if layout.first_section is None:
        return [], []
    body_end = layout.offset(layout.closing, len(text))
    roots: list[_Node] = []
    stack: list[_Node] = []
    findings: list[Finding] = []
    first = _misread_first(layout, page_at, ocr_pages) if ocr_pages else layout.first_section
    unread = _unreadable_numerals(layout, page_at, ocr_pages) if ocr_pages else {}
    first = min([first, *unread])
    body = layout.lines[first : layout.closing]
    numerals = _roman_numerals(body, page_at, ocr_pages)
    numerals.update({i - first: (numeral, read) for i, (numeral, read) in unread.items()})
    for i, line in enumerate(body):
        page = page_at(line.start)
        node = _heading(line.text, line.start, line.end, page)
        if node is None and page in ocr_pages:
            node = _ocr_numbered(line.text, line.start, line.end, page)
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
            _repair_label(node, parents[-1], findings)
        stack = parents
        stack[-1].children.append(node)
        stack.append(node)
    _close(roots, body_end)
    return [_to_model(node) for node in roots], findings


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
                if not _capitals(match["title"]):
                    continue  # "11. Mục tiêu" is a numbered heading …
                digits.add(len(reads))  # … "11; NHIỆM VỤ" only where II is expected
            elif not _capitals(match["title"]):
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
                and _capitals(match["title"]) and page_at(line.start) in ocr_pages:
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
        if match and _capitals(match["title"]) and len(match["title"].split()) >= 2:
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


def _numbered_roman(line, page: int | None, node: _Node | None, numeral: str, read: str,
                    findings: list[Finding]) -> _Node:
    """The roman heading on ``line`` with its ``numeral``; a finding when OCR read it otherwise."""
    if node is None or node.kind != "roman":
        match = _OCR_ROMAN.match(line.text.strip()) or _unreadable(line.text.strip())
        lead = len(line.text) - len(line.text.lstrip())
        node = _Node("roman", read, _title(match["title"]), line.start + lead, line.end, page, 0)
    if numeral != read:
        findings.append(Finding(
            kind="section_numeral_repaired", severity="warning",
            span=(node.start, node.heading_end), page=page,
            message=f'section numeral read by OCR as "{read}": taken as {numeral} from the '
                    f"sequence of numerals ({node.title[:60]})"))
    node.label = numeral
    return node


def _ocr_numbered(text: str, start: int, end: int, page: int | None) -> _Node | None:
    """A numbered heading as OCR damaged it (``_OCR_NUMBERED``), with its label as printed."""
    stripped = text.strip()
    match = _OCR_NUMBERED.match(stripped) if "\t" not in text else None
    if match is None or _looks_like_value(stripped.lstrip("-.'`‘’\"")) \
            or not match["title"][0].isupper() \
            or (match["label"] in ("11", "111") and _capitals(match["title"])):  # "11; NHIỆM VỤ"
        return None
    label = re.sub(r"[:,]", ".", match["label"])
    lead = len(text) - len(text.lstrip())
    return _Node("numbered", label, _title(match["title"]), start + lead, end, page,
                 1 + label.count("."))


def _repair_label(node: _Node, parent: _Node, findings: list[Finding]) -> None:
    """On an OCR'd page, "3.1" under "5." (the 5 read as 3) is 5.1 when its last number is the
    one the sequence expects there (one past its numbered sibling before it, else 1) and OCR
    could have made the first part from the parent's: one character changed."""
    if node.kind != "numbered" or parent.kind != "numbered" or node.depth != parent.depth + 1:
        return
    head, _, last = node.label.rpartition(".")
    if not head or head == parent.label or not one_edit(head, parent.label):
        return
    before = next((s for s in reversed(parent.children) if s.kind == "numbered"), None)
    expected = int(before.label.rpartition(".")[2]) + 1 if before else 1
    if int(last) != expected:
        return
    read, node.label = node.label, f"{parent.label}.{last}"
    findings.append(Finding(
        kind="section_numeral_repaired", severity="warning",
        span=(node.start, node.heading_end), page=node.page,
        message=f'section number read by OCR as "{read}": taken as {node.label} from its '
                f"place under {parent.label} ({node.title[:60]})"))


def _restore_title(node: _Node, findings: list[Finding]) -> None:
    """The accents of an OCR'd heading's title restored from the heading phrases, if any."""
    restored = restore_heading(node.title)
    if restored != node.title:
        findings.append(Finding(
            kind="section_title_restored", severity="info",
            span=(node.start, node.heading_end), page=node.page,
            message=f'section title read by OCR as "{node.title}": accents restored from the '
                    f'heading phrases ("{restored}")'))
        node.title = restored


def _capitals(title: str) -> bool:
    letters = [ch for ch in title if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


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
    # a colon glued on both sides ("HĐND:UBND", "9001:2015") introduces nothing
    label = re.match(r"^(?P<head>(?:[^:]|:(?=\S)){2,80}?):\s+(?P<rest>\S.*)$", text)
    if label and not (_capitals(label["head"]) and _capitals(label["rest"])):
        # "Công chức Tư pháp – Hộ tịch: Chủ trì tham mưu…" → the part before the colon; a
        # title in capitals goes on after one ("MỤC TIÊU: VÀ NHIỆM VỤ", a speck read so)
        return label["head"].strip()
    if _length(text) <= _TITLE_MAX:
        return text.rstrip(":").strip()
    cut = re.search(r"(?<!\.)[:.](?!\.)\s", text)  # a colon or full stop, not an ellipsis
    if cut and _length(text[: cut.start()]) <= _TITLE_MAX:
        return text[: cut.start()].strip()
    end = _TITLE_MAX
    while _length(text[:end]) < _TITLE_MAX:
        end += 1
    return text[:end].rstrip() + "…"


def _length(text: str) -> int:
    """``text``'s length with an ellipsis one character, printed "…" or read as "..." (OCR, a
    PDF's text layer): the same title is cut at the same word whatever the form."""
    return len(text) - 2 * text.count("...")


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
