"""Citation validity: a plan's citations checked against the legal registry at two dates."""

from __future__ import annotations

import json
from datetime import date

import pytest
import typer
from support import registry_entry
from typer.testing import CliRunner
from vnplan.extractors.citations.validity import check_validity, reference_date, with_validity
from vnplan.models import Finding, LegalReference, Metadata, Period, PlanRecord, Source
from vnplan.reference.registry import load_registry, parse_registry

from vnplan.cli import check_citations

AS_OF = date(2026, 11, 23)
REGISTRY = load_registry()


def ref(number=None, *, kind="document", title=None, doc_id=None, **extra) -> LegalReference:
    """A citation as the reference extractor would emit it."""
    surface = title or number
    return LegalReference(
        surface=surface, kind=kind, number=number, title=title, span=(0, len(surface)),
        doc_id=doc_id or surface, **extra,
    )


def plan(*refs: LegalReference, issued: date | None = None, start_year: int | None = None) -> PlanRecord:
    return PlanRecord(
        generator="test",
        source=Source(path="plan.txt", sha256="0" * 64, format="txt", size_bytes=1),
        metadata=Metadata(issued_date=issued, period=Period(start_year=start_year)),
        legal_references=list(refs),
        text="",
    )


def registry_with_events(number: str, doc_type: str, title: str, issued: str,
                         *events: tuple[str, str, str | None]):
    """A one-entry registry whose entry has ``events`` (kind, by, effective date or None)."""
    listed = "".join(
        f'    - kind: {kind}\n      by: "{by}"\n      effective_date: {day or "null"}\n'
        '      source: "https://example.org/b"\n      checked: 2026-12-05\n'
        for kind, by, day in events)
    return parse_registry(registry_entry(number, doc_type, title, "Chính phủ", issued).replace(
        "  events: []\n", "  events:\n" + listed))


def checked(reference: LegalReference, **when):
    references, findings = check_validity(plan(reference, **when), REGISTRY, AS_OF)
    return references[0].validity, [f.kind for f in findings]


# (citation, plan date, status at issue, status as of 2026-11-23, findings, replaced_by contains)
CASES = [
    # Staff streamlining: 108/2014 → 29/2023 (20/7/2023).
    (ref("108/2014/NĐ-CP"), date(2024, 3, 1), "replaced", "replaced", ["outdated_citation"], "29/2023/NĐ-CP"),
    (ref("108/2014/NĐ-CP"), date(2021, 12, 20), "in_force", "replaced", ["outdated_now"], "29/2023/NĐ-CP"),
    # Civil servants: 138/2020 → 170/2025 (1/7/2025).
    (ref("138/2020/NĐ-CP"), date(2024, 3, 1), "in_force", "replaced", ["outdated_now"], "170/2025/NĐ-CP"),
    # One-stop shop: in force in 2024; 61/2018 and 107/2021 → 118/2025 (1/7/2025, Điều 40 khoản 1).
    (ref("61/2018/NĐ-CP"), date(2024, 3, 1), "in_force", "replaced", ["outdated_now"], "118/2025/NĐ-CP"),
    (ref("61/2018/NĐ-CP"), date(2025, 9, 1), "replaced", "replaced", ["outdated_citation"], "118/2025/NĐ-CP"),
    (ref("107/2021/NĐ-CP"), date(2024, 3, 1), "in_force", "replaced", ["outdated_now"], "118/2025/NĐ-CP"),
    # Online procedures: 45/2020 amended by 118/2025 (1/7/2025, Điều 40 khoản 8).
    (ref("45/2020/NĐ-CP"), date(2025, 9, 1), "amended", "amended", ["amended_citation"], None),
    # Damaged numbers still match: no Đ, spaced dash, en dash.
    (ref("108/2014/ND-CP"), date(2024, 3, 1), "replaced", "replaced", ["outdated_citation"], None),
    (ref("108/2014/NĐ – CP"), date(2024, 3, 1), "replaced", "replaced", ["outdated_citation"], None),
    # A law amended before the plan (47/2019/QH14), replaced since (65/2025 → 72/2025/QH15):
    # fine when written, outdated now.
    (ref("77/2015/QH13"), date(2021, 3, 1), "amended", "replaced", ["outdated_now"], "72/2025/QH15"),
    # Amended before the plan (by 117/2013/NĐ-CP): information, not an error.
    (ref("130/2005/NĐ-CP"), date(2021, 3, 1), "amended", "amended", ["amended_citation"], None),
    # Legal-drafting law: 80/2015 as amended by 63/2020 → 64/2025 (1/4/2025, Điều 71 khoản 3).
    (ref("63/2020/QH14"), date(2024, 1, 31), "in_force", "replaced", ["outdated_now"], "64/2025/QH15"),
    (ref("80/2015/QH13"), date(2025, 6, 1), "replaced", "replaced", ["outdated_citation"], "64/2025/QH15"),
    # Laws cited by name: with a year, and without one (the version in force at the plan's date).
    (ref(kind="law", title="Luật Cán bộ, công chức năm 2025"), date(2025, 12, 1), "in_force", "in_force", [], None),
    (ref(kind="law", title="Luật Lưu trữ"), date(2021, 3, 1), "in_force", "replaced", ["outdated_now"], "33/2024/QH15"),
    (ref(kind="law", title="Luật Lưu trữ"), date(2025, 9, 1), "in_force", "in_force", [], None),
    # Names plans use, resolved through year aliases: 36/2018/QH14; 83/2015 (amended) then 89/2025 (1/1/2026).
    (ref(kind="law", title="Luật phòng, chống tham nhũng"), date(2024, 3, 1), "in_force", "amended", [], None),
    (ref(kind="law", title="Luật Ngân sách nhà nước"), date(2024, 3, 1), "amended", "amended", ["amended_citation"], None),
    (ref(kind="law", title="Luật Ngân sách nhà nước"), date(2026, 3, 1), "in_force", "in_force", [], None),
    # Party documents: no legal validity status, and no flag.
    (ref("19-NQ/TW", issuer_code="NQ/TW"), date(2024, 3, 1), "not_applicable", "not_applicable", [], None),
    (ref("02-CTr/TU"), date(2024, 3, 1), "not_applicable", "not_applicable", [], None),
    # Local documents are unknown unless an agency registers them: no finding.
    (ref("5755/KH-UBND"), date(2024, 3, 1), "unknown", "unknown", [], None),
    (ref("228/BC-SNV"), date(2024, 3, 1), "unknown", "unknown", [], None),
    # A national document the registry does not hold.
    (ref("999/2099/NĐ-CP"), date(2024, 3, 1), "unknown", "unknown", ["unverified_citation"], None),
]


@pytest.mark.parametrize(("citation", "issued", "at_issue", "as_of", "kinds", "replacement"), CASES)
def test_validity_table(citation, issued, at_issue, as_of, kinds, replacement):
    validity, findings = checked(citation, issued=issued)
    assert validity.status_at_issue == at_issue
    assert validity.reference_date == issued
    assert validity.as_of == AS_OF
    if as_of is not None:
        assert validity.status_as_of == as_of
    if kinds is not None:
        assert findings == kinds
    if replacement is not None:
        assert replacement in validity.replaced_by
    if at_issue not in ("unknown", "not_applicable"):
        assert validity.sources, "a status from the registry carries its sources"


def test_outdated_citation_says_what_to_cite_instead():
    _, findings = check_validity(plan(ref("108/2014/NĐ-CP"), issued=date(2024, 3, 1)), REGISTRY, AS_OF)
    assert findings[0].severity == "error"
    # In March 2024 the plan should have cited 29/2023; the message adds what stands today.
    assert findings[0].suggestion == "29/2023/NĐ-CP"
    assert "now 154/2025/NĐ-CP" in findings[0].message
    assert findings[0].reference == 0


def test_blank_issue_date_falls_back_to_the_start_of_the_period():
    record = plan(ref("108/2014/NĐ-CP"), start_year=2021)
    assert reference_date(record) == date(2021, 1, 1)
    validity, _ = checked(ref("108/2014/NĐ-CP"), start_year=2021)
    assert validity.status_at_issue == "in_force"


def test_no_date_at_all_leaves_the_status_at_issue_unknown():
    validity, kinds = checked(ref("108/2014/NĐ-CP"))
    assert validity.status_at_issue == "unknown"
    assert validity.status_as_of == "replaced"
    assert kinds == ["outdated_now"]


def test_repeated_citations_share_one_finding_but_each_carries_validity():
    repeats = [ref("108/2014/NĐ-CP", doc_id="d1"), ref("108/2014/NĐ-CP", doc_id="d1")]
    references, findings = check_validity(plan(*repeats, issued=date(2024, 3, 1)), REGISTRY, AS_OF)
    assert all(r.validity and r.validity.status_at_issue == "replaced" for r in references)
    assert len(findings) == 1


def test_corrected_number_wins_over_the_number_as_written():
    citation = ref("33/NĐ-CP", corrected_number="33/2023/NĐ-CP")
    validity, _ = checked(citation, issued=date(2024, 3, 1))
    assert validity.status_at_issue == "in_force"
    assert validity.status_as_of == "partially_replaced"


EXTRA = """
- number: "5755/KH-UBND"
  doc_type: "Kế hoạch"
  title: "Thực hiện cải cách hành chính"
  issuer: "UBND tỉnh"
  issued_date: 2021-05-27
  effective_date: null
  sources: [{url: "https://example.org/5755", checked: 2026-11-23, supports: [title]}]
  events:
    - {kind: replaced, by: "100/KH-UBND", effective_date: 2023-01-01, source: "https://example.org/100", checked: 2026-11-23}
  unconfirmed: [effective_date]
- number: "61/2018/NĐ-CP"
  doc_type: "Nghị định"
  sources: []
  events:
    - {kind: repealed, by: null, effective_date: 2020-01-01, source: "https://example.org/x", checked: 2026-11-23}
"""


def test_an_extra_registry_adds_local_documents_and_overrides_entries(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, "utf-8")
    registry = load_registry(extra)
    assert len(registry) == len(REGISTRY) + 1
    record = plan(ref("5755/KH-UBND"), ref("61/2018/NĐ-CP"), issued=date(2024, 3, 1))
    references, findings = check_validity(record, registry, AS_OF)
    assert [r.validity.status_at_issue for r in references] == ["replaced", "repealed"]
    assert references[0].validity.replaced_by == ["100/KH-UBND"]
    assert [f.kind for f in findings] == ["outdated_citation", "outdated_citation"]


def test_a_bad_registry_names_the_entry():
    with pytest.raises(ValueError, match="61/2018"):
        parse_registry('- {number: "61/2018/NĐ-CP", doc_type: "Nghị định", events: [{kind: moved}]}')


def test_with_validity_replaces_its_own_earlier_findings():
    record = plan(ref("108/2014/NĐ-CP"), issued=date(2024, 3, 1))
    record.findings.append(Finding(kind="outdated_citation", severity="error", message="stale"))
    record.findings.append(Finding(kind="type_code_mismatch", severity="warning", message="kept"))
    updated = with_validity(record, REGISTRY, AS_OF)
    assert [f.kind for f in updated.findings] == ["type_code_mismatch", "outdated_citation"]
    assert record.legal_references[0].validity is None, "the input record is not modified"


@pytest.fixture
def cli():
    app = typer.Typer()
    check_citations.register(app)

    @app.command("version")
    def _version() -> None:  # a second command keeps typer's subcommand mode
        """Unused."""

    return app


def _write(tmp_path, name, record):
    path = tmp_path / name
    path.write_text(record.model_dump_json(), "utf-8")
    return str(path)


def test_cli_exits_1_when_a_citation_was_outdated_at_the_plan_date(cli, tmp_path):
    bad = _write(tmp_path, "bad.json", plan(ref("108/2014/NĐ-CP"), issued=date(2024, 3, 1)))
    result = CliRunner().invoke(cli, ["check-citations", bad, "--as-of", "2026-11-23"])
    assert result.exit_code == 1, result.output
    assert "108/2014/NĐ-CP" in result.output


def test_cli_table_names_the_documents_family(cli, tmp_path):
    record = plan(ref("108/2014/NĐ-CP"), issued=date(2021, 12, 20))
    report = record.model_copy(update={"metadata": record.metadata.model_copy(
        update={"doc_type": "Báo cáo"})})
    output = CliRunner().invoke(cli, ["check-citations", _write(tmp_path, "bc.json", report),
                                      "--as-of", "2026-11-23"], env={"COLUMNS": "400"}).output
    words = " ".join(output.replace("│", " ").split())  # the table may wrap its title
    assert "report's date 2021-12-20" in words and "at report's date" in words
    assert "plan" not in words.replace(str(tmp_path), "")


def test_cli_exits_0_when_outdated_only_now_and_prints_json(cli, tmp_path):
    ok = _write(tmp_path, "ok.json", plan(ref("108/2014/NĐ-CP"), issued=date(2021, 12, 20)))
    result = CliRunner().invoke(cli, ["check-citations", ok, "--as-of", "2026-11-23", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["status_at_issue"] == "in_force"
    assert rows[0]["status_as_of"] == "replaced"
    assert rows[0]["finding"] == "outdated_now"


def test_cli_csv_and_user_errors(cli, tmp_path):
    ok = _write(tmp_path, "ok.json", plan(ref("61/2018/NĐ-CP"), issued=date(2024, 3, 1)))
    result = CliRunner().invoke(cli, ["check-citations", ok, "--format", "csv"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("path,document,")
    result = CliRunner().invoke(cli, ["check-citations", ok, "--as-of", "yesterday"])
    assert result.exit_code == 2


def test_a_law_cited_with_a_year_matches_only_that_years_version():
    # The 2020 amendment of the legal-drafting law (63/2020/QH14) answers for "năm 2020", never
    # the 2025 amendment (87/2025/QH15) of the same name; a year no version has stays unknown.
    name = "Luật sửa đổi, bổ sung một số điều của Luật ban hành văn bản quy phạm pháp luật"
    validity, kinds = checked(ref(kind="law", title=f"{name} năm 2020"), issued=date(2024, 1, 31))
    assert validity.status_at_issue == "in_force"
    assert validity.status_as_of == "replaced"
    assert "64/2025/QH15" in validity.replaced_by
    assert kinds == ["outdated_now"]
    validity, kinds = checked(ref(kind="law", title=f"{name} năm 2019"), issued=date(2024, 1, 31))
    assert validity.status_at_issue == validity.status_as_of == "unknown"
    assert kinds == ["unverified_citation"]


def test_a_blank_date_is_no_earlier_than_the_newest_document_cited():
    # A 2021–2025 plan with a blank date that cites a plan of 25/11/2021 was issued after it.
    record = plan(
        ref("4347/KH-UBND", issued_date=date(2021, 11, 25)),
        ref("60/2021/NĐ-CP", issued_date=date(2021, 6, 21)),
        ref("999/KH-UBND", issued_date=date(2031, 1, 1)),  # a typo far past the period: ignored
        start_year=2021,
    )
    record.metadata.period.end_year = 2025
    assert reference_date(record) == date(2021, 11, 25)
    references, _ = check_validity(record, REGISTRY, AS_OF)
    assert references[1].validity.status_at_issue != "unknown"  # 60/2021 was in force by then


def test_a_verdict_on_a_document_whose_status_no_source_showed_says_so():
    # "status" under unconfirmed: the events are what research found, not a checked history
    for unconfirmed, noted in (("status", True), ("", False)):
        registry = parse_registry(registry_entry("999/2025/NĐ-CP", "Nghị định", "Thử", "Chính phủ",
                                                 "2025-01-02", unconfirmed))
        references, _ = check_validity(plan(ref("999/2025/NĐ-CP"), issued=date(2025, 6, 1)),
                                       registry, AS_OF)
        validity = references[0].validity
        assert validity.status_at_issue == validity.status_as_of == "in_force"
        assert ("no source read showed" in (validity.note or "")) is noted


def test_a_citation_whose_type_and_date_name_another_document_is_not_judged():
    registry = parse_registry(
        registry_entry("56/2022/NĐ-CP", "Nghị định", "Cơ cấu tổ chức", "Chính phủ", "2022-08-24")
        + registry_entry("108/2014/NĐ-CP", "Nghị định", "Tinh giản biên chế", "Chính phủ", "2014-11-20"))

    def verdict(**cited):
        references, _ = check_validity(plan(ref(**cited), issued=date(2024, 1, 3)), registry, AS_OF)
        return references[0].validity

    _, findings = check_validity(plan(ref(number="56/2022/NĐ-CP", doc_type="Thông tư", issuer="Bộ Tài chính"),
                                      issued=date(2024, 1, 3)), registry, AS_OF)
    # the finding says why, not that the registry lacks the number
    assert [f.message for f in findings] == [
        "56/2022/NĐ-CP was not judged: the registry's 56/2022/NĐ-CP is a nghị định of Chính phủ "
        "dated 2022-08-24, which the citation's type, issuer or date contradicts"]

    # "Thông tư số 56/2022/NĐ-CP ngày 16/9/2022 của Bộ Tài chính": type, date and issuer all
    # say another document than the Government's decree 56/2022 of 24 August
    other = verdict(number="56/2022/NĐ-CP", doc_type="Thông tư", issued_date=date(2022, 9, 16),
                    issuer="Bộ Tài chính")
    assert (other.status_at_issue, other.status_as_of) == ("unknown", "unknown")
    assert "56/2022/NĐ-CP is a nghị định of Chính phủ dated 2022-08-24" in other.note
    assert verdict(number="56/2022/NĐ-CP", doc_type="Thông tư",
                   issuer="Bộ Tài chính").status_at_issue == "unknown"
    labour = parse_registry(registry_entry("17/2015/TT-BLĐTBXH", "Thông tư", "Việc làm",
                                           "Bộ Lao động - Thương binh và Xã hội", "2015-04-22"))
    written = ref(number="17/2015/TT-BLĐTBXH", doc_type="Quyết định",
                  issuer="Bộ Lao động – Thương binh và Xã hội")  # an en dash, the same ministry
    assert check_validity(plan(written, issued=date(2016, 1, 4)), labour, AS_OF)[0][0].validity.status_at_issue == "in_force"
    # "văn bản số …" names any document: its date slip does not make it another one
    assert verdict(number="108/2014/NĐ-CP", doc_type="Công văn", issued_date=date(2015, 11, 20),
                   issuer="Chính phủ").status_at_issue == "in_force"
    # a slip in one field alone: the number wins
    assert verdict(number="56/2022/NĐ-CP", doc_type="Thông tư").status_at_issue == "in_force"
    assert verdict(number="108/2014/NĐ-CP", doc_type="Nghị định", issued_date=date(2015, 11, 20),
                   issuer="Chính phủ").status_at_issue == "in_force"
    assert verdict(number="108/2014/NĐ-CP", doc_type="Nghị định",
                   issuer="Thủ tướng Chính phủ").status_at_issue == "in_force"


def test_a_citation_dated_two_fields_away_from_the_entry_is_another_document():
    # The Ministry of Public Security's decrees have a series of their own: "Nghị định số
    # 02/2025/NĐ-CP ngày 18/02/2025" (its structure) is not the 02/2025/NĐ-CP of 01/01/2025
    # on health insurance, which was repealed, so no alarm may come of it
    registry = registry_with_events("02/2025/NĐ-CP", "Nghị định", "Bảo hiểm y tế", "2025-01-01",
                                    ("repealed", "188/2025/NĐ-CP", "2025-08-15"))

    def cited(day: date) -> tuple:
        references, findings = check_validity(
            plan(ref("02/2025/NĐ-CP", doc_type="Nghị định", issued_date=day, issuer="Chính phủ"),
                 issued=date(2026, 5, 10)), registry, AS_OF)
        return references[0].validity, [f.kind for f in findings]

    other, kinds = cited(date(2025, 2, 18))  # day and month differ
    assert (other.status_at_issue, other.status_as_of) == ("unknown", "unknown")
    assert "dated 2025-01-01, which the citation's type, issuer or date contradicts" in other.note
    assert "outdated_citation" not in kinds
    # one field off is a slip of the pen (day, month or year): the number wins
    for slip in (date(2025, 1, 7), date(2025, 3, 1), date(2024, 1, 1)):
        assert cited(slip)[0].status_at_issue == "repealed"
        assert "outdated_citation" in cited(slip)[1]


def test_an_undated_amendment_numbered_after_the_document_is_not_said_to_come_before_it():
    registry = registry_with_events("15/2020/NĐ-CP", "Nghị định", "Xử phạt", "2020-02-03",
                                    ("amended", "14/2022/NĐ-CP", "2022-01-27"),
                                    ("amended", "211/2025/NĐ-CP", None))
    _, findings = check_validity(plan(ref("15/2020/NĐ-CP"), issued=date(2022, 3, 7)), registry, AS_OF)
    amended = [f.message for f in findings if f.kind == "amended_citation"]
    assert amended == ["15/2020/NĐ-CP was amended before the document's date (by 14/2022/NĐ-CP): "
                       "cite it together with its amendments"]


def test_what_the_documents_own_title_changes_is_not_brought_up_to_date():
    # "Sửa đổi, bổ sung … Nghị định số 120/2020/NĐ-CP": the decree is what this document
    # amends; that a later decree replaced it is no finding against this one
    registry = registry_with_events("120/2020/NĐ-CP", "Nghị định", "Đơn vị sự nghiệp", "2020-10-07",
                                    ("replaced", "299/2026/NĐ-CP", "2026-07-01"))

    def kinds(title: str) -> list[str]:
        record = plan(ref("120/2020/NĐ-CP"), issued=date(2025, 10, 31))
        record = record.model_copy(update={"metadata": record.metadata.model_copy(
            update={"title": title})})
        return [f.kind for f in check_validity(record, registry, AS_OF)[1]]

    assert kinds("SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 120/2020/NĐ-CP NGÀY 07 THÁNG 10 "
                 "NĂM 2020") == []
    # a title that only mentions it (or a preamble read as the title) keeps the finding
    assert kinds("Quy định chế độ báo cáo. Căn cứ Nghị định số 120/2020/NĐ-CP; Nghị định … sửa "
                 "đổi, bổ sung …") == ["outdated_now"]


def test_a_bill_is_judged_at_no_status_when_written_and_as_the_law_now():
    registry = parse_registry(registry_entry("73/2025/QH15", "Luật", "Luật Nhà giáo", "Quốc hội",
                                             "2025-06-16"))
    bill = ref("73/2025/QH15", kind="law", title="Luật Nhà giáo", doc_type="Luật")
    bill = bill.model_copy(update={"number": None, "corrected_number": "73/2025/QH15"})
    references, findings = check_validity(plan(bill, issued=date(2025, 5, 25)), registry, AS_OF)
    validity = references[0].validity
    assert (validity.status_at_issue, validity.status_as_of) == ("not_applicable", "in_force")
    assert validity.note == ("a bill when the document was written: the law was adopted as "
                             "73/2025/QH15 on 2025-06-16")
    assert findings == []
    # the day left blank: a bill only if the law came after the month's end; the year alone
    # tells nothing
    for month, status in (("2025-05", "not_applicable"), ("2025-06", "unknown")):
        record = plan(bill).model_copy(update={"metadata": Metadata(issued_month=month)})
        assert check_validity(record, registry, AS_OF)[0][0].validity.status_at_issue == status
    assert check_validity(plan(bill, start_year=2025), registry,
                          AS_OF)[0][0].validity.status_at_issue == "unknown"
    # a numbered document dated after the plan stays unknown at the plan's date (checks flag it)
    later = ref("73/2025/QH15", doc_type="Luật")
    assert check_validity(plan(later, issued=date(2025, 5, 25)), registry,
                          AS_OF)[0][0].validity.status_at_issue == "unknown"


def test_a_law_cited_by_name_with_a_number_no_document_bears_is_flagged():
    registry = parse_registry(
        registry_entry("2/2020/QH14", "Luật", "Luật Thử nghiệm", "Quốc hội", "2020-06-17"))
    wrong = ref("2/2021/QH14", kind="law", title="Luật Thử nghiệm", doc_type="Luật")
    _, findings = check_validity(plan(wrong, wrong, issued=date(2022, 3, 1)), registry, AS_OF)  # twice
    flagged = [f for f in findings if f.kind == "law_number_unknown"]
    assert len(flagged) == 1 and flagged[0].suggestion == "2/2020/QH14" and flagged[0].reference == 0
    assert "holds no document 2/2021/QH14" in flagged[0].message
    # the law cited by its own number, without one, or with a number wholly unlike the
    # registry's (more likely a newer law the registry does not know) is no such case
    for number in ("2/2020/QH14", None, "107/2025/QH15"):
        right = ref(number, kind="law", title="Luật Thử nghiệm", doc_type="Luật")
        _, findings = check_validity(plan(right, issued=date(2022, 3, 1)), registry, AS_OF)
        assert not [f for f in findings if f.kind == "law_number_unknown"]


def test_an_amended_document_cited_with_its_amendments_is_not_flagged():
    text = (registry_entry("1/2016/UBTVQH13", "Nghị quyết", "Phân loại", "Ủy ban Thường vụ Quốc hội",
                           "2016-05-25")
            .replace("  events: []\n", "  events:\n    - kind: amended\n      by: \"2/2022/UBTVQH15\"\n"
                     "      effective_date: 2023-01-01\n      note: \"sửa đổi\"\n"
                     "      source: \"https://example.org/a\"\n      checked: 2026-12-05\n"
                     "    - kind: amended\n      by: \"3/2025/UBTVQH15\"\n"
                     "      effective_date: 2025-07-01\n      note: \"sửa đổi\"\n"
                     "      source: \"https://example.org/a\"\n      checked: 2026-12-05\n", 1)
            + registry_entry("2/2022/UBTVQH15", "Nghị quyết", "Sửa đổi", "Ủy ban Thường vụ Quốc hội",
                             "2022-09-21")
            + registry_entry("3/2025/UBTVQH15", "Nghị quyết", "Sửa đổi", "Ủy ban Thường vụ Quốc hội",
                             "2025-06-01"))
    registry = parse_registry(text)
    old, amendment = ref("1/2016/UBTVQH13"), ref("2/2022/UBTVQH15")

    def amended(*refs):
        _, findings = check_validity(plan(*refs, issued=date(2024, 3, 1)), registry, AS_OF)
        return [f.message for f in findings if f.kind == "amended_citation"]

    # amended by 2022 before the plan of 2024 (the 2025 amendment came later and is not named)
    assert amended(old) == ["1/2016/UBTVQH13 was amended before the document's date (by 2/2022/UBTVQH15): "
                            "cite it together with its amendments"]
    assert amended(old, amendment) == []  # cited together with it
