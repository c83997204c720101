"""The installed version of vnplan (a leaf module: importing it loads nothing else)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vnplan")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
