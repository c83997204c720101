"""The ``vnplan`` Typer application and the one way every command reports an error.

Every error a user can cause is one line on stderr, ``vnplan: error: FILE: reason`` (or
``vnplan: error: reason`` when no file is at fault), and exit status 2.
"""

from __future__ import annotations

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
) -> None:
    """vnplan reads official documents from text, Markdown, HTML, PDF (text or scanned), DOCX
    and DOC."""
