"""Trending hashtags, posts and links: ranking, history and who never counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.discovery.conftest import MakePeople
from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden
from townsquare.discovery.selectors.trends import (
    normalised_url,
    trending_links,
    trending_posts,
    trending_tags,
    urls_in,
)
from townsquare.discovery.services import hide_trend, unhide_trend
from townsquare.posts.models import Post
from townsquare.posts.services import publish_post
from townsquare.posts.services.interactions import boost, like
from townsquare.relationships.services import block

pytestmark = pytest.mark.django_db


def _tag_names(viewer: Account | None = None, **options: object) -> list[str]:
    return [trend.hashtag.name for trend in trending_tags(viewer, **options)]  # type: ignore[arg-type]


def test_tags_rank_by_distinct_people(alice: Account, bob: Account, carol: Account) -> None:
    for author in (alice, bob, carol):
        publish_post(author=author, text="#wide")
    for _ in range(5):
        publish_post(author=alice, text="#narrow")

    assert _tag_names() == ["wide", "narrow"]
    wide = trending_tags(None)[0]
    assert (wide.accounts, wide.uses) == (3, 3)


def test_growth_over_the_baseline_beats_a_steady_tag(people: MakePeople) -> None:
    crowd = people(*(f"p{i}" for i in range(4)))
    four_days_ago = timezone.now() - timedelta(days=4)
    for person in crowd:  # #steady had the same four people every day
        for day in range(1, 7):
            publish_post(
                author=person, text="#steady", published_at=timezone.now() - timedelta(days=day)
            )
        publish_post(author=person, text="#steady")
    for person in crowd[:3]:
        publish_post(author=person, text="#sudden")
    publish_post(author=crowd[0], text="#sudden", published_at=four_days_ago)

    assert _tag_names()[:2] == ["sudden", "steady"]
    # Over the week the steady tag's people count as much as the sudden one's.
    assert _tag_names(period="week")[0] == "steady"


def test_tag_history_counts_seven_days(alice: Account, bob: Account) -> None:
    publish_post(author=alice, text="#history")
    publish_post(author=bob, text="#history")
    publish_post(author=alice, text="#history", published_at=timezone.now() - timedelta(days=2))

    history = trending_tags(None)[0].history
    assert len(history) == 7
    assert history[0].day == timezone.now().date()
    assert (history[0].uses, history[0].accounts) == (2, 2)
    assert (history[2].uses, history[2].accounts) == (1, 1)
    assert sum(day.uses for day in history) == 3


def test_old_posts_fall_out_of_the_day_but_not_the_week(alice: Account) -> None:
    publish_post(author=alice, text="#lastweek", published_at=timezone.now() - timedelta(days=3))

    assert _tag_names() == []
    assert _tag_names(period="week") == ["lastweek"]


@pytest.mark.parametrize("visibility", ["unlisted", "followers", "direct"])
def test_only_public_posts_trend(alice: Account, bob: Account, visibility: str) -> None:
    post = publish_post(
        author=alice, text="#secret @bob https://secret.example/x", visibility=visibility
    )
    like(account=bob, post=post)

    assert _tag_names(bob) == []
    assert trending_posts(bob) == []
    assert trending_links(bob) == []


@pytest.mark.parametrize("opt_out", ["is_discoverable", "is_indexable"])
def test_people_who_opted_out_never_trend(alice: Account, bob: Account, opt_out: str) -> None:
    setattr(alice, opt_out, False)
    alice.save(update_fields=[opt_out])
    post = publish_post(author=alice, text="#mine https://mine.example/")
    like(account=bob, post=post)

    assert _tag_names() == []
    assert trending_posts(None) == []
    assert trending_links(None) == []


def test_blocked_people_dont_count_for_the_viewer(
    alice: Account, bob: Account, carol: Account
) -> None:
    post = publish_post(author=alice, text="#blocky https://blocky.example/")
    like(account=carol, post=post)
    block(blocker=bob, blocked=alice)

    assert _tag_names(bob) == []
    assert trending_posts(bob) == []
    assert trending_links(bob) == []
    # Alice is blocked by bob: she doesn't see his trends either way, carol sees hers.
    assert _tag_names(carol) == ["blocky"]
    assert [p.pk for p in trending_posts(carol)] == [post.pk]


def test_blocker_is_excluded_in_the_other_direction(alice: Account, bob: Account) -> None:
    publish_post(author=alice, text="#fromalice")
    block(blocker=alice, blocked=bob)

    assert _tag_names(bob) == []
    assert _tag_names(None) == ["fromalice"]


def test_posts_rank_by_engagement_decayed_by_age(
    alice: Account, bob: Account, carol: Account, dave: Account
) -> None:
    old = publish_post(
        author=alice, text="old but loved", published_at=timezone.now() - timedelta(hours=20)
    )
    fresh = publish_post(author=bob, text="fresh")
    quiet = publish_post(author=carol, text="nobody cares")
    for fan in (bob, carol, dave):
        like(account=fan, post=old)
    like(account=alice, post=fresh)
    boost(account=carol, post=fresh)

    ids = [post.pk for post in trending_posts(None)]
    assert ids == [fresh.pk, old.pk]
    assert quiet.pk not in ids


def test_boosts_and_replies_are_not_trending_posts(alice: Account, bob: Account) -> None:
    original = publish_post(author=alice, text="original")
    reply = publish_post(author=bob, text="a reply", in_reply_to=original)
    like(account=alice, post=reply)
    boost(account=bob, post=original)

    ids = [post.pk for post in trending_posts(None)]
    assert ids == [original.pk]
    assert Post.objects.filter(reblog_of=original).exists()


def test_deleted_and_narrowed_posts_leave_even_a_cached_list(alice: Account, bob: Account) -> None:
    post = publish_post(author=alice, text="soon gone")
    like(account=bob, post=post)
    assert [p.pk for p in trending_posts(None)] == [post.pk]  # now cached

    Post.objects.filter(pk=post.pk).update(visibility="followers")

    assert trending_posts(None) == []


def test_links_rank_by_people_sharing_them(alice: Account, bob: Account, carol: Account) -> None:
    publish_post(author=alice, text="read https://News.example/story#top now")
    publish_post(author=bob, text="https://news.example/story.")
    publish_post(author=carol, text="https://other.example/a and https://other.example/a")

    links = trending_links(None)
    assert [link.url for link in links] == [
        "https://news.example/story",
        "https://other.example/a",
    ]
    assert links[0].host == "news.example"
    assert (links[0].accounts, links[0].uses) == (2, 2)
    assert links[0].history[0].accounts == 2


def test_url_normalisation() -> None:
    assert normalised_url("HTTPS://Example.COM") == "https://example.com/"
    assert normalised_url("https://example.com/a?b=1#frag),") == "https://example.com/a?b=1"
    assert normalised_url("https://[broken") is None
    assert urls_in("no links here, just http:// nothing") == set()


def test_staff_can_hide_each_kind_of_trend(alice: Account, bob: Account) -> None:
    post = publish_post(author=alice, text="#Hideme https://hide.example/")
    like(account=bob, post=post)
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    assert _tag_names() == ["hideme"]  # cached from here on

    hide_trend(actor=alice, kind="tag", value="#HideMe")
    hide_trend(actor=alice, kind="post", value=str(post.pk))
    hide_trend(actor=alice, kind="link", value="https://hide.example/")

    assert _tag_names() == []
    assert trending_posts(None) == []
    assert trending_links(None) == []

    unhide_trend(actor=alice, kind="tag", value="hideme")
    assert _tag_names() == ["hideme"]


def test_only_staff_may_hide(alice: Account) -> None:
    with pytest.raises(Forbidden):
        hide_trend(actor=alice, kind="tag", value="anything")


def test_paging(people: MakePeople) -> None:
    crowd = people(*(f"p{i}" for i in range(5)))
    for count, name in enumerate(["a", "b", "c", "d", "e"], start=1):
        for person in crowd[:count]:
            publish_post(author=person, text=f"#tag{name}")

    assert _tag_names(limit=2) == ["tage", "tagd"]
    assert _tag_names(offset=2, limit=2) == ["tagc", "tagb"]
