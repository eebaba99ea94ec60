"""OAuth 2 as Mastodon clients use it: register an app, get a token, use it, revoke it."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.factories import PASSWORD
from townsquare.accounts.models import Account

OOB = "urn:ietf:wg:oauth:2.0:oob"


def register(client: Client, **overrides: Any) -> dict[str, Any]:
    body = {"client_name": "Test app", "redirect_uris": OOB, "scopes": "read write follow"}
    response = client.post("/api/v1/apps", body | overrides, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def password_token(client: Client, app: dict[str, Any], username: str, **extra: str) -> Any:
    return client.post(
        "/oauth/token",
        {
            "grant_type": "password",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "username": username,
            "password": PASSWORD,
            "scope": "read write",
        }
        | extra,
    )


@pytest.mark.django_db
def test_registering_an_app_returns_its_credentials_once() -> None:
    app = register(Client())
    assert app["name"] == "Test app"
    assert app["redirect_uri"] == OOB
    assert app["redirect_uris"] == [OOB]
    assert app["scopes"] == ["read", "write", "follow"]
    assert len(app["client_secret"]) >= 32
    assert app["client_secret_expires_at"] == 0


@pytest.mark.django_db
def test_an_app_can_be_registered_with_a_form_body_and_trailing_slash() -> None:
    response = Client().post(
        "/api/v1/apps/",
        urlencode({"client_name": "Form app", "redirect_uris[]": "https://app.example/cb"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert response.json()["redirect_uris"] == ["https://app.example/cb"]
    assert response.json()["scopes"] == ["read"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"redirect_uris": OOB}, "client_name"),
        ({"client_name": "x", "redirect_uris": "javascript:alert(1)"}, "redirect"),
        ({"client_name": "x", "redirect_uris": OOB, "scopes": "read everything"}, "Unknown scope"),
        ({"client_name": "x" * 300, "redirect_uris": OOB}, "at most 200"),
    ],
)
def test_bad_app_registrations_answer_422_naming_the_problem(
    body: dict[str, str], message: str
) -> None:
    response = Client().post("/api/v1/apps", body, content_type="application/json")
    assert response.status_code == 422
    assert message in response.json()["error"]


@pytest.mark.django_db
def test_malformed_json_answers_400_with_a_json_error() -> None:
    response = Client().post("/api/v1/apps", b"{nope", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": "The request body is not valid JSON"}


def test_password_grant_takes_the_email_and_gives_a_working_token(alice: Account) -> None:
    client = Client()
    app = register(client)
    response = password_token(client, app, "alice@example.com")
    assert response.status_code == 200, response.content
    token = response.json()
    assert token["token_type"] == "Bearer"
    assert token["scope"] == "read write"
    assert isinstance(token["created_at"], int)
    check = client.get(
        "/api/v1/apps/verify_credentials",
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    assert check.status_code == 200
    assert check.json()["name"] == "Test app"


def test_password_grant_refuses_a_wrong_password(alice: Account) -> None:
    client = Client()
    app = register(client)
    response = password_token(client, app, "alice@example.com", password="wrong")
    assert response.status_code in {400, 401}
    assert response.json()["error"] == "invalid_grant"


def test_a_token_cannot_ask_for_scopes_its_app_did_not_register(alice: Account) -> None:
    client = Client()
    app = register(client, scopes="read")
    response = password_token(client, app, "alice", scope="read write")
    assert response.status_code in {400, 401}
    assert "scope" in response.json()["error"]


def test_authorization_code_flow_with_the_out_of_band_redirect(alice: Account) -> None:
    client = Client()
    app = register(client)
    client.force_login(alice)
    query = {
        "response_type": "code",
        "client_id": app["client_id"],
        "redirect_uri": OOB,
        "scope": "read write",
    }
    consent = client.get("/oauth/authorize?" + urlencode(query))
    assert consent.status_code == 200
    assert "Authorise Test app" in consent.content.decode()
    shown = client.post(
        "/oauth/authorize?" + urlencode(query),
        query | {"allow": "Authorize", "scope": "read write"},
    )
    assert shown.status_code == 200
    code = re.search(r'readonly value="([^"]+)"', shown.content.decode())
    assert code is not None
    token = client.post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": code.group(1),
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "redirect_uri": OOB,
        },
    )
    assert token.status_code == 200, token.content
    assert token.json()["scope"] == "read write"


def test_a_revoked_token_no_longer_works(alice: Account) -> None:
    client = Client()
    app = register(client)
    access = password_token(client, app, "alice").json()["access_token"]
    revoked = client.post(
        "/oauth/revoke",
        {"client_id": app["client_id"], "client_secret": app["client_secret"], "token": access},
    )
    assert revoked.status_code == 200
    after = client.get(
        "/api/v1/apps/verify_credentials", headers={"Authorization": f"Bearer {access}"}
    )
    assert after.status_code == 401
    assert after.json() == {"error": "The access token is invalid"}


@pytest.mark.django_db
def test_metadata_lists_the_grants_really_supported() -> None:
    metadata = Client().get("/.well-known/oauth-authorization-server").json()
    assert set(metadata["grant_types_supported"]) == {
        "authorization_code",
        "client_credentials",
        "refresh_token",
        "password",
    }
    assert metadata["token_endpoint"].endswith("/oauth/token")
    assert "read:statuses" in metadata["scopes_supported"]
