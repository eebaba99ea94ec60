"""Bodies the API won't read: 413 past the size limit (checked before reading), 415 in an
encoding it doesn't speak; a web form past its limit gets a 413 page."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
from asgiref.sync import async_to_sync
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.api.conftest import ApiClientFactory, png_upload
from townsquare.accounts.models import Account
from townsquare.config.asgi import application
from townsquare.core import body_limits
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Post

MAX_UPLOAD = 100_000


@pytest.fixture(autouse=True)
def _small_uploads(settings: Settings) -> None:
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "MAX_UPLOAD_BYTES": MAX_UPLOAD}


def assert_too_large(response: Any) -> None:
    assert response.status_code == 413, response.content
    error = response.json()["error"]
    assert "too large" in error
    assert "at most" in error  # it names the limit


def test_a_json_body_over_the_limit_is_413(api_client: ApiClientFactory, alice: Account) -> None:
    body = orjson.dumps({"status": "x" * body_limits.MAX_PLAIN_BODY_BYTES})
    response = api_client(alice).post("/api/v1/statuses", body, content_type="application/json")
    assert_too_large(response)
    assert response.json()["error"].endswith("at most 1 MB is accepted")
    assert not Post.objects.exists()


def test_a_declared_length_is_refused_before_reading(
    api_client: ApiClientFactory, alice: Account
) -> None:
    # The body is tiny, the header claims a gigabyte: reading would fail, so 413 proves
    # the answer came from the header alone.
    response = api_client(alice).generic(
        "POST",
        "/api/v1/statuses",
        b'{"status": "hi"}',
        content_type="application/json",
        CONTENT_LENGTH=str(1024**3),
    )
    assert_too_large(response)


def test_an_upload_over_the_limit_and_its_form_overhead_is_413(
    api_client: ApiClientFactory, alice: Account
) -> None:
    size = MAX_UPLOAD + body_limits.FORM_OVERHEAD_BYTES + 1
    huge = SimpleUploadedFile("big.png", b"\0" * size, content_type="image/png")
    response = api_client(alice).post("/api/v2/media", {"file": huge})
    assert_too_large(response)
    assert not MediaAttachment.objects.exists()


def test_an_upload_just_over_the_file_limit_is_422_naming_it(
    api_client: ApiClientFactory, alice: Account
) -> None:
    big = SimpleUploadedFile("big.png", b"\0" * (MAX_UPLOAD + 1), content_type="image/png")
    response = api_client(alice).post("/api/v2/media", {"file": big})
    assert response.status_code == 422
    assert "KB" in response.json()["error"] or "MB" in response.json()["error"]


def test_bodies_within_the_limits_pass(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice)
    assert client.post("/api/v2/media", {"file": png_upload()}).status_code == 200
    posted = client.post("/api/v1/statuses", {"status": "hi"}, content_type="application/json")
    assert posted.status_code == 200


@pytest.mark.parametrize("content_type", ["text/xml", "text/plain", "application/octet-stream"])
def test_an_unsupported_body_type_is_415(
    api_client: ApiClientFactory, alice: Account, content_type: str
) -> None:
    response = api_client(alice).post(
        "/api/v1/statuses", b"<status>hi</status>", content_type=content_type
    )
    assert response.status_code == 415
    assert "JSON" in response.json()["error"]
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=utf-8", "APPLICATION/JSON", "application/x-www-form-urlencoded"],
)
def test_accepted_body_types_pass(
    api_client: ApiClientFactory, alice: Account, content_type: str
) -> None:
    body = b'{"status": "hi"}' if "json" in content_type.lower() else b"status=hi"
    response = api_client(alice).post("/api/v1/statuses", body, content_type=content_type)
    assert response.status_code != 415


def test_a_web_form_over_the_limit_gets_a_413_page(alice: Account) -> None:
    client = Client()
    client.force_login(alice)
    response = client.generic(
        "POST",
        reverse("web:compose"),
        b"text=hi",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(body_limits.MAX_PLAIN_BODY_BYTES + 1),
    )
    assert response.status_code == 413
    assert "at most 1 MB is accepted" in response.content.decode()
    assert not Post.objects.exists()


# Under ASGI Django reads the whole body before any middleware runs: the wrapper in
# front of it refuses first.


def _asgi(
    path: str, headers: dict[str, str], chunks: list[bytes]
) -> tuple[list[dict[str, Any]], int]:
    """Runs one HTTP request through the ASGI application; the messages sent and how many
    body chunks were read."""
    sent: list[dict[str, Any]] = []
    remaining = list(chunks)
    reads = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        if not remaining:
            # As a server does: nothing more until the client goes away.
            await asyncio.Event().wait()
        reads += 1
        return {"type": "http.request", "body": remaining.pop(0), "more_body": bool(remaining)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(name.encode(), value.encode()) for name, value in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    async_to_sync(application)(scope, receive, send)
    return sent, reads


def _status_and_body(sent: list[dict[str, Any]]) -> tuple[int, bytes]:
    start = next(message for message in sent if message["type"] == "http.response.start")
    body = b"".join(message.get("body", b"") for message in sent if "body" in message)
    return start["status"], body


def test_asgi_refuses_a_declared_length_without_reading(db: None) -> None:
    sent, reads = _asgi(
        "/api/v2/media",
        {"content-type": "multipart/form-data; boundary=x", "content-length": str(1024**3)},
        [b"never read"],
    )
    status, body = _status_and_body(sent)
    assert status == 413
    assert "at most" in orjson.loads(body)["error"]
    assert reads == 0


def test_asgi_cuts_off_a_chunked_body_once_past_the_limit(db: None) -> None:
    chunk = b"x" * 65_536
    limit = body_limits.limit_for("/api/v1/statuses", "application/json").max_bytes
    chunks = [chunk] * (limit // len(chunk) + 10)
    sent, reads = _asgi("/api/v1/statuses", {"content-type": "application/json"}, chunks)
    status, _ = _status_and_body(sent)
    assert status == 413
    assert reads == limit // len(chunk) + 1  # stopped at the first chunk past the limit


def test_asgi_gives_a_web_form_a_readable_refusal(db: None) -> None:
    sent, reads = _asgi(
        "/compose",
        {"content-type": "application/x-www-form-urlencoded", "content-length": str(10**9)},
        [b"text=hi"],
    )
    status, body = _status_and_body(sent)
    assert status == 413
    assert b"at most 1 MB is accepted" in body
    assert reads == 0


def test_asgi_passes_a_body_within_the_limit(db: None) -> None:
    sent, _ = _asgi("/api/v1/statuses", {"content-type": "application/json"}, [b"{}"])
    status, _ = _status_and_body(sent)
    assert status == 401  # read and answered by the API: no token
