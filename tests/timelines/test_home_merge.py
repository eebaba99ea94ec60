"""Posts of large accounts merged into home at read time keep the rules fan-out applies."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from townsquare.accounts.models import Account
from townsquare.core.pagination import PageRequest
from townsquare.posts.models import Post
from townsquare.posts.services import boost, publish_post
from townsquare.relationships.models import Follow
from townsquare.relationships.services import block, follow, mute
from townsquare.timelines import selectors, services
from townsquare.timelines.models import TimelineEntry

Committed = Callable[[], AbstractContextManager[Any]]


def post(committed: Committed, author: Account, text: str, **options: Any) -> Post:
    with committed():
        return publish_post(author=author, text=text, **options)


def home_ids(viewer: Account, page: PageRequest | None = None) -> list[int]:
    return [p.id for p in selectors.home(viewer, page or PageRequest()).items]


@pytest.fixture
def large_alice(
    committed: Any, settings: Any, alice: Account, bob: Account, carol: Account
) -> Account:
    """alice, followed by bob and carol: over the threshold, her posts are merged, not written."""
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "FANOUT_THRESHOLD": 2}
    with committed():
        follow(follower=bob, followee=alice)
        follow(follower=carol, followee=alice)
    alice.refresh_from_db()
    return alice


def test_merged_posts_are_not_written_into_homes(committed, large_alice, bob):
    hello = post(committed, large_alice, "hello")
    assert not TimelineEntry.objects.filter(owner=bob, post=hello).exists()
    assert home_ids(bob) == [hello.id]


def test_the_merge_leaves_out_direct_posts(committed, large_alice, bob):
    public = post(committed, large_alice, "hello")
    secret = post(committed, large_alice, "@bob psst", visibility="direct")
    # Fan-out writes a direct post to the homes it mentions; once trimmed, it stays out.
    TimelineEntry.objects.filter(owner=bob, post=secret).delete()
    assert home_ids(bob) == [public.id]


def test_the_merge_leaves_out_boosts_of_the_viewers_own_posts(committed, large_alice, bob, dave):
    mine = post(committed, bob, "mine")
    elsewhere = post(committed, dave, "elsewhere")
    with committed():
        boost(account=large_alice, post=mine)
        boosted = boost(account=large_alice, post=elsewhere)
    assert home_ids(bob) == [boosted.id, mine.id]


def test_the_merge_leaves_out_boosts_the_viewer_hides(committed, large_alice, bob, dave):
    elsewhere = post(committed, dave, "elsewhere")
    with committed():
        boosted = boost(account=large_alice, post=elsewhere)
    own = post(committed, large_alice, "own")
    assert home_ids(bob) == [own.id, boosted.id]
    Follow.objects.filter(follower=bob, followee=large_alice).update(show_boosts=False)
    assert home_ids(bob) == [own.id]


def test_the_merge_leaves_out_replies_to_strangers(committed, large_alice, bob, dave):
    question = post(committed, dave, "question")
    answer = post(committed, large_alice, "answer", in_reply_to=question)
    to_herself = post(committed, large_alice, "and more", in_reply_to=answer)
    assert home_ids(bob) == [to_herself.id]


def test_the_merge_leaves_out_members_of_exclusive_lists(committed, large_alice, bob, dave):
    with committed():
        follow(follower=bob, followee=dave)
    hers = post(committed, large_alice, "hers")
    his = post(committed, dave, "his")
    assert home_ids(bob) == [his.id, hers.id]
    feed = services.create_list(owner=bob, title="Alice", is_exclusive=True)
    services.add_to_list(feed=feed, accounts=[large_alice])
    assert home_ids(bob) == [his.id]


def test_the_merge_leaves_out_muted_authors_and_their_boosted_posts(
    committed, large_alice, bob, dave
):
    own = post(committed, large_alice, "own")
    theirs = post(committed, dave, "theirs")
    with committed():
        boosted = boost(account=large_alice, post=theirs)
    assert home_ids(bob) == [boosted.id, own.id]
    with committed():
        mute(muter=bob, muted=dave)
    assert home_ids(bob) == [own.id]
    with committed():
        mute(muter=bob, muted=large_alice)
    assert home_ids(bob) == []


def test_the_merge_pages_with_the_home_rows(committed, large_alice, bob, dave):
    with committed():
        follow(follower=bob, followee=dave)
    mixed = []
    for n in range(4):
        mixed.append(post(committed, large_alice, f"large {n}"))
        mixed.append(post(committed, dave, f"small {n}"))
        mixed.append(post(committed, bob, f"own {n}"))
    newest_first = [p.id for p in reversed(mixed)]
    first = selectors.home(bob, PageRequest(limit=5))
    second = selectors.home(bob, PageRequest(max_id=first.next_max_id, limit=5))
    assert [p.id for p in [*first.items, *second.items]] == newest_first[:10]
    assert home_ids(bob, PageRequest(since_id=newest_first[4], limit=2)) == newest_first[:2]
    assert home_ids(bob, PageRequest(min_id=newest_first[4], limit=2)) == newest_first[2:4]


def test_merged_posts_older_than_a_short_home_still_show(committed, large_alice, bob, dave):
    with committed():
        follow(follower=bob, followee=dave)
    merged = [post(committed, large_alice, f"merged {n}") for n in range(3)]
    written = post(committed, dave, "written")
    assert home_ids(bob) == [written.id, *[p.id for p in reversed(merged)]]


def test_the_merge_reads_on_past_posts_the_recheck_drops(committed, large_alice, bob, dave):
    older = [post(committed, large_alice, f"older {n}") for n in range(2)]
    theirs = [post(committed, dave, f"theirs {n}") for n in range(30)]
    with committed():
        for hidden in theirs:
            boost(account=large_alice, post=hidden)
        block(blocker=dave, blocked=bob)  # every boost of dave's posts is now hidden from bob
    mine = post(committed, bob, "mine")
    assert home_ids(bob) == [mine.id, older[1].id, older[0].id]
    assert home_ids(bob, PageRequest(min_id=older[0].id, limit=2)) == [mine.id, older[1].id]


def test_an_empty_home_is_rebuilt_though_large_accounts_fill_the_page(
    committed, large_alice, bob, dave
):
    with committed():
        follow(follower=bob, followee=dave)
    written = post(committed, dave, "written")
    merged = [post(committed, large_alice, f"merged {n}") for n in range(3)]
    TimelineEntry.objects.filter(owner=bob).delete()  # lost, or trimmed away
    bob.refresh_from_db()  # the counts a request's viewer carries
    assert home_ids(bob, PageRequest(limit=2)) == [merged[2].id, merged[1].id]
    assert TimelineEntry.objects.filter(owner=bob, post=written).exists()
