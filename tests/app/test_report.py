"""Review report: a plan's record as one self-contained HTML page, read as a reviewer reads it."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from support import REPORT_AS_OF as AS_OF
from support import REPORT_SAMPLE, needs_shared, plan, sample_record
from typer.testing import CliRunner
from vnplan.models import (
    AppendixRow,
    AppendixTable,
    Finding,
    LegalReference,
    Metadata,
    PageProvenance,
    Section,
    Source,
    Target,
    Unit,
    Validity,
)

from vnplan.html.report import (
    STATUSES,
    Highlight,
    citation_status,
    render_report,
    render_text,
    target_value,
)

pytestmark = needs_shared

DOC_TYPES = {"NĐ-CP": "Nghị định", "QĐ-TTg": "Quyết định", "NQ-CP": "Nghị quyết", "CT-TTg": "Chỉ thị",
             "TT-VPCP": "Thông tư", "KH-UBND": "Kế hoạch"}

# A citation: "<number>/<year>/<code>" or "<number>/<code>" as plans write them (60/2021/NĐ-CP, 76/NQ-CP).
CITATION = re.compile(r"\b(\d{1,4}(?:/\d{4})?/[A-ZĐ]{1,4}-[A-Za-zĐ]{1,5})\b")
# A percentage target: "Trên 95%", "100%", "80%".
PERCENT = re.compile(r"(?:(Trên|trên|Phấn đấu) )?(\d{1,3})%")


def validity(at_issue: str, now: str, replaced_by=(), sources=()) -> Validity:
    return Validity(status_at_issue=at_issue, reference_date=date(2024, 1, 1), status_as_of=now,
                    as_of=AS_OF, replaced_by=list(replaced_by), sources=list(sources))


class Structure(HTMLParser):
    """Checks that every tag closes in order, and collects ids, hrefs and marks."""

    VOID = frozenset({"meta", "br", "input", "link", "img", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.marks: list[dict] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "mark":
            self.marks.append(attrs)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def parse(html_text: str) -> Structure:
    parser = Structure()
    parser.feed(html_text)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], parser.stack
    return parser


# --- escaping ------------------------------------------------------------------------------------


def test_a_plan_containing_script_renders_as_text():
    text = 'Căn cứ <script>alert("x")</script> và <b>Nghị định</b> số 61/2018/NĐ-CP & "ngoặc"'
    start = text.index("61/2018")
    record = plan(text, legal_references=[LegalReference(
        surface="61/2018/NĐ-CP", number="61/2018/NĐ-CP", span=(start, start + 13), doc_id="x",
        title='</script><script>alert(1)</script>')])
    out = render_report(record)
    body = out.split('<main class="doc" id="doc">')[1].split("</main>")[0]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "<script" not in body and "<b>" not in body
    assert "&amp; &quot;ngoặc&quot;" in body
    # the details JSON cannot be closed early by document text
    data = out.split('id="details">')[1].split("</script>")[0]
    assert "<" not in data
    assert json.loads(data)["r0"]["kind"] == "cite"
    assert out.count("<script") == 4  # details, labels, i18n, report: none from the document
    parse(out)


def test_metadata_and_findings_are_escaped():
    record = plan("x", metadata=Metadata(issuer="<img src=x onerror=alert(1)>"),
                  findings=[Finding(kind="budget_mismatch", severity="error", message="<i>nghiêng</i>")])
    out = render_report(record)
    assert "<img" not in out and "<i>nghiêng" not in out
    assert "&lt;i&gt;nghiêng&lt;/i&gt;" in out


# --- highlights ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("spans", "expected"), [
    # (start, end, css) …                    → HTML of "abcdef"
    ([(1, 3, "a")], 'a<mark class="hl a">bc</mark>def'),
    # nested: the longer span is outside
    ([(2, 3, "in"), (0, 5, "out")],
     '<mark class="hl out">ab</mark><mark class="hl out"><mark class="hl in">c</mark></mark>'
     '<mark class="hl out">de</mark>f'),
    # crossing spans are split where they cross, never interleaved
    ([(0, 4, "a"), (2, 6, "b")],
     '<mark class="hl a">ab</mark><mark class="hl a"><mark class="hl b">cd</mark></mark>'
     '<mark class="hl b">ef</mark>'),
    # empty and out-of-range spans are ignored
    ([(3, 3, "e"), (4, 99, "b")], 'abcd<mark class="hl b">ef</mark>'),
])
def test_overlapping_spans_nest(spans, expected):
    marks = [Highlight(s, e, css) for s, e, css in spans]
    out = render_text("abcdef", marks, {})
    assert out == expected
    parse(f"<div>{out}</div>")


def test_citations_are_coloured_by_validity():
    cases = {
        "in_force": validity("in_force", "in_force"),
        "amended": validity("amended", "amended"),
        "outdated_issue": validity("replaced", "replaced", ["107/2021/NĐ-CP"]),
        "outdated_now": validity("in_force", "repealed"),
        "unknown": validity("unknown", "unknown"),
    }
    for status, v in cases.items():
        ref = LegalReference(surface="1/2020/NĐ-CP", span=(0, 1), doc_id="d", validity=v)
        assert citation_status(ref) == status
    assert citation_status(LegalReference(surface="x", span=(0, 1), doc_id="d")) == "unknown"


def test_spans_highlighted_with_their_normalised_values():
    text = "Theo Nghị định số 61/2018/NĐ-CP, trên 95% hồ sơ do Văn phòng UBND xã giải quyết."
    c, t, u = text.index("61/"), text.index("trên 95%"), text.index("Văn phòng")
    record = plan(
        text,
        legal_references=[LegalReference(
            surface="61/2018/NĐ-CP", doc_type="Nghị định", number="61/2018/NĐ-CP", span=(c, c + 13),
            doc_id="61/2018/NĐ-CP",
            validity=validity("replaced", "replaced", ["107/2021/NĐ-CP"], ["https://example.gov.vn/61"]))],
        targets=[Target(text=text, value=95, unit="%", comparator=">", subject="hồ sơ", span=(t, t + 8))],
        units=[Unit(name="Văn phòng UBND xã", mentions=[(u, u + 17)])],
    )
    out = render_report(record)
    tree = parse(out)
    classes = [m["class"] for m in tree.marks]
    assert "hl cite st-outdated_issue" in classes and "hl target" in classes and "hl unit" in classes
    cite = next(m for m in tree.marks if "cite" in m["class"])
    assert "107/2021/NĐ-CP" in cite["title"]
    details = json.loads(out.split('id="details">')[1].split("</script>")[0])
    rows = dict((r[0], r[1]) for r in details["r0"]["rows"])
    assert rows["replaced_by"] == "107/2021/NĐ-CP"
    assert ["example.gov.vn/61", "https://example.gov.vn/61"] in details["r0"]["links"]
    assert details["t0"]["title"] == "> 95%"


@pytest.mark.parametrize(("target", "shown"), [
    (Target(text="", value=95, unit="%", comparator=">=", span=(0, 1)), "≥ 95%"),
    (Target(text="", value=98, value_max=100, unit="%", comparator="range", span=(0, 1)), "98–100%"),
    (Target(text="", value=2, unit="lần/năm", comparator="=", span=(0, 1)), "2 lần/năm"),
    (Target(text="", value=95.5, unit="%", comparator="=", span=(0, 1)), "95,5%"),
])
def test_target_values_in_canonical_form(target, shown):
    assert target_value(target) == shown


# --- the side panel ------------------------------------------------------------------------------


def test_outline_links_reach_their_sections_even_when_numerals_repeat():
    text = "I. MỤC ĐÍCH\nNội dung\nII. MỤC TIÊU\nx\nII. NHIỆM VỤ\ny\n"
    heads = [(m.start(), m.end()) for m in re.finditer(r"^[IV]+\. .+$", text, re.M)]
    sections = [Section(numeral=n, title=t, span=(h[0], h[1]), heading_span=h)
                for (n, t), h in zip([("I", "MỤC ĐÍCH"), ("II", "MỤC TIÊU"), ("II", "NHIỆM VỤ")], heads, strict=True)]
    sections[0].children.append(Section(label="1", title="Nội dung", span=(12, 20), heading_span=(12, 20), page=2))
    tree = parse(render_report(plan(text, sections=sections)))
    outline = [h for h in tree.hrefs if h.startswith("#sec-")]
    assert outline == ["#sec-1", "#sec-1-1", "#sec-2", "#sec-3"]
    assert all(h[1:] in tree.ids for h in tree.hrefs if h.startswith("#"))


def test_findings_list_puts_errors_and_outdated_citations_first():
    text = "a 61/2018/NĐ-CP b"
    record = plan(text, findings=[
        Finding(kind="unverified_citation", severity="info", message="not in registry", span=(0, 1)),
        Finding(kind="appendix_duplicate_id", severity="warning", message="two II", span=(2, 3)),
        Finding(kind="outdated_now", severity="warning", message="now repealed", span=(4, 5)),
        Finding(kind="outdated_citation", severity="error", message="replaced", span=(2, 15),
                suggestion="107/2021/NĐ-CP", page=3),
    ])
    out = render_report(record)
    kinds = re.findall(r'class="finding-item" data-kind="([a-z_]+)"', out)
    assert kinds == ["outdated_citation", "outdated_now", "appendix_duplicate_id", "unverified_citation"]
    tree = parse(out)
    assert "#at-2" in tree.hrefs and "at-2" in tree.ids


def test_appendix_budget_totals_and_page_markers():
    text = "Trang một\nTrang hai có phụ lục\n"
    record = plan(
        text,
        source=Source(path="p.pdf", sha256="0" * 64, format="pdf", size_bytes=1, pages=2,
                      page_provenance=[PageProvenance(number=1, start=0), PageProvenance(number=2, start=10)]),
        appendix=[AppendixTable(total_budget_vnd=5_000_000, rows=[
            AppendixRow(id="1", task="Tuyên truyền", budget_vnd=3_960_000, span=(10, 20)),
            AppendixRow(id="2", task="Khảo sát", budget_vnd=1_000_000, span=(21, 30)),
        ])],
    )
    out = render_report(record)
    tree = parse(out)
    assert {"page-1", "page-2"} <= tree.ids
    assert "4.960.000" in out and "5.000.000" in out and "không khớp" in out
    assert "4,960,000" in render_report(record, lang="en")


def test_english_labels_are_available():
    out = render_report(plan("x"), lang="en")
    assert 'lang="en"' in out and "Findings" in out and 'data-vi="Vấn đề cần xem"' in out
    with pytest.raises(ValueError):
        render_report(plan("x"), lang="fr")


def test_a_corpus_plan_renders_whole():
    record = sample_record()
    out = render_report(record)
    tree = parse(out)
    # the text is all there, in order, once the markup is taken out
    shown = re.sub(r'<span class="(?:pg )?anchor"[^>]*>.*?</span>', "", out.split('id="doc">')[1].split("</main>")[0])
    import html as html_module
    assert html_module.unescape(re.sub(r"<[^>]+>", "", shown)) == record.text
    statuses = {m["class"] for m in tree.marks if "cite" in m["class"] and "data-k" in m}
    # 108/2014/NĐ-CP was replaced before the plan; 138/2020/NĐ-CP since; 130/2005/NĐ-CP amended
    assert statuses == {f"hl cite st-{s}" for s in STATUSES}
    assert len([h for h in tree.hrefs if h.startswith("#sec-")]) >= 5


# --- the command ---------------------------------------------------------------------------------


def test_report_command_from_source_and_from_record(tmp_path):
    from vnplan.cli import app

    runner = CliRunner()
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(REPORT_SAMPLE), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Plan review report" in out.read_text("utf-8")
    record_json = tmp_path / "r.json"
    record_json.write_text(sample_record().model_dump_json(), "utf-8")
    result = runner.invoke(app, ["report", str(record_json), "-o", str(tmp_path / "r2.html")])
    assert result.exit_code == 0, result.output
    assert "st-outdated_issue" in (tmp_path / "r2.html").read_text("utf-8")
    missing = runner.invoke(app, ["report", str(tmp_path / "none.txt"), "-o", str(out)])
    assert missing.exit_code == 2 and "none.txt" in missing.output


# --- the batch dashboard -------------------------------------------------------------------------


def test_dashboard_rows_charts_and_failures(tmp_path):
    from vnplan.html.dashboard import plan_row, write_dashboard

    record = sample_record()
    record_json = tmp_path / "records" / "002.json"
    record_json.parent.mkdir()
    record_json.write_text(record.model_dump_json(), "utf-8")
    out = write_dashboard([
        record,
        {"path": "corpora/plans/002.txt", "output": "records/002.json"},  # a batch row pointing to its JSON
        ("<script>x.pdf", ValueError("the PDF is encrypted")),
        {"path": "README.md", "status": "skipped", "error": "folder documentation"},  # not a plan
    ], tmp_path / "index.html")
    page_html = out.read_text("utf-8")
    tree = parse(page_html)
    assert page_html.count('<tr class="plan') == 3
    assert "&lt;script&gt;x.pdf" in page_html and "the PDF is encrypted" in page_html
    assert {"chart-outdated", "chart-cited", "chart-targets"} <= tree.ids
    assert page_html.count("<svg") >= 4  # two bar charts and at least two target areas
    reports = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert reports == ["002_85e43a95c6b96bf4-2.html", "002_85e43a95c6b96bf4.html"]
    assert 'href="reports/002_85e43a95c6b96bf4.html"' in page_html
    row = plan_row(record)
    # outdated when written: the citations of 108/2014 and 113/2018/NĐ-CP (6); outdated since
    # (9): the 2020 amending law, Luật Tổ chức chính quyền địa phương, Luật Cán bộ, công chức,
    # 107/2021/NĐ-CP ×3, 61/2018/NĐ-CP, 138/2020/NĐ-CP, Luật Thực hành tiết kiệm, chống lãng phí
    # (replaced by 110/2025/QH15 from 2026-07-01)
    assert (row.outdated, row.outdated_now) == (6, 9)
    assert row.year == "2024" and row.locality.startswith("xã Tân Bình")
    assert any(area == "on_time" for area, *_ in row.target_points)


def test_validity_in_the_popup_is_in_the_reports_language():
    record = sample_record()
    assert "bị thay thế (2024-01-31)" in render_report(record)  # 108/2014/NĐ-CP in 002
    assert "replaced (2024-01-31)" in render_report(record, lang="en")
