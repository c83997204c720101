"""Appendix work-programme tables (phụ lục nhiệm vụ)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from .common import Span, Strict
from .kinds import TableKind


class Timeline(Strict):
    """When a task is due, as printed and parsed where unambiguous."""

    text: str
    start: date | None = None
    end: date | None = None
    recurring: bool = Field(default=False, description="Thường xuyên, hằng năm …")


class AppendixRow(Strict):
    """One row of the table."""

    id: str | None = None
    parent_id: str | None = None
    is_group_header: bool = False
    task: str | None = None
    target: str | None = Field(default=None, description="Mục tiêu column when present")
    lead: str | None = Field(default=None, description="chủ trì")
    subject_unit: str | None = Field(
        default=None, description="the unit inspected or evaluated (đơn vị được kiểm tra); never the lead"
    )
    support: str | None = Field(default=None, description="phối hợp")
    output: str | None = Field(default=None, description="sản phẩm / kết quả")
    timeline: Timeline | None = None
    budget_vnd: int | None = None
    span: Span
    page: int | None = None


class AppendixTable(Strict):
    """A data table of the document (a PHỤ LỤC or the body): tasks, targets, inspections …"""

    kind: TableKind = Field(default="tasks", description="what the rows are, from the columns")
    title: str | None = None
    caption: str | None = Field(default=None, description="'Ban hành kèm theo Kế hoạch số …'")
    columns: list[str] = Field(default_factory=list, description="headers as printed")
    column_map: dict[str, str] = Field(
        default_factory=dict, description="printed header → canonical field"
    )
    rows: list[AppendixRow] = Field(default_factory=list)
    total_budget_vnd: int | None = None
    span: Span | None = None
