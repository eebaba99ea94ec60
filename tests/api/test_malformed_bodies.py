"""Every write route of the API, from the OpenAPI document, against broken and mistyped bodies.

Broken JSON is 400; a value of the wrong type (a list for a string, a huge number, null,
an object) is 400 or 422; either way the answer is JSON ``{"error": ...}``, never a 500.
A route added later is covered without touching this file.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import orjson
import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.api.conftest import ApiClientFactory, png_upload
from townsquare.accounts.models import Account
from townsquare.api.endpoints import api

WRITE_METHODS = ("post", "put", "patch", "delete")
# What a client may get back for a body it got wrong (404: the route's object is gone,
# for instance after a DELETE in an earlier case; 200: the value was usable after all).
ACCEPTABLE = {200, 400, 404, 409, 422}
BROKEN_JSON = (b'{"status": ', b"{'single': 'quotes'}", b"\xff\xfe{}", b'{"a": NaN}', b"")
NOT_AN_OBJECT = (b"[1, 2]", b"null", b'"text"', b"42", b"true")
WRONG_VALUES: tuple[Any, ...] = (
    ["a", "list"],
    10**40,
    -(10**40),
    2**63 - 1,
    -(2**63),
    1.5e308,
    None,
    {"nested": {"object": True}},
    True,
    "",
    "\x00",
    "x" * 10_000,
)

FORM = "application/x-www-form-urlencoded"
FORM_VALUES = (
    "{field}[]=a&{field}[]=b",
    "{field}[key]=value",
    "{field}[][key]=value",
    "{field}=" + "9" * 60,
    "{field}=%00",
    "{field}=%FF%FE",
    "{field}",
)


def _document() -> dict[str, Any]:
    document: dict[str, Any] = api.get_openapi_schema()
    return document


def _write_routes(document: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        (method, path)
        for path, operations in document["paths"].items()
        for method in operations
        if method in WRITE_METHODS
    )


def _body_fields(document: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    reference = schema.get("$ref", "")
    if reference:
        schema = document["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    return sorted(schema.get("properties", {}))


DOCUMENT = _document()
ROUTES = _write_routes(DOCUMENT)


def test_the_served_document_lists_the_routes_tested_here(db: None) -> None:
    served = Client().get("/api/openapi.json").json()
    assert _write_routes(served) == ROUTES
    assert len(ROUTES) > 30


@pytest.fixture
def ids(api_client: ApiClientFactory, alice: Account, bob: Account, settings: Settings) -> Any:
    """Real objects of alice's for the ids in paths, so that each body gets read."""
    settings.RATE_LIMITS_ENABLED = False
    client = api_client(alice)
    bob_client = api_client(bob)

    def post(target: Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = target.post(path, body, content_type="application/json")
        assert response.status_code == 200, (path, response.content)
        created: dict[str, Any] = response.json()
        return created

    later = (timezone.now() + timedelta(hours=2)).isoformat()
    poll = {"options": ["yes", "no"], "expires_in": 3600}
    filter_body = {"title": "f", "context": ["home"], "keywords_attributes": [{"keyword": "k"}]}
    created_filter = post(client, "/api/v2/filters", filter_body)
    media = client.post("/api/v2/media", {"file": png_upload()}).json()
    return {
        "account_id": str(bob.pk),
        "status_id": post(client, "/api/v1/statuses", {"status": "mine"})["id"],
        "poll_id": post(bob_client, "/api/v1/statuses", {"status": "q?", "poll": poll})["poll"][
            "id"
        ],
        "media_id": media["id"],
        "list_id": post(client, "/api/v1/lists", {"title": "friends"})["id"],
        "scheduled_id": post(
            client, "/api/v1/statuses", {"status": "later", "scheduled_at": later}
        )["id"],
        "filter_id": created_filter["id"],
        "keyword_id": created_filter["keywords"][0]["id"],
        "name": "tag",
    }


def _path(template: str, ids: dict[str, str]) -> str:
    path = template
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    # An id nobody knows for a parameter without a fixture: the route still must not 500.
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + "1" + path[end + 1 :]
    return path


def _problem(response: Any, allowed: set[int]) -> str | None:
    """What is wrong with the answer, or None."""
    if response.status_code not in allowed:
        return f"status {response.status_code}: {response.content[:200]!r}"
    if response.status_code >= 400:
        try:
            error = orjson.loads(response.content)["error"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return f"status {response.status_code} without a JSON error: {response.content[:200]!r}"
        if not isinstance(error, str) or not error:
            return f"an empty or odd error: {error!r}"
    return None


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_broken_and_mistyped_bodies_are_client_errors(
    api_client: ApiClientFactory, alice: Account, ids: dict[str, str], method: str, template: str
) -> None:
    client = api_client(alice)
    path = _path(template, ids)
    operation = DOCUMENT["paths"][template][method]
    has_body = "requestBody" in operation
    problems: list[str] = []

    def check(body: bytes, allowed: set[int], content_type: str = "application/json") -> None:
        response = client.generic(method.upper(), path, body, content_type=content_type)
        if (problem := _problem(response, allowed)) is not None:
            problems.append(f"{body[:60]!r} -> {problem}")

    for body in BROKEN_JSON + NOT_AN_OBJECT:
        # A route without a body may ignore it; one with a body must call it what it is.
        check(body, {400, 404} if has_body and body else ACCEPTABLE)
    for field in _body_fields(DOCUMENT, operation):
        for value in WRONG_VALUES:
            # The standard library writes integers past 64 bits, which orjson refuses to.
            check(json.dumps({field: value}).encode(), ACCEPTABLE)
        # Forms as Rails spells them: a list, an object, a huge number where none belongs.
        for form in FORM_VALUES:
            check(form.format(field=field).encode(), ACCEPTABLE, FORM)
    assert not problems, "\n".join(problems)
