"""Explore (trends and people), hiding a trend, suggestions at home, and the connection."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.discovery.models import HiddenTrend, SuggestionDismissal
from townsquare.posts.services import like, publish_post
from townsquare.relationships.services import block, follow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _client(account: Account | None = None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def _body(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_explore_shows_trending_posts_hashtags_and_links(alice: Account, bob: Account) -> None:
    post = publish_post(author=alice, text="marked-post #Sunsets https://photos.example/sky")
    like(account=bob, post=post)
    publish_post(author=bob, text="secret-post #Sunsets", visibility="followers")

    posts = _body(_client(), "/explore")
    assert "marked-post" in posts
    assert "secret-post" not in posts
    assert 'href="/explore"' in posts  # the navigation links here
    assert "#Sunsets" in _body(_client(), "/explore?tab=hashtags")
    links = _body(_client(), "/explore?tab=links&period=week")
    assert "photos.example" in links
    assert 'aria-current="page">Last week' in links


def test_empty_explore_and_unknown_tabs(alice: Account) -> None:
    assert "Nothing is trending yet." in _body(_client(alice), "/explore?tab=nonsense")
    assert "No links are trending yet." in _body(_client(), "/explore?tab=links")
    assert "Log in" in _body(_client(), "/explore?tab=people")


def test_blocked_authors_stay_out_of_explore(alice: Account, bob: Account, carol: Account) -> None:
    post = publish_post(author=alice, text="alice-trend #alicetag")
    like(account=carol, post=post)
    block(blocker=alice, blocked=bob)

    assert "alice-trend" not in _body(_client(bob), "/explore")
    assert "#alicetag" not in _body(_client(bob), "/explore?tab=hashtags")
    assert "alice-trend" in _body(_client(carol), "/explore")


def test_staff_hide_a_trend_from_explore(alice: Account, bob: Account) -> None:
    post = publish_post(author=alice, text="hide-me #hideme")
    like(account=bob, post=post)
    staff = AccountFactory.create(username="mod", is_staff=True)
    client = _client(staff)
    assert "Hide from trends" in _body(client, "/explore?tab=hashtags")
    assert "Hide from trends" not in _body(_client(bob), "/explore?tab=hashtags")

    response = client.post(
        "/explore/hide", {"kind": "tag", "value": "hideme", "next": "/explore?tab=hashtags"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/explore?tab=hashtags"
    assert HiddenTrend.objects.filter(kind="tag", key="hideme").exists()
    assert "#hideme" not in _body(_client(), "/explore?tab=hashtags")
    client.post("/explore/hide", {"kind": "post", "value": str(post.id)})
    assert "hide-me" not in _body(_client(), "/explore")


def test_only_staff_may_hide(alice: Account) -> None:
    response = _client(alice).post("/explore/hide", {"kind": "tag", "value": "x"})
    assert response.status_code == 403
    assert _client().post("/explore/hide", {"kind": "tag", "value": "x"}).status_code == 302
    assert not HiddenTrend.objects.exists()


@pytest.fixture
def erin(alice: Account, bob: Account, carol: Account) -> Account:
    erin = AccountFactory.create(username="erin", display_name="Erin")
    for friend in (bob, carol):
        follow(follower=alice, followee=friend)
        follow(follower=friend, followee=erin)
    return erin


def test_people_tab_and_home_card_suggest_with_follow_buttons(
    alice: Account, erin: Account
) -> None:
    people = _body(_client(alice), "/explore?tab=people")
    assert "People you may know" in people
    assert "Followed by 2 people you follow" in people
    assert 'action="/@erin/follow"' in people
    assert "People you may know" in _body(_client(alice), "/")


def test_no_home_card_past_ten_follows(alice: Account, erin: Account) -> None:
    for number in range(8):
        follow(follower=alice, followee=AccountFactory.create(username=f"f{number}"))
    alice.refresh_from_db()
    assert alice.following_count == 10

    assert "People you may know" not in _body(_client(alice), "/")
    assert "People you may know" in _body(_client(alice), "/explore?tab=people")


def test_dismissing_a_suggestion(alice: Account, erin: Account) -> None:
    client = _client(alice)

    response = client.post("/suggestions/erin/dismiss", {"next": "/explore?tab=people"})

    assert response.status_code == 302
    assert SuggestionDismissal.objects.filter(account=alice, dismissed=erin).exists()
    assert "@erin" not in _body(client, "/explore?tab=people")
    htmx = client.post("/suggestions/erin/dismiss", headers={"HX-Request": "true"})
    assert (htmx.status_code, htmx.content) == (200, b"")
    assert client.post("/suggestions/nobody/dismiss").status_code == 404


def test_profile_loads_the_connection_lazily(
    alice: Account, bob: Account, carol: Account, dave: Account
) -> None:
    follow(follower=alice, followee=bob)
    follow(follower=bob, followee=carol)
    client = _client(alice)

    profile = _body(client, "/@carol")
    assert 'hx-get="/@carol/connection"' in profile
    assert "connection-chain" not in profile  # computed only when asked

    fragment = _body(client, "/@carol/connection", **{"HX-Request": "true"})
    assert "<html" not in fragment
    assert "You" in fragment
    assert fragment.index("/@bob") < fragment.index("/@carol")
    page = _body(client, "/@carol/connection")
    assert "<html" in page
    assert "No public chain" in _body(client, "/@dave/connection")


def test_connection_needs_log_in_and_hides_blocked_people(alice: Account, bob: Account) -> None:
    assert _client().get("/@bob/connection").status_code == 302
    block(blocker=bob, blocked=alice)
    assert _client(alice).get("/@bob/connection").status_code == 404
    assert 'hx-get="/@bob/connection"' not in _body(_client(), "/@bob")
