"""Every error the service answers, as ``application/problem+json`` (RFC 9457).

One body for all of them: ``type``, ``title``, ``status``, ``detail``, ``instance`` and
vnplan's error ``kind`` — the same word the batch manifest and ``IngestError.kind`` use, so a
client handles a refused upload the way it handles a failed row of a batch::

    HTTP/1.1 422 Unprocessable Content
    Content-Type: application/problem+json

    {"type": "https://vnplan.example/problems/encrypted", "title": "Encrypted document",
     "status": 422, "detail": "the PDF is encrypted", "kind": "encrypted",
     "instance": "/v1/extract"}

Bad input is always a 4xx; 5xx is for the server's own trouble (a worker that died, a
document past the time limit, a full queue, a bug). No response ever carries a traceback.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("vnplan.service")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://vnplan.example/problems/"

# kind → (HTTP status, title). Kinds of IngestError first, then the service's own.
KINDS: dict[str, tuple[int, str]] = {
    "empty": (422, "Empty document"),
    "binary": (422, "Binary data, not a document"),
    "corrupt": (422, "Corrupt document"),
    "encrypted": (422, "Encrypted document"),
    "undecodable": (422, "Undecodable text"),
    "no_text": (422, "No text in the document"),
    "unreadable": (422, "Unreadable document"),
    "missing": (422, "Missing document"),
    "invalid_record": (422, "Not a vnplan record"),
    "unsupported": (415, "Unsupported format"),
    "too_large": (413, "Document too large"),
    "timeout": (504, "Document took too long"),
    # the request itself
    "bad_request": (400, "Malformed request"),
    "missing_field": (422, "Missing form field"),
    "invalid_parameter": (422, "Invalid parameter"),
    "unsupported_media_type": (415, "Unsupported media type"),
    "not_found": (404, "Not found"),
    "method_not_allowed": (405, "Method not allowed"),
    # the server
    "busy": (503, "Server busy"),
    "stopped": (503, "Server stopping"),
    "crashed": (500, "Worker crashed"),
    "internal_error": (500, "Internal error"),
}
_BY_STATUS = {404: "not_found", 405: "method_not_allowed", 413: "too_large",
              415: "unsupported_media_type", 422: "invalid_parameter"}


class Problem(Exception):
    """Raise to answer with a problem document; ``headers`` e.g. ``Retry-After``."""

    def __init__(self, kind: str, detail: str, *, status: int | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        # a kind not listed is a newer IngestError kind: the document's fault, so a 4xx
        known_status, self.title = KINDS.get(kind, (422, "Unprocessable document"))
        self.kind, self.detail = kind, _one_line(detail)
        self.status = status or known_status
        self.headers = headers or {}


def problem_response(problem: Problem, instance: str | None = None) -> JSONResponse:
    body = {"type": TYPE_BASE + problem.kind, "title": problem.title, "status": problem.status,
            "detail": problem.detail, "kind": problem.kind}
    if instance:
        body["instance"] = instance
    return JSONResponse(body, status_code=problem.status, headers=problem.headers,
                        media_type=PROBLEM_JSON)


def install_handlers(app: FastAPI) -> None:
    """Turn every exception that reaches the app into a problem document."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem):
        return problem_response(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        parts = []
        for error in exc.errors()[:3]:
            where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
            parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else
                         str(error.get("msg", "invalid")))
        detail = "; ".join(parts) or "invalid request"
        return problem_response(Problem("invalid_parameter", detail), request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        kind = _BY_STATUS.get(exc.status_code, "bad_request" if exc.status_code < 500
                              else "internal_error")
        problem = Problem(kind, str(exc.detail), status=exc.status_code,
                          headers=dict(exc.headers or {}))
        return problem_response(problem, request.url.path)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.exception("internal error on %s", request.url.path)  # the traceback stays here
        problem = Problem("internal_error", f"{type(exc).__name__} (see the server log)")
        return problem_response(problem, request.url.path)


def _one_line(text: str) -> str:
    text = (text or "").strip()
    return text.splitlines()[0] if text else ""
