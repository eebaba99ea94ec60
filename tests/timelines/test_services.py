"""Fan-out on write, backfill on follow, removal on unfollow and block."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.posts.models import Post
from townsquare.posts.services import boost, delete_post, publish_post
from townsquare.relationships.models import Block, Follow
from townsquare.relationships.services import block, follow, mute, unfollow
from townsquare.timelines import services
from townsquare.timelines.models import TimelineEntry
from townsquare.timelines.tasks import fan_out_post_task

Committed = Callable[[], AbstractContextManager[Any]]


def home_of(account: Account) -> set[int]:
    return set(TimelineEntry.objects.filter(owner=account).values_list("post_id", flat=True))


def post(committed: Committed, author: Account, text: str = "hello", **options: Any) -> Post:
    with committed():
        return publish_post(author=author, text=text, **options)


def follows(committed: Committed, follower: Account, followee: Account) -> None:
    with committed():
        follow(follower=follower, followee=followee)


def test_a_post_reaches_the_author_and_followers_only(committed, alice, bob, carol):
    follows(committed, bob, alice)
    hello = post(committed, alice)
    assert hello.id in home_of(alice)
    assert hello.id in home_of(bob)
    assert hello.id not in home_of(carol)


@pytest.mark.parametrize("visibility", ["public", "unlisted", "followers"])
def test_every_non_direct_visibility_reaches_followers(committed, alice, bob, visibility):
    follows(committed, bob, alice)
    sent = post(committed, alice, visibility=visibility)
    assert sent.id in home_of(bob)


def test_a_direct_post_reaches_only_the_mentioned_and_the_author(committed, alice, bob, carol):
    follows(committed, bob, alice)
    whisper = post(committed, alice, "@carol psst", visibility="direct")
    assert home_of(carol) == {whisper.id}
    assert whisper.id in home_of(alice)
    assert whisper.id not in home_of(bob)


def test_a_mentioned_stranger_gets_no_public_post_in_their_home(committed, alice, carol):
    hello = post(committed, alice, "hi @carol")
    assert hello.id not in home_of(carol)


def test_a_boost_reaches_the_boosters_followers(committed, alice, bob, carol):
    follows(committed, carol, bob)
    original = post(committed, alice)
    with committed():
        boosted = boost(account=bob, post=original)
    assert boosted.id in home_of(carol)
    assert boosted.id in home_of(bob)
    assert original.id not in home_of(carol)


def test_a_boost_skips_followers_who_hide_boosts(committed, alice, bob, carol):
    follows(committed, carol, bob)
    Follow.objects.filter(follower=carol, followee=bob).update(show_boosts=False)
    original = post(committed, alice)
    with committed():
        boosted = boost(account=bob, post=original)
    assert boosted.id not in home_of(carol)
    later = post(committed, bob, "still shown")
    assert later.id in home_of(carol)


def test_a_boost_does_not_return_to_the_originals_author(committed, alice, bob):
    follows(committed, alice, bob)
    original = post(committed, alice)
    with committed():
        boosted = boost(account=bob, post=original)
    assert boosted.id not in home_of(alice)


def test_followers_who_block_or_mute_the_author_are_skipped(committed, alice, bob, carol, dave):
    for follower in (bob, carol, dave):
        follows(committed, follower, alice)
    with committed():
        mute(muter=carol, muted=alice)
        block(blocker=dave, blocked=alice)  # ends the follow; test the muter and bob
    hello = post(committed, alice)
    assert hello.id in home_of(bob)
    assert hello.id not in home_of(carol)
    assert hello.id not in home_of(dave)


def test_a_muted_follow_of_the_originals_author_skips_the_boost(committed, alice, bob, carol):
    follows(committed, carol, bob)
    with committed():
        mute(muter=carol, muted=alice)
    original = post(committed, alice)
    with committed():
        boosted = boost(account=bob, post=original)
    assert boosted.id not in home_of(carol)


def test_an_expired_mute_no_longer_skips(committed, alice, bob):
    follows(committed, bob, alice)
    with committed():
        muting = mute(muter=bob, muted=alice)
    type(muting).objects.filter(pk=muting.pk).update(expires_at="2000-01-01T00:00:00Z")
    hello = post(committed, alice)
    assert hello.id in home_of(bob)


def test_a_reply_to_a_stranger_stays_out_of_followers_homes(committed, alice, bob, carol, dave):
    follows(committed, bob, alice)
    follows(committed, dave, alice)
    follows(committed, dave, carol)
    parent = post(committed, carol, "question")
    answer = post(committed, alice, "answer", in_reply_to=parent)
    assert answer.id not in home_of(bob)  # bob doesn't follow carol
    assert answer.id in home_of(dave)  # dave follows both


def test_a_self_thread_reaches_followers(committed, alice, bob):
    follows(committed, bob, alice)
    first = post(committed, alice, "1/2")
    second = post(committed, alice, "2/2", in_reply_to=first)
    assert {first.id, second.id} <= home_of(bob)


def test_fan_out_runs_twice_without_duplicates(committed, alice, bob):
    follows(committed, bob, alice)
    hello = post(committed, alice)
    fan_out_post_task.enqueue(hello.id)
    services.fan_out_post(post_id=hello.id)
    assert TimelineEntry.objects.filter(post=hello).count() == 2


def test_fan_out_of_a_missing_post_does_nothing(db):
    services.fan_out_post(post_id=12345)
    assert not TimelineEntry.objects.exists()


def test_fan_out_writes_in_batches(committed, alice, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    followers = AccountFactory.create_batch(5)
    for follower in followers:
        follows(committed, follower, alice)
    hello = post(committed, alice)
    owners = set(TimelineEntry.objects.filter(post=hello).values_list("owner_id", flat=True))
    assert owners == {alice.id, *(f.id for f in followers)}


def test_a_large_account_is_not_fanned_out(committed, settings, alice, bob, carol):
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "FANOUT_THRESHOLD": 2}
    follows(committed, bob, alice)
    follows(committed, carol, alice)
    hello = post(committed, alice)
    assert TimelineEntry.objects.filter(post=hello).count() == 1
    assert hello.id in home_of(alice)


def test_a_large_accounts_direct_post_still_reaches_the_mentioned(
    committed, settings, alice, bob, carol
):
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "FANOUT_THRESHOLD": 1}
    follows(committed, bob, alice)
    whisper = post(committed, alice, "@carol psst", visibility="direct")
    assert whisper.id in home_of(carol)


def test_following_backfills_the_latest_visible_posts(committed, alice, bob):
    posts = [post(committed, alice, f"post {n}") for n in range(22)]
    secret = post(committed, alice, "only followers", visibility="followers")
    follows(committed, bob, alice)
    backfilled = home_of(bob)
    assert len(backfilled) == 20
    assert secret.id in backfilled  # bob follows now, so followers-only is visible
    assert posts[-1].id in backfilled
    assert posts[0].id not in backfilled


def test_backfill_leaves_out_direct_posts_to_others(committed, alice, bob, carol):
    whisper = post(committed, alice, "@carol hi", visibility="direct")
    follows(committed, bob, alice)
    assert whisper.id not in home_of(bob)


def test_backfill_after_an_unfollow_does_nothing(committed, alice, bob):
    hello = post(committed, alice)
    services.backfill_home(owner_id=bob.id, author_id=alice.id)
    assert hello.id not in home_of(bob)


def test_unfollowing_removes_the_authors_posts_and_boosts(committed, alice, bob, carol):
    follows(committed, bob, alice)
    hello = post(committed, alice)
    elsewhere = post(committed, carol)
    with committed():
        boosted = boost(account=alice, post=elsewhere)
    assert {hello.id, boosted.id} <= home_of(bob)
    with committed():
        unfollow(follower=bob, followee=alice)
    assert home_of(bob) == set()


def test_blocking_removes_posts_both_ways(committed, alice, bob):
    follows(committed, bob, alice)
    follows(committed, alice, bob)
    hers = post(committed, alice)
    his = post(committed, bob)
    with committed():
        block(blocker=alice, blocked=bob)
    assert hers.id not in home_of(bob)
    assert his.id not in home_of(alice)
    assert hers.id in home_of(alice)


def test_deleting_a_post_removes_its_entries(committed, alice, bob):
    follows(committed, bob, alice)
    hello = post(committed, alice)
    with committed():
        delete_post(actor=alice, post=hello)
    assert not TimelineEntry.objects.filter(post_id=hello.id).exists()


def test_a_mute_not_yet_expired_still_skips(committed, alice, bob):
    follows(committed, bob, alice)
    with committed():
        mute(muter=bob, muted=alice, duration=timedelta(days=1))
    hello = post(committed, alice)
    assert hello.id not in home_of(bob)


def test_a_deactivated_follower_gets_nothing(committed, alice, bob, carol):
    follows(committed, bob, alice)
    follows(committed, carol, alice)
    Account.objects.filter(pk=carol.pk).update(is_active=False)
    hello = post(committed, alice)
    assert hello.id in home_of(bob)
    assert hello.id not in home_of(carol)


@pytest.mark.parametrize("blocker_is_author", [True, False])
def test_a_follow_left_beside_a_block_gets_nothing(committed, alice, bob, blocker_is_author):
    # Blocking ends the follow; a row left over (a race, an import) must not leak.
    Follow.objects.create(follower=bob, followee=alice)
    blocker, blocked = (alice, bob) if blocker_is_author else (bob, alice)
    Block.objects.create(blocker=blocker, blocked=blocked)
    hello = post(committed, alice)
    assert hello.id not in home_of(bob)


def test_a_boost_skips_followers_blocking_the_originals_author(committed, alice, bob, carol):
    follows(committed, carol, bob)
    Block.objects.create(blocker=carol, blocked=alice)
    original = post(committed, alice)
    with committed():
        boosted = boost(account=bob, post=original)
    assert boosted.id in home_of(bob)
    assert boosted.id not in home_of(carol)


@pytest.mark.parametrize(
    ("language", "readers"),
    [
        ("de-AT", {"bob", "carol", "dave"}),
        ("en", {"carol", "dave"}),
        ("", {"bob", "carol", "dave"}),
    ],
)
def test_follows_limited_to_languages_get_posts_in_them(
    committed, alice, bob, carol, dave, language, readers
):
    with committed():
        follow(follower=bob, followee=alice, languages=["de"])
        follow(follower=carol, followee=alice)
        follow(follower=dave, followee=alice, languages=[])
    hello = post(committed, alice, language=language)
    homes = set(TimelineEntry.objects.filter(post=hello).values_list("owner__username", flat=True))
    assert homes == {"alice", *readers}
