"""The layer contract: each layer imports its own layer or lower ones, and no module imports
itself back through others. Read from the source (every import, also inside functions and under
``TYPE_CHECKING``), so a change that breaks the contract fails here.

    models  <  reference  <  ingest  <  extractors  <  app (vnplan: API, CLI, batch, outputs, html)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Source folder → installed package (pyproject.toml's package-dir), lowest layer first.
LAYERS = [
    ("models", "vnplan.models"),
    ("corpora/reference", "vnplan.reference"),
    ("ingest", "vnplan.ingest"),
    ("extractors", "vnplan.extractors"),
    ("vnplan", "vnplan"),
]
MAX_LINES = 500
# What the schema layer may import besides itself: pydantic and the standard library.
MODELS_MAY_IMPORT = {"pydantic", "__future__", "datetime", "typing", "enum"}


def module_files() -> dict[str, Path]:
    """Installed module name → source file, for every module of every layer."""
    modules = {}
    for folder, package in LAYERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT / folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            modules[".".join([package, *parts])] = path
    return modules


MODULES = module_files()


def layer_of(module: str) -> int:
    """Index in LAYERS of the most specific package that holds ``module``."""
    best, rank = -1, -1
    for i, (_, package) in enumerate(LAYERS):
        if (module == package or module.startswith(package + ".")) and len(package) > best:
            best, rank = len(package), i
    return rank


def imports(module: str, path: Path) -> set[str]:
    """vnplan modules ``module`` imports (absolute and relative, at any depth of the file)."""
    found: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:  # "from pkg import submodule" imports the submodule
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return {m for m in found if m == "vnplan" or m.startswith("vnplan.")}


GRAPH = {module: imports(module, path) for module, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_its_own_layer_or_lower(module):
    own = layer_of(module)
    upward = sorted(m for m in GRAPH[module] if layer_of(m) > own)
    assert not upward, f"{module} ({LAYERS[own][1]}) imports a higher layer: {upward}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) == 0))
def test_models_need_pydantic_only(module):
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    outside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            outside.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            outside.add((node.module or "").split(".")[0])
    assert outside <= MODELS_MAY_IMPORT | {"vnplan"}, outside - MODELS_MAY_IMPORT


def test_no_import_cycles():
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH.get(module, ())):
            if target == module or target not in GRAPH:
                continue
            if state.get(target) == 1:
                return [*stack[stack.index(target):], target]
            if state.get(target) is None and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if module not in state and (cycle := visit(module)):
            pytest.fail("import cycle: " + " → ".join(cycle))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_readable_in_one_sitting(module):
    lines = len(MODULES[module].read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module}: {lines} lines (split it by concept)"


def test_the_contract_sees_every_layer():
    ranks = {layer_of(m) for m in MODULES}
    assert ranks == set(range(len(LAYERS))) and len(MODULES) > 60


def test_importing_the_schema_does_not_start_the_pipeline():
    code = ("import sys, vnplan.models; "
            "print(sorted(m for m in sys.modules if m.startswith('vnplan')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert "vnplan.pipeline" not in loaded and "vnplan.extractors" not in loaded
    assert "vnplan.ingest" not in loaded, loaded


def test_the_public_api_still_loads_on_demand():
    code = "from vnplan import extract, ExtractOptions; print(extract.__module__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "vnplan.pipeline"
