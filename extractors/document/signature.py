"""The closing block of an official document: recipients (Nơi nhận) and the signature
(quyền hạn — TM., KT., TL. …; chức vụ — the signer's office; họ tên — the name).

    Nơi nhận:                                    KT. GIÁM ĐỐC
    - UBND tỉnh;                                 PHÓ GIÁM ĐỐC
    - Lưu: VT, CCHC.                             Trần Hữu Tuấn

Printed as lines, as the cells of a layout table (tab-separated), or with a table's cells run
together into one line ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Huỳnh Minh Tuấn").
Offices and authority prefixes are data (``official_layout.yaml``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import regex as re
from vnplan.models import Signer
from vnplan.reference.keys import BULLET_CLASS, BULLETS
from vnplan.reference.vocabularies import load_official_layout

# A person's name: two to five capitalised syllables ("Trần Hữu Tuấn", "Tô Lâm").
_NAME = r"(?:\p{Lu}\p{Ll}+\s+){1,4}\p{Lu}\p{Ll}+"
_SIGNER_NAME = re.compile(rf"^{_NAME}$")
_RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*", re.IGNORECASE)
# Items of a recipients list run into one cell: "Nơi nhận: - Bộ Nội vụ; - Thường trực …".
_FLAT_ITEM = re.compile(rf"(?:^|(?<=[;,.:]))\s+(?={BULLET_CLASS}\s)")


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """(one line of the block: authority or office; a whole block run into one cell)."""
    vocabulary = load_official_layout()
    prefix = "|".join(re.escape(p) for p in sorted(vocabulary.authority_prefixes, key=len,
                                                   reverse=True))
    office = "|".join(r"\s+".join(map(re.escape, o.split()))
                      for o in sorted(vocabulary.offices, key=len, reverse=True))
    authority = rf"(?:{prefix})\s*\p{{Lu}}[\p{{Lu}}\s,.]*?"
    line = re.compile(rf"^(?:(?P<behalf>(?:{prefix})\s*\p{{Lu}}.*)|(?P<cap>(?:{office})))$")
    cell = re.compile(
        rf"^(?P<behalf>{authority}(?:\s+{authority})*?)?\s*(?P<cap>{office})"
        rf"(?:\s+\p{{Lu}}[\p{{Lu}}\s.]*?)??\s+(?P<name>{_NAME})$"
    )
    return line, cell


def is_signature_line(text: str) -> bool:
    """Whether ``text`` is an authority or office line of a signature block."""
    line, cell = _patterns()
    text = text.strip()
    return bool(line.match(text) or cell.match(text))


def read_closing(lines: Sequence) -> tuple[Signer, list[str]]:
    """The signer and the recipients of the closing block, given as its lines (each with the
    ``start`` offset and the ``text`` of a ``layout.Line``)."""
    line_pattern, _ = _patterns()
    recipients: list[str] = []
    signer = Signer()
    behalf: list[str] = []
    in_recipients = False
    for piece, start in _pieces(lines):
        if _RECIPIENTS.match(piece):
            in_recipients = True
            rest = _RECIPIENTS.sub("", piece)
            if rest.lstrip("-– ").strip():
                recipients.append(_recipient(rest))
            continue
        match = line_pattern.match(piece)
        if match and signer.name is None:
            in_recipients = False
            if match["behalf"]:
                behalf.append(" ".join(match["behalf"].split()))
            else:
                signer.capacity = " ".join(match["cap"].split())
            continue
        if in_recipients and piece.startswith(tuple(BULLETS)):
            recipients.append(_recipient(piece))
            continue
        if (signer.capacity or behalf) and signer.name is None and _SIGNER_NAME.match(piece):
            signer.name = piece
            signer.span = (start, start + len(piece))
    signer.on_behalf_of = " ".join(behalf) or None
    # "D:2024/KeHoachCCHC/Truc" under Nơi nhận is a file path left in the document.
    return signer, [r for r in recipients if r and not re.fullmatch(r"\S*[/\\]\S*", r)]


def _pieces(lines: Sequence):
    """The closing block as (piece, offset) in reading order: each line, each cell of a
    table row, and the parts of a recipients list or signature a table ran together."""
    _, cell_pattern = _patterns()
    for line in lines:
        cursor = line.start
        for cell in line.text.split("\t"):
            start = cursor + len(cell) - len(cell.lstrip())
            cursor += len(cell) + 1
            cell = cell.strip()
            signature = cell_pattern.match(cell)
            if signature:
                for group in ("behalf", "cap", "name"):
                    if signature[group]:
                        yield signature[group].strip(), start + signature.start(group)
                continue
            pieces = _FLAT_ITEM.split(cell) if _RECIPIENTS.match(cell) else [cell]
            offset = start
            for piece in pieces:
                at = cell.find(piece, offset - start)
                yield piece, start + max(at, 0)
                offset = start + max(at, 0) + len(piece)


def _recipient(line: str) -> str:
    return line.lstrip(BULLETS + " ").rstrip(" ;.,").strip()
