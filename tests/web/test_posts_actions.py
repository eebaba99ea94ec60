"""Like, boost, bookmark and pin from the web: plain POST + redirect, or htmx + partial."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from townsquare.accounts.models import Account
from townsquare.posts.models import Bookmark, Like, Pin, Post
from townsquare.posts.services import boost, like, publish_post

HTMX = {"HX-Request": "true"}


def _client(account: Account | None = None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def _action(verb: str, post: Post) -> str:
    return reverse(f"web:post_{verb}", args=[post.id])


def _pressed(body: str, kind: str) -> bool:
    match = re.search(rf'class="{kind}" aria-pressed="(true|false)"', body)
    assert match is not None, f"no {kind} button"
    return match.group(1) == "true"


@pytest.mark.parametrize(
    ("verb", "model"), [("like", Like), ("bookmark", Bookmark), ("boost", None)]
)
def test_action_without_javascript_redirects_back(
    verb: str, model: type[Like | Bookmark] | None, alice: Account, bob: Account
) -> None:
    post = publish_post(author=bob, text="nice day")

    response = _client(alice).post(_action(verb, post), {"next": "/local?max_id=5"})

    assert response.status_code == 302
    assert response["Location"] == "/local?max_id=5"
    if model is None:
        assert Post.objects.filter(author=alice, reblog_of=post).exists()
    else:
        assert model.objects.filter(account=alice, post=post).exists()


@pytest.mark.parametrize(
    ("verb", "kind"), [("like", "like"), ("bookmark", "bookmark"), ("boost", "boost")]
)
def test_action_with_htmx_returns_the_pressed_post(
    verb: str, kind: str, alice: Account, bob: Account
) -> None:
    post = publish_post(author=bob, text="nice day")

    response = _client(alice).post(_action(verb, post), {"next": "/"}, headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith(f'<article id="post-{post.id}"')
    assert 'aria-pressed="true"' in body
    assert _pressed(body, kind)


def test_undo_with_htmx_shows_the_button_released(alice: Account, bob: Account) -> None:
    post = publish_post(author=bob, text="nice day")
    like(account=alice, post=post)

    body = _client(alice).post(_action("unlike", post), headers=HTMX).content.decode()

    assert not _pressed(body, "like")
    assert not Like.objects.filter(account=alice, post=post).exists()
    assert 'class="like" aria-pressed="false">Like <span class="count">0</span>' in body


def test_next_pointing_elsewhere_goes_to_the_post(alice: Account, bob: Account) -> None:
    post = publish_post(author=bob, text="nice day")

    for unsafe in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = _client(alice).post(_action("like", post), {"next": unsafe})
        assert response["Location"] == reverse("web:post_detail", args=["bob", post.id])


def test_actions_need_log_in_and_post(alice: Account) -> None:
    post = publish_post(author=alice, text="hello")

    anonymous = _client().post(_action("like", post))
    by_get = _client(alice).get(_action("like", post))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("web:login"))
    assert by_get.status_code == 405
    assert not Like.objects.exists()


def test_liking_a_boost_likes_the_original_and_keeps_the_boost_shown(
    alice: Account, bob: Account, carol: Account
) -> None:
    original = publish_post(author=bob, text="worth sharing")
    shared = boost(account=carol, post=original)

    body = _client(alice).post(_action("like", shared), headers=HTMX).content.decode()

    assert Like.objects.filter(account=alice, post=original).exists()
    assert body.lstrip().startswith(f'<article id="post-{shared.id}"')
    assert "boosted" in body
    assert _pressed(body, "like")


def test_pin_own_post_with_htmx(alice: Account) -> None:
    post = publish_post(author=alice, text="about me")

    body = _client(alice).post(_action("pin", post), headers=HTMX).content.decode()

    assert Pin.objects.filter(account=alice, post=post).exists()
    assert _pressed(body, "pin")


def test_refused_action_says_why(alice: Account, bob: Account) -> None:
    post = publish_post(author=bob, text="not yours")

    plain = _client(alice).post(_action("pin", post), follow=True)
    swapped = _client(alice).post(_action("pin", post), headers=HTMX)

    assert not Pin.objects.exists()
    assert "your own posts" in plain.content.decode()
    assert 'role="alert"' in swapped.content.decode()


def test_action_on_a_post_you_cannot_see_is_not_found(alice: Account, bob: Account) -> None:
    post = publish_post(author=bob, text="followers only", visibility="followers")

    response = _client(alice).post(_action("like", post))

    assert response.status_code == 404
    assert not Like.objects.exists()


def test_liked_by_and_boosted_by_list_people(alice: Account, bob: Account, carol: Account) -> None:
    post = publish_post(author=alice, text="hello")
    like(account=bob, post=post)
    boost(account=carol, post=post)

    liked = _client().get(reverse("web:liked_by", args=[post.id])).content.decode()
    boosted = _client().get(reverse("web:boosted_by", args=[post.id])).content.decode()

    assert "@bob" in liked
    assert "@carol" not in liked
    assert "@carol" in boosted
    assert "@bob" not in boosted


def test_signed_out_htmx_action_is_sent_to_log_in_whole(alice: Account) -> None:
    post = publish_post(author=alice, text="hello")

    response = _client().post(_action("like", post), {"next": "/local"}, headers=HTMX)

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("web:login"))
    assert "next=/local" in response["HX-Redirect"]
