"""An installed vnplan works outside the repository: the wheel holds every module and data file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from support import ROOT

# folder in the repository → its place in the installed namespace
LAYOUT = {
    "vnplan": "vnplan",
    "ingest": "vnplan/ingest",
    "extractors": "vnplan/extractors",
    "models": "vnplan/models",
    "corpora/reference": "vnplan/reference",
}
DATA_SUFFIXES = {".py", ".yaml", ".json", ".csv", ".css", ".js"}


def test_the_wheel_holds_every_module_and_data_file(tmp_path: Path):
    # Build from a clean copy: a build/ folder left in the work tree would hide omissions.
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "out", "*.egg-info", "__pycache__", "fixtures", ".*cache"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(source)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("vnplan-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"{installed}/{path.relative_to(ROOT / folder).as_posix()}"
        for folder, installed in LAYOUT.items()
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and path.suffix in DATA_SUFFIXES and "__pycache__" not in path.parts
    }
    missing = sorted(expected - names)
    assert not missing, f"not in the wheel: {missing}"
    assert not any(name.startswith(("models/", "ingest/", "extractors/")) for name in names), \
        "a bare top-level package would shadow others"
