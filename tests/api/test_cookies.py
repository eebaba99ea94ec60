"""The API knows its caller by token alone: cookies, sessions and CSRF belong to the pages."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account


def test_a_signed_in_session_does_not_authorize_the_api(alice: Account) -> None:
    browser = Client()
    browser.force_login(alice)

    response = browser.get("/api/v1/accounts/verify_credentials")

    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}


def test_a_cookie_post_without_a_csrf_token_is_refused_by_token_not_csrf(alice: Account) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)

    response = browser.post("/api/v1/statuses", {"status": "from a cookie"})

    assert response.status_code == 401
    assert not alice.posts.exists()


def test_api_answers_set_no_cookie_and_leave_the_session_alone(
    alice: Account, api_client: ApiClientFactory
) -> None:
    client = api_client(alice)
    client.force_login(alice)
    session_key = client.cookies["sessionid"].value

    response = client.get("/api/v1/timelines/home")

    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert client.cookies["sessionid"].value == session_key


def test_pages_keep_their_session_csrf_and_frame_policy(alice: Account) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)

    page = browser.get("/")
    forged = browser.post(reverse("web:compose"), {"text": "forged"})

    assert page.status_code == 200
    assert page["X-Frame-Options"] == "DENY"
    assert "csrftoken" in page.cookies
    assert forged.status_code == 403
    assert not alice.posts.exists()
