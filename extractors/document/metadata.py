"""Metadata of a plan: số hiệu, issuer, locality, date, title, period, signer, recipients.

Read from the header, the title and preamble, the closing block and the appendix caption
(which often carries the number and date the header left blank). A blank date
("ngày   tháng   năm 2024") is null, never a guess.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import regex as re
from vnplan.extractors.document.dates import parse_date
from vnplan.extractors.document.header import (
    Issuer,
    is_authority_line,
    is_header_matter,
    read_header,
    read_issuer,
)
from vnplan.extractors.document.layout import Layout, is_appendix_caption
from vnplan.extractors.document.signature import read_closing
from vnplan.models import Locality, Metadata, Period
from vnplan.reference.keys import accent_key
from vnplan.reference.vocabularies import load_citation_formats, province_level_cities

_HEADER_LINES = 20

# Fallback when a plan has no type heading: the type code of its own number (Số: …/KH-UBND).
_CODE_TYPES = {"KH": "Kế hoạch", "QĐ": "Quyết định", "BC": "Báo cáo", "CT": "Chỉ thị",
               "CTr": "Chương trình", "NĐ": "Nghị định", "TT": "Thông tư", "NQ": "Nghị quyết"}

# A Vietnamese proper name: capitalised syllables ("Tống Phan", "Thượng Lộ", "Hoàng Tân").
_NAME = r"\p{Lu}\p{Ll}*(?:[ \t]+\p{Lu}\p{Ll}*){0,3}\b"
_COMMUNE = re.compile(r"\b(?P<kind>xã|phường|thị trấn)\s+(?P<name>" + _NAME + ")")
_DISTRICT = re.compile(r"\b(?P<kind>huyện|thị xã|quận|thành phố)\s+(?P<name>" + _NAME + ")")
_PROVINCE = re.compile(r"\b(?P<kind>tỉnh|Thành phố|thành phố)\s+(?P<name>" + _NAME + ")")

_COMMUNE_KINDS = ("xã", "phường", "thị trấn", "đặc khu")
# Where the body of a decision, decree or resolution begins: the preamble ends there.
_BODY_START = re.compile(
    r"^(?:QUYẾT\s+ĐỊNH\s*:|QUYẾT\s+NGHỊ\s*:|NGHỊ\s+QUYẾT\s*:|Điều\s+1\b|Chương\s+(?:I|1)\b)"
)
_RULE_LINE = re.compile(r"^[-_*=.\s]*$")
# "QUYẾT ĐỊNH (DỰ THẢO)": a draft's heading names its type all the same.
_DRAFT_MARK = re.compile(r"\s*\(?\s*DỰ\s+THẢO\s*\)?\s*$")
_YEAR_RANGE = re.compile(r"(?:giai\s+đoạn|từ\s+năm)\s*(?P<a>(?:19|20)\d{2})\s*(?:[-–]|đến(?:\s+năm)?)\s*(?P<b>(?:19|20)\d{2})")
_YEAR = re.compile(r"năm\s+(?P<y>(?:19|20)\d{2})")
_PREAMBLE_START = re.compile(
    r"^(?:Căn\s+cứ|Thực\s+hiện|Theo|Xét|Triển\s+khai|Để|Nhằm|Ủy\s+ban|UBND|Chủ\s+tịch|Bộ\s+trưởng|"
    r"Thủ\s+tướng|Giám\s+đốc|Trưởng\s+ban)\b"
)


def find_metadata(text: str, layout: Layout) -> Metadata:
    """Everything the header, title, preamble, closing block and caption say about the
    document (thể thức: issuing body, số/ký hiệu, place and date, tên loại and trích yếu,
    signer, Nơi nhận)."""
    lines = [ln.text.strip() for ln in layout.lines]
    body_start = layout.first_section if layout.first_section is not None else min(len(lines), _HEADER_LINES)
    heading = next((i for i, ln in enumerate(lines[:_HEADER_LINES]) if _heading_type(ln)), None)
    header = read_header(lines, heading)
    head = lines[:body_start]
    number, issued = header.number, header.issued_date
    doc_type = _heading_type(lines[heading]) if heading is not None else None
    if doc_type is None and header.number_code:
        doc_type = _CODE_TYPES.get(re.split(r"[-/]", header.number_code)[0])
    issuer = read_issuer(header.block)
    title_lines, grounds = _title_and_preamble(head, header.block)
    title = " ".join(title_lines) or None
    caption = _caption_facts(lines[layout.appendix :])

    number_source = "header" if number else None
    if number is None and caption.get("number"):
        number, number_source = caption["number"], "appendix_caption"
    date_source = "header" if issued else None
    if issued is None and caption.get("date"):
        issued, date_source = caption["date"], "appendix_caption"
    month = f"{issued:%Y-%m}" if issued else header.issued_month

    if issuer.national:
        locality = Locality()
    else:
        # one line each, so a place name never runs on into the next clause ("Lâm Đồng" ⏎ "Căn cứ")
        context = "\n".join(filter(None, [title, *grounds, caption.get("place")]))
        locality = _locality(context, issuer, text[: layout.offset(layout.closing, len(text))])
    if doc_type is None:
        doc_type = _doc_type_from(number, " ".join(grounds))
    signer, recipients = read_closing(layout.lines[layout.closing : layout.appendix])
    return Metadata(
        doc_type=doc_type,
        number=number,
        number_source=number_source,
        issuer=_with_unit(issuer, locality) or _issuer_from(locality),
        locality=locality,
        title=title,
        issued_date=issued,
        issued_month=month,
        issued_date_source=date_source,
        issued_place=header.place,
        period=_period(title or "", issued),
        signer=signer,
        recipients=recipients,
        grounds=grounds,
    )


def _title_and_preamble(head: list[str], block: list[str]) -> tuple[list[str], list[str]]:
    """Title lines (after the doc-type heading, before the preamble) and preamble clauses."""
    title: list[str] = []
    grounds: list[str] = []
    start = next((i + 1 for i, ln in enumerate(head) if _heading_type(ln)), None)
    if start is None:  # no heading: the title is the first line that is not header matter
        start = next(
            (i for i, ln in enumerate(head)
             if ln and not is_header_matter(ln) and not _PREAMBLE_START.match(ln)
             and not ln.startswith(("CỘNG HÒA", "CỘNG HOÀ", "Độc lập"))),
            len(head),
        )
    in_preamble = False
    for line in head[start:]:
        if not line or _RULE_LINE.match(line):
            continue
        if _BODY_START.match(line):
            break  # "QUYẾT ĐỊNH:", "Điều 1.", "Chương I": the body begins
        if title and is_authority_line(line, block):
            in_preamble = True  # "THỦ TƯỚNG CHÍNH PHỦ" under the title: who issues, not title
            continue
        # The first line after the heading is always title ("Thực hiện cải cách hành chính…");
        # later short lines continue it until the preamble (Căn cứ…, Thực hiện…) begins.
        starts_preamble = bool(title) and (
            _PREAMBLE_START.match(line) or len(line) > 110 or line.endswith((":", ";"))
        )
        if in_preamble or starts_preamble:
            in_preamble = True
            clause = line.strip(" *")
            continues = grounds and not grounds[-1].endswith((";", ".", ":", ","))
            opens = not grounds and clause.endswith((":", ";"))
            if not (_PREAMBLE_START.match(clause) or continues or opens):
                break  # a paragraph of the body: the grounds are over
            if continues and not _PREAMBLE_START.match(clause):
                grounds[-1] = f"{grounds[-1]} {clause}"  # a clause broken mid-sentence
            else:
                grounds.append(clause)
        else:
            title.append(line.strip(" *"))
    return title, grounds


def _caption_facts(appendix_lines: list[str]) -> dict:
    """Number and date from "(Ban hành kèm theo Kế hoạch số 57/KH-UBND ngày 24 tháng 12 …)"."""
    for line in appendix_lines[:12]:
        if not is_appendix_caption(line):
            continue
        body = line.strip(" ()*-")
        facts: dict = {}
        match = re.search(r"\bs[^\W\d_]\s*:?\s*(?P<num>\d+\s*/\s*[A-ZĐ][A-Za-zĐđ]*(?:-[A-Za-zĐđ]+)+)", body)
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


def _locality(context: str, issuer: Issuer, body: str) -> Locality:
    """Where the issuing body stands (địa bàn): its own unit and the units above it. A body of
    a province names only the province; below that, the district and province come from the
    header, else from the title, preamble and caption, else from the first the body names."""
    kind, name = issuer.unit_kind, issuer.unit_name
    cities = province_level_cities()
    if kind == "tỉnh" or (kind == "thành phố" and name in cities):
        return Locality(province=f"{kind} {name}")
    commune = f"{kind} {name}" if kind in _COMMUNE_KINDS else None
    district = f"{kind} {name}" if kind and kind not in _COMMUNE_KINDS else None
    if district is None and issuer.parent_kind and issuer.parent_kind not in ("tỉnh",):
        district = f"{issuer.parent_kind} {issuer.parent_name}"
    if kind is None:
        commune = _first(_COMMUNE, context)
    district = district or _first(_DISTRICT, context) or _first(_DISTRICT, body)
    province = _first(_PROVINCE, context, only_kinds={"tỉnh"}) or _first(
        _PROVINCE, body, only_kinds={"tỉnh"}
    )
    if province is None:
        province = _first(_PROVINCE, body, only_kinds={"thành phố", "Thành phố"},
                          names=cities)
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


# A local body named without its unit, as a web page's copy of a header may print it
# ("ỦY BAN NHÂN DÂN" with the province on a line it lost): its abbreviation.
_UNITLESS_BODIES = {"ủy ban nhân dân": "UBND", "hội đồng nhân dân": "HĐND",
                    "chủ tịch ủy ban nhân dân": "Chủ tịch UBND"}


def _with_unit(issuer: Issuer, locality: Locality) -> str | None:
    """The issuer's name; a local body printed without its unit gets the unit the text names."""
    name = issuer.name
    bare = _UNITLESS_BODIES.get(" ".join((name or "").casefold().split()))
    if bare is None:
        return name
    place = locality.commune or locality.district or locality.province
    return f"{bare} {place}" if place else name


def _issuer_from(locality: Locality) -> str | None:
    """A header with no issuing block: the People's Committee of the unit the text names."""
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


def _heading_type(line: str) -> str | None:
    """The document type a heading line names ("KẾ HOẠCH" → "Kế hoạch"), from the types of
    ``corpora/reference/document_types.yaml``."""
    heading = _DRAFT_MARK.sub("", line).strip(" *#:.")  # "KẾ HOẠCH." on a speckled scan
    found = _type_headings().get(heading)
    if found is None and heading.isupper() and len(heading) <= 24:  # "QUYÉT ĐỊNH" as OCR read it
        found = _type_heading_keys().get(accent_key(heading))
    return found


@cache
def _type_headings() -> dict[str, str]:
    return {t.label.upper(): t.label for t in load_citation_formats().types}


@cache
def _type_heading_keys() -> dict[str, str]:
    """The type headings without their accents; a key two types share is left out."""
    keys: dict[str, list[str]] = {}
    for heading, label in _type_headings().items():
        keys.setdefault(accent_key(heading), []).append(label)
    return {key: labels[0] for key, labels in keys.items() if len(set(labels)) == 1}
