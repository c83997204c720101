"""The header every official document opens with (thể thức văn bản): the issuing body (tên cơ
quan, tổ chức ban hành: the body and the body above it), the number (số, ký hiệu), the place and
date (địa danh, thời gian ban hành) and the type heading (tên loại).

    UBND TỈNH LÂM ĐỒNG              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    SỞ NỘI VỤ                       Độc lập - Tự do - Hạnh phúc
    Số: 228/BC-SNV                  Lâm Đồng, ngày 28 tháng 11 năm 2025
                          BÁO CÁO

Sources print it as a two-column table (DOCX, pandoc Markdown: tab-separated cells), as two
columns run together on one line (PDF text), or one block after the other. The header is read
as fragments: lines cut at tabs and at the national motto, so that the left column's lines stay
in order. A name never continues across a line that is not part of the issuing block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import regex as re
from vnplan.extractors.document.dates import make_date
from vnplan.reference.vocabularies import OfficialLayout, load_official_layout

_HEADER_SCAN = 16  # lines looked at before the type heading
_MOTTO_SEARCH = 60  # lines a web page's own matter may take before the document's header
_RUN_TOGETHER = 1200  # characters of a header run into one paragraph

# "Số: 57/KH-UBND", "Số: 170/2025/NĐ-CP", "Số: /KH-UBND" (blank), "Số 60-NQ/TW",
# "Số: 1654/NQ-UBTVQH15", "Số: 1014/SNV-CCHC&VTLT", "Số: 66.2/2025/NQ-CP"
_NUMBER = re.compile(
    r"\bSố\s*:?\s*(?:"
    r"(?P<party>(?P<pord>\d{1,5})\s*-\s*(?P<ptype>\p{Lu}[\p{L}]*)\s*/\s*(?P<pbody>\p{Lu}[\p{L}]*))"
    r"|(?P<ord>\d{1,5}(?:\.\d{1,3})?)?\s*(?:/\s*(?P<year>(?:19|20)\d{2}))?\s*/\s*"
    r"(?P<code>\p{Lu}[\p{L}\d]*(?:\s?[-–&]\s?\p{Lu}[\p{L}\d]*)*)"
    r")"
)
# "Lâm Đồng, ngày 28 tháng 11 năm 2025", "Hà Nội, ngày ⏎ 04 tháng 12 năm 2025",
# "Lâm Đồng, ngày    tháng 01 năm 2026" (day left blank), "…, ngày … tháng … năm 2025"
_PLACE_DATE = re.compile(
    r"(?<![\p{L}\d/-])(?P<place>\p{Lu}[\p{Ll}]*(?:(?:\s|\s-\s)\p{Lu}[\p{Ll}]*){0,4})\s*,\s*ngày[\s.…_]*"
    r"(?P<d>\d{1,2})?[\s.…_/]*tháng[\s.…_]*(?P<m>\d{1,2})?[\s.…_/]*năm[\s.…_]*(?P<y>(?:19|20)\d{2})"
)
_RULE = re.compile(r"^[-_*=.\s]*$")  # "-------", "_", "* *": rules under the header lines
_TRAILING_RULE = re.compile(r"\s+[-_=]{3,}$")  # a rule printed on the name's line
_DRAFT = re.compile(r"\(?\bDỰ\s+THẢO\b\)?")
# the rest of a date line cut after "ngày": "04 tháng 12 năm 2025"
_DATE_REST = re.compile(r"^[\d\s.…_]*tháng[\s.…_\d]*năm\s*(?:19|20)\d{2}")
# a section or list heading ("I. MỤC ĐÍCH", "1. …"): the body, never the header
_SECTION = re.compile(r"^(?:[IVX]{1,5}\s*[.:\-–)]|\d{1,2}[.)]\s)")


@dataclass
class Header:
    """What the header says. ``block`` is the issuing-body block as printed (capitals)."""

    block: list[str] = field(default_factory=list)
    number: str | None = None
    number_code: str | None = None  # the ký hiệu also when the number is blank: "KH-UBND"
    issued_date: date | None = None
    issued_month: str | None = None  # "2025-11": also when the day is left blank
    place: str | None = None
    heading: int | None = None  # index of the type heading line (tên loại)


def read_header(lines: list[str], heading: int | None) -> Header:
    """The header facts of a document whose lines (stripped) are ``lines``; ``heading`` is the
    index of its type heading, if any. Only the lines before the heading are read."""
    start = _header_start(lines)
    end = heading if heading is not None and heading >= start else len(lines)
    fragments = _fragments(_leading_header(lines[start : min(end, start + _HEADER_SCAN)]))
    header = Header(heading=heading)
    number_at = None
    for i, fragment in enumerate(fragments):
        match = _NUMBER.search(fragment)
        if match and number_at is None:
            number_at = i
            header.number, header.number_code = _number(match)
            before = fragment[: match.start()].strip(" ,;")
            if before:
                fragments[i : i + 1] = [before, fragment[match.start() :]]
                number_at += 1
    joined = " \n ".join(fragments)
    match = _PLACE_DATE.search(joined)
    if match:
        _place_and_date(header, match)
    stop = number_at if number_at is not None else len(fragments)
    header.block = [f for f in fragments[:stop] if _is_block_line(f)]
    if header.number is None and header.issued_month is None:
        _run_together(lines[start : start + 3], header)
    return header


def _run_together(lines: list[str], header: Header) -> None:
    """A header run into one paragraph (Markdown joins a page's lines: "… CỘNG HÒA XÃ HỘI CHỦ
    NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---- Số: 117/2025/NĐ-CP Hà Nội, ngày 09 tháng 6
    năm 2025 NGHỊ ĐỊNH …"): the number and the place and date right after the motto."""
    text = " ".join(lines)[:_RUN_TOGETHER]
    motto = _motto_pattern().search(text)
    if motto is None:
        return
    after = text[motto.end():]
    number, dated = _NUMBER.search(after), _PLACE_DATE.search(after)
    if number is None or dated is None or not 0 <= dated.start() - number.end() <= 40:
        return
    header.number, header.number_code = _number(number)
    _place_and_date(header, dated)


def _place_and_date(header: Header, match) -> None:
    """The place, and the date or at least its month, of a "Hà Nội, ngày … tháng … năm …" match."""
    header.place = match["place"].strip()
    year, month, day = int(match["y"]), match["m"], match["d"]
    if month and 1 <= int(month) <= 12:
        header.issued_month = f"{year}-{int(month):02d}"
        if day:
            header.issued_date = make_date(year, int(month), int(day))


def _header_start(lines: list[str]) -> int:
    """Where the header begins: the first line, unless the document opens with other matter
    (a web page's title and its table of facts: "Nghị định 283/2025/NĐ-CP sửa đổi …", "Số hiệu
    283/2025/NĐ-CP", "Ngày ban hành 31/10/2025" …) and the national motto comes later: then the
    issuing block's lines just above the motto ("CHÍNH PHỦ", "-------")."""
    leading = _fragments(_leading_header(lines[:_HEADER_SCAN]))
    if any(_NUMBER.search(f) or _PLACE_DATE.search(f) for f in leading):
        return 0
    motto = _motto_pattern()
    at = next((i for i, line in enumerate(lines[:_MOTTO_SEARCH]) if motto.search(line)), None)
    if at is None:
        return 0
    start = at
    while start > 0 and at - start < 4 and (_RULE.match(lines[start - 1])
                                             or _is_block_line(lines[start - 1])):
        start -= 1
    return start


def _leading_header(lines: list[str]) -> list[str]:
    """The lines up to the first one that is not header matter (a title, a section heading,
    the body): a document with no header gives none."""
    kept: list[str] = []
    for line in lines:
        pieces = _fragments([line])
        if pieces and not all(_is_header_fragment(p) for p in pieces):
            break
        kept.append(line)
    return kept


def _is_header_fragment(fragment: str) -> bool:
    if _SECTION.match(fragment):
        return False
    return bool(_is_block_line(fragment) or _NUMBER.search(fragment)
                or _PLACE_DATE.search(fragment) or _DATE_REST.search(fragment)
                or re.search(r"ngày\s*$", fragment))


def _fragments(lines: list[str]) -> list[str]:
    """Header lines cut at tabs, " | " and the motto; rules and emphasis marks dropped.
    A lone "Số:" joins the fragment after it (a number split inside a table cell)."""
    motto = _motto_pattern()
    out: list[str] = []
    for line in lines:
        for cell in re.split(r"\t|\s\|\s", line):
            for piece in motto.split(cell):
                piece = _DRAFT.sub(" ", piece.replace("*", " ")).strip(" \u00a0|")
                piece = _TRAILING_RULE.sub("", piece)  # "ỦY BAN NHÂN DÂN TỈNH SƠN LA -------"
                piece = " ".join(piece.split())
                if piece and not _RULE.match(piece):
                    if out and re.fullmatch(r"Số\s*:?", out[-1]):
                        out[-1] = f"{out[-1]} {piece}"
                    else:
                        out.append(piece)
    return out


def _number(match) -> tuple[str | None, str | None]:
    if match["party"]:
        return f"{match['pord']}-{match['ptype']}/{match['pbody']}", f"{match['ptype']}/{match['pbody']}"
    code = re.sub(r"\s*([-–&])\s*", r"\1", match["code"]).replace("–", "-")
    if not match["ord"]:
        return None, code
    year = f"/{match['year']}" if match["year"] else ""
    return f"{match['ord']}{year}/{code}", code


def _is_block_line(fragment: str) -> bool:
    """A line of the issuing-body block: mostly capitals, not a date or a number."""
    letters = [ch for ch in fragment if ch.isalpha()]
    if len(letters) < 2 or "ngày" in fragment:
        return False
    return sum(ch.isupper() for ch in letters) / len(letters) >= 0.7


@cache
def _motto_pattern() -> re.Pattern:
    words = sorted(load_official_layout().mottos, key=len, reverse=True)
    parts = [r"\s*".join(re.escape(w) for w in motto.replace("–", "-").split()) for motto in words]
    alternation = "|".join(p.replace(r"\-", "[-–]") for p in parts)
    return re.compile(f"(?:{alternation})", re.IGNORECASE)


# --- the issuing body ------------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    """The issuing body as named in running text, and the unit it belongs to."""

    name: str | None
    national: bool = False
    unit_kind: str | None = None  # "tỉnh", "xã" … of the local body (or of the body above it)
    unit_name: str | None = None  # "Lâm Đồng"
    parent_kind: str | None = None  # the unit of the body above it, when that is a local one
    parent_name: str | None = None


def read_issuer(block: list[str]) -> Issuer:
    """The issuer a header's issuing-body block names (None when the block is empty)."""
    vocabulary = load_official_layout()
    if not block:
        return Issuer(None)
    joined = " ".join(block)
    national = _national_name(joined, vocabulary)
    if national:
        return Issuer(national, national=True)
    bodies = _bodies(block, vocabulary)
    body = bodies[-1]
    parent = bodies[-2] if len(bodies) > 1 else None
    local = _local_government(body, vocabulary)
    above = _local_government(parent, vocabulary) if parent else None
    if local:
        abbreviation, kind, name = local
        return Issuer(f"{abbreviation} {kind} {name}", unit_kind=kind, unit_name=name,
                      parent_kind=above[1] if above else None,
                      parent_name=above[2] if above else None)
    parent_national = _national_name(parent, vocabulary) if parent else None
    spelled = _spell_body(body, vocabulary)
    if above:
        return Issuer(f"{spelled} {above[1]} {above[2]}", unit_kind=above[1], unit_name=above[2])
    return Issuer(spelled, national=bool(parent_national))


def _national_name(text: str, vocabulary: OfficialLayout) -> str | None:
    """The national body ``text`` names exactly (capitals and spacing aside)."""
    key = _key(text)
    return next((n for n in vocabulary.national_bodies if _key(n) == key), None)


def _bodies(block: list[str], vocabulary: OfficialLayout) -> list[str]:
    """The block as bodies, top first: a line opening with a body word starts a body, any other
    line continues the one above ("ỦY BAN NHÂN DÂN" ⏎ "TỈNH LÂM ĐỒNG"); a local government run
    together with the body below it is cut where that body begins."""
    starts = sorted((_key(s) for s in vocabulary.body_starts), key=len, reverse=True)
    bodies: list[str] = []
    for line in block:
        for part in _split_after_government(line, vocabulary):
            key = _key(part)
            if bodies and not any(key == s or key.startswith(s + " ") for s in starts):
                bodies[-1] = f"{bodies[-1]} {part}"
            else:
                bodies.append(part)
    return bodies


def _split_after_government(line: str, vocabulary: OfficialLayout) -> list[str]:
    """'UBND TỈNH LÂM ĐỒNG BAN CHỈ ĐẠO …' → ['UBND TỈNH LÂM ĐỒNG', 'BAN CHỈ ĐẠO …']: the
    place name is the shortest run of words after which another body begins."""
    match = _government_pattern().match(line)
    if not match:
        return [line]
    words = line.split()
    named = len(line[: match.start("name")].split())
    starts = [_key(s) for s in vocabulary.body_starts]
    for size in range(1, 6):
        rest = " ".join(words[named + size :])
        key = _key(rest)
        if rest and any(key == s or key.startswith(s + " ") for s in starts):
            return [" ".join(words[: named + size]), rest]
    return [line]


def _local_government(body: str | None, vocabulary: OfficialLayout):
    """("UBND", "tỉnh", "Lâm Đồng") for "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"; None otherwise."""
    if not body:
        return None
    match = _government_pattern().fullmatch(body.strip(" .,"))
    if not match:
        return None
    head = " ".join(match["head"].upper().split())
    abbreviation = vocabulary.abbreviations.get(head, head)
    kind = vocabulary.unit_kinds[" ".join(match["kind"].upper().split())]
    return abbreviation, kind, _place_case(match["name"])


@cache
def _government_pattern() -> re.Pattern:
    """A local government's name: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "UBND XÃ TÂN BÌNH" (built
    once from the vocabulary's abbreviations and unit kinds, longest first)."""
    vocabulary = load_official_layout()
    heads = sorted({*vocabulary.abbreviations, *vocabulary.abbreviations.values()}, key=len,
                   reverse=True)
    kinds = sorted(vocabulary.unit_kinds, key=len, reverse=True)
    head = "|".join(r"\s+".join(map(re.escape, h.split())) for h in heads)
    kind = "|".join(r"\s+".join(map(re.escape, k.split())) for k in kinds)
    return re.compile(
        rf"(?P<head>{head})\s+(?P<kind>{kind})\s+(?P<name>\p{{Lu}}[\p{{Lu}}\d]*"
        r"(?:(?:\s|\s?-\s?)\p{Lu}[\p{Lu}\d]*){0,4}?)(?=\s|$)",
        re.IGNORECASE,
    )


def _spell_body(body: str, vocabulary: OfficialLayout) -> str:
    """An issuing body printed in capitals, spelled as in running text: a known name keeps its
    spelling ("SỞ NỘI VỤ" → "Sở Nội vụ"); otherwise the first letter stays a capital, acronyms
    (no vowel: KHCN, ĐMST) and numbers stay as printed, the rest is lower case."""
    key = _key(body)
    for known in sorted((*vocabulary.local_bodies, *vocabulary.national_bodies), key=len,
                        reverse=True):
        known_key = _key(known)
        if key == known_key or key.startswith(known_key + " "):
            rest = body.split()[len(known.split()):]
            return " ".join([known, *(_word_case(w) for w in rest)])
    words = body.split()
    return " ".join([words[0][:1] + words[0][1:].lower(), *(_word_case(w) for w in words[1:])])


_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def _word_case(word: str) -> str:
    letters = word.lower()
    if any(ch.isdigit() for ch in word) or not any(ch in _VOWELS for ch in letters):
        return word  # an acronym or a number: as printed
    return letters


def _place_case(name: str) -> str:
    """A place name printed in capitals, as in running text: "LÂM ĐỒNG" → "Lâm Đồng"."""
    return " ".join(w if any(ch.isdigit() for ch in w) else w[:1] + w[1:].lower()
                    for w in name.split())


def _key(text: str) -> str:
    return " ".join(text.replace("UỶ", "ỦY").replace("Uỷ", "Ủy").casefold().split())


def is_header_matter(line: str) -> bool:
    """Whether a line belongs to the header (number, place and date, motto, a local
    government's name), not to the title."""
    return bool(_NUMBER.search(line) or _PLACE_DATE.search(line) or _motto_pattern().search(line)
                or _government_pattern().match(line))


def is_authority_line(line: str, block: list[str]) -> bool:
    """The line under the title that names who issues (thẩm quyền ban hành) — "THỦ TƯỚNG CHÍNH
    PHỦ", "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "BỘ TRƯỞNG BỘ …", "CHỦ TỊCH ỦY BAN NHÂN DÂN …": in
    capitals, and the issuing body itself or an office (or body) of the vocabulary."""
    text = " ".join(line.replace("*", " ").split())
    if not _is_block_line(text) or text != text.upper():
        return False
    vocabulary = load_official_layout()
    spaced = " ".join(re.sub(r"[-–]", " ", text).split())  # "VỤ-QUỐC": a speck read as a dash
    if any(_national_name(t, vocabulary) or _local_government(t, vocabulary)
           for t in dict.fromkeys((text, spaced))):
        return True
    key = _key(spaced)
    if block and key == _dashless_key(" ".join(block)):
        return True
    return any(key == _dashless_key(o) or key.startswith(_dashless_key(o) + " ")
               for o in vocabulary.offices)


def _dashless_key(text: str) -> str:
    """``_key`` with dashes read as spaces: "VỤ-QUỐC" and "VỤ QUỐC" are one key."""
    return _key(re.sub(r"[-–]", " ", text))
