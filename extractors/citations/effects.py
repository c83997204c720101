"""Stage: the effect clauses of a document (hiệu lực thi hành): what it replaces, repeals or
amends, and from when — the facts a registry learns from the documents themselves.

    "Thông tư này có hiệu lực thi hành kể từ ngày 28 tháng 11 năm 2025."
    "Bãi bỏ Thông tư số 15/2024/TT-BCT quy định …"                          → repealed
    "Các văn bản … sau đây hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành:
     a) Nghị định số 06/2010/NĐ-CP …; b) Nghị định số 46/2010/NĐ-CP …"   → repealed, each
    "Quyết định này … thay thế: Điều 14, 18 Quyết định số 15/2022/QĐ-UBND …" → partially replaced

A clause speaks of the document itself ("Nghị định này", or opens with "Bãi bỏ", "Thay thế");
a sentence about two other documents ("Nghị định 118/2025 thay thế Nghị định 61/2018") is not
one. Each target is the first citation of its list item or ";"-part, never the document's own
number; the article and the words are kept as evidence.
"""

from __future__ import annotations

import regex as re
from vnplan.extractors.context import ExtractionContext
from vnplan.extractors.document.dates import parse_date
from vnplan.models import EffectClause, LegalReference, Metadata

# What the clause does to its targets (the verb), strongest first.
_VERBS = (
    ("replaced", re.compile(r"\bthay\s+thế\b", re.IGNORECASE)),
    ("repealed", re.compile(r"\b(?:hết\s+hiệu\s+lực|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ)\b", re.IGNORECASE)),
    ("amended", re.compile(r"\bsửa\s+đổi,?\s+bổ\s+sung\b", re.IGNORECASE)),
)
# "… này": the document speaks of itself ("Nghị định này", "Thông tư này", "Quyết định này").
_ITSELF = re.compile(
    r"\b(?:Luật|Bộ\s+luật|Pháp\s+lệnh|Nghị\s+quyết|Nghị\s+định|Quyết\s+định|Thông\s+tư"
    r"(?:\s+liên\s+tịch)?|Chỉ\s+thị|Văn\s+bản|Kế\s+hoạch)\s+này\b", re.IGNORECASE)
# A clause that opens with its verb: "2. Bãi bỏ Thông tư số …", "Thay thế Quyết định …".
_OPENS = re.compile(r"^(?:\d{1,2}[.)]\s*|[a-zđ]\)\s*)?(?:Bãi\s+bỏ|Hủy\s+bỏ|Huỷ\s+bỏ|Thay\s+thế)\b")
# "… này có hiệu lực (thi hành) (kể) từ ngày 01 tháng 7 năm 2025" / "… từ ngày ký"
_IN_FORCE = re.compile(
    r"\bnày\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+(?P<when>ngày\s+ký|ngày[\s\S]{0,40})",
    re.IGNORECASE)
_ITEM = re.compile(r"^(?:[a-zđ]\)|\d{1,2}[.)]|[-+•])\s")  # a list item under a clause
_ARTICLE = re.compile(r"^(?:\*\*)?(Điều\s+\d{1,3})\s*[.:]")  # "Điều 12. Hiệu lực thi hành"
_PARTIAL = re.compile(r"\b(?:Điều|khoản|điểm|Chương|Mục)\s+\d", re.IGNORECASE)
_MAX_ITEMS = 60  # list items one clause may carry


def find_effects(text: str, context: ExtractionContext) -> list[EffectClause]:
    """The effect clauses of ``text``, one per target, in document order."""
    metadata = context.metadata
    references = context.legal_references
    if not references:
        return []
    lines = _lines(text, context)
    starts = [ref.span[0] for ref in references]
    in_force = _in_force_date(text, metadata)
    effects: list[EffectClause] = []
    article = None
    i = 0
    while i < len(lines):
        start, line = lines[i]
        heading = _ARTICLE.match(line)
        if heading:
            article = " ".join(heading.group(1).split())
        kind = _kind(line)
        if kind is None or not (_ITSELF.search(line) or _OPENS.match(line)):
            i += 1
            continue
        parts = [(start, line)]
        j = i + 1
        if line.rstrip(" *").endswith(":"):  # the targets follow: list items, or a paragraph
            while j < len(lines) and j - i <= _MAX_ITEMS and _ITEM.match(lines[j][1]):
                parts.append(lines[j])
                j += 1
            if len(parts) == 1:
                while (j < len(lines) and j - i <= _MAX_ITEMS and lines[j][1]
                       and not _ARTICLE.match(lines[j][1])):
                    j += 1
                if j > i + 1:
                    begin, end = lines[i + 1][0], lines[j - 1][0] + len(lines[j - 1][1])
                    parts = [(start, line), (begin, text[begin:end])]
        pieces = _pieces(parts, skip_lead=len(parts) > 1)
        for piece_start, piece in pieces:
            ref_index = _first_citation(references, starts, piece_start,
                                        piece_start + len(piece), metadata)
            if ref_index is None:
                continue
            ref = references[ref_index]
            before = text[piece_start : ref.span[0]]
            effects.append(EffectClause(
                kind=_partial(kind) if _PARTIAL.search(before) else kind,
                target=ref.corrected_number or ref.number or ref.title or ref.surface,
                reference=ref_index,
                effective_date=in_force,
                article=article,
                quote=" ".join(piece.split())[:300],
                span=(piece_start, piece_start + len(piece)),
            ))
        i = j
    return effects


def _lines(text: str, context: ExtractionContext) -> list[tuple[int, str]]:
    """(offset, stripped line) of every line: the layout's lines when the layout stage ran."""
    if context.layout is not None:
        return [(line.start, line.text.strip()) for line in context.layout.lines]
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line.strip()))
        pos += len(line) + 1
    return out


def _kind(line: str) -> str | None:
    return next((kind for kind, verb in _VERBS if verb.search(line)), None)


def _partial(kind: str) -> str:
    """Articles of a document replaced or repealed: the document is partly changed."""
    return "partially_replaced" if kind == "replaced" else "amended"


def _pieces(parts: list[tuple[int, str]], *, skip_lead: bool) -> list[tuple[int, str]]:
    """Each list item, or each ";"-part of a clause's sentence (its own targets)."""
    out = []
    for start, part in parts[1:] if skip_lead else parts:
        if _ITEM.match(part):
            out.append((start, part))
            continue
        offset = 0
        for piece in part.split(";"):
            out.append((start + offset, piece))
            offset += len(piece) + 1
    return out


def _first_citation(references: list[LegalReference], starts: list[int], begin: int, end: int,
                    metadata: Metadata | None) -> int | None:
    own = metadata.number if metadata is not None else None
    for index, at in enumerate(starts):
        if begin <= at < end:
            ref = references[index]
            number = ref.corrected_number or ref.number
            if ref.kind == "standard" or (own and number == own):
                continue
            return index
    return None


def _in_force_date(text: str, metadata: Metadata | None):
    """When the document takes effect, as it says: a date, or the day it is signed."""
    match = _IN_FORCE.search(text)
    if match is None:
        return None
    when = match["when"]
    if re.match(r"ngày\s+ký", when, re.IGNORECASE):
        return metadata.issued_date if metadata is not None else None
    return parse_date(when)
