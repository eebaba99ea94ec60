"""Statuses and accounts are rendered once per version of their rows and shared between
requests: what belongs to one viewer, or changes with the clock, never travels with them."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.api.conftest import ApiClientFactory, png_upload
from townsquare.accounts.models import Account
from townsquare.accounts.services import update_profile
from townsquare.media.models import MediaAttachment
from townsquare.media.services import upload_image
from townsquare.posts.models import Post
from townsquare.posts.services import edit_post, like, publish_post
from townsquare.relationships.services import follow


def _status(client: object, post: Post) -> dict[str, object]:
    response = client.get(f"/api/v1/statuses/{post.id}")  # type: ignore[attr-defined]
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def test_one_viewers_flags_never_reach_another(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    post = publish_post(author=alice, text="shared")
    like(account=bob, post=post)
    as_bob, as_carol, as_alice = api_client(bob), api_client(carol), api_client(alice)
    assert _status(as_bob, post)["favourited"] is True
    assert _status(as_carol, post)["favourited"] is False
    assert "pinned" not in _status(as_carol, post)
    assert _status(as_alice, post)["pinned"] is False
    assert _status(as_bob, post)["favourited"] is True


def test_counts_edits_and_profile_changes_show_at_once(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    post = publish_post(author=alice, text="first words")
    client = api_client(bob)
    before = _status(client, post)
    assert before["favourites_count"] == 0
    like(account=bob, post=post)
    assert _status(client, post)["favourites_count"] == 1
    edit_post(editor=alice, post=Post.objects.get(pk=post.pk), text="second words")
    assert "second words" in str(_status(client, post)["content"])
    update_profile(account=Account.objects.get(pk=alice.pk), display_name="Alice Renamed")
    account = _status(client, post)["account"]
    assert isinstance(account, dict)
    assert account["display_name"] == "Alice Renamed"


def test_images_of_followers_only_posts_are_signed_on_every_rendering(
    api_client: ApiClientFactory, alice: Account, bob: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    follow(follower=bob, followee=alice)
    hidden = upload_image(owner=alice, file=png_upload())
    shown = upload_image(owner=alice, file=png_upload())
    private = publish_post(
        author=alice, text="for followers", visibility="followers", media=[hidden]
    )
    public = publish_post(author=alice, text="for all", media=[shown])
    client = api_client(bob)
    now = time.time()
    urls = []
    for hours_later in (0, 2):
        monkeypatch.setattr(time, "time", lambda hours=hours_later: now + hours * 3600)
        private_url = _status(client, private)["media_attachments"][0]["url"]  # type: ignore[index]
        public_url = _status(client, public)["media_attachments"][0]["url"]  # type: ignore[index]
        assert "?sig=" in private_url
        assert "?sig=" not in public_url
        urls.append(private_url)
    assert urls[0] != urls[1]  # signed afresh two hours on, not remembered
    MediaAttachment.objects.filter(pk=shown.pk).update(description="described later")
    described = _status(client, public)["media_attachments"][0]  # type: ignore[index]
    assert described["description"] == "described later"


def test_the_callers_own_account_adds_its_source_to_a_copy(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    own = api_client(alice).get("/api/v1/accounts/verify_credentials").json()
    assert "source" in own
    seen = api_client(bob).get(f"/api/v1/accounts/{alice.id}").json()
    assert "source" not in seen
    assert seen["username"] == "alice"


def test_a_host_gets_its_own_urls(
    api_client: ApiClientFactory, alice: Account, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    post = publish_post(author=alice, text="hosts")
    first = api_client(alice).get(f"/api/v1/statuses/{post.id}", HTTP_HOST="one.example")
    second = api_client(alice).get(f"/api/v1/statuses/{post.id}", HTTP_HOST="two.example")
    assert first.json()["url"].startswith("http://one.example/")
    assert second.json()["url"].startswith("http://two.example/")
    assert second.json()["account"]["url"].startswith("http://two.example/")
