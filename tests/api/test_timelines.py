"""Timelines over the API: home, public, tag, bookmarks, favourites."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory, link_urls, path_of
from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.status import Status
from townsquare.filters.services import KeywordChange, create_filter
from townsquare.posts.models import Hashtag
from townsquare.posts.services import PollSpec, bookmark, boost, like, publish_post
from townsquare.relationships.services import block, follow, mute
from townsquare.timelines.services import add_to_list, create_list, follow_tag

statuses_list = TypeAdapter(list[Status])
type Committed = Callable[[], AbstractContextManager[Any]]


def ids(response: Any) -> list[str]:
    return [status.id for status in statuses_list.validate_python(response.json())]


def test_home_shows_followed_posts_including_followers_only(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, committed: Committed
) -> None:
    with committed():
        follow(follower=alice, followee=bob)
        private = publish_post(author=bob, text="friends", visibility="followers")
        publish_post(author=carol, text="stranger")
        own = publish_post(author=alice, text="mine")
    response = api_client(alice, scopes="read:statuses").get("/api/v1/timelines/home")
    assert response.status_code == 200
    assert ids(response) == [str(own.id), str(private.id)]
    assert api_client(alice, scopes="write").get("/api/v1/timelines/home").status_code == 403
    assert Client().get("/api/v1/timelines/home").status_code == 401


def test_public_timeline_pages_over_three_pages_anonymously(alice: Account, bob: Account) -> None:
    posts = [publish_post(author=alice, text=f"hello {n}") for n in range(3)]
    publish_post(author=bob, text="hidden", visibility="followers")
    client = Client()
    path = "/api/v1/timelines/public?local=true&limit=1"
    seen: list[str] = []
    for _ in range(3):
        response = client.get(path)
        seen += ids(response)
        path = path_of(link_urls(response)["next"])
    assert seen == [str(post.id) for post in reversed(posts)]
    assert client.get("/api/v1/timelines/public?remote=true").json() == []


def test_tag_timeline(alice: Account) -> None:
    tagged = publish_post(author=alice, text="about #Cats")
    publish_post(author=alice, text="about dogs")
    response = Client().get("/api/v1/timelines/tag/cats")
    assert ids(response) == [str(tagged.id)]
    assert Client().get("/api/v1/timelines/tag/nothing").json() == []


def test_bookmarks_and_favourites(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    first = publish_post(author=bob, text="one")
    second = publish_post(author=bob, text="two")
    bookmark(account=alice, post=first)
    like(account=alice, post=second)
    marked = api_client(alice, scopes="read:bookmarks").get("/api/v1/bookmarks")
    assert ids(marked) == [str(first.id)]
    assert marked.json()[0]["bookmarked"] is True
    liked = api_client(alice, scopes="read:favourites").get("/api/v1/favourites")
    assert ids(liked) == [str(second.id)]
    assert api_client(alice, scopes="read:favourites").get("/api/v1/bookmarks").status_code == 403


def test_a_page_costs_the_same_queries_for_few_or_many_posts(
    api_client: ApiClientFactory,
    alice: Account,
    bob: Account,
    carol: Account,
    django_assert_max_num_queries: Callable[[int], AbstractContextManager[Any]],
) -> None:
    client = api_client(alice)
    originals = [publish_post(author=bob, text=f"@carol #tag {n}") for n in range(3)]
    boost(account=carol, post=originals[0])
    like(account=alice, post=originals[1])
    few = client.get("/api/v1/timelines/public?limit=40")
    assert len(few.json()) == 3
    for n in range(15):
        publish_post(author=carol, text=f"more @bob #tag{n}")
    with django_assert_max_num_queries(20):
        many = client.get("/api/v1/timelines/public?limit=40")
    assert len(many.json()) == 18


def test_home_of_a_viewer_hiding_and_following_much_costs_few_queries(
    api_client: ApiClientFactory,
    settings: Any,
    committed: Committed,
    alice: Account,
    bob: Account,
    carol: Account,
    dave: Account,
    django_assert_max_num_queries: Callable[[int], AbstractContextManager[Any]],
) -> None:
    """Mutes, blocks, an exclusive list, a large followee, a followed tag and a filter:
    each changes the page, and together they cost a fixed handful of queries."""
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "FANOUT_THRESHOLD": 2}
    erin, frank, gina, large = (
        AccountFactory.create(username=name) for name in ("erin", "frank", "gina", "large")
    )
    with committed():
        for followee in (bob, carol, dave, erin, large):
            follow(follower=alice, followee=followee)
        follow(follower=bob, followee=large)  # two followers: read at request time
        mute(muter=alice, muted=carol)
        block(blocker=frank, blocked=alice)
        feed = create_list(owner=alice, title="erin", is_exclusive=True)
        add_to_list(feed=feed, accounts=[erin])
        follow_tag(account=alice, hashtag=Hashtag.objects.get_or_create(name="cats")[0])
        create_filter(
            account=alice,
            title="spoilers",
            contexts=["home"],
            keywords=[KeywordChange(keyword="spoiler", whole_word=True)],
        )
        polled = publish_post(
            author=bob, text="hi @dave #news", poll=PollSpec(options=["a", "b"], expires_in=600)
        )
        publish_post(author=carol, text="muted")
        publish_post(author=erin, text="read in her list")
        publish_post(author=frank, text="blocks alice #cats")
        tagged = publish_post(author=gina, text="about #cats")
        merged = publish_post(author=large, text="large")
        spoiler = publish_post(author=dave, text="a spoiler")
        boosted = boost(account=dave, post=publish_post(author=carol, text="boosted muted"))
        boost_of_bob = boost(account=dave, post=polled)
    del boosted  # a boost of a muted person stays out
    client = api_client(alice, scopes="read:statuses")
    client.get("/api/v1/timelines/home")  # the token's first use writes its last use
    # The token; who is hidden; lists, large followees and tags; three windows (home
    # rows, large accounts, tags) of ids, posts and images; references; flags; the
    # filters (four with one); the poll (three with one).
    with django_assert_max_num_queries(21):
        response = client.get("/api/v1/timelines/home")
    statuses = response.json()
    assert [status["id"] for status in statuses] == [
        str(post.id) for post in (boost_of_bob, spoiler, merged, tagged, polled)
    ]
    by_id = {status["id"]: status for status in statuses}
    assert by_id[str(spoiler.id)]["filtered"][0]["keyword_matches"] == ["spoiler"]
    assert by_id[str(polled.id)]["filtered"] == []
    shown = by_id[str(polled.id)]
    assert [mention["username"] for mention in shown["mentions"]] == ["dave"]
    assert [tag["name"] for tag in shown["tags"]] == ["news"]
    assert [option["title"] for option in shown["poll"]["options"]] == ["a", "b"]
    assert by_id[str(boost_of_bob.id)]["reblog"]["poll"]["id"] == shown["poll"]["id"]


@pytest.mark.django_db(transaction=True)
def test_home_shows_new_counts_and_profiles_after_a_change(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    follow(follower=alice, followee=bob)
    post = publish_post(author=bob, text="count me")
    client = api_client(alice, scopes="read")

    def shown() -> dict[str, Any]:
        statuses = client.get("/api/v1/timelines/home").json()
        return next(status for status in statuses if status["id"] == str(post.pk))

    assert shown()["favourites_count"] == 0
    like(account=carol, post=post)
    Account.objects.filter(pk=bob.pk).update(display_name="Robert")
    status = shown()
    assert status["favourites_count"] == 1
    assert status["account"]["display_name"] == "Robert"
