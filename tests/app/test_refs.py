"""`vnplan refs` lists the citation stage's findings, those about no one citation too."""

from vnplan.models import Finding

from vnplan.cli.refs import citation_findings


def test_refs_shows_the_citation_stages_findings_and_only_those():
    findings = [
        Finding(kind="ocr_number_repaired", severity="info", message="OCR read 197/2020/NĐ-CP …"),
        Finding(kind="reference_scan_incomplete", severity="warning", message="stopped"),
        Finding(kind="outdated_citation", severity="error", message="replaced", reference=3),
        Finding(kind="budget_mismatch", severity="warning", message="a total"),
    ]
    assert [f.kind for f in citation_findings(findings)] == [
        "ocr_number_repaired", "reference_scan_incomplete", "outdated_citation"]
    assert len(citation_findings(findings, all_findings=True)) == 4
