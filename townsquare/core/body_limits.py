"""How large a request body may be, decided from the path and Content-Type before reading it.

Django only notices an oversized body once a view reads it (and under ASGI only after it
has spooled it all to disk), so the edges compare the declared Content-Length with these
limits first and answer 413 naming the limit. Uploads may be as large as
``TOWNSQUARE["MAX_UPLOAD_BYTES"]`` per file plus room for the other form fields; every other
body (JSON, URL-encoded forms) is small.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from django.conf import settings

# Room for the text fields and multipart boundaries around the files of one form.
FORM_OVERHEAD_BYTES = 1024 * 1024
# JSON and URL-encoded bodies: far above any post, filter or list a client sends.
MAX_PLAIN_BODY_BYTES = 1024 * 1024
# API paths taking one file each; other API forms may carry two (avatar and header).
_SINGLE_FILE_API_PATHS = ("/api/v1/media", "/api/v2/media")
_FILES_PER_API_FORM = 2


@dataclass(frozen=True, slots=True)
class BodyLimit:
    max_bytes: int

    @property
    def message(self) -> str:
        return f"The request body is too large: at most {_describe(self.max_bytes)} is accepted"


def _describe(size: int) -> str:
    mebibyte = 1024 * 1024
    if size >= mebibyte:
        return f"{size / mebibyte:.0f} MB"
    return f"{size // 1024} KB" if size >= 1024 else f"{size} bytes"


def limit_for(path: str, content_type: str) -> BodyLimit:
    """The largest body accepted for ``path`` with that (bare, lower-case) Content-Type."""
    if content_type != "multipart/form-data":
        return BodyLimit(MAX_PLAIN_BODY_BYTES)
    max_upload = int(settings.TOWNSQUARE["MAX_UPLOAD_BYTES"])
    if path.startswith("/api/"):
        files = 1 if path.rstrip("/") in _SINGLE_FILE_API_PATHS else _FILES_PER_API_FORM
    else:
        # The compose form carries every attachment of a post in one request.
        files = int(settings.TOWNSQUARE["MAX_ATTACHMENTS"])
    return BodyLimit(files * max_upload + FORM_OVERHEAD_BYTES)


def largest_body_bytes() -> int:
    """The largest body any path accepts: the ceiling for a body of unknown length."""
    return max(
        limit_for("/api/", "multipart/form-data").max_bytes,
        limit_for("/", "multipart/form-data").max_bytes,
        MAX_PLAIN_BODY_BYTES,
    )


def exceeded(path: str, content_type: str, content_length: str | None) -> BodyLimit | None:
    """The limit a declared ``Content-Length`` goes over, or None when it fits (or is absent)."""
    try:
        length = int(content_length or 0)
    except ValueError:
        return None  # Django answers a garbled length itself
    bare_type = content_type.split(";", 1)[0].strip().lower()
    limit = limit_for(path, bare_type)
    return limit if length > limit.max_bytes else None


type _Message = dict[str, Any]
type _Receive = Callable[[], Awaitable[_Message]]
type _Send = Callable[[_Message], Awaitable[None]]


class RefuseLargeBodies:
    """ASGI wrapper: a body past its limit gets 413 before Django spools it to disk.

    Django's ASGI handler reads the whole body before any middleware runs, so the check
    has to sit in front of it: a declared Content-Length is refused before one byte is
    read, and a body of unknown length (chunked) is cut off as soon as it passes the limit.
    """

    def __init__(self, app: Callable[[Any, Any, Any], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: _Message, receive: _Receive, send: _Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", ())
        }
        path = str(scope.get("path", ""))
        content_type = headers.get("content-type", "")
        limit = exceeded(path, content_type, headers.get("content-length"))
        if limit is not None:
            await _refuse(send, path, limit)
            return
        ceiling = limit_for(path, content_type.split(";", 1)[0].strip().lower())
        received = 0

        async def limited_receive() -> _Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > ceiling.max_bytes:
                    await _refuse(send, path, ceiling)
                    # Django drops a request whose client went away, and reads no further.
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, limited_receive, send)


async def _refuse(send: _Send, path: str, limit: BodyLimit) -> None:
    if path.startswith("/api/"):
        body = orjson.dumps({"error": limit.message})
        content_type = b"application/json"
    else:
        body = f"{limit.message}. Please go back and send something smaller.".encode()
        content_type = b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
