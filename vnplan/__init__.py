"""vnplan: Vietnamese administrative-reform plans (Kế hoạch CCHC) → canonical JSON records.

    >>> from vnplan import extract
    >>> plan = extract("corpora/plans/000_4f848aa26585e125.txt")
    >>> plan.metadata.locality.commune
    'xã Tống Phan'
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vnplan")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

from .pipeline import ExtractOptions, extract, extract_bytes

__all__ = ["ExtractOptions", "__version__", "extract", "extract_bytes"]
