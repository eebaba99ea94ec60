"""Read markers: where the caller stopped reading home and notifications."""

from __future__ import annotations

from django.test import Client

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.instance import Marker


def test_markers_are_saved_and_versioned(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice)
    assert client.get("/api/v1/markers?timeline[]=home").json() == {}
    saved = client.post("/api/v1/markers", {"home[last_read_id]": "123"})
    assert saved.status_code == 200, saved.content
    home = Marker.model_validate(saved.json()["home"])
    assert (home.last_read_id, home.version) == ("123", 0)
    again = client.post(
        "/api/v1/markers",
        {"home": {"last_read_id": "456"}, "notifications": {"last_read_id": "7"}},
        content_type="application/json",
    ).json()
    assert again["home"]["version"] == 1
    read = client.get("/api/v1/markers?timeline[]=home&timeline[]=notifications").json()
    assert read["home"]["last_read_id"] == "456"
    assert read["notifications"]["last_read_id"] == "7"
    assert set(client.get("/api/v1/markers?timeline[]=notifications").json()) == {"notifications"}


def test_markers_validate_and_need_scopes(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice)
    bad = client.post("/api/v1/markers", {"home[last_read_id]": "abc"})
    assert bad.status_code == 422
    client.post("/api/v1/markers", {"home[last_read_id]": "5"})
    assert api_client(bob).get("/api/v1/markers?timeline[]=home").json() == {}
    assert api_client(alice, scopes="read").post("/api/v1/markers", {}).status_code == 403
    assert Client().get("/api/v1/markers").status_code == 401
