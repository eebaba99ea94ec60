""" "Filter this post": from a post's menu into one of the viewer's filters, without JS."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from townsquare.accounts.models import Account
from townsquare.filters import services
from townsquare.filters.models import Filter, FilterStatus
from townsquare.posts.models import Post
from townsquare.posts.services import boost, publish_post
from townsquare.relationships.services import follow

pytestmark = pytest.mark.django_db


def _client(account: Account) -> Client:
    client = Client()
    client.force_login(account)
    return client


def _url(post: Post) -> str:
    return reverse("web:filter_post", args=[post.id])


def test_the_post_menu_links_to_filter_others_posts_only(alice: Account, bob: Account) -> None:
    follow(follower=alice, followee=bob)
    theirs = publish_post(author=bob, text="spoiler ahead")
    mine = publish_post(author=alice, text="my own")

    home = _client(alice).get(reverse("web:home")).content.decode()

    assert f'href="{_url(theirs)}?next=' in home
    assert f'href="{_url(mine)}' not in home


def test_a_new_hidden_posts_filter_hides_the_post_from_home(alice: Account, bob: Account) -> None:
    follow(follower=alice, followee=bob)
    post = publish_post(author=bob, text="spoiler ahead")
    client = _client(alice)

    page = client.get(_url(post)).content.decode()
    response = client.post(_url(post), {"filter": "new", "next": "/home"})

    assert "Filter this post" in page and "spoiler ahead" in page
    assert re.search(r'value="new"[^>]*checked', page)
    assert response.status_code == 302 and response["Location"] == "/home"
    made = Filter.objects.get(account=alice)
    assert (made.title, made.action) == ("Hidden posts", "hide")
    assert "home" in made.contexts and "public" in made.contexts
    assert list(made.statuses.values_list("post_id", flat=True)) == [post.id]
    assert "spoiler ahead" not in client.get(reverse("web:home")).content.decode()


def test_adding_to_an_existing_filter_once(alice: Account, bob: Account) -> None:
    post = publish_post(author=bob, text="a twist")
    mine = services.create_filter(account=alice, title="Spoilers", contexts=["home"])
    client = _client(alice)

    for _ in range(2):
        response = client.post(_url(post), {"filter": str(mine.pk)})
        assert response.status_code == 302
    assert response["Location"] == reverse("web:post_detail", args=["bob", post.id])
    assert FilterStatus.objects.filter(filter=mine, post=post).count() == 1
    assert Filter.objects.filter(account=alice).count() == 1


def test_a_boost_filters_its_original(alice: Account, bob: Account, carol: Account) -> None:
    post = publish_post(author=bob, text="original")
    boosted = boost(account=carol, post=post)
    _client(alice).post(_url(boosted), {"filter": "new"})
    assert FilterStatus.objects.get().post_id == post.id


def test_someone_elses_filter_or_an_invisible_post_is_refused(
    alice: Account, bob: Account, carol: Account
) -> None:
    post = publish_post(author=bob, text="public")
    carols = services.create_filter(account=carol, title="Carol's", contexts=["home"])
    hidden = publish_post(author=bob, text="for followers", visibility="followers")
    client = _client(alice)

    refused = client.post(_url(post), {"filter": str(carols.pk)})
    assert refused.status_code == 400
    assert client.get(_url(hidden)).status_code == 404
    assert client.post(_url(hidden), {"filter": "new"}).status_code == 404
    assert not FilterStatus.objects.exists()
    assert not Filter.objects.filter(account=alice).exists()


def test_an_offsite_next_is_ignored(alice: Account, bob: Account) -> None:
    post = publish_post(author=bob, text="public")
    response = _client(alice).post(_url(post), {"filter": "new", "next": "//evil.example/"})
    assert response["Location"] == reverse("web:post_detail", args=["bob", post.id])


def test_signed_out_visitors_are_sent_to_log_in(bob: Account) -> None:
    post = publish_post(author=bob, text="public")
    response = Client().get(_url(post))
    assert response.status_code == 302 and "login" in response["Location"]
