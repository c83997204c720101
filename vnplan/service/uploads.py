"""Reading an upload from the request stream, with the size limit checked while it streams.

The body is parsed chunk by chunk (python-multipart's streaming parser) as it arrives: the
field ``file`` is kept, any other field is counted and dropped, and the moment the file passes
``max_bytes`` — or a declared ``Content-Length`` already does — the request is answered 413
without the file ever being held in memory. The rest of an over-long body is read and thrown
away (up to a bound) so the client, still sending, gets the answer rather than a reset
connection; a client that asked ``Expect: 100-continue`` is answered before it sends anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

from vnplan.service.problems import Problem

FIELD = "file"  # the form field that carries the document
_SLACK = 1 << 20  # room for the multipart envelope and small fields beside the file
_MAX_PARTS = 16
_DRAIN_MAX = 256 << 20  # past this, an over-long body is cut off rather than drained


@dataclass(frozen=True)
class Upload:
    name: str  # the file name the client gave, without folders ("upload" when none)
    data: bytes
    is_json: bool = False  # sent as an application/json body (a record, for check-citations)


class _TooLarge(Exception):
    pass


async def read_upload(request: Request, max_bytes: int, *, allow_json: bool = False) -> Upload:
    """The uploaded document of a ``multipart/form-data`` request (or a JSON body)."""
    content_type, params = parse_options_header(request.headers.get("content-type"))
    mb = f"{max_bytes / 2**20:g} MB"
    declared = _content_length(request)
    if declared is not None and declared > max_bytes + _SLACK:
        if request.headers.get("expect", "").lower() != "100-continue":
            await _drain(request)
        raise Problem("too_large", f"the upload is {declared / 2**20:.1f} MB; the limit is {mb}")
    try:
        if allow_json and content_type == b"application/json":
            return Upload("record.json", await _read_body(request, max_bytes), is_json=True)
        if content_type != b"multipart/form-data":
            shown = content_type.decode("latin-1") or "none"
            accepted = "multipart/form-data" + (" or application/json" if allow_json else "")
            raise Problem("unsupported_media_type",
                          f"send the document as {accepted} (field '{FIELD}'), not {shown}")
        boundary = params.get(b"boundary")
        if not boundary:
            raise Problem("bad_request", "the multipart/form-data header has no boundary")
        return await _read_form(request, boundary, max_bytes)
    except _TooLarge:
        await _drain(request)
        raise Problem("too_large", f"the file is larger than the limit of {mb}") from None
    except ClientDisconnect:
        raise Problem("bad_request", "the client closed the connection during the upload") from None


async def _read_body(request: Request, max_bytes: int) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        if len(body) + len(chunk) > max_bytes:
            raise _TooLarge
        body += chunk
    return bytes(body)


async def _read_form(request: Request, boundary: bytes, max_bytes: int) -> Upload:
    form = _Form(max_bytes)
    parser = MultipartParser(boundary, form.callbacks())
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_bytes + _SLACK:
                raise _TooLarge
            if chunk:
                parser.write(chunk)
        parser.finalize()
    except FormParserError as exc:
        raise Problem("bad_request", f"malformed multipart/form-data body ({exc})") from None
    if not form.ended:
        raise Problem("bad_request", "the multipart/form-data body ends before its last boundary")
    if form.file is None:
        seen = ", ".join(sorted(set(form.fields))) or "no field"
        raise Problem("missing_field", f"the form has no field '{FIELD}' (it has: {seen})")
    return Upload(form.filename or "upload", bytes(form.file))


class _Form:
    """Callbacks of the streaming parser: keep the first ``file`` part, count the others."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.fields: list[str] = []
        self.file: bytearray | None = None
        self.filename: str | None = None
        self.ended = False
        self._headers: dict[bytes, bytes] = {}
        self._name = self._value = b""
        self._target: bytearray | None = None

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_end": self._end,
        }

    def _part_begin(self) -> None:
        if len(self.fields) >= _MAX_PARTS:
            raise Problem("bad_request", f"more than {_MAX_PARTS} parts in the form")
        self._headers, self._target = {}, None

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._name += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._name.strip().lower()] = self._value.strip()
        self._name = self._value = b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        self.fields.append(name or "(unnamed)")
        if name == FIELD and self.file is None:
            self.file = self._target = bytearray()
            raw = options.get(b"filename")
            if raw is not None:
                self.filename = _base_name(raw.decode("utf-8", "replace"))

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._target is None:
            return  # another field: dropped (the whole body is bounded by the caller)
        if len(self._target) + (end - start) > self.max_bytes:
            raise _TooLarge
        self._target += data[start:end]

    def _end(self) -> None:
        self.ended = True


def _base_name(name: str) -> str | None:
    """The file's own name, without the folders some clients send ("C:\\x\\kh.pdf" → "kh.pdf")."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    return base or None


def _content_length(request: Request) -> int | None:
    try:
        return int(request.headers["content-length"])
    except (KeyError, ValueError):
        return None


async def _drain(request: Request) -> None:
    """Read and drop what the client still sends (bounded), so it can read the 413."""
    dropped = 0
    try:
        async for chunk in request.stream():
            dropped += len(chunk)
            if dropped > _DRAIN_MAX:
                break
    except (ClientDisconnect, RuntimeError):  # gone, or the stream was already consumed
        pass
