"""POST /api/v1/accounts/:id/follow with reblogs, notify and languages; the Relationship fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.notification import Notification
from townsquare.api.schemas.relationship import Relationship
from townsquare.posts.services import publish_post
from townsquare.relationships.models import Follow

notifications_list = TypeAdapter(list[Notification])


def follow_with(client: Client, target: Account, body: dict[str, Any], *, as_json: bool) -> Any:
    url = f"/api/v1/accounts/{target.id}/follow"
    if as_json:
        return client.post(url, body, content_type="application/json")
    return client.post(url, body)


def options(follower: Account, followee: Account) -> tuple[bool, bool, list[str] | None]:
    edge = Follow.objects.get(follower=follower, followee=followee)
    return edge.show_boosts, edge.notify, edge.languages


def test_a_plain_follow_answers_mastodons_defaults(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    answer = api_client(alice).post(f"/api/v1/accounts/{bob.id}/follow")

    assert answer.status_code == 200
    relationship = Relationship.model_validate(answer.json())
    assert relationship.following is True
    assert relationship.showing_reblogs is True
    assert relationship.notifying is False
    assert relationship.languages is None


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "form"])
@pytest.mark.parametrize(
    ("given", "expected"),
    [("true", True), ("false", False), ("1", True), ("0", False), (True, True), (False, False)],
)
def test_reblogs_and_notify_take_booleans_in_any_spelling(
    api_client: ApiClientFactory,
    alice: Account,
    bob: Account,
    as_json: bool,
    given: Any,
    expected: bool,
) -> None:
    if not as_json and isinstance(given, bool):
        given = str(given).lower()
    client = api_client(alice)
    answer = follow_with(client, bob, {"reblogs": given, "notify": given}, as_json=as_json)

    assert answer.status_code == 200
    data = Relationship.model_validate(answer.json())
    assert (data.showing_reblogs, data.notifying) == (expected, expected)
    assert options(alice, bob)[:2] == (expected, expected)


def test_following_again_changes_the_options_it_names(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice)
    follow_with(client, bob, {"notify": True, "languages": ["en", "de"]}, as_json=True)

    again = follow_with(client, bob, {"reblogs": "0"}, as_json=False).json()

    assert (again["showing_reblogs"], again["notifying"], again["languages"]) == (
        False,
        True,
        ["en", "de"],
    )
    listed = client.get("/api/v1/accounts/relationships", {"id[]": [str(bob.id)]}).json()
    assert listed[0]["notifying"] is True
    assert listed[0]["showing_reblogs"] is False


def test_languages_as_a_form_list(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    answer = api_client(alice).post(
        f"/api/v1/accounts/{bob.id}/follow", {"languages[]": ["fr", "EN"]}
    )

    assert answer.json()["languages"] == ["fr", "en"]
    assert options(alice, bob)[2] == ["fr", "en"]


@pytest.mark.parametrize(
    "body",
    [{"reblogs": "maybe"}, {"notify": [1]}, {"languages": "en"}, {"languages": ["<script>"]}],
)
def test_bad_options_are_refused_and_nothing_is_followed(
    api_client: ApiClientFactory, alice: Account, bob: Account, body: dict[str, Any]
) -> None:
    answer = follow_with(api_client(alice), bob, body, as_json=True)

    assert answer.status_code in {400, 422}
    assert "error" in answer.json()
    assert not Follow.objects.filter(follower=alice, followee=bob).exists()


def test_a_locked_account_answers_the_requested_options(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    Account.objects.filter(pk=bob.pk).update(is_locked=True)

    asked = follow_with(api_client(alice), bob, {"notify": True}, as_json=True).json()

    assert asked["requested"] is True
    assert asked["following"] is False
    assert asked["notifying"] is True


def test_another_persons_follow_options_are_not_shown(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    # bob follows alice with notify on; alice's relationship with bob says nothing of it.
    follow_with(api_client(bob), alice, {"notify": True}, as_json=True)

    seen = api_client(alice).get("/api/v1/accounts/relationships", {"id[]": [str(bob.id)]})

    data = seen.json()[0]
    assert data["followed_by"] is True
    assert (data["following"], data["notifying"], data["showing_reblogs"]) == (False, False, False)


def test_a_status_notification_reaches_the_api_as_type_status(
    api_client: ApiClientFactory, committed: Any, alice: Account, bob: Account
) -> None:
    follow_with(api_client(bob), alice, {"notify": "true"}, as_json=False)
    with committed():
        new = publish_post(author=alice, text="news", visibility="followers")

    found = api_client(bob).get("/api/v1/notifications", {"types[]": ["status"]})

    assert found.status_code == 200
    items = notifications_list.validate_python(found.json())
    assert [(item.type, item.account.username) for item in items] == [("status", "alice")]
    assert found.json()[0]["status"]["id"] == str(new.id)
