"""Command-line interface: a thin shell over the public API (``vnplan.extract``).

One module per command, each with ``register(app)``; ``app.py`` holds the Typer app and the
one error style (``vnplan: error: FILE: reason``, exit 2; a bug in vnplan: ``vnplan: error:
FILE: internal error (…); please report it``, exit 3, the traceback with ``--debug``).

    vnplan extract ../shared/corpus/plans/000_4f848aa26585e125.txt -o out.json
    vnplan schema > schema/plan-record.schema.json
"""

from __future__ import annotations

import importlib
import sys
import traceback

import click

from vnplan.cli.app import (
    INTERNAL_ERROR,
    USAGE_ERROR,
    InternalError,
    Settings,
    app,
    error_line,
    fail,
)
from vnplan.cli.schema import schema_json

# Command modules under vnplan/cli, in the order --help lists them.
COMMAND_MODULES: list[str] = [
    "extract",
    "schema",
    "batch",
    "check_citations",
    "export",
    "refs",
    "report",
    "locality",
    "registry",
    "serve",
]

for _module in COMMAND_MODULES:
    importlib.import_module(f"vnplan.cli.{_module}").register(app)

__all__ = ["app", "fail", "main", "schema_json"]


def main() -> None:
    """Entry point of the ``vnplan`` command: usage errors get the same one-line style."""
    try:
        status = app(standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # "vnplan" alone: the help, as usual
        sys.stdout.write(exc.format_message() + "\n")
        sys.exit(status if isinstance(status, int) else 0)
    except click.exceptions.Abort:
        sys.stderr.write("vnplan: interrupted\n")
        sys.exit(130)
    except click.ClickException as exc:  # bad option, missing argument, unreadable path …
        sys.stderr.write(error_line(exc.format_message()) + "\n")
        sys.exit(USAGE_ERROR if exc.exit_code == 2 else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: one line, the traceback only with --debug
        error = exc if isinstance(exc, InternalError) else InternalError(None, exc)
        if Settings.debug:
            traceback.print_exception(error.error)
        sys.stderr.write(error.line() + "\n")
        sys.exit(INTERNAL_ERROR)
    sys.exit(status if isinstance(status, int) else 0)
