"""The endpoints: extract, check-citations, schema, health. Each is a thin shell: read the
upload (``uploads``), build the job the batch would build, await a worker (``Service.run``)."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import PurePosixPath
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from vnplan.batch.jobs import Job
from vnplan.cli.schema import schema_json
from vnplan.service.problems import KINDS, PROBLEM_JSON
from vnplan.service.uploads import FIELD, read_upload
from vnplan.service.work import CheckJob
from vnplan.version import __version__

router = APIRouter()
_schema_json = functools.cache(schema_json)  # the same text `vnplan schema` prints

AsOf = Annotated[date | None, Query(
    description="Date of the validity check (YYYY-MM-DD); default: the server's --as-of, "
                "else today.")]
Ocr = Annotated[bool, Query(description="OCR pages without a text layer (false: refuse them).")]

_PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "kind"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "kind": {"type": "string", "enum": sorted(KINDS)},
        "instance": {"type": "string"},
    },
}


def _problems(*statuses: int) -> dict:
    described = {
        400: "malformed multipart body", 413: "the file is larger than --max-upload-mb, or "
        "expands past a limit (zip bomb, too many pages)", 415: "not multipart/form-data, or "
        "a format vnplan does not read", 422: "empty, corrupt, encrypted, binary, no text, "
        "a missing field or a bad parameter", 500: "the worker died (it is replaced)",
        503: "the queue is full (see Retry-After)", 504: "the document ran past --timeout",
    }
    return {status: {"description": described[status],
                     "content": {PROBLEM_JSON: {"schema": _PROBLEM_SCHEMA}}}
            for status in statuses}


def _upload_body(description: str, *, json_record: bool = False) -> dict:
    content = {"multipart/form-data": {"schema": {
        "type": "object", "required": [FIELD],
        "properties": {FIELD: {"type": "string", "format": "binary", "description": description}},
    }}}
    if json_record:
        content["application/json"] = {"schema": {"type": "object",
                                                  "description": "a vnplan record"}}
    return {"requestBody": {"required": True, "content": content}}


@router.post(
    "/v1/extract",
    summary="One document → its record",
    response_class=Response,
    responses={200: {"description": "the record, as `vnplan extract` writes it",
                     "content": {"application/json": {"schema": {
                         "type": "object", "description": "a PlanRecord (GET /v1/schema)"}}}},
               **_problems(400, 413, 415, 422, 500, 503, 504)},
    openapi_extra=_upload_body("the document: .txt .md .html .pdf .docx .doc or an image"),
)
async def extract(request: Request, as_of: AsOf = None, ocr: Ocr = True) -> Response:
    """The record of the uploaded document: the bytes `vnplan extract FILE` writes for the
    same file and options, with `source.path` the uploaded file's name."""
    service = request.app.state.service
    upload = await read_upload(request, service.settings.max_upload_bytes)
    record = await service.run(Job(upload.name, upload.data, service.options(as_of, ocr)))
    return Response(record, media_type="application/json")


@router.post(
    "/v1/check-citations",
    summary="Citations of a document or record, checked against the legal registry",
    response_class=Response,
    responses={200: {"description": "one row per citation, as `vnplan check-citations "
                                    "--format json` prints them",
                     "content": {"application/json": {"schema": {
                         "type": "array", "items": {"type": "object"}}}}},
               **_problems(400, 413, 415, 422, 500, 503, 504)},
    openapi_extra=_upload_body("a document, or a record JSON (a name ending in .json)",
                               json_record=True),
)
async def check_citations(request: Request, as_of: AsOf = None, ocr: Ocr = True) -> Response:
    """Every citation with its validity at the plan's date and as of `as_of`, and the finding
    about it. A file whose name ends in `.json`, or an `application/json` body, is read as a
    record; anything else is extracted first."""
    service = request.app.state.service
    upload = await read_upload(request, service.settings.max_upload_bytes, allow_json=True)
    options = service.options(as_of, ocr)
    day = options.as_of or date.today()
    is_record = upload.is_json or PurePosixPath(upload.name).suffix.lower() == ".json"
    rows = await service.run(CheckJob(upload.name, upload.data, options, day, is_record))
    return Response(rows, media_type="application/json")


@router.get("/v1/schema", summary="The record's JSON Schema", response_class=Response,
            responses={200: {"content": {"application/schema+json": {}}}})
async def schema() -> Response:
    """The JSON Schema of the record (`vnplan schema`)."""
    return Response(_schema_json(), media_type="application/schema+json")


@router.get("/healthz", summary="Liveness, version and the workers")
async def healthz(request: Request) -> dict:
    """`status` is `ok` once a worker is ready; `workers` lists each worker's process id,
    how long it has been busy and how often it was replaced."""
    pool = request.app.state.service.pool
    status = pool.status()
    ready = any(worker["pid"] for worker in status["workers"])
    return {"status": "ok" if ready else "starting", "version": __version__, **status}
