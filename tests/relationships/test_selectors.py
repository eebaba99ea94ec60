"""Reads of the social graph: relationship flags, lists of people, hidden ids."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import AccountFactory
from tests.relationships.conftest import Clock
from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.core.pagination import PageRequest, paginate
from townsquare.relationships import selectors, services
from townsquare.relationships.selectors import Relationship


def lock(account: Account) -> Account:
    Account.objects.filter(pk=account.pk).update(is_locked=True)
    account.refresh_from_db()
    return account


def deactivate(account: Account) -> None:
    Account.objects.filter(pk=account.pk).update(is_active=False)


def usernames(accounts) -> list[str]:
    return [account.username for account in accounts]


class TestRelationship:
    def test_strangers_have_no_relationship(self, alice, bob):
        assert selectors.relationship(alice, bob) == Relationship()

    def test_follows_in_both_directions(self, alice, bob):
        services.follow(follower=alice, followee=bob)
        services.follow(follower=bob, followee=alice)

        assert selectors.relationship(alice, bob) == Relationship(
            following=True, followed_by=True, showing_reblogs=True
        )

    def test_one_way_follow_reads_differently_from_each_side(self, alice, bob):
        services.follow(follower=alice, followee=bob)

        assert selectors.relationship(alice, bob) == Relationship(
            following=True, showing_reblogs=True
        )
        assert selectors.relationship(bob, alice) == Relationship(followed_by=True)

    def test_requests_in_both_directions(self, alice, bob):
        services.follow(follower=alice, followee=lock(bob))

        assert selectors.relationship(alice, bob) == Relationship(
            requested=True, showing_reblogs=True
        )
        assert selectors.relationship(bob, alice) == Relationship(requested_by=True)

    def test_blocks_in_both_directions(self, alice, bob):
        services.block(blocker=alice, blocked=bob)

        assert selectors.relationship(alice, bob) == Relationship(blocking=True)
        assert selectors.relationship(bob, alice) == Relationship(blocked_by=True)

    def test_mutes_with_and_without_notifications(self, alice, bob, carol):
        services.mute(muter=alice, muted=bob)
        services.mute(muter=alice, muted=carol, hide_notifications=False)

        assert selectors.relationship(alice, bob) == Relationship(
            muting=True, muting_notifications=True
        )
        assert selectors.relationship(alice, carol) == Relationship(muting=True)
        assert selectors.relationship(bob, alice) == Relationship()

    def test_an_expired_mute_is_no_mute(self, alice, bob, clock: Clock):
        services.mute(muter=alice, muted=bob, duration=timedelta(hours=1))
        clock.advance(timedelta(hours=1, seconds=1))

        assert selectors.relationship(alice, bob) == Relationship()

    @pytest.mark.parametrize("viewer", [None, AnonymousUser()])
    def test_anonymous_viewers_have_none(self, bob, viewer):
        assert selectors.relationship(viewer, bob) == Relationship()

    def test_with_yourself_there_is_none(self, alice):
        assert selectors.relationship(alice, alice) == Relationship()

    def test_many_at_once_in_five_queries(self, alice, bob, carol, dave, django_assert_num_queries):
        services.follow(follower=alice, followee=bob)
        services.endorse(account=alice, target=bob)
        services.block(blocker=carol, blocked=alice)
        services.follow(follower=alice, followee=lock(dave))
        services.mute(muter=alice, muted=dave)

        with django_assert_num_queries(5):
            found = selectors.relationships_with(alice, [bob.pk, carol.pk, dave.pk, alice.pk])

        assert found == {
            bob.pk: Relationship(following=True, endorsed=True, showing_reblogs=True),
            carol.pk: Relationship(blocked_by=True),
            dave.pk: Relationship(
                requested=True, muting=True, muting_notifications=True, showing_reblogs=True
            ),
        }

    def test_many_at_once_with_nobody_asks_nothing(self, alice, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert selectors.relationships_with(alice, []) == {}


class TestPredicates:
    def test_is_following_is_directional(self, alice, bob):
        services.follow(follower=alice, followee=bob)

        assert selectors.is_following(alice.pk, bob.pk)
        assert not selectors.is_following(bob.pk, alice.pk)

    def test_blocks(self, alice, bob, carol):
        services.block(blocker=alice, blocked=bob)

        assert selectors.is_blocking(alice.pk, bob.pk)
        assert not selectors.is_blocking(bob.pk, alice.pk)
        assert selectors.is_blocked_either_way(alice.pk, bob.pk)
        assert selectors.is_blocked_either_way(bob.pk, alice.pk)
        assert not selectors.is_blocked_either_way(alice.pk, carol.pk)

    def test_muting_notifications(self, alice, bob, carol, clock: Clock):
        services.mute(muter=alice, muted=bob, duration=timedelta(hours=1))
        services.mute(muter=alice, muted=carol, hide_notifications=False)

        assert selectors.is_muting_notifications(alice.pk, bob.pk)
        assert not selectors.is_muting_notifications(alice.pk, carol.pk)
        assert not selectors.is_muting_notifications(bob.pk, alice.pk)
        clock.advance(timedelta(hours=2))
        assert not selectors.is_muting_notifications(alice.pk, bob.pk)


class TestIdSets:
    def test_blocked_either_way_ids(self, alice, bob, carol, dave):
        services.block(blocker=alice, blocked=bob)
        services.block(blocker=carol, blocked=alice)
        services.block(blocker=bob, blocked=dave)

        assert selectors.blocked_either_way_ids(alice.pk) == {bob.pk, carol.pk}
        assert selectors.blocked_either_way_ids(dave.pk) == {bob.pk}

    def test_muted_ids_count_active_mutes_only(self, alice, bob, carol, dave, clock: Clock):
        services.mute(muter=alice, muted=bob)
        services.mute(muter=alice, muted=carol, duration=timedelta(hours=1))
        services.mute(muter=dave, muted=alice)

        assert selectors.muted_account_ids(alice.pk) == {bob.pk, carol.pk}
        clock.advance(timedelta(hours=1))
        assert selectors.muted_account_ids(alice.pk) == {bob.pk}

    def test_hidden_ids_are_blocks_either_way_and_mutes(self, alice, bob, carol, dave):
        services.block(blocker=bob, blocked=alice)
        services.mute(muter=alice, muted=carol)
        services.mute(muter=dave, muted=alice)

        assert selectors.hidden_account_ids(alice.pk) == {bob.pk, carol.pk}
        assert selectors.hidden_account_ids(dave.pk) == {alice.pk}

    def test_hidden_accounts_by_kind_in_one_query(
        self, alice, bob, carol, dave, clock: Clock, django_assert_num_queries
    ):
        services.block(blocker=alice, blocked=bob)
        services.block(blocker=carol, blocked=alice)
        services.mute(muter=alice, muted=dave, duration=timedelta(hours=1))
        services.mute(muter=bob, muted=alice)

        with django_assert_num_queries(1):
            hidden = selectors.hidden_accounts(alice.pk)
        assert hidden.blocked == {bob.pk, carol.pk}
        assert hidden.muted == {dave.pk}
        assert hidden.all == {bob.pk, carol.pk, dave.pk}
        clock.advance(timedelta(hours=1))
        assert selectors.hidden_accounts(alice.pk).muted == set()


class TestPeopleLists:
    def test_followers_newest_first(self, alice, bob, carol, dave):
        for follower in (bob, dave, carol):
            services.follow(follower=follower, followee=alice)

        assert usernames(selectors.followers_of(alice)) == ["carol", "dave", "bob"]

    def test_following_newest_first(self, alice, bob, carol, dave):
        for followee in (carol, bob, dave):
            services.follow(follower=alice, followee=followee)

        assert usernames(selectors.following_of(alice)) == ["dave", "bob", "carol"]

    def test_lists_leave_out_deactivated_accounts(self, alice, bob, carol):
        services.follow(follower=bob, followee=alice)
        services.follow(follower=alice, followee=carol)
        deactivate(bob)
        deactivate(carol)

        assert list(selectors.followers_of(alice)) == []
        assert list(selectors.following_of(alice)) == []

    def test_friends_are_mutual_follows_only(self, alice, bob, carol, dave):
        services.follow(follower=alice, followee=bob)
        services.follow(follower=bob, followee=alice)
        services.follow(follower=carol, followee=alice)
        services.follow(follower=alice, followee=dave)

        assert usernames(selectors.friends_of(alice)) == ["bob"]
        assert usernames(selectors.friends_of(bob)) == ["alice"]
        assert list(selectors.friends_of(carol)) == []

    def test_friends_ordered_by_when_the_friendship_began(self, alice, bob, carol):
        services.follow(follower=carol, followee=alice)
        services.follow(follower=alice, followee=bob)
        services.follow(follower=bob, followee=alice)  # alice & bob: friends now
        services.follow(follower=alice, followee=carol)  # alice & carol: friends later

        assert usernames(selectors.friends_of(alice)) == ["carol", "bob"]

    def test_lists_page_by_edge_id(self, alice):
        people = [AccountFactory.create() for _ in range(5)]
        for person in people:
            services.follow(follower=person, followee=alice)
        newest_first = [person.username for person in reversed(people)]

        first = paginate(selectors.followers_of(alice), PageRequest(limit=2), key="edge_id")
        second = paginate(
            selectors.followers_of(alice),
            PageRequest(limit=2, max_id=first.next_max_id),
            key="edge_id",
        )

        assert usernames(first.items) == newest_first[:2]
        assert usernames(second.items) == newest_first[2:4]

    def test_pending_requests_newest_first_without_deactivated(self, alice, bob, carol, dave):
        alice = lock(alice)
        for requester in (bob, carol, dave):
            services.follow(follower=requester, followee=alice)
        deactivate(carol)

        requests = list(selectors.pending_requests(alice))

        assert [r.requester.username for r in requests] == ["dave", "bob"]
        assert list(selectors.pending_requests(bob)) == []
        assert selectors.pending_request_count(alice.pk) == 2  # carol's is not counted
        assert selectors.pending_request_count(bob.pk) == 0

    def test_blocks_by(self, alice, bob, carol):
        services.block(blocker=alice, blocked=bob)
        services.block(blocker=alice, blocked=carol)
        services.block(blocker=bob, blocked=carol)

        assert [b.blocked.username for b in selectors.blocks_by(alice)] == ["carol", "bob"]

    def test_mutes_by_lists_active_mutes(self, alice, bob, carol, clock: Clock):
        services.mute(muter=alice, muted=bob)
        services.mute(muter=alice, muted=carol, duration=timedelta(hours=1))
        clock.advance(timedelta(hours=2))

        assert [m.muted.username for m in selectors.mutes_by(alice)] == ["bob"]


class TestAccessAccountFor:
    def test_finds_the_account(self, alice, bob):
        assert selectors.access_account_for(alice, "BOB") == bob
        assert selectors.access_account_for(None, "bob") == bob
        assert selectors.access_account_for(AnonymousUser(), "bob") == bob

    @pytest.mark.parametrize("direction", ["viewer blocks", "viewer is blocked"])
    def test_blocks_either_way_are_not_found(self, alice, bob, direction):
        if direction == "viewer blocks":
            services.block(blocker=alice, blocked=bob)
        else:
            services.block(blocker=bob, blocked=alice)

        with pytest.raises(NotFound):
            selectors.access_account_for(alice, "bob")

    def test_unknown_people_are_not_found(self, alice):
        with pytest.raises(NotFound):
            selectors.access_account_for(alice, "nobody")
