"""Events leave the relationships services only once the write has committed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import transaction

from tests.relationships.conftest import Clock
from townsquare.accounts.models import Account
from townsquare.core.events import Event, subscribe
from townsquare.relationships import services
from townsquare.relationships.events import (
    Blocked,
    Followed,
    FollowRequested,
    Muted,
    Unfollowed,
)
from townsquare.relationships.models import Follow

_received: list[Event] = []


def _record(event: Event) -> None:
    _received.append(event)


@pytest.fixture
def received() -> Iterator[list[Event]]:
    """Every relationships event delivered during the test, in order."""
    for event_type in (Followed, FollowRequested, Unfollowed, Blocked, Muted):
        subscribe(event_type, _record)  # subscribing the same handler again is a no-op
    _received.clear()
    yield _received
    _received.clear()


def lock(account: Account) -> Account:
    Account.objects.filter(pk=account.pk).update(is_locked=True)
    account.refresh_from_db()
    return account


def test_nothing_is_delivered_before_commit(alice, bob, received):
    services.follow(follower=alice, followee=bob)

    assert received == []


def test_following_publishes_followed_after_commit(alice, bob, committed, received):
    with committed():
        follow = services.follow(follower=alice, followee=bob)
        assert received == []

    assert received == [Followed(follow_id=follow.pk, follower_id=alice.pk, followee_id=bob.pk)]


def test_a_rolled_back_follow_publishes_nothing(alice, bob, committed, received):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        services.follow(follower=alice, followee=bob)
        raise RuntimeError("the surrounding work failed")

    assert received == []
    assert not Follow.objects.exists()


def test_following_again_publishes_nothing(alice, bob, committed, received):
    services.follow(follower=alice, followee=bob)

    with committed():
        services.follow(follower=alice, followee=bob)

    assert received == []


def test_asking_publishes_follow_requested_once(alice, bob, committed, received):
    bob = lock(bob)

    with committed():
        request = services.follow(follower=alice, followee=bob)
        services.follow(follower=alice, followee=bob)

    assert received == [
        FollowRequested(request_id=request.pk, requester_id=alice.pk, target_id=bob.pk)
    ]


def test_approving_publishes_followed(alice, bob, committed, received):
    bob = lock(bob)
    services.follow(follower=alice, followee=bob)

    with committed():
        follow = services.approve_follow_request(target=bob, requester=alice)

    assert received == [Followed(follow_id=follow.pk, follower_id=alice.pk, followee_id=bob.pk)]


def test_rejecting_publishes_nothing(alice, bob, committed, received):
    bob = lock(bob)
    services.follow(follower=alice, followee=bob)

    with committed():
        services.reject_follow_request(target=bob, requester=alice)

    assert received == []


def test_unfollowing_publishes_unfollowed_once(alice, bob, committed, received):
    services.follow(follower=alice, followee=bob)

    with committed():
        services.unfollow(follower=alice, followee=bob)
        services.unfollow(follower=alice, followee=bob)

    assert received == [Unfollowed(follower_id=alice.pk, followee_id=bob.pk)]


def test_withdrawing_a_request_publishes_nothing(alice, bob, committed, received):
    services.follow(follower=alice, followee=lock(bob))

    with committed():
        services.unfollow(follower=alice, followee=bob)

    assert received == []


def test_blocking_publishes_the_ended_follows_and_the_block(alice, bob, committed, received):
    services.follow(follower=alice, followee=bob)
    services.follow(follower=bob, followee=alice)

    with committed():
        services.block(blocker=alice, blocked=bob)
        services.block(blocker=alice, blocked=bob)

    assert received == [
        Unfollowed(follower_id=alice.pk, followee_id=bob.pk),
        Unfollowed(follower_id=bob.pk, followee_id=alice.pk),
        Blocked(blocker_id=alice.pk, blocked_id=bob.pk),
    ]


def test_muting_publishes_muted_when_a_mute_starts(alice, bob, committed, received, clock: Clock):
    with committed():
        services.mute(muter=alice, muted=bob, duration=timedelta(hours=1))
        services.mute(muter=alice, muted=bob)  # already muted: only the duration changes
    assert received == [Muted(muter_id=alice.pk, muted_id=bob.pk)]

    received.clear()
    services.unmute(muter=alice, muted=bob)
    with committed():
        services.mute(muter=alice, muted=bob, duration=timedelta(hours=1))
    clock.advance(timedelta(hours=2))
    with committed():
        services.mute(muter=alice, muted=bob)  # the earlier one had expired

    assert received == [Muted(muter_id=alice.pk, muted_id=bob.pk)] * 2
