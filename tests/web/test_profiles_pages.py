"""Profile pages: the header, the three tabs, pinned posts, and who may see what."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.media.services import upload_image
from townsquare.posts.services import pin, publish_post
from townsquare.relationships.services import block, follow


def _client(account: Account | None = None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def _body(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (20, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def test_profile_shows_who_they_are(db: None) -> None:
    AccountFactory.create(
        username="erin",
        display_name="Erin Example",
        bio_html="<p>Gardener</p>",
        fields=[{"name": "Garden", "value": "roses"}],
        posts_count=3,
        followers_count=12,
    )

    body = _body(Client(), "/@erin")

    assert "Erin Example" in body
    assert "@erin" in body
    assert "<p>Gardener</p>" in body
    assert "Garden" in body
    assert "roses" in body
    assert "<strong>12</strong> followers" in body
    assert "/@erin/followers" in body
    assert "/@erin/following" in body
    assert "/@erin/friends" in body
    assert 'src="/@erin/avatar"' in body
    assert "/@erin/header" not in body


def test_profile_shows_the_header_image_when_there_is_one(db: None) -> None:
    AccountFactory.create(username="erin", header="headers/2026/11/banner.png")

    body = _body(Client(), "/@erin")

    assert 'src="/@erin/header"' in body


def test_profile_escapes_names_and_fields(db: None) -> None:
    AccountFactory.create(
        username="mallory",
        display_name="<script>alert(1)</script>",
        fields=[{"name": "<b>site</b>", "value": "<img src=x onerror=alert(2)>"}],
    )

    body = _body(Client(), "/@mallory")

    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<b>site</b>" not in body
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body


def test_profile_shows_at_most_four_fields(db: None) -> None:
    fields = [{"name": f"field-{number}", "value": "v"} for number in range(6)]
    AccountFactory.create(username="erin", fields=fields)

    body = _body(Client(), "/@erin")

    assert "field-3" in body
    assert "field-4" not in body


def test_unknown_profile_is_not_found(db: None) -> None:
    assert Client().get("/@nobody_here").status_code == 404


def test_tabs_split_replies_and_media(alice: Account, bob: Account, committed) -> None:
    with committed():
        parent = publish_post(author=bob, text="bob asks")
        publish_post(author=alice, text="a plain post plain-mark")
        publish_post(author=alice, text="@bob a reply reply-mark", in_reply_to=parent)
        photo = upload_image(owner=alice, file=_png(), description="a blue square")
        publish_post(author=alice, text="look media-mark", media=[photo])
    client = Client()

    posts_tab = _body(client, "/@alice")
    replies_tab = _body(client, "/@alice/replies")
    media_tab = _body(client, "/@alice/media")

    assert "plain-mark" in posts_tab
    assert "reply-mark" not in posts_tab
    assert all(mark in replies_tab for mark in ("plain-mark", "reply-mark", "media-mark"))
    assert "media-mark" in media_tab
    assert "plain-mark" not in media_tab
    assert "reply-mark" not in media_tab


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/@alice", "Posts"),
        ("/@alice/replies", "Posts and replies"),
        ("/@alice/media", "Media"),
    ],
)
def test_the_active_tab_is_marked(url: str, current: str, alice: Account) -> None:
    body = _body(Client(), url)

    assert body.count('aria-current="page"') == 1
    assert f'aria-current="page">{current}</a>' in body


@pytest.mark.parametrize(
    ("viewer", "sees"), [("follower", True), ("stranger", False), ("anonymous", False)]
)
def test_followers_only_posts_need_a_follow(
    viewer: str, sees: bool, alice: Account, bob: Account, carol: Account, committed
) -> None:
    with committed():
        follow(follower=bob, followee=alice)
        publish_post(author=alice, text="for friends fo-mark", visibility="followers")
    people = {"follower": bob, "stranger": carol, "anonymous": None}

    body = _body(_client(people[viewer]), "/@alice")

    assert ("fo-mark" in body) is sees


@pytest.mark.parametrize("direction", ["viewer blocks", "viewer is blocked"])
def test_profile_is_not_found_across_a_block(
    direction: str, alice: Account, bob: Account, committed
) -> None:
    with committed():
        if direction == "viewer blocks":
            block(blocker=bob, blocked=alice)
        else:
            block(blocker=alice, blocked=bob)

    for url in ("/@alice", "/@alice/replies", "/@alice/media"):
        assert _client(bob).get(url).status_code == 404


def test_pinned_posts_come_first_on_the_posts_tab(alice: Account, committed) -> None:
    with committed():
        old = publish_post(author=alice, text="old but pinned pinned-mark")
        publish_post(author=alice, text="newer newer-mark")
        pin(account=alice, post=old)
    client = Client()

    posts_tab = _body(client, "/@alice")
    replies_tab = _body(client, "/@alice/replies")

    assert posts_tab.index("pinned-mark") < posts_tab.index("newer-mark")
    assert "Pinned" in posts_tab
    assert replies_tab.index("newer-mark") < replies_tab.index("pinned-mark")


def test_visitors_are_asked_to_log_in_to_follow(alice: Account) -> None:
    body = _body(Client(), "/@alice")

    assert "Log in to follow" in body


def test_follows_you_badge_and_locked_sign(alice: Account, bob: Account, committed) -> None:
    with committed():
        follow(follower=alice, followee=bob)
    AccountFactory.create(username="erin", is_locked=True)

    alice_profile = _body(_client(bob), "/@alice")
    erin_profile = _body(_client(bob), "/@erin")

    assert "Follows you" in alice_profile
    assert "Log in to follow" not in alice_profile
    assert "Locked account" not in alice_profile
    assert "Locked account" in erin_profile
    assert "Follows you" not in erin_profile


def test_friends_count_counts_mutual_follows(
    alice: Account, bob: Account, carol: Account, committed
) -> None:
    with committed():
        follow(follower=alice, followee=bob)
        follow(follower=bob, followee=alice)
        follow(follower=carol, followee=alice)

    body = _body(Client(), "/@alice")

    assert "<strong>1</strong> friend<" in body
    assert "<strong>2</strong> followers" in body
