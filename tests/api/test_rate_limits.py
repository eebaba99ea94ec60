"""API rate limits: X-RateLimit-* on every answer, 429 with Retry-After past the limit."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.api.conftest import ApiClientFactory, png_upload
from tests.api.test_oauth import password_token, register
from tests.factories import PASSWORD
from townsquare.accounts.models import Account

pytestmark = pytest.mark.django_db

type Limits = Callable[..., None]


@pytest.fixture
def limits(settings: Settings) -> Limits:
    """``limits(api=(3, 300))``: lower some buckets for one test."""

    def lower(**buckets: tuple[int, int]) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **buckets}

    return lower


def _headers(response: Any) -> tuple[str, str, str]:
    return (
        response["X-RateLimit-Limit"],
        response["X-RateLimit-Remaining"],
        response["X-RateLimit-Reset"],
    )


def test_every_answer_carries_the_headers_success_and_error(
    alice: Account, api_client: ApiClientFactory, anonymous: Client
) -> None:
    client = api_client(alice)
    ok = client.get("/api/v1/accounts/verify_credentials")
    missing = client.get("/api/v1/statuses/123")
    refused = anonymous.get("/api/v1/accounts/verify_credentials")
    invalid = client.post("/api/v1/statuses", "{", content_type="application/json")

    assert [r.status_code for r in (ok, missing, refused, invalid)] == [200, 404, 401, 400]
    limit, remaining, reset = _headers(ok)
    assert (limit, remaining) == ("300", "299")
    assert reset.endswith("Z") and "T" in reset
    assert _headers(missing)[:2] == ("300", "298")
    assert _headers(refused)[:2] == ("300", "299")  # anonymous: counted by address
    # The statuses bucket (300 per 3 hours) has 299 left, the api bucket 297: closest shown.
    assert _headers(invalid)[:2] == ("300", "297")


def test_requests_are_counted_per_token_and_per_address_without_one(
    alice: Account, bob: Account, api_client: ApiClientFactory, limits: Limits
) -> None:
    limits(api=(2, 300))
    alices, bobs = api_client(alice), api_client(bob)
    anonymous = Client(REMOTE_ADDR="192.0.2.1")
    elsewhere = Client(REMOTE_ADDR="192.0.2.2")

    assert [alices.get("/api/v1/instance").status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert bobs.get("/api/v1/instance").status_code == 200
    assert [anonymous.get("/api/v1/instance").status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert elsewhere.get("/api/v1/instance").status_code == 200


def test_past_the_limit_the_answer_is_429_with_retry_after(
    alice: Account, api_client: ApiClientFactory, limits: Limits
) -> None:
    limits(api=(1, 300))
    client = api_client(alice)
    client.get("/api/v1/accounts/verify_credentials")

    refused = client.get("/api/v1/accounts/verify_credentials")

    assert refused.status_code == 429
    assert refused.json() == {"error": "Too many requests"}
    assert 1 <= int(refused["Retry-After"]) <= 300
    assert _headers(refused)[:2] == ("1", "0")


def test_the_limit_resets_when_the_window_ends(
    alice: Account, api_client: ApiClientFactory, limits: Limits
) -> None:
    limits(api=(1, 1))
    client = api_client(alice)
    client.get("/api/v1/accounts/verify_credentials")
    refused = client.get("/api/v1/accounts/verify_credentials")
    if refused.status_code == 200:  # the one-second window turned between the two
        refused = client.get("/api/v1/accounts/verify_credentials")
    assert refused.status_code == 429
    reset = datetime.fromisoformat(refused["X-RateLimit-Reset"]).timestamp()
    assert reset == int(reset) and refused["Retry-After"] == "1"

    time.sleep(max(0.0, reset - time.time()) + 0.01)
    again = client.get("/api/v1/accounts/verify_credentials")

    assert again.status_code == 200
    assert again["X-RateLimit-Remaining"] == "0"


def test_posting_statuses_has_its_own_stricter_bucket(
    alice: Account, api_client: ApiClientFactory, limits: Limits
) -> None:
    limits(statuses=(2, 10800))
    client = api_client(alice)
    answers = [
        client.post("/api/v1/statuses", {"status": f"Note {n}"}, content_type="application/json")
        for n in range(3)
    ]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert _headers(answers[1])[:2] == ("2", "0")
    assert (
        client.get("/api/v1/accounts/verify_credentials").status_code == 200
    )  # reading still works


def test_media_uploads_have_their_own_stricter_bucket(
    alice: Account, api_client: ApiClientFactory, limits: Limits, settings: Settings, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    limits(media=(1, 1800))
    client = api_client(alice)

    first = client.post("/api/v2/media", {"file": png_upload()})
    second = client.post("/api/v1/media", {"file": png_upload()})

    assert (first.status_code, second.status_code) == (200, 429)
    assert second.json() == {"error": "Too many requests"}


def test_api_sign_up_is_limited_per_address(db: None, limits: Limits) -> None:
    limits(sign_up=(1, 1800))
    client = Client(REMOTE_ADDR="192.0.2.9")
    body = {"username": "x", "email": "x@example.com", "password": PASSWORD, "agreement": True}

    client.post("/api/v1/accounts", body, content_type="application/json")
    refused = client.post("/api/v1/accounts", body, content_type="application/json")

    assert refused.status_code == 429 and "Retry-After" in refused


def test_the_password_grant_is_limited_per_address_and_account(
    alice: Account, bob: Account, limits: Limits
) -> None:
    limits(log_in=(2, 300))
    client = Client()
    app = register(client)

    wrong = [password_token(client, app, "alice", password="guess").status_code for _ in range(2)]
    refused = password_token(client, app, "alice")  # even the right password, for now

    assert wrong == [400, 400]
    assert refused.status_code == 429
    assert refused.json() == {"error": "Too many requests"}
    assert 1 <= int(refused["Retry-After"]) <= 300
    assert password_token(client, app, "bob").status_code == 200


def test_password_spraying_from_one_address_is_limited(
    alice: Account, bob: Account, limits: Limits
) -> None:
    limits(log_in_address=(1, 300))
    client = Client()
    app = register(client)

    password_token(client, app, "alice", password="guess")

    assert password_token(client, app, "bob", password="guess").status_code == 429


def test_with_limits_switched_off_nothing_is_counted(
    alice: Account, api_client: ApiClientFactory, limits: Limits, settings: Settings
) -> None:
    limits(api=(1, 300))
    settings.RATE_LIMITS_ENABLED = False
    client = api_client(alice)

    answers = [client.get("/api/v1/accounts/verify_credentials") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert "X-RateLimit-Limit" not in answers[0]
