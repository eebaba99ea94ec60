"""Follow options: boosts in home, notifications of posts, languages (Mastodon's follow params)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest

from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.core.events import Event, subscribe
from townsquare.posts.models import Post
from townsquare.posts.services import boost, publish_post
from townsquare.relationships import services
from townsquare.relationships.events import FollowBoostsChanged, Followed
from townsquare.relationships.models import Follow, FollowRequest
from townsquare.relationships.selectors import relationship, relationships_with
from townsquare.timelines.models import TimelineEntry
from townsquare.timelines.services import remove_boosts_from_home

Committed = Callable[[], AbstractContextManager[Any]]

_received: list[Event] = []


def _record(event: Event) -> None:
    _received.append(event)


@pytest.fixture
def received() -> Iterator[list[Event]]:
    for event_type in (Followed, FollowBoostsChanged):
        subscribe(event_type, _record)
    _received.clear()
    yield _received
    _received.clear()


def lock(account: Account) -> Account:
    Account.objects.filter(pk=account.pk).update(is_locked=True)
    account.refresh_from_db()
    return account


def edge(follower: Account, followee: Account) -> Follow:
    return Follow.objects.get(follower=follower, followee=followee)


def home_of(account: Account) -> set[int]:
    return set(TimelineEntry.objects.filter(owner=account).values_list("post_id", flat=True))


def publish(committed: Committed, author: Account, text: str = "hello") -> Post:
    with committed():
        return publish_post(author=author, text=text)


def boosted(committed: Committed, booster: Account, original: Post) -> Post:
    with committed():
        return boost(account=booster, post=original)


class TestFollowWithOptions:
    def test_a_new_follow_has_mastodons_defaults(self, alice, bob):
        services.follow(follower=alice, followee=bob)

        follow = edge(alice, bob)
        assert (follow.show_boosts, follow.notify, follow.languages) == (True, False, None)

    def test_a_new_follow_takes_the_options_asked_for(self, alice, bob):
        services.follow(
            follower=alice, followee=bob, show_boosts=False, notify=True, languages=["EN", "de"]
        )

        follow = edge(alice, bob)
        assert (follow.show_boosts, follow.notify, follow.languages) == (False, True, ["en", "de"])

    def test_following_again_changes_only_the_options_given(self, alice, bob):
        services.follow(follower=alice, followee=bob, notify=True, languages=["en"])
        again = services.follow(follower=alice, followee=bob, show_boosts=False)

        assert isinstance(again, Follow)
        follow = edge(alice, bob)
        assert (follow.show_boosts, follow.notify, follow.languages) == (False, True, ["en"])
        bob.refresh_from_db()
        assert bob.followers_count == 1

    def test_an_empty_language_list_means_every_language(self, alice, bob):
        services.follow(follower=alice, followee=bob, languages=["en"])
        services.follow(follower=alice, followee=bob, languages=[])

        assert edge(alice, bob).languages is None

    @pytest.mark.parametrize("bad", [["english"], ["e"], ["<b>"], ["x1"]])
    def test_languages_must_be_codes(self, alice, bob, bad):
        with pytest.raises(ValidationFailed) as failure:
            services.follow(follower=alice, followee=bob, languages=bad)

        assert failure.value.field == "languages"
        assert not Follow.objects.exists()

    def test_too_many_languages_are_refused(self, alice, bob):
        codes = [f"{a}{b}{c}" for a in "abcde" for b in "abcde" for c in "abcde"]
        with pytest.raises(ValidationFailed, match="at most"):
            services.follow(follower=alice, followee=bob, languages=codes)

    def test_a_request_keeps_its_options_until_approved(self, alice, bob):
        lock(bob)
        services.follow(follower=alice, followee=bob, show_boosts=False, notify=True)
        request = FollowRequest.objects.get(requester=alice, target=bob)
        assert (request.show_boosts, request.notify) == (False, True)

        services.follow(follower=alice, followee=bob, languages=["fr"])
        services.approve_follow_request(target=bob, requester=alice)

        follow = edge(alice, bob)
        assert (follow.show_boosts, follow.notify, follow.languages) == (False, True, ["fr"])


class TestChangeFollowOptions:
    def test_changes_an_existing_follow(self, alice, bob):
        services.follow(follower=alice, followee=bob)

        services.change_follow_options(follower=alice, followee=bob, notify=True)

        assert edge(alice, bob).notify is True
        assert edge(alice, bob).show_boosts is True

    def test_needs_a_follow(self, alice, bob):
        with pytest.raises(ValidationFailed, match="don't follow @bob"):
            services.change_follow_options(follower=alice, followee=bob, notify=True)

    def test_boosts_changed_is_published_only_when_boosts_change(
        self, committed, alice, bob, received
    ):
        with committed():
            services.follow(follower=alice, followee=bob)
        received.clear()

        with committed():
            services.change_follow_options(follower=alice, followee=bob, notify=True)
            services.follow(follower=alice, followee=bob, show_boosts=True)
        assert received == []

        with committed():
            services.follow(follower=alice, followee=bob, show_boosts=False)
            services.change_follow_options(follower=alice, followee=bob, show_boosts=False)
        assert received == [
            FollowBoostsChanged(follower_id=alice.pk, followee_id=bob.pk, show_boosts=False)
        ]


class TestRelationship:
    def test_carries_the_options_of_the_viewers_follow(self, alice, bob):
        services.follow(follower=alice, followee=bob, show_boosts=False, notify=True)
        services.follow(follower=bob, followee=alice, languages=["de"])

        mine = relationship(alice, bob)
        assert (mine.showing_reblogs, mine.notifying, mine.languages) == (False, True, None)
        theirs = relationship(bob, alice)
        assert (theirs.showing_reblogs, theirs.notifying, theirs.languages) == (
            True,
            False,
            ("de",),
        )

    def test_a_pending_request_shows_its_options(self, alice, bob):
        lock(bob)
        services.follow(follower=alice, followee=bob, notify=True)

        mine = relationship(alice, bob)
        assert mine.requested and not mine.following
        assert (mine.showing_reblogs, mine.notifying) == (True, True)

    def test_no_follow_shows_nothing(self, alice, bob, carol):
        services.follow(follower=bob, followee=alice, notify=True)

        found = relationships_with(alice, [bob.pk, carol.pk])
        assert (found[bob.pk].showing_reblogs, found[bob.pk].notifying) == (False, False)
        assert found[carol.pk].languages is None


class TestBoostsInHome:
    def test_hiding_boosts_removes_that_persons_boosts_from_home(
        self, committed, alice, bob, carol, dave
    ):
        with committed():
            services.follow(follower=alice, followee=bob)
            services.follow(follower=alice, followee=dave)
        original = publish(committed, carol)
        by_bob = boosted(committed, bob, original)
        own = publish(committed, bob, "my own words")
        by_dave = boosted(committed, dave, publish(committed, carol, "another"))
        assert {by_bob.id, own.id, by_dave.id} <= home_of(alice)

        with committed():
            services.change_follow_options(follower=alice, followee=bob, show_boosts=False)

        home = home_of(alice)
        assert by_bob.id not in home
        assert {own.id, by_dave.id} <= home

    def test_boosts_stay_out_while_hidden_and_come_back_when_shown(
        self, committed, alice, bob, carol
    ):
        with committed():
            services.follow(follower=alice, followee=bob, show_boosts=False)
        hidden = boosted(committed, bob, publish(committed, carol))
        assert hidden.id not in home_of(alice)

        with committed():
            services.follow(follower=alice, followee=bob, show_boosts=True)
        later = boosted(committed, bob, publish(committed, carol, "later"))

        assert later.id in home_of(alice)
        # Turning boosts on brings back bob's latest, as following does.
        assert hidden.id in home_of(alice)

    def test_a_removal_queued_before_showing_again_leaves_home_alone(
        self, committed, alice, bob, carol
    ):
        with committed():
            services.follow(follower=alice, followee=bob)
        shared = boosted(committed, bob, publish(committed, carol))

        remove_boosts_from_home(owner_id=alice.pk, author_id=bob.pk)

        assert shared.id in home_of(alice)


class TestLanguagesInHome:
    def test_fan_out_skips_posts_in_other_languages(self, committed, alice, bob):
        with committed():
            services.follow(follower=alice, followee=bob, languages=["de"])
            english = publish_post(author=bob, text="hello", language="en")
            german = publish_post(author=bob, text="hallo", language="de")
            austrian = publish_post(author=bob, text="servus", language="de-AT")
            unsaid = publish_post(author=bob, text="?")

        home = home_of(alice)
        assert english.id not in home
        assert {german.id, austrian.id, unsaid.id} <= home

    def test_every_language_reaches_a_follow_without_a_list(self, committed, alice, bob):
        with committed():
            services.follow(follower=alice, followee=bob)
            english = publish_post(author=bob, text="hello", language="en")

        assert english.id in home_of(alice)

    def test_a_boost_goes_by_the_originals_language(self, committed, alice, bob, carol):
        with committed():
            services.follow(follower=alice, followee=bob, languages=["de"])
        english = boosted(committed, bob, publish_post(author=carol, text="hi", language="en"))
        german = boosted(committed, bob, publish_post(author=carol, text="hallo", language="de"))

        assert english.id not in home_of(alice)
        assert german.id in home_of(alice)

    def test_backfill_after_following_keeps_to_the_languages(self, committed, alice, bob, carol):
        english = publish_post(author=bob, text="hello", language="en")
        german = publish_post(author=bob, text="hallo", language="de")
        french_boost = boost(account=bob, post=publish_post(author=carol, text="x", language="fr"))

        with committed():
            services.follow(follower=alice, followee=bob, languages=["DE"])

        home = home_of(alice)
        assert german.id in home
        assert english.id not in home
        assert french_boost.id not in home
