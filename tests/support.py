"""Where the tests find their inputs, shared by every test package.

The sample plans and the other real documents are public material kept in ``../shared`` beside
the project (every developer machine and CI have it); they are read from there, never copied
into the project. A test that needs them is marked ``needs_shared`` and skips, saying why, when
``../shared`` is not there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent  # the project
SHARED = ROOT.parent / "shared"
PLANS = SHARED / "corpus" / "plans"  # the five sample plans (.txt)
EXTRA = SHARED / "corpus" / "extra"  # 14 real documents in their original form
RESOLUTIONS = SHARED / "corpus" / "resolutions-2025"  # 34 resolutions of June 2025 (.md)
GENERATED = ROOT / "tests" / "fixtures" / "generated"  # built by scripts/build_fixtures.py
GOLDEN = ROOT / "golden"

needs_shared = pytest.mark.skipif(
    not PLANS.is_dir(), reason=f"needs the shared corpus at {SHARED} (not found)"
)
