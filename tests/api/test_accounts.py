"""/api/v1/accounts: own profile, other people, their posts and lists, and sign-up."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.client import encode_multipart
from pydantic import TypeAdapter

from tests.api.conftest import (
    OOB,
    ApiClientFactory,
    link_urls,
    path_of,
    png_upload,
    token_for,
)
from townsquare.accounts.models import Account
from townsquare.api.schemas.account import Account as AccountSchema
from townsquare.api.schemas.account import CredentialAccount, Token
from townsquare.api.schemas.status import Status
from townsquare.instance.services import update_instance_settings
from townsquare.posts.services import boost, pin, publish_post
from townsquare.relationships.services import block, follow

accounts_list = TypeAdapter(list[AccountSchema])
statuses_list = TypeAdapter(list[Status])


def test_verify_credentials_shows_the_plain_sources(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    Account.objects.filter(pk=alice.pk).update(is_locked=True)
    follow(follower=bob, followee=Account.objects.get(pk=alice.pk))
    response = api_client(alice, scopes="read:accounts").get("/api/v1/accounts/verify_credentials")
    assert response.status_code == 200
    me = CredentialAccount.model_validate(response.json())
    assert me.username == "alice"
    assert me.acct == "alice"
    assert me.url == "http://testserver/@alice"
    assert me.avatar == "http://testserver/@alice/avatar"
    assert me.created_at.endswith("T00:00:00.000Z")
    assert me.source.follow_requests_count == 1
    assert me.locked is True


def test_verify_credentials_needs_a_token_and_the_scope(
    api_client: ApiClientFactory, alice: Account
) -> None:
    assert Client().get("/api/v1/accounts/verify_credentials").status_code == 401
    refused = api_client(alice, scopes="write").get("/api/v1/accounts/verify_credentials")
    assert refused.status_code == 403
    assert refused.json() == {"error": "This action is outside the authorized scopes"}


def test_update_credentials_takes_a_multipart_form_with_fields_and_an_avatar(
    api_client: ApiClientFactory, alice: Account
) -> None:
    client = api_client(alice, scopes="write:accounts")
    body = {
        "display_name": "Alice A.",
        "note": "Hello #world",
        "locked": "true",
        "discoverable": "0",
        "fields_attributes[0][name]": "Site",
        "fields_attributes[0][value]": "https://alice.example",
        "fields_attributes[1][name]": "Pronouns",
        "fields_attributes[1][value]": "she/her",
        "avatar": png_upload(),
    }
    boundary = "BoUnDaRy"
    response = client.patch(
        "/api/v1/accounts/update_credentials",
        encode_multipart(boundary, body),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 200, response.content
    me = CredentialAccount.model_validate(response.json())
    assert me.display_name == "Alice A."
    assert me.locked is True
    assert me.discoverable is False
    assert [field.name for field in me.fields] == ["Site", "Pronouns"]
    assert me.source.note == "Hello #world"
    assert "world" in me.note
    alice.refresh_from_db()
    assert alice.avatar.name


def test_update_credentials_takes_json_and_names_the_limit(
    api_client: ApiClientFactory, alice: Account
) -> None:
    client = api_client(alice, scopes="write:accounts")
    ok = client.patch(
        "/api/v1/accounts/update_credentials",
        {"display_name": "Ally", "fields_attributes": [{"name": "A", "value": "b"}]},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["fields"][0]["value"] == "b"
    too_long = client.patch(
        "/api/v1/accounts/update_credentials",
        {"display_name": "x" * 500},
        content_type="application/json",
    )
    assert too_long.status_code == 422
    assert "at most 100" in too_long.json()["error"]


def test_update_credentials_needs_write_accounts(
    api_client: ApiClientFactory, alice: Account
) -> None:
    response = api_client(alice, scopes="read").patch(
        "/api/v1/accounts/update_credentials", {}, content_type="application/json"
    )
    assert response.status_code == 403


def test_an_account_is_readable_anonymously_and_unknown_ids_are_404(
    alice: Account, bob: Account
) -> None:
    client = Client()
    response = client.get(f"/api/v1/accounts/{bob.id}")
    assert response.status_code == 200
    assert AccountSchema.model_validate(response.json()).username == "bob"
    for bad in ("12345", "nope", "-1", "9" * 30):
        missing = client.get(f"/api/v1/accounts/{bad}")
        assert missing.status_code == 404
        assert missing.json() == {"error": "Record not found"}


def test_a_blocked_account_is_404_both_ways(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    block(blocker=bob, blocked=alice)
    assert api_client(alice).get(f"/api/v1/accounts/{bob.id}").status_code == 404
    assert api_client(bob).get(f"/api/v1/accounts/{alice.id}").status_code == 404
    assert api_client(alice).get(f"/api/v1/accounts/{bob.id}/statuses").status_code == 404


def test_lookup_finds_a_local_account_by_acct(alice: Account) -> None:
    client = Client()
    assert client.get("/api/v1/accounts/lookup?acct=ALICE").json()["id"] == str(alice.id)
    assert client.get("/api/v1/accounts/lookup?acct=@alice@testserver").status_code == 200
    assert client.get("/api/v1/accounts/lookup?acct=alice@elsewhere.example").status_code == 404
    assert client.get("/api/v1/accounts/lookup?acct=nobody").status_code == 404


def test_search_matches_username_and_display_name_prefixes(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    Account.objects.filter(pk=carol.pk).update(display_name="Bobby Tables")
    response = api_client(alice).get("/api/v1/accounts/search?q=bob")
    assert response.status_code == 200
    found = accounts_list.validate_python(response.json())
    assert {account.username for account in found} == {"bob", "carol"}
    block(blocker=alice, blocked=bob)
    after = api_client(alice).get("/api/v1/accounts/search?q=bob").json()
    assert [account["username"] for account in after] == ["carol"]


def test_account_statuses_follow_the_visibility_rule(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    public = publish_post(author=alice, text="for everyone")
    private = publish_post(author=alice, text="for followers", visibility="followers")
    follow(follower=bob, followee=alice)
    stranger = Client().get(f"/api/v1/accounts/{alice.id}/statuses")
    assert [item["id"] for item in stranger.json()] == [str(public.id)]
    follower = api_client(bob).get(f"/api/v1/accounts/{alice.id}/statuses")
    statuses = statuses_list.validate_python(follower.json())
    assert [status.id for status in statuses] == [str(private.id), str(public.id)]
    assert statuses[0].visibility == "private"


def test_account_statuses_filters(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    original = publish_post(author=bob, text="bob's #Topic")
    own = publish_post(author=alice, text="mine #topic")
    reply = publish_post(author=alice, text="@bob yes", in_reply_to=original)
    shared = boost(account=alice, post=original)
    client = api_client(bob)
    path = f"/api/v1/accounts/{alice.id}/statuses"

    def ids(query: str) -> list[str]:
        return [item["id"] for item in client.get(f"{path}?{query}").json()]

    assert ids("") == [str(shared.id), str(reply.id), str(own.id)]
    assert ids("exclude_replies=true") == [str(shared.id), str(own.id)]
    assert ids("exclude_reblogs=1") == [str(reply.id), str(own.id)]
    assert ids("tagged=TOPIC") == [str(own.id)]
    assert ids("only_media=true") == []
    boosted = client.get(path).json()[0]
    assert boosted["reblog"]["id"] == str(original.id)


def test_account_statuses_page_with_link_headers(alice: Account) -> None:
    posts = [publish_post(author=alice, text=f"post {n}") for n in range(5)]
    client = Client()
    seen: list[str] = []
    path = f"/api/v1/accounts/{alice.id}/statuses?limit=2"
    for _ in range(3):
        response = client.get(path)
        seen += [item["id"] for item in response.json()]
        links = link_urls(response)
        if "next" not in links:
            break
        path = path_of(links["next"])
    assert seen == [str(post.id) for post in reversed(posts)]
    first = client.get(f"/api/v1/accounts/{alice.id}/statuses?limit=2")
    assert 'rel="prev"' in first.headers["Link"]


def test_pinned_statuses(alice: Account) -> None:
    publish_post(author=alice, text="not pinned")
    pinned = publish_post(author=alice, text="pinned")
    pin(account=alice, post=pinned)
    response = Client().get(f"/api/v1/accounts/{alice.id}/statuses?pinned=true")
    assert [item["id"] for item in response.json()] == [str(pinned.id)]


def test_followers_and_following_page_over_three_pages(
    alice: Account, bob: Account, carol: Account, dave: Account
) -> None:
    for person in (bob, carol, dave):
        follow(follower=person, followee=alice)
    client = Client()
    seen: list[str] = []
    path = f"/api/v1/accounts/{alice.id}/followers?limit=1"
    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200
        seen += [item.username for item in accounts_list.validate_python(response.json())]
        path = path_of(link_urls(response)["next"])
    assert seen == ["dave", "carol", "bob"]
    following = client.get(f"/api/v1/accounts/{bob.id}/following").json()
    assert [item["username"] for item in following] == ["alice"]


def test_follower_lists_cap_the_limit_at_80(alice: Account) -> None:
    response = Client().get(f"/api/v1/accounts/{alice.id}/followers?limit=100000")
    assert response.status_code == 200


def _app_token(scopes: str = "read write") -> str:
    """A client-credentials token: an app acting for nobody, as sign-up needs."""
    client = Client()
    app = client.post(
        "/api/v1/apps",
        {"client_name": "Signup app", "redirect_uris": OOB, "scopes": scopes},
        content_type="application/json",
    ).json()
    token = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "scope": scopes,
        },
    )
    assert token.status_code == 200, token.content
    return str(token.json()["access_token"])


@pytest.mark.django_db
def test_registration_with_an_app_token_returns_a_working_token() -> None:
    client = Client(headers={"Authorization": f"Bearer {_app_token()}"})
    response = client.post(
        "/api/v1/accounts",
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password": "a long and unusual passphrase",
            "agreement": "true",
            "locale": "en",
        },
    )
    assert response.status_code == 200, response.content
    token = Token.model_validate(response.json())
    me = Client().get(
        "/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {token.access_token}"},
    )
    assert me.json()["username"] == "newbie"


@pytest.mark.django_db
def test_registration_errors_carry_details(alice: Account) -> None:
    client = Client(headers={"Authorization": f"Bearer {_app_token()}"})
    body = {
        "username": "alice",
        "email": "x@example.com",
        "password": "a long and unusual passphrase",
        "agreement": True,
    }
    taken = client.post("/api/v1/accounts", body, content_type="application/json")
    assert taken.status_code == 422
    assert taken.json()["details"]["username"][0]["error"] == "ERR_TAKEN"
    refused = client.post(
        "/api/v1/accounts", body | {"agreement": False}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["details"]["agreement"][0]["error"] == "ERR_ACCEPTED"


@pytest.mark.django_db
def test_registration_follows_the_registration_mode() -> None:
    update_instance_settings(registration_mode="closed")
    client = Client(headers={"Authorization": f"Bearer {_app_token()}"})
    response = client.post(
        "/api/v1/accounts",
        {
            "username": "x1",
            "email": "x1@example.com",
            "password": "long enough pass 123",
            "agreement": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 403


def test_registration_needs_write_accounts(alice: Account) -> None:
    client = Client(headers={"Authorization": f"Bearer {token_for(alice, 'read')}"})
    assert client.post("/api/v1/accounts", {}).status_code == 403
    assert Client().post("/api/v1/accounts", {}).status_code == 401


def test_featured_tags_are_empty_for_visible_accounts(alice: Account) -> None:
    assert Client().get(f"/api/v1/accounts/{alice.id}/featured_tags").json() == []
    assert Client().get("/api/v1/accounts/42/featured_tags").status_code == 404
