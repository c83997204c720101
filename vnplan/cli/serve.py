"""``vnplan serve``: the HTTP service (see ``vnplan.service``), run by uvicorn."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from vnplan.cli.app import fail


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", help="Worker processes (default: cores).")
    ] = None,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", help="Largest upload in MB (413 above it).")
    ] = 50.0,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds per document before its worker is "
                            "stopped (504); 0: no limit.")
    ] = 120.0,
    max_queue: Annotated[
        int | None, typer.Option("--max-queue", help="Requests that may wait for a worker "
                                 "(503 above it; default: 8 per worker).")
    ] = None,
    max_memory: Annotated[
        int, typer.Option("--max-memory", help="Address-space limit per worker in MB (0: none).")
    ] = 4096,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Default date of the validity check "
                                 "(YYYY-MM-DD); default: today.")
    ] = None,
    registry: Annotated[
        list[Path] | None, typer.Option("--registry", help="Extra registry YAML that adds or "
                                        "overrides entries (repeatable).")
    ] = None,
) -> None:
    """Serve extraction over HTTP: POST /v1/extract, POST /v1/check-citations, GET /v1/schema,
    GET /healthz; the OpenAPI document at /openapi.json, its docs at /docs.

    Example: vnplan serve --port 8000 --workers 4 --timeout 60
    """
    try:
        import fastapi  # noqa: F401
        import python_multipart  # noqa: F401
        import uvicorn
    except ImportError as exc:
        raise fail(None, f"the service needs the serve extra ({exc.name} is missing): "
                         "pip install 'vnplan[serve]'") from None
    from vnplan.reference.registry import load_registry
    from vnplan.service import ServiceSettings, create_app

    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise fail(None, f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None
    for name, value, low in (("--max-upload-mb", max_upload_mb, 0), ("--timeout", timeout, -1),
                             ("--workers", workers or 1, 0), ("--max-queue", max_queue or 1, 0)):
        if value <= low:
            raise fail(None, f"{name} must be more than {low:g}")
    for extra in registry or []:
        try:
            load_registry(extra)
        except Exception as exc:  # unreadable, not YAML, not a registry: the user's file
            reason = getattr(exc, "strerror", None) or (str(exc).strip().splitlines()
                                                        or [type(exc).__name__])[0]
            raise fail(extra, reason) from None
    settings = ServiceSettings(
        workers=workers, max_upload_mb=max_upload_mb, timeout_s=timeout or None,
        max_queue=max_queue, max_memory_mb=max_memory or None, as_of=day,
        registries=tuple(str(path) for path in registry or []),
    )
    try:
        uvicorn.run(create_app(settings), host=host, port=port, log_config=_log_config(),
                    timeout_graceful_shutdown=10)
    except OSError as exc:  # the port is taken, the address is not ours …
        raise fail(None, f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def _log_config() -> dict:
    """uvicorn's own logging, with the service's messages (a worker replaced …) beside it."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["vnplan"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    # the multipart parser warns of each malformed body; the client has its 400 already
    config["loggers"]["python_multipart"] = {"handlers": ["default"], "level": "ERROR",
                                             "propagate": False}
    return config
