"""Every rule of the relationships services: follows, requests, blocks, mutes, counters."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import AccountFactory
from tests.relationships.conftest import Clock
from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.relationships import services
from townsquare.relationships.models import Block, Follow, FollowRequest, Mute
from townsquare.relationships.selectors import muted_account_ids


def counts(account: Account) -> tuple[int, int]:
    """(followers, following) as stored now."""
    account.refresh_from_db()
    return account.followers_count, account.following_count


def lock(account: Account) -> Account:
    Account.objects.filter(pk=account.pk).update(is_locked=True)
    account.refresh_from_db()
    return account


class TestFollow:
    def test_following_an_open_account_creates_the_follow_and_counts_it(self, alice, bob):
        result = services.follow(follower=alice, followee=bob)

        assert isinstance(result, Follow)
        assert (result.follower_id, result.followee_id) == (alice.pk, bob.pk)
        assert counts(alice) == (0, 1)
        assert counts(bob) == (1, 0)

    def test_following_twice_changes_nothing(self, alice, bob):
        first = services.follow(follower=alice, followee=bob)
        second = services.follow(follower=alice, followee=bob)

        assert first.pk == second.pk
        assert Follow.objects.filter(follower=alice, followee=bob).count() == 1
        assert counts(alice) == (0, 1)
        assert counts(bob) == (1, 0)

    def test_counts_add_up_over_several_people(self, alice, bob, carol):
        services.follow(follower=alice, followee=carol)
        services.follow(follower=bob, followee=carol)
        services.follow(follower=carol, followee=alice)

        assert counts(carol) == (2, 1)
        assert counts(alice) == (1, 1)
        assert counts(bob) == (0, 1)

    def test_following_yourself_fails(self, alice):
        with pytest.raises(ValidationFailed) as failure:
            services.follow(follower=alice, followee=alice)

        assert "yourself" in failure.value.message
        assert not Follow.objects.exists()
        assert counts(alice) == (0, 0)

    def test_a_locked_account_gets_a_request_instead(self, alice, bob):
        bob = lock(bob)

        result = services.follow(follower=alice, followee=bob)

        assert isinstance(result, FollowRequest)
        assert (result.requester_id, result.target_id) == (alice.pk, bob.pk)
        assert not Follow.objects.exists()
        assert counts(bob) == (0, 0)
        assert counts(alice) == (0, 0)

    def test_asking_twice_keeps_one_request(self, alice, bob):
        bob = lock(bob)

        first = services.follow(follower=alice, followee=bob)
        second = services.follow(follower=alice, followee=bob)

        assert first.pk == second.pk
        assert FollowRequest.objects.count() == 1

    def test_an_account_that_locks_later_keeps_its_followers(self, alice, bob):
        services.follow(follower=alice, followee=bob)
        bob = lock(bob)

        result = services.follow(follower=alice, followee=bob)

        assert isinstance(result, Follow)
        assert not FollowRequest.objects.exists()

    def test_following_after_an_unlock_replaces_the_old_request(self, alice, bob):
        bob = lock(bob)
        services.follow(follower=alice, followee=bob)
        Account.objects.filter(pk=bob.pk).update(is_locked=False)
        bob.refresh_from_db()

        result = services.follow(follower=alice, followee=bob)

        assert isinstance(result, Follow)
        assert not FollowRequest.objects.exists()
        assert counts(bob) == (1, 0)

    @pytest.mark.parametrize("blocker_is_follower", [True, False])
    def test_a_block_either_way_forbids_following(self, alice, bob, blocker_is_follower):
        if blocker_is_follower:
            services.block(blocker=alice, blocked=bob)
        else:
            services.block(blocker=bob, blocked=alice)

        with pytest.raises(Forbidden):
            services.follow(follower=alice, followee=bob)

        assert not Follow.objects.exists()
        assert not FollowRequest.objects.exists()

    def test_a_blocked_person_cannot_even_ask_a_locked_account(self, alice, bob):
        bob = lock(bob)
        services.block(blocker=bob, blocked=alice)

        with pytest.raises(Forbidden):
            services.follow(follower=alice, followee=bob)

        assert not FollowRequest.objects.exists()

    @pytest.mark.parametrize("field", ["is_active", "is_approved"])
    def test_deactivated_or_unapproved_accounts_cannot_be_followed(self, alice, field):
        hidden = AccountFactory.create(username="hidden", **{field: False})

        with pytest.raises(NotFound):
            services.follow(follower=alice, followee=hidden)

        assert not Follow.objects.exists()


class TestUnfollow:
    def test_unfollowing_removes_the_follow_and_the_counts(self, alice, bob):
        services.follow(follower=alice, followee=bob)

        services.unfollow(follower=alice, followee=bob)

        assert not Follow.objects.exists()
        assert counts(alice) == (0, 0)
        assert counts(bob) == (0, 0)

    def test_unfollowing_twice_counts_once(self, alice, bob, carol):
        services.follow(follower=alice, followee=bob)
        services.follow(follower=carol, followee=bob)

        services.unfollow(follower=alice, followee=bob)
        services.unfollow(follower=alice, followee=bob)

        assert counts(bob) == (1, 0)
        assert counts(alice) == (0, 0)

    def test_unfollowing_someone_you_never_followed_changes_nothing(self, alice, bob, carol):
        services.follow(follower=carol, followee=bob)

        services.unfollow(follower=alice, followee=bob)

        assert counts(bob) == (1, 0)
        assert Follow.objects.filter(follower=carol, followee=bob).exists()

    def test_unfollowing_withdraws_a_pending_request(self, alice, bob):
        bob = lock(bob)
        services.follow(follower=alice, followee=bob)

        services.unfollow(follower=alice, followee=bob)

        assert not FollowRequest.objects.exists()

    def test_unfollowing_leaves_the_other_direction(self, alice, bob):
        services.follow(follower=alice, followee=bob)
        services.follow(follower=bob, followee=alice)

        services.unfollow(follower=alice, followee=bob)

        assert Follow.objects.filter(follower=bob, followee=alice).exists()
        assert counts(alice) == (1, 0)
        assert counts(bob) == (0, 1)


class TestFollowRequests:
    @pytest.fixture
    def requested(self, alice: Account, bob: Account) -> Account:
        """Bob is locked and Alice asked to follow him."""
        bob = lock(bob)
        services.follow(follower=alice, followee=bob)
        return bob

    def test_approving_turns_the_request_into_a_follow(self, alice, requested):
        follow = services.approve_follow_request(target=requested, requester=alice)

        assert (follow.follower_id, follow.followee_id) == (alice.pk, requested.pk)
        assert not FollowRequest.objects.exists()
        assert counts(requested) == (1, 0)
        assert counts(alice) == (0, 1)

    def test_approving_twice_returns_the_same_follow(self, alice, requested):
        first = services.approve_follow_request(target=requested, requester=alice)
        second = services.approve_follow_request(target=requested, requester=alice)

        assert first.pk == second.pk
        assert counts(requested) == (1, 0)

    def test_approving_without_a_request_is_not_found(self, alice, bob, carol):
        with pytest.raises(NotFound):
            services.approve_follow_request(target=bob, requester=carol)

        assert not Follow.objects.exists()

    def test_only_the_target_can_approve(self, alice, carol, requested):
        with pytest.raises(NotFound):
            services.approve_follow_request(target=carol, requester=alice)

        assert FollowRequest.objects.filter(requester=alice, target=requested).exists()
        assert not Follow.objects.exists()

    def test_a_deactivated_requester_cannot_be_approved(self, alice, requested):
        Account.objects.filter(pk=alice.pk).update(is_active=False)
        alice.refresh_from_db()

        with pytest.raises(NotFound):
            services.approve_follow_request(target=requested, requester=alice)

        assert not Follow.objects.exists()

    def test_rejecting_removes_the_request_without_a_follow(self, alice, requested):
        services.reject_follow_request(target=requested, requester=alice)

        assert not FollowRequest.objects.exists()
        assert not Follow.objects.exists()
        assert counts(requested) == (0, 0)

    def test_rejecting_twice_is_harmless_and_they_may_ask_again(self, alice, requested):
        services.reject_follow_request(target=requested, requester=alice)
        services.reject_follow_request(target=requested, requester=alice)

        again = services.follow(follower=alice, followee=requested)

        assert isinstance(again, FollowRequest)


class TestBlock:
    def test_blocking_ends_follows_both_ways_and_fixes_counts(self, alice, bob, carol):
        services.follow(follower=alice, followee=bob)
        services.follow(follower=bob, followee=alice)
        services.follow(follower=carol, followee=bob)

        block = services.block(blocker=alice, blocked=bob)

        assert (block.blocker_id, block.blocked_id) == (alice.pk, bob.pk)
        assert not Follow.objects.filter(follower__in=[alice, bob], followee__in=[alice, bob])
        assert Follow.objects.filter(follower=carol, followee=bob).exists()
        assert counts(alice) == (0, 0)
        assert counts(bob) == (1, 0)

    def test_blocking_removes_requests_both_ways(self, alice, bob):
        lock(alice)
        lock(bob)
        alice.refresh_from_db()
        bob.refresh_from_db()
        services.follow(follower=alice, followee=bob)
        services.follow(follower=bob, followee=alice)
        assert FollowRequest.objects.count() == 2

        services.block(blocker=bob, blocked=alice)

        assert not FollowRequest.objects.exists()

    def test_blocking_twice_keeps_one_block(self, alice, bob):
        first = services.block(blocker=alice, blocked=bob)
        second = services.block(blocker=alice, blocked=bob)

        assert first.pk == second.pk
        assert Block.objects.count() == 1

    def test_both_may_block_each_other(self, alice, bob):
        services.block(blocker=alice, blocked=bob)
        services.block(blocker=bob, blocked=alice)

        assert Block.objects.count() == 2

    def test_blocking_yourself_fails(self, alice):
        with pytest.raises(ValidationFailed):
            services.block(blocker=alice, blocked=alice)

        assert not Block.objects.exists()

    def test_unblocking_lifts_the_block_but_does_not_restore_follows(self, alice, bob):
        services.follow(follower=bob, followee=alice)
        services.block(blocker=alice, blocked=bob)

        services.unblock(blocker=alice, blocked=bob)

        assert not Block.objects.exists()
        assert not Follow.objects.exists()
        assert isinstance(services.follow(follower=bob, followee=alice), Follow)
        assert counts(alice) == (1, 0)

    def test_unblocking_is_one_sided_and_idempotent(self, alice, bob):
        services.block(blocker=alice, blocked=bob)
        services.block(blocker=bob, blocked=alice)

        services.unblock(blocker=alice, blocked=bob)
        services.unblock(blocker=alice, blocked=bob)

        assert list(Block.objects.values_list("blocker_id", "blocked_id")) == [(bob.pk, alice.pk)]
        with pytest.raises(Forbidden):
            services.follow(follower=alice, followee=bob)

    def test_blocking_leaves_mutes_alone(self, alice, bob):
        services.mute(muter=alice, muted=bob)

        services.block(blocker=alice, blocked=bob)

        assert Mute.objects.filter(muter=alice, muted=bob).exists()


class TestMute:
    def test_muting_forever_by_default_with_notifications_hidden(self, alice, bob):
        mute = services.mute(muter=alice, muted=bob)

        assert mute.expires_at is None
        assert mute.hide_notifications is True
        assert muted_account_ids(alice.pk) == {bob.pk}

    def test_muting_for_a_while_sets_when_it_ends(self, alice, bob, clock: Clock):
        mute = services.mute(muter=alice, muted=bob, duration=timedelta(hours=1))

        assert mute.expires_at == clock.now + timedelta(hours=1)

    def test_an_expired_mute_no_longer_counts(self, alice, bob, clock: Clock):
        services.mute(muter=alice, muted=bob, duration=timedelta(days=1))

        clock.advance(timedelta(hours=23, minutes=59))
        assert muted_account_ids(alice.pk) == {bob.pk}
        clock.advance(timedelta(minutes=1))
        assert muted_account_ids(alice.pk) == set()

    def test_muting_again_replaces_duration_and_notification_setting(self, alice, bob, clock):
        services.mute(muter=alice, muted=bob, duration=timedelta(hours=1))

        mute = services.mute(muter=alice, muted=bob, hide_notifications=False)

        assert Mute.objects.count() == 1
        assert mute.expires_at is None
        assert mute.hide_notifications is False
        clock.advance(timedelta(days=365))
        assert muted_account_ids(alice.pk) == {bob.pk}

    def test_an_expired_mute_can_be_renewed(self, alice, bob, clock: Clock):
        services.mute(muter=alice, muted=bob, duration=timedelta(hours=1))
        clock.advance(timedelta(hours=2))

        services.mute(muter=alice, muted=bob, duration=timedelta(hours=1))

        assert muted_account_ids(alice.pk) == {bob.pk}
        assert Mute.objects.count() == 1

    @pytest.mark.parametrize("duration", [timedelta(0), timedelta(seconds=-5)])
    def test_a_mute_must_last_some_time(self, alice, bob, duration):
        with pytest.raises(ValidationFailed) as failure:
            services.mute(muter=alice, muted=bob, duration=duration)

        assert failure.value.field == "duration"
        assert not Mute.objects.exists()

    def test_a_mute_cannot_last_absurdly_long(self, alice, bob):
        with pytest.raises(ValidationFailed) as failure:
            services.mute(muter=alice, muted=bob, duration=timedelta(days=10**6))

        assert "3650 days" in failure.value.message
        assert not Mute.objects.exists()

    def test_muting_yourself_fails(self, alice):
        with pytest.raises(ValidationFailed):
            services.mute(muter=alice, muted=alice)

    def test_muting_leaves_follows_and_counts_alone(self, alice, bob):
        services.follow(follower=alice, followee=bob)

        services.mute(muter=alice, muted=bob)

        assert Follow.objects.filter(follower=alice, followee=bob).exists()
        assert counts(bob) == (1, 0)

    def test_unmuting_ends_the_mute_and_is_idempotent(self, alice, bob, carol):
        services.mute(muter=alice, muted=bob)
        services.mute(muter=alice, muted=carol)

        services.unmute(muter=alice, muted=bob)
        services.unmute(muter=alice, muted=bob)

        assert muted_account_ids(alice.pk) == {carol.pk}
