"""Quantitative targets (chỉ tiêu) and responsible units (đơn vị chủ trì / phối hợp)."""

from __future__ import annotations

from pydantic import Field

from .common import Span, Strict
from .kinds import Comparator, TargetKind


class Target(Strict):
    """One number of the document: a commitment (kind "target") or an achievement it reports
    (kind "result")."""

    kind: TargetKind = Field(
        default="target",
        description="'target': a commitment (chỉ tiêu); 'result': a figure reported as achieved",
    )
    text: str = Field(description="the clause the number stands in")
    value: float
    value_max: float | None = Field(default=None, description="upper bound of a range")
    unit: str | None = Field(default=None, description="'%', 'lần/năm', 'phút', 'VND' …")
    comparator: Comparator
    subject: str | None = Field(default=None, description="what is measured")
    deadline_year: int | None = None
    baseline: str | None = Field(default=None, description="e.g. 'năm 2023'")
    period: str | None = Field(
        default=None,
        description="the period a result covers, as printed: 'năm 2025', '9 tháng đầu năm 2025', "
        "'đến ngày 27/11/2025' (results only)",
    )
    section: list[str] = Field(default_factory=list)
    span: Span = Field(description="span of the number with its comparator")
    clause_span: Span | None = None
    page: int | None = None
    appendix_row: str | None = Field(default=None, description="id of the appendix row")


class Duty(Strict):
    """A task assigned to a unit, with where it stands."""

    text: str
    role: str | None = None
    span: Span
    page: int | None = None


class Unit(Strict):
    """A unit or official the plan makes responsible."""

    name: str = Field(description="one normalised spelling")
    aliases: list[str] = Field(default_factory=list, description="spellings seen in the plan")
    roles: list[str] = Field(
        default_factory=list, description="chủ trì | phối hợp | tham mưu | thường trực"
    )
    duties: list[Duty] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)
