"""The OpenAPI document describes every route, with response schemas."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_openapi_document_lists_the_mastodon_routes() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    for path in (
        "/api/v2/instance",
        "/api/v1/accounts/verify_credentials",
        "/api/v1/accounts/{account_id}/statuses",
        "/api/v1/statuses",
        "/api/v1/statuses/{status_id}/context",
        "/api/v1/timelines/home",
        "/api/v1/notifications",
        "/api/v2/media",
        "/api/v1/markers",
    ):
        assert path in paths, path
    schemas = document["components"]["schemas"]
    assert {"Status", "Account", "Relationship", "Instance"} <= set(schemas)
    status_body = paths["/api/v1/statuses"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in status_body


@pytest.mark.django_db
def test_the_docs_page_renders() -> None:
    assert Client().get("/api/docs").status_code == 200
