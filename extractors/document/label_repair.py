"""Section labels OCR garbled or lost, taken from the sequence of the headings around them
(OCR'd pages only, each with a ``section_numeral_repaired`` finding): "3.1" under "5." is 5.1,
"†. Nâng cao" between III and "2." is 1., "là 7 Xây dựng" after 2.6 is 2.7, and a line "Mục tiêu"
alone is a ``*`` block where the document's other blocks of that title are."""

from __future__ import annotations

import re

from vnplan.extractors.document.headings import Heading, title_of
from vnplan.models import Finding
from vnplan.reference.keys import one_edit

# A numbered heading whose label OCR garbled into marks or a word: "†. Nâng cao" (1.), "*7
# Tăng cường" (7.), "là 7 Xây dựng" (2.7), the title capitalised. Only on OCR pages, only where
# the sequence expects a number: its last part read (7), or, with no figure read, the next
# numbered heading the one after it ("†." between III and "2.").
_GARBLED = re.compile(r"^(?P<token>\S{1,3}?)\s*(?P<last>[1-9]\d?)?[.)]?\s+(?P<title>[^\W\d_].*)$")
_BULLETS = set("-–—+•·")


def repair_label(node: Heading, parent: Heading, findings: list[Finding]) -> None:
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


def numbered_after(headings: list[Heading | None]) -> list[str | None]:
    """For each line (its heading, if any, in ``headings``), the label of the next numbered
    heading after it (None at the end): what a garbled label is checked against."""
    out: list[str | None] = [None] * len(headings)
    label = None
    for i in range(len(headings) - 1, -1, -1):
        out[i] = label
        node = headings[i]
        if node is not None and node.kind == "numbered":
            label = node.label
    return out


def garbled_label(line, page: int | None, stack: list[Heading], following: str | None,
                   findings: list[Finding]) -> Heading | None:
    """The numbered heading on an OCR'd ``line`` whose label OCR garbled (``_GARBLED``), with
    the label the sequence expects there; a finding says what was read. ``following``: the
    label of the next numbered heading."""
    text = line.text.strip()
    match = _GARBLED.match(text) if "\t" not in line.text else None
    if match is None or not match["title"][0].isupper() or match["token"].isdigit():
        return None
    token, last = match["token"], match["last"]
    read = text[: match.start("title")].strip()
    if last is None and not (len(read) <= 2 and read[-1] in ".)" and read[0] not in _BULLETS
                             and not any(c.isalnum() for c in read)):
        return None  # without a figure read, only marks can be a label: "Về Công tác" is text
    if last is not None and (any(c.isdigit() for c in token) or token in _BULLETS):
        return None

    def fits(label: str) -> bool:
        if last is not None:  # the figure read is the label's last, and no heading after has it
            return label.rpartition(".")[2] == last and following != label
        return following is not None and _next_label(label) == following

    expected = [label for label in _expected_labels(stack) if fits(label)]
    if len(expected) != 1:
        return None
    label = expected[0]
    lead = len(line.text) - len(line.text.lstrip())
    node = Heading("numbered", label, title_of(match["title"]), line.start + lead, line.end,
                   page, 1 + label.count("."))
    findings.append(Finding(
        kind="section_numeral_repaired", severity="warning",
        span=(node.start, node.heading_end), page=page,
        message=f'section number read by OCR as "{read}": '
                f"taken as {label} from the sequence ({node.title[:60]})"))
    return node


def _expected_labels(stack: list[Heading]) -> list[str]:
    """The labels a numbered heading may take after the open sections ``stack``: the next of
    each open numbered section, and the first under the innermost open section."""
    out = []
    numbered = [node for node in stack if node.kind in ("roman", "numbered")]
    innermost = numbered[-1] if numbered else None
    if innermost is not None:
        children = [c for c in innermost.children if c.kind == "numbered"]
        if not children:
            out.append("1" if innermost.kind == "roman" else f"{innermost.label}.1")
    for node in numbered:
        if node.kind == "numbered":
            out.append(_next_label(node.label))
    return out


def _next_label(label: str) -> str:
    head, dot, last = label.rpartition(".")
    return f"{head}{dot}{int(last) + 1}"


def block_titles(headings: list[Heading | None]) -> set[str]:
    """The titles of the document's ``*`` blocks ("* Mục tiêu", "* Nhiệm vụ"), folded."""
    return {_folded(node.title) for node in headings if node is not None and node.kind == "star"}


def _folded(title: str) -> str:
    return re.sub(r"[\W_]+", " ", title).strip().casefold()


def lost_star(line, page: int | None, blocks: set[str], findings: list[Finding]) -> Heading | None:
    """An OCR'd line that is, alone, the title of one of the document's ``*`` blocks: the
    block's heading with its star lost ("Mục tiêu" where the other blocks read "* Mục
    tiêu"); a finding says so."""
    text = line.text.strip()
    if "\t" in line.text or not text[:1].isupper() or len(text) > 80 \
            or _folded(text) not in blocks:
        return None
    lead = len(line.text) - len(line.text.lstrip())
    node = Heading("star", "*", title_of(text), line.start + lead, line.end, page, 8)
    findings.append(Finding(
        kind="section_numeral_repaired", severity="warning",
        span=(node.start, node.heading_end), page=page,
        message=f'section label read by OCR as nothing: "{text}" taken as a "*" block, as '
                "the document's other blocks of that title are"))
    return node
