"""Write registry entries (dicts in the registry's key order) as YAML, whole or not at all."""

from __future__ import annotations

from pathlib import Path

import yaml

from vnplan.outputs.atomic import write_atomic


class _Dumper(yaml.SafeDumper):
    """Plain YAML: a value repeated (a date) is written again, never as an alias."""

    def ignore_aliases(self, data) -> bool:
        return True


KEY_ORDER = ("number", "doc_type", "title", "issuer", "issued_date", "effective_date", "aliases",
             "sources", "events", "unconfirmed")
FACTS = ("title", "issuer", "issued_date", "effective_date")


def ordered(entry: dict) -> dict:
    """The entry with its keys in the registry's order and ``unconfirmed`` listing null facts."""
    entry = {**entry, "unconfirmed": [f for f in FACTS if entry.get(f) is None]}
    return {k: entry[k] for k in KEY_ORDER if k in entry}


def write_overlay(entries: list[dict], path: str | Path, header: str) -> Path:
    """``entries`` as a registry overlay at ``path`` (written atomically)."""
    body = yaml.dump([ordered(e) for e in entries], Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, width=100)
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    write_atomic(Path(path), (comment + body).encode("utf-8"))
    return Path(path)
