"""Reference data (the YAML beside this file) and the one package of code that loads it.

Installed as ``vnplan.reference``; the layer above ``vnplan.models`` and below ``ingest``:

    files.py         read a shipped data file; the one YAML loader
    keys.py          shared keys and character classes: dashes, bullets, number/name/unit keys
    registry.py      the legal registry (legal_registry.yaml, plus overlays)
    vocabularies.py  document types, issuer codes, law names, appendix headers, unit aliases,
                     localities, legacy encodings
"""
