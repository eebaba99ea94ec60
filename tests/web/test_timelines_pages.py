"""The feed pages: home, local, hashtag, bookmarks and likes, and their "Load more" paging."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.posts.services import bookmark, like, publish_post
from townsquare.relationships.services import block, follow

LOAD_MORE = re.compile(r'<a class="load-more" href="([^"]+)"')
MARK = re.compile(r"item-(\d+)-mark")
ARTICLE = re.compile(r'<article id="post-(\d+)"')


def _client(account: Account | None = None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def _marks(body: str) -> list[int]:
    """The numbered posts on a page, in order, each once however often it is quoted."""
    return [int(number) for number in dict.fromkeys(MARK.findall(body))]


def _page(client: Client, url: str, **headers: str) -> tuple[str, str | None]:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    body = response.content.decode()
    link = LOAD_MORE.search(body)
    return body, html.unescape(link.group(1)) if link else None


def test_home_shows_posts_of_people_followed(alice: Account, bob: Account, committed) -> None:
    with committed():
        follow(follower=bob, followee=alice)
        publish_post(author=alice, text="Morning from alice-home-mark")

    body, _ = _page(_client(bob), "/")

    assert "alice-home-mark" in body


def test_home_leaves_out_people_not_followed(alice: Account, carol: Account, committed) -> None:
    with committed():
        publish_post(author=alice, text="Nobody follows alice-unseen-mark")

    body, _ = _page(_client(carol), "/")

    assert "alice-unseen-mark" not in body


def test_home_sends_visitors_to_the_local_feed(db: None) -> None:
    response = Client().get("/")

    assert response.status_code == 302
    assert response["Location"] == "/local"


def test_home_offers_the_compose_form(alice: Account) -> None:
    body, _ = _page(_client(alice), "/")

    assert 'action="/compose"' in body


def test_load_more_walks_three_pages_without_gaps_or_repeats(
    alice: Account, bob: Account, committed
) -> None:
    with committed():
        follow(follower=bob, followee=alice)
        posts = [publish_post(author=alice, text=f"post item-{number}-mark") for number in range(5)]
    client = _client(bob)

    shown: list[int] = []
    url: str | None = "/?limit=2"
    pages = 0
    while url is not None:
        body, link = _page(client, url if url.startswith("/") else f"/{url}")
        shown.extend(int(post_id) for post_id in ARTICLE.findall(body))
        url = link
        pages += 1

    assert pages == 3
    assert shown == [post.id for post in reversed(posts)]


def test_load_more_link_keeps_the_page_size(alice: Account, committed) -> None:
    with committed():
        for number in range(3):
            publish_post(author=alice, text=f"post item-{number}-mark")

    _, link = _page(_client(alice), "/?limit=2")

    assert link is not None
    assert "limit=2" in link
    assert "max_id=" in link


def test_htmx_load_more_gets_only_the_next_posts(alice: Account, committed) -> None:
    with committed():
        for number in range(3):
            publish_post(author=alice, text=f"post item-{number}-mark")
    client = _client(alice)
    _, link = _page(client, "/local?limit=2")
    assert link is not None

    response = client.get(f"/local{link}", headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "<html" not in body
    assert "site-header" not in body
    assert _marks(body) == [0]
    assert len(ARTICLE.findall(body)) == 1
    assert 'class="feed-page"' in body
    assert "HX-Request" in response["Vary"]


def test_local_shows_public_posts_only(alice: Account, committed) -> None:
    with committed():
        publish_post(author=alice, text="public-mark")
        publish_post(author=alice, text="unlisted-mark", visibility="unlisted")
        publish_post(author=alice, text="followers-mark", visibility="followers")

    body, _ = _page(Client(), "/local")

    assert "public-mark" in body
    assert "unlisted-mark" not in body
    assert "followers-mark" not in body


def test_local_leaves_out_people_blocked(alice: Account, bob: Account, committed) -> None:
    with committed():
        publish_post(author=alice, text="from alice-blocked-mark")
        block(blocker=bob, blocked=alice)

    body, _ = _page(_client(bob), "/local")

    assert "alice-blocked-mark" not in body


def test_hashtag_page_shows_posts_with_the_tag_in_any_case(alice: Account, committed) -> None:
    with committed():
        publish_post(author=alice, text="I like #Cats cats-mark")
        publish_post(author=alice, text="I like #dogs dogs-mark")

    body, _ = _page(Client(), "/tags/CATS")

    assert "cats-mark" in body
    assert "dogs-mark" not in body
    assert "#Cats" in body


def test_hashtag_page_for_an_unused_tag_is_empty_not_missing(db: None) -> None:
    body, link = _page(Client(), "/tags/nobody_uses_this")

    assert "No public posts with this hashtag yet." in body
    assert link is None


@pytest.mark.parametrize("path", ["/bookmarks", "/likes"])
def test_personal_lists_need_log_in(path: str, db: None) -> None:
    response = Client().get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_bookmarks_show_what_the_viewer_bookmarked(alice: Account, bob: Account, committed) -> None:
    with committed():
        kept = publish_post(author=alice, text="kept-mark")
        publish_post(author=alice, text="skipped-mark")
        bookmark(account=bob, post=kept)

    body, _ = _page(_client(bob), "/bookmarks")

    assert "kept-mark" in body
    assert "skipped-mark" not in body


def test_likes_show_what_the_viewer_liked(alice: Account, bob: Account, committed) -> None:
    with committed():
        liked = publish_post(author=alice, text="liked-mark")
        publish_post(author=alice, text="ignored-mark")
        like(account=bob, post=liked)

    body, _ = _page(_client(bob), "/likes")

    assert "liked-mark" in body
    assert "ignored-mark" not in body


def test_new_people_get_suggestions_without_followed_or_blocked_ones(
    alice: Account, bob: Account, carol: Account, dave: Account, committed
) -> None:
    fan = AccountFactory.create(username="fan")
    with committed():
        follow(follower=bob, followee=alice)
        follow(follower=fan, followee=carol)
        block(blocker=dave, blocked=bob)
        for person in (alice, carol, dave):  # popular people must have posted recently
            publish_post(author=person, text="hello")

    body, _ = _page(_client(bob), "/")

    suggestions = body.split("People you may know", 1)[1]
    assert "/@carol" in suggestions
    assert "/@alice" not in suggestions
    assert "/@dave" not in suggestions
    assert "/@bob" not in suggestions


def test_people_following_many_get_no_suggestions(bob: Account, committed) -> None:
    with committed():
        for number in range(10):
            follow(follower=bob, followee=AccountFactory.create(username=f"friend{number}"))
        publish_post(author=AccountFactory.create(username="stranger"), text="hello")

    body, _ = _page(_client(bob), "/")

    assert "People you may know" not in body


@pytest.mark.parametrize("path", ["/", "/local", "/@alice", "/bookmarks"])
def test_a_page_costs_the_same_queries_however_many_posts(
    path: str, alice: Account, bob: Account, committed
) -> None:
    client = _client(bob)
    with committed():
        follow(follower=bob, followee=alice)
    _page(client, path)  # warms the caches (instance settings) the count should not depend on

    def queries_with_posts(count: int) -> int:
        with committed():
            for number in range(count):
                post = publish_post(author=alice, text=f"post {number}")
                bookmark(account=bob, post=post)
        with CaptureQueriesContext(connection) as queries:
            _page(client, path)
        return len(queries)

    assert queries_with_posts(2) == queries_with_posts(8)


@pytest.mark.parametrize("tag", ["a%00b", "not-a-tag", "x" * 101])
def test_hashtag_names_no_post_can_carry_are_not_found(tag: str, db: None) -> None:
    assert Client().get(f"/tags/{tag}").status_code == 404
