"""Input a client can send never answers 500: bad JSON, bad ids, absurd paging, odd text."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.posts.services import publish_post


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe not utf-8", b"[1, 2]", b'{"status": ', b'{"status": 5}', b'{"media_ids": "x"}'],
)
def test_malformed_status_bodies_are_400_or_422(
    api_client: ApiClientFactory, alice: Account, body: bytes
) -> None:
    response = api_client(alice).post("/api/v1/statuses", body, content_type="application/json")
    assert response.status_code in {400, 422}
    assert set(response.json()) == {"error"}


@pytest.mark.parametrize(
    "query",
    [
        "limit=-5",
        "limit=abc",
        "limit=99999999999999999999",
        "max_id=abc",
        "max_id=-1",
        "since_id=99999999999999999999999",
        "min_id=1&max_id=0",
    ],
)
def test_absurd_paging_is_clamped_not_an_error(alice: Account, query: str) -> None:
    publish_post(author=alice, text="hello")
    for path in (
        f"/api/v1/accounts/{alice.id}/statuses",
        f"/api/v1/accounts/{alice.id}/followers",
        "/api/v1/timelines/public",
    ):
        response = Client().get(f"{path}?{query}")
        assert response.status_code == 200, (path, query)
        assert isinstance(response.json(), list)


def test_markup_and_control_characters_in_a_status_are_made_safe(
    api_client: ApiClientFactory, alice: Account
) -> None:
    response = api_client(alice).post(
        "/api/v1/statuses",
        {"status": "<script>alert(1)</script>\x00 \u202eevil", "spoiler_text": "<b>cw</b>"},
        content_type="application/json",
    )
    assert response.status_code == 200
    content = response.json()["content"]
    assert "<script" not in content
    assert "\x00" not in content
    assert "\u202e" not in content


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/statuses/1e5",
        "/api/v1/statuses/%00",
        "/api/v1/accounts/0",
        "/api/v1/statuses/99999999999999999999999999/context",
    ],
)
@pytest.mark.django_db
def test_odd_ids_in_paths_are_404(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert response.json() == {"error": "Record not found"}


def test_a_huge_search_query_is_cut_short(api_client: ApiClientFactory, alice: Account) -> None:
    response = api_client(alice).get("/api/v2/search?q=" + "a" * 5000)
    assert response.status_code == 200
    response = api_client(alice).get("/api/v1/accounts/search?q=%27%22%3B--" + "%" * 50)
    assert response.status_code == 200
