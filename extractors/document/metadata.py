"""Metadata of a plan: số hiệu, issuer, locality, date, title, period, signer, recipients.

Read from the header, the title and preamble, the closing block and the appendix caption
(which often carries the number and date the header left blank). A blank date
("ngày   tháng   năm 2024") is null, never a guess.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import regex as re
from vnplan.extractors.document.dates import make_date, parse_date
from vnplan.extractors.document.layout import APPENDIX_CAPTION, Layout
from vnplan.models import Locality, Metadata, Period, Signer
from vnplan.reference.keys import BULLET_CLASS, BULLETS
from vnplan.reference.vocabularies import load_citation_formats, province_level_cities

_HEADER_LINES = 20

# "Số: 57/KH-UBND", "Số: /KH-UBND" (blank number), "Số:   13 /KH-UBND"
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<num>\d*)\s*/\s*(?P<code>[A-ZĐ][A-Za-zĐđ]*(?:-[A-Za-zĐđ]+)*)")
# "Tân Bình, ngày 31 tháng 01 năm 2024"; day and month may be blank
_PLACE_DATE = re.compile(
    r"^(?P<place>[^\d,]{2,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})"
)
# Fallback when a plan has no type heading: the type code of its own number (Số: …/KH-UBND).
_CODE_TYPES = {"KH": "Kế hoạch", "QĐ": "Quyết định", "BC": "Báo cáo", "CT": "Chỉ thị",
               "CTr": "Chương trình", "NĐ": "Nghị định", "TT": "Thông tư", "NQ": "Nghị quyết"}

# A Vietnamese proper name: capitalised syllables ("Tống Phan", "Thượng Lộ", "Hoàng Tân").
_NAME = r"\p{Lu}\p{Ll}*(?:[ \t]+\p{Lu}\p{Ll}*){0,3}\b"
_COMMUNE = re.compile(r"\b(?P<kind>xã|phường|thị trấn)\s+(?P<name>" + _NAME + ")")
_DISTRICT = re.compile(r"\b(?P<kind>huyện|thị xã|quận|thành phố)\s+(?P<name>" + _NAME + ")")
_PROVINCE = re.compile(r"\b(?P<kind>tỉnh|Thành phố|thành phố)\s+(?P<name>" + _NAME + ")")
_ISSUER_HEADER = re.compile(
    r"^(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\s+(?P<kind>XÃ|PHƯỜNG|THỊ TRẤN|HUYỆN|TỈNH|THÀNH PHỐ|QUẬN|THỊ XÃ)"
    r"\s+(?P<name>[\p{Lu} ]+)$"
)

_YEAR_RANGE = re.compile(r"(?:giai\s+đoạn|từ\s+năm)\s*(?P<a>(?:19|20)\d{2})\s*(?:[-–]|đến(?:\s+năm)?)\s*(?P<b>(?:19|20)\d{2})")
_YEAR = re.compile(r"năm\s+(?P<y>(?:19|20)\d{2})")
_PREAMBLE_START = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Theo|Xét|Triển\s+khai|Để|Nhằm|Ủy\s+ban|UBND)\b")
_SIGNER_NAME = re.compile(r"^(?:\p{Lu}\p{Ll}+\s+){1,4}\p{Lu}\p{Ll}+$")
_CAPACITY_LINE = re.compile(r"^(?:(?P<behalf>(?:TM|KT|TL|TUQ|Q)\.\s*.+)|(?P<cap>(?:PHÓ\s+)?CHỦ\s+TỊCH|TRƯỞNG\s+BAN|GIÁM\s+ĐỐC|BÍ\s+THƯ))$")


def find_metadata(text: str, layout: Layout) -> Metadata:
    """Everything the header, title, preamble, closing block and caption say about the plan."""
    lines = [ln.text.strip() for ln in layout.lines]
    body_start = layout.first_section if layout.first_section is not None else min(len(lines), _HEADER_LINES)
    head = lines[:body_start]

    number, issued, place, doc_type, issuer_header = _header_facts(head[:_HEADER_LINES])
    title_lines, grounds = _title_and_preamble(head)
    title = " ".join(title_lines) or None
    caption = _caption_facts(lines[layout.appendix :])

    number_source = "header" if number else None
    if number is None and caption.get("number"):
        number, number_source = caption["number"], "appendix_caption"
    date_source = "header" if issued else None
    if issued is None and caption.get("date"):
        issued, date_source = caption["date"], "appendix_caption"

    # one line each, so a place name never runs on into the next clause ("Lâm Đồng" ⏎ "Căn cứ")
    context = "\n".join(filter(None, [title, *grounds, caption.get("place")]))
    locality = _locality(context, issuer_header, text[: layout.offset(layout.closing, len(text))])
    if doc_type is None:
        doc_type = _doc_type_from(number, " ".join(grounds))
    signer, recipients = _closing(lines[layout.closing : layout.appendix], layout, text)
    return Metadata(
        doc_type=doc_type,
        number=number,
        number_source=number_source,
        issuer=_issuer(issuer_header, locality),
        locality=locality,
        title=title,
        issued_date=issued,
        issued_date_source=date_source,
        issued_place=place,
        period=_period(title or "", issued),
        signer=signer,
        recipients=recipients,
        grounds=grounds,
    )


def _header_facts(head: list[str]):
    number = issued = place = doc_type = issuer = None
    # A header typed as a two-column table: "ỦY BAN NHÂN DÂN TỈNH …⇥CỘNG HÒA …", "Số: …⇥…, ngày …"
    cells = [cell.strip() for line in head for cell in line.split("\t")]
    for line in cells:
        match = _NUMBER_LINE.match(line)
        if match and number is None:
            number = f"{match['num']}/{match['code']}" if match["num"] else None
            if doc_type is None:
                doc_type = _CODE_TYPES.get(match["code"].split("-")[0])
            continue
        match = _PLACE_DATE.match(line)
        if match and place is None:
            place = match["place"].strip()
            if match["d"] and match["m"]:
                issued = make_date(int(match["y"]), int(match["m"]), int(match["d"]))
            continue
        match = _ISSUER_HEADER.match(line)
        if match and issuer is None:
            issuer = (match["kind"].capitalize(), match["name"].title())
            continue
        heading = _heading_type(line)
        if heading:
            doc_type = heading
    return number, issued, place, doc_type, issuer


def _title_and_preamble(head: list[str]) -> tuple[list[str], list[str]]:
    """Title lines (after the doc-type heading, before the preamble) and preamble clauses."""
    title: list[str] = []
    grounds: list[str] = []
    start = next((i + 1 for i, ln in enumerate(head) if _heading_type(ln)), None)
    if start is None:  # no heading: the title is the first line that is not header matter
        start = next(
            (i for i, ln in enumerate(head)
             if ln and not _NUMBER_LINE.match(ln) and not _PLACE_DATE.match(ln)
             and not _ISSUER_HEADER.match(ln) and not _PREAMBLE_START.match(ln)
             and not ln.startswith(("CỘNG HÒA", "CỘNG HOÀ", "Độc lập"))),
            len(head),
        )
    in_preamble = False
    for line in head[start:]:
        if not line:
            continue
        # The first line after the heading is always title ("Thực hiện cải cách hành chính…");
        # later short lines continue it until the preamble (Căn cứ…, Thực hiện…) begins.
        starts_preamble = bool(title) and (
            _PREAMBLE_START.match(line) or len(line) > 110 or line.endswith((":", ";"))
        )
        if in_preamble or starts_preamble:
            in_preamble = True
            grounds.append(line)
        else:
            title.append(line.strip(" *"))
    return title, grounds


def _caption_facts(appendix_lines: list[str]) -> dict:
    """Number and date from "(Ban hành kèm theo Kế hoạch số 57/KH-UBND ngày 24 tháng 12 …)"."""
    for line in appendix_lines[:12]:
        body = line.strip(" ()*")
        if not APPENDIX_CAPTION.match(body):
            continue
        facts: dict = {}
        match = re.search(r"số\s*:?\s*(?P<num>\d+\s*/\s*[A-ZĐ][A-Za-zĐđ]*(?:-[A-Za-zĐđ]+)+)", body)
        if match:
            facts["number"] = re.sub(r"\s+", "", match["num"])
        found = parse_date(body)
        if found:
            facts["date"] = found
        match = re.search(r"của\s+(?:Chủ\s+tịch\s+)?(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+(?P<place>.+?)\)?$", body)
        if match:
            facts["place"] = match["place"].strip(" )")
        return facts
    return {}


def _locality(context: str, issuer_header, body: str) -> Locality:
    """Commune, district and province named in the title, preamble and caption; a district or
    province the plan names only in its body (its own, in a commune plan) is taken from there."""
    commune = _first(_COMMUNE, context)
    district = _first(_DISTRICT, context) or _first(_DISTRICT, body)
    province = _first(_PROVINCE, context, only_kinds={"tỉnh"}) or _first(
        _PROVINCE, body, only_kinds={"tỉnh"}
    )
    if province is None:
        province = _first(_PROVINCE, body, only_kinds={"thành phố", "Thành phố"},
                          names=province_level_cities())
    if commune is None and issuer_header and issuer_header[0] in ("Xã", "Phường", "Thị trấn"):
        commune = f"{issuer_header[0].lower()} {issuer_header[1]}"
    if province is None and issuer_header and issuer_header[0] == "Tỉnh":
        province = f"tỉnh {issuer_header[1]}"
    return Locality(commune=commune, district=district, province=province)


def _first(pattern: re.Pattern, text: str, only_kinds=None, names=None) -> str | None:
    """The first place of ``pattern``'s kinds in ``text``; "thành phố X" counts as a district
    only when X is not a centrally governed city, and as a province only when it is."""
    cities = province_level_cities()
    for match in pattern.finditer(text):
        kind, name = match["kind"], match["name"].strip()
        if not name or (only_kinds is not None and kind not in only_kinds):
            continue
        if names is not None and name not in names:
            continue
        if pattern is _DISTRICT and kind == "thành phố" and name in cities:
            continue
        return f"{kind.lower()} {name}"
    return None


def _issuer(issuer_header, locality: Locality) -> str | None:
    if issuer_header:
        return f"UBND {issuer_header[0].lower()} {issuer_header[1]}"
    for place in (locality.commune, locality.district, locality.province):
        if place:
            return f"UBND {place}"
    return None


def _doc_type_from(number: str | None, preamble: str) -> str | None:
    if number:
        code = number.split("/")[-1].split("-")[0]
        if code in _CODE_TYPES:
            return _CODE_TYPES[code]
    match = re.search(r"(?:xây\s+dựng|ban\s+hành)\s+(Kế\s+hoạch|Chương\s+trình|Đề\s+án)", preamble)
    return re.sub(r"\s+", " ", match.group(1)) if match else None


def _period(title: str, issued: date | None) -> Period:
    match = _YEAR_RANGE.search(title)
    if match:
        return Period(start_year=int(match["a"]), end_year=int(match["b"]))
    match = _YEAR.search(title)
    if match:
        year = int(match["y"])
        return Period(start_year=year, end_year=year)
    return Period()


def _closing(lines: list[str], layout: Layout, text: str) -> tuple[Signer, list[str]]:
    recipients: list[str] = []
    signer = Signer()
    in_recipients = False
    for piece, start in _closing_pieces(layout):
        if re.match(r"^Nơi\s+nhận", piece, re.IGNORECASE):
            in_recipients = True
            rest = re.sub(r"^Nơi\s+nhận\s*:?\s*", "", piece, flags=re.IGNORECASE)
            if rest.lstrip("-– ").strip():
                recipients.append(_recipient(rest))
            continue
        capacity = _CAPACITY_LINE.match(piece)
        if capacity:
            in_recipients = False
            if capacity["behalf"]:
                signer.on_behalf_of = capacity["behalf"].strip()
            else:
                signer.capacity = re.sub(r"\s+", " ", capacity["cap"])
            continue
        if in_recipients and piece.startswith(tuple(BULLETS)):
            recipients.append(_recipient(piece))
            continue
        if (signer.capacity or signer.on_behalf_of) and signer.name is None and _SIGNER_NAME.match(piece):
            signer.name = piece
            signer.span = (start, start + len(piece))
    # "D:2024/KeHoachCCHC/Truc" under Nơi nhận is a file path left in the document.
    return signer, [r for r in recipients if r and not re.fullmatch(r"\S*[/\\]\S*", r)]


# A signature block flattened into one cell: "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Ngọc Phúc".
_SIGNATURE_CELL = re.compile(
    r"^(?P<behalf>(?:TM|KT|TL|TUQ|Q)\.\s*(?:Ủ|U)Y BAN NHÂN DÂN|(?:TM|KT|TL|TUQ|Q)\.\s*[\p{Lu} ]+?)?"
    r"\s*(?P<cap>(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|BÍ\s+THƯ))"
    r"\s+(?P<name>(?:\p{Lu}\p{Ll}+\s+){1,4}\p{Lu}\p{Ll}+)$"
)
# Items of a recipients list flattened into one cell: "Nơi nhận: - Bộ Nội vụ; - Thường trực …".
_FLAT_ITEM = re.compile(rf"(?:^|(?<=[;,.]))\s+(?={BULLET_CLASS}\s)")


def _closing_pieces(layout: Layout):
    """The closing block as (piece, offset) in reading order: each line, each cell of a
    table row, and the parts of a recipients list or signature a DOCX table flattened."""
    for line in layout.lines[layout.closing : layout.appendix]:
        cursor = line.start
        for cell in line.text.split("\t"):
            start = cursor + len(cell) - len(cell.lstrip())
            cursor += len(cell) + 1
            cell = cell.strip()
            signature = _SIGNATURE_CELL.match(cell)
            if signature:
                for group in ("behalf", "cap", "name"):
                    if signature[group]:
                        yield signature[group], start + signature.start(group)
                continue
            pieces = _FLAT_ITEM.split(cell) if re.match(r"^Nơi\s+nhận", cell, re.IGNORECASE) else [cell]
            offset = start
            for piece in pieces:
                at = cell.find(piece, offset - start)
                yield piece, start + max(at, 0)
                offset = start + max(at, 0) + len(piece)


def _recipient(line: str) -> str:
    return line.lstrip(BULLETS + " ").rstrip(" ;.,").strip()


def _heading_type(line: str) -> str | None:
    """The document type a heading line names ("KẾ HOẠCH" → "Kế hoạch"), from the types of
    ``corpora/reference/document_types.yaml``."""
    return _type_headings().get(line.strip(" *"))


@cache
def _type_headings() -> dict[str, str]:
    return {t.label.upper(): t.label for t in load_citation_formats().types}
