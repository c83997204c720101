"""The record's source, metadata and section tree."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from .common import Span, Strict
from .kinds import PageMethod, Share, SourceFormat, UnitLevel


class PageProvenance(Strict):
    """How one page of a paged source was read."""

    number: int
    start: int = Field(description="offset in the repaired text where the page begins")
    method: PageMethod = "text"
    ocr_confidence: float | None = None


class Source(Strict):
    """The file a record was made from."""

    path: str
    sha256: str
    format: SourceFormat
    size_bytes: int
    encoding: str | None = Field(default=None, description="byte encoding of a text source")
    pages: int | None = Field(default=None, description="page count when the source has pages")
    page_provenance: list[PageProvenance] = Field(default_factory=list)
    conversions: list[str] = Field(
        default_factory=list, description="conversions applied, e.g. 'TCVN3 → Unicode'"
    )
    warnings: list[str] = Field(default_factory=list, description="ingestion warnings")
    lines_repaired: int = Field(default=0, description="broken lines rejoined by the repair stage")
    lines_dropped: int = Field(default=0, description="page numbers and debris lines removed")


class Successor(Strict):
    """An official unit that covers an old unit as of the check date (after 2025-07-01)."""

    level: UnitLevel
    code: str = Field(description="GSO code of the new unit")
    name: str
    share: Share = Field(description="full: the whole old unit; partial: a part of it")


class Locality(Strict):
    """Where the issuing body stands (địa bàn), as printed and as official units."""

    commune: str | None = Field(default=None, description="xã / phường / thị trấn, with its kind")
    district: str | None = Field(default=None, description="huyện / thị xã / thành phố / quận")
    province: str | None = Field(default=None, description="tỉnh / thành phố trực thuộc TW")
    province_code: str | None = Field(
        default=None, description="GSO code of the province valid at the document's date"
    )
    district_code: str | None = Field(default=None, description="GSO code of the district")
    commune_code: str | None = Field(default=None, description="GSO code of the commune")
    successors: list[Successor] = Field(
        default_factory=list,
        description="the units that cover the lowest resolved unit as of the check date; "
        "empty when it is unchanged",
    )


class Period(Strict):
    """The years the plan covers (kỳ kế hoạch)."""

    start_year: int | None = None
    end_year: int | None = None


class Signer(Strict):
    """Who signed (người ký) and in what capacity."""

    name: str | None = None
    capacity: str | None = Field(default=None, description="e.g. 'CHỦ TỊCH', 'PHÓ CHỦ TỊCH'")
    on_behalf_of: str | None = Field(default=None, description="e.g. 'TM. ỦY BAN NHÂN DÂN'")
    span: Span | None = None


class Metadata(Strict):
    """Header, preamble and closing-block facts about the plan."""

    doc_type: str | None = Field(default=None, description="e.g. 'Kế hoạch'")
    number: str | None = Field(default=None, description="số hiệu as written, e.g. '57/KH-UBND'")
    number_source: str | None = Field(
        default=None, description="where the number came from: header | appendix_caption"
    )
    issuer: str | None = Field(default=None, description="e.g. 'UBND xã Thượng Lộ'")
    locality: Locality = Field(default_factory=Locality)
    title: str | None = Field(default=None, description="trích yếu")
    issued_date: date | None = Field(default=None, description="null when the date is blank")
    issued_month: str | None = Field(
        default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
        description="YYYY-MM of the issue date; kept when only the day is left blank "
        "('ngày   tháng 11 năm 2025')",
    )
    issued_date_source: str | None = None
    issued_place: str | None = Field(default=None, description="địa danh in the date line")
    period: Period = Field(default_factory=Period)
    signer: Signer = Field(default_factory=Signer)
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận")
    grounds: list[str] = Field(
        default_factory=list, description="preamble clauses (Căn cứ…, Thực hiện…)"
    )


class Section(Strict):
    """A heading and what it covers: a roman-numeral section or a subsection below it."""

    numeral: str | None = Field(default=None, description="'I', 'II'… for top-level sections")
    label: str | None = Field(default=None, description="'1', '2.1', 'a', '*' for subsections")
    title: str
    span: Span
    heading_span: Span
    page: int | None = None
    children: list[Section] = Field(default_factory=list)
