"""Follow, block and mute over the API; relationships; follow requests."""

from __future__ import annotations

from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory, link_urls, path_of
from townsquare.accounts.models import Account
from townsquare.api.schemas.account import Account as AccountSchema
from townsquare.api.schemas.account import MutedAccount
from townsquare.api.schemas.relationship import Relationship
from townsquare.relationships.selectors import is_following, muted_account_ids
from townsquare.relationships.services import block, follow

relationships_list = TypeAdapter(list[Relationship])
accounts_list = TypeAdapter(list[AccountSchema])


def test_follow_and_unfollow_answer_the_relationship(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice, scopes="write:follows")
    followed = client.post(f"/api/v1/accounts/{bob.id}/follow")
    assert followed.status_code == 200
    relationship = Relationship.model_validate(followed.json())
    assert relationship.id == str(bob.id)
    assert relationship.following is True
    assert is_following(alice.pk, bob.pk)
    unfollowed = Relationship.model_validate(
        client.post(f"/api/v1/accounts/{bob.id}/unfollow").json()
    )
    assert unfollowed.following is False


def test_following_a_locked_account_is_a_request_they_can_authorize(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    Account.objects.filter(pk=bob.pk).update(is_locked=True)
    asked = api_client(alice).post(f"/api/v1/accounts/{bob.id}/follow").json()
    assert asked["requested"] is True
    assert asked["following"] is False
    api_client(carol).post(f"/api/v1/accounts/{bob.id}/follow")
    owner = api_client(bob)
    listed = owner.get("/api/v1/follow_requests")
    assert listed.status_code == 200
    requesters = accounts_list.validate_python(listed.json())
    assert [account.username for account in requesters] == ["carol", "alice"]
    authorized = owner.post(f"/api/v1/follow_requests/{alice.id}/authorize")
    assert Relationship.model_validate(authorized.json()).followed_by is True
    rejected = owner.post(f"/api/v1/follow_requests/{carol.id}/reject")
    assert rejected.json()["requested_by"] is False
    assert is_following(alice.pk, bob.pk)
    assert not is_following(carol.pk, bob.pk)
    assert owner.get("/api/v1/follow_requests").json() == []


def test_follow_requests_page_with_link_headers(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, dave: Account
) -> None:
    Account.objects.filter(pk=alice.pk).update(is_locked=True)
    locked = Account.objects.get(pk=alice.pk)
    for person in (bob, carol, dave):
        follow(follower=person, followee=locked)
    client = api_client(alice, scopes="read:follows")
    path = "/api/v1/follow_requests?limit=1"
    seen = []
    for _ in range(3):
        response = client.get(path)
        seen += [item["username"] for item in response.json()]
        path = path_of(link_urls(response)["next"])
    assert seen == ["dave", "carol", "bob"]


def test_authorizing_without_a_request_is_404(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    response = api_client(alice).post(f"/api/v1/follow_requests/{bob.id}/authorize")
    assert response.status_code == 404


def test_block_and_unblock(api_client: ApiClientFactory, alice: Account, bob: Account) -> None:
    follow(follower=alice, followee=bob)
    client = api_client(alice, scopes="write:blocks")
    blocked = Relationship.model_validate(client.post(f"/api/v1/accounts/{bob.id}/block").json())
    assert blocked.blocking is True
    assert blocked.following is False
    assert client.post(f"/api/v1/accounts/{bob.id}/unblock").json()["blocking"] is False


def test_blocking_someone_who_blocks_you_works(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    block(blocker=bob, blocked=alice)
    response = api_client(alice).post(f"/api/v1/accounts/{bob.id}/block")
    assert response.status_code == 200
    assert response.json()["blocked_by"] is True


def test_following_someone_who_blocks_you_is_404(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    block(blocker=bob, blocked=alice)
    assert api_client(alice).post(f"/api/v1/accounts/{bob.id}/follow").status_code == 404


def test_mute_with_a_duration_and_without_notifications(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice, scopes="write:mutes")
    muted = client.post(
        f"/api/v1/accounts/{bob.id}/mute",
        {"duration": 3600, "notifications": False},
        content_type="application/json",
    )
    assert muted.status_code == 200
    relationship = Relationship.model_validate(muted.json())
    assert relationship.muting is True
    assert relationship.muting_notifications is False
    assert bob.pk in muted_account_ids(alice.pk)
    unmuted = client.post(f"/api/v1/accounts/{bob.id}/unmute").json()
    assert unmuted["muting"] is False


def test_mute_takes_a_form_body_and_validates_the_duration(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice)
    ok = client.post(f"/api/v1/accounts/{bob.id}/mute", {"notifications": "true"})
    assert ok.json()["muting_notifications"] is True
    bad = client.post(f"/api/v1/accounts/{bob.id}/mute", {"duration": "soon"})
    assert bad.status_code == 422
    assert "duration" in bad.json()["error"]


def test_relationship_actions_need_their_scopes(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    reader = api_client(alice, scopes="read")
    for verb in ("follow", "unfollow", "block", "unblock", "mute", "unmute"):
        assert reader.post(f"/api/v1/accounts/{bob.id}/{verb}").status_code == 403
        assert Client().post(f"/api/v1/accounts/{bob.id}/{verb}").status_code == 401
    follows_only = api_client(alice, scopes="write:follows")
    assert follows_only.post(f"/api/v1/accounts/{bob.id}/block").status_code == 403
    legacy = api_client(alice, scopes="follow")
    assert legacy.post(f"/api/v1/accounts/{bob.id}/block").status_code == 200


def test_relationships_for_several_ids_in_order(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    follow(follower=alice, followee=carol)
    follow(follower=bob, followee=alice)
    response = api_client(alice, scopes="read:follows").get(
        f"/api/v1/accounts/relationships?id[]={carol.id}&id[]=junk&id[]=123&id[]={bob.id}"
    )
    assert response.status_code == 200
    found = relationships_list.validate_python(response.json())
    assert [item.id for item in found] == [str(carol.id), str(bob.id)]
    assert found[0].following is True
    assert found[1].followed_by is True
    single = api_client(alice).get(f"/api/v1/accounts/relationships?id={bob.id}").json()
    assert single[0]["followed_by"] is True


def test_blocks_and_mutes_lists(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    client = api_client(alice)
    client.post(f"/api/v1/accounts/{bob.id}/block")
    client.post(f"/api/v1/accounts/{carol.id}/mute", {"duration": "60"})
    blocked = client.get("/api/v1/blocks")
    assert [item.username for item in accounts_list.validate_python(blocked.json())] == ["bob"]
    muted = client.get("/api/v1/mutes").json()
    assert MutedAccount.model_validate(muted[0]).mute_expires_at is not None
    assert muted[0]["username"] == "carol"
    assert api_client(alice, scopes="read:mutes").get("/api/v1/blocks").status_code == 403
    assert api_client(alice, scopes="read:blocks").get("/api/v1/mutes").status_code == 403
