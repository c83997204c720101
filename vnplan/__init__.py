"""vnplan: Vietnamese official documents (above all administrative-reform plans, Kế hoạch CCHC)
→ canonical JSON records.

    >>> from vnplan import extract
    >>> plan = extract("../shared/corpus/plans/000_4f848aa26585e125.txt")
    >>> plan.metadata.locality.commune
    'xã Tống Phan'

The pipeline loads only when ``extract`` (or ``extract_bytes``, ``ExtractOptions``) is first
used: ``import vnplan.models`` gives the schema alone.
"""

from vnplan.version import __version__

__all__ = ["ExtractOptions", "__version__", "extract", "extract_bytes"]
_PIPELINE = frozenset({"ExtractOptions", "extract", "extract_bytes"})


def __getattr__(name: str):
    if name in _PIPELINE:
        from vnplan import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'vnplan' has no attribute {name!r}")
