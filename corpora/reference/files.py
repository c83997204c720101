"""The one way reference data is read: a named file of the shipped data, or YAML text."""

from __future__ import annotations

from importlib import resources

import yaml

PACKAGE = "vnplan.reference"
# libyaml's safe loader when PyYAML was built with it (4× faster on the legal registry, the
# same data), else the pure-Python one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(name: str) -> str:
    """A shipped data file (``corpora/reference/<name>``) as text."""
    return resources.files(PACKAGE).joinpath(name).read_text("utf-8")


def parse_yaml(text: str):
    """YAML text as Python data (safe loader: plain data only)."""
    return yaml.load(text, Loader=_SAFE_LOADER)


def read_yaml(name: str):
    """A shipped YAML data file as Python data."""
    return parse_yaml(read_text(name))


def read_mapping(name: str) -> dict:
    """A shipped YAML file whose top level must be a mapping; ``ValueError`` otherwise."""
    data = read_yaml(name)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top")
    return data
