"""The ``vnplan`` Typer application and the one way every command reports an error.

Every error a user can cause is one line on stderr, ``vnplan: error: FILE: reason`` (or
``vnplan: error: reason`` when no file is at fault), and exit status 2. A bug in vnplan — an
exception no reader or stage should raise — is one line too, ``vnplan: error: FILE: internal
error (ValueError: …); please report it``, exit status 3; ``vnplan --debug …`` adds the
traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from vnplan.version import __version__

app = typer.Typer(
    name="vnplan",
    help="Turn Vietnamese official documents — administrative-reform plans (Kế hoạch cải cách "
    "hành chính), reports, decisions — into validated JSON records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

USAGE_ERROR = 2  # exit status of every error a user can cause
INTERNAL_ERROR = 3  # exit status of a bug in vnplan


class Settings:
    debug = False  # --debug: print the traceback of an internal error


class InternalError(Exception):
    """An unexpected exception while vnplan worked on ``path``: a bug to report."""

    def __init__(self, path: str | Path | None, error: BaseException) -> None:
        super().__init__(f"{path}: {error!r}")
        self.path, self.error = path, error

    def line(self) -> str:
        message = (str(self.error).strip().splitlines() or [""])[0][:200]
        detail = f"{type(self.error).__name__}: {message}" if message else type(self.error).__name__
        return error_line(f"internal error ({detail}); please report it", self.path)


@contextmanager
def working_on(path: str | Path | None) -> Iterator[None]:
    """Any exception escaping the block that is not the command's own exit is an
    ``InternalError`` about ``path``; ``vnplan.cli.main`` prints it as one line."""
    try:
        yield
    except Exception as exc:
        if _expected(exc):
            raise
        raise InternalError(path, exc) from exc


def _expected(exc: Exception) -> bool:
    """The command's own exits, and a document that cannot be read (``IngestError``)."""
    import click

    from vnplan.ingest import IngestError

    return isinstance(exc, (click.exceptions.Exit, click.ClickException, click.exceptions.Abort,
                            IngestError, InternalError))


def error_line(reason: str, path: str | Path | None = None) -> str:
    """``vnplan: error: FILE: reason`` — the one error style of every command."""
    return f"vnplan: error: {path}: {reason}" if path is not None else f"vnplan: error: {reason}"


def fail(path: str | Path | None, reason: str, code: int = USAGE_ERROR) -> typer.Exit:
    """Print one clear line naming the file (if any) and the reason; return the Exit to raise."""
    typer.echo(error_line(reason, path), err=True)
    return typer.Exit(code)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"vnplan {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True,
                           help="Show the version and exit.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="On an internal error, print its traceback too.")
    ] = False,
) -> None:
    """vnplan reads official documents from text, Markdown, HTML, PDF (text or scanned), DOCX
    and DOC."""
    Settings.debug = debug
