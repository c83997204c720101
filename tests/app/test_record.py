"""The record as other systems see it: schema, invariants, the API and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from goldenlib import CORPUS, corpus_stems, record_json
from support import ROOT, needs_shared
from typer.testing import CliRunner
from vnplan.models import PlanRecord

from vnplan import extract
from vnplan.cli import app, schema_json

pytestmark = needs_shared

runner = CliRunner()


def test_committed_schema_is_current():
    committed = (ROOT / "schema" / "plan-record.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "schema is stale: run `vnplan schema -o schema/plan-record.schema.json`"


@pytest.mark.parametrize("stem", corpus_stems())
def test_record_validates_against_the_model(stem: str):
    record = PlanRecord.model_validate(record_json(stem))
    assert record.schema_version == "1.0.0"
    assert record.source.sha256 and record.source.format == "txt"


def _walk_sections(sections):
    for section in sections:
        yield section
        yield from _walk_sections(section["children"])


@pytest.mark.parametrize("stem", corpus_stems())
def test_section_spans_point_at_their_headings(stem: str):
    record = record_json(stem)
    text = record["text"]
    for section in _walk_sections(record["sections"]):
        start, end = section["heading_span"]
        heading = text[start:end]
        assert section["title"].rstrip("…")[:40] in heading, (section["title"], heading)
        assert section["span"][0] == start <= section["span"][1] <= len(text)
        for child in section["children"]:
            assert section["span"][0] <= child["span"][0] <= child["span"][1] <= section["span"][1]


@pytest.mark.parametrize("stem", corpus_stems())
def test_every_span_in_the_record_is_inside_the_text(stem: str):
    record = record_json(stem)
    length = len(record["text"])

    def check(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key.endswith("span") and item is not None:
                    assert 0 <= item[0] <= item[1] <= length, (key, item)
                check(item)
        elif isinstance(value, list):
            for item in value:
                check(item)

    check({k: v for k, v in record.items() if k not in ("text", "source_map")})


def test_python_api_returns_the_pydantic_record():
    plan = extract(CORPUS / "004_2e14f1f6f31def56.txt")
    assert isinstance(plan, PlanRecord)
    assert plan.metadata.locality.commune == "xã Nam Trung"
    assert plan.text[plan.sections[0].heading_span[0] :].startswith("I. MỤC ĐÍCH - YÊU CẦU")


def test_cli_extract_writes_a_valid_record(tmp_path: Path):
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["extract", str(CORPUS / "003_0c3cb101d15ae807.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = PlanRecord.model_validate_json(out.read_text(encoding="utf-8"))
    assert record.metadata.period.start_year == 2021 and record.metadata.period.end_year == 2025


def test_cli_extract_to_stdout():
    result = runner.invoke(app, ["extract", str(CORPUS / "004_2e14f1f6f31def56.txt"), "--no-text"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert "text" not in data and data["metadata"]["doc_type"] == "Kế hoạch"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary\x00" * 100, "binary data, not text"),
    ],
)
def test_cli_errors_are_one_line_naming_the_file(tmp_path: Path, content, reason):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == [f"vnplan: error: {path}: {reason}"]


def test_cli_version_and_schema():
    assert runner.invoke(app, ["--version"]).stdout.startswith("vnplan ")
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert schema["title"] == "PlanRecord"
