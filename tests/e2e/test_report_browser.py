"""The report and the dashboard opened in headless Chromium, as a reviewer opens them.

``--dump-dom`` gives the page after its scripts ran; ``--screenshot`` keeps a picture of one sample
under ``tests/artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from support import plan, sample_record

from vnplan.html.dashboard import write_dashboard
from vnplan.html.report import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)"),
]


def chromium(url: str, tmp_path: Path, *, screenshot: Path | None = None) -> str:
    """The DOM of ``url`` after its scripts ran (or, with ``screenshot``, write a PNG of it)."""
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1400,1000",
            "--virtual-time-budget=3000"]
    args += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    done = subprocess.run([*args, url], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    record = sample_record()
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(record, path)
    return record, path


def test_report_highlights_outline_and_findings_in_the_browser(sample, tmp_path):
    record, path = sample
    dom = chromium(path.as_uri(), tmp_path)
    assert 'data-ready="1"' in dom  # the page's script ran to the end without an error
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', dom))
    assert int(counts["cite"]) == len(record.legal_references)
    assert int(counts["target"]) == len(record.targets)
    for status in ("in_force", "amended", "outdated_issue", "outdated_now", "unknown"):
        assert f'class="hl cite st-{status}" data-k=' in dom
    outline = re.findall(r'<a href="#(sec-[\d-]+)">', dom)
    assert len(outline) >= 5 and all(f'id="{anchor}"' in dom for anchor in outline)
    assert len(re.findall(r'class="finding-item"', dom)) == len(record.findings)


def test_a_citation_opens_its_replacement_and_source(sample, tmp_path):
    record, path = sample
    index = next(i for i, r in enumerate(record.legal_references)
                 if r.validity and r.validity.status_at_issue == "replaced")
    dom = chromium(f"{path.as_uri()}#show=r{index}", tmp_path)
    pop = dom.split('id="pop"')[1].split("</div>")[0]
    assert "display: block" in pop
    assert html.escape(record.legal_references[index].validity.replaced_by[0]) in pop
    assert '<a href="https://' in pop


def test_script_in_a_plan_does_not_run(tmp_path):
    text = "Căn cứ <script>document.title='pwned';document.body.dataset.pwned='1'</script> kế hoạch"
    path = tmp_path / "evil.html"
    write_report(plan(text), path)
    dom = chromium(path.as_uri(), tmp_path)
    assert "pwned=" not in dom.split("<main")[0] and 'data-pwned' not in dom
    assert "<title>Báo cáo" in dom
    assert "&lt;script&gt;document.title='pwned'" in dom


def test_screenshots_of_a_report_and_the_dashboard(sample, tmp_path):
    record, path = sample
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-sample.png"
    index = next(i for i, r in enumerate(record.legal_references)
                 if r.validity and r.validity.status_at_issue == "replaced")
    chromium(f"{path.as_uri()}#show=r{index}", tmp_path, screenshot=shot)
    assert png_size(shot) == (1400, 1000) and shot.stat().st_size > 50_000

    out = tmp_path / "batch" / "index.html"
    write_dashboard([record, {"path": "broken.pdf", "error": "the PDF is encrypted"}], out)
    dom = chromium(out.as_uri(), tmp_path)
    assert 'data-ready="1"' in dom and dom.count('<tr class="plan') == 2
    assert dom.count("<svg") >= 3
    dash = ARTIFACTS / "dashboard-sample.png"
    chromium(out.as_uri(), tmp_path, screenshot=dash)
    assert png_size(dash) == (1400, 1000)
