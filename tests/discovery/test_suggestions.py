"""People you may know: ranking by mutual connections and shared hashtags, and exclusions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.discovery.conftest import MakePeople
from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.discovery.selectors.suggestions import (
    FRIENDS_OF_FRIENDS,
    MOST_FOLLOWED,
    SHARED_INTERESTS,
    suggestions_for,
)
from townsquare.discovery.services import dismiss_suggestion
from townsquare.posts.models import Hashtag
from townsquare.posts.services import publish_post
from townsquare.relationships.services import block, follow, mute
from townsquare.timelines.services import follow_tag

pytestmark = pytest.mark.django_db


def _names(viewer: Account, **options: int) -> list[str]:
    return [s.account.username for s in suggestions_for(viewer, **options)]


@pytest.fixture
def graph(alice: Account, people: MakePeople) -> dict[str, Account]:
    """alice follows bob, carol, dave; erin is followed by all three, frank by one."""
    bob, carol, dave, erin, frank = people("bob", "carol", "dave", "erin", "frank")
    for friend in (bob, carol, dave):
        follow(follower=alice, followee=friend)
        follow(follower=friend, followee=erin)
    follow(follower=bob, followee=frank)
    follow(follower=bob, followee=alice)  # alice herself is never suggested
    return {"bob": bob, "carol": carol, "dave": dave, "erin": erin, "frank": frank}


def test_friends_of_friends_rank_by_mutual_connections(
    alice: Account, graph: dict[str, Account]
) -> None:
    found = suggestions_for(alice)
    assert [s.account.username for s in found] == ["erin", "frank"]
    assert (found[0].mutuals, found[0].sources) == (3, (FRIENDS_OF_FRIENDS,))
    assert found[1].mutuals == 1


def test_shared_hashtags_count_too(
    alice: Account, graph: dict[str, Account], people: MakePeople
) -> None:
    (gina,) = people("gina")
    publish_post(author=alice, text="#rivers and #lakes")
    publish_post(author=gina, text="#rivers #lakes #sea")
    publish_post(author=graph["frank"], text="#sea only")

    found = {s.account.username: s for s in suggestions_for(alice)}
    assert found["gina"].shared_tags == 2
    assert found["gina"].sources == (SHARED_INTERESTS,)
    assert found["frank"].shared_tags == 0
    # Three mutual connections outweigh two shared hashtags.
    assert _names(alice)[0] == "erin"


def test_followed_hashtags_are_interests(alice: Account, people: MakePeople) -> None:
    (gina,) = people("gina")
    publish_post(author=gina, text="#knitting")
    follow_tag(account=alice, hashtag=Hashtag.objects.get(name="knitting"))

    assert suggestions_for(alice)[0].sources == (SHARED_INTERESTS,)


def test_followers_only_posts_dont_reveal_interests(alice: Account, people: MakePeople) -> None:
    (gina,) = people("gina")
    publish_post(author=alice, text="#secretclub")
    publish_post(author=gina, text="#secretclub", visibility="followers")

    assert [s.sources for s in suggestions_for(alice)] == [(MOST_FOLLOWED,)]


@pytest.mark.parametrize("how", ["follow", "request", "block", "blocked_by", "mute", "dismiss"])
def test_exclusions(alice: Account, graph: dict[str, Account], how: str) -> None:
    erin = graph["erin"]
    if how == "follow":
        follow(follower=alice, followee=erin)
    elif how == "request":
        erin.is_locked = True
        erin.save(update_fields=["is_locked"])
        follow(follower=alice, followee=erin)
    elif how == "block":
        block(blocker=alice, blocked=erin)
    elif how == "blocked_by":
        block(blocker=erin, blocked=alice)
    elif how == "mute":
        mute(muter=alice, muted=erin)
    else:
        dismiss_suggestion(account=alice, dismissed=erin)

    assert "erin" not in _names(alice)
    assert "frank" in _names(alice)


def test_an_expired_mute_no_longer_hides(alice: Account, graph: dict[str, Account]) -> None:
    mute(muter=alice, muted=graph["erin"], duration=timedelta(seconds=1))
    alice.mutes_made.update(expires_at=timezone.now() - timedelta(minutes=1))

    assert "erin" in _names(alice)


@pytest.mark.parametrize("flag", ["is_discoverable", "is_active"])
def test_people_who_opted_out_or_left_are_never_suggested(
    alice: Account, graph: dict[str, Account], flag: str
) -> None:
    erin = graph["erin"]
    setattr(erin, flag, False)
    erin.save(update_fields=[flag])

    assert "erin" not in _names(alice)


def test_newcomers_get_popular_recently_active_people(alice: Account, people: MakePeople) -> None:
    star, known, silent, shy = people("star", "known", "silent", "shy")
    fans = people(*(f"fan{i}" for i in range(3)))
    for fan in fans:
        follow(follower=fan, followee=star)
    follow(follower=fans[0], followee=known)
    follow(follower=fans[0], followee=silent)  # followed, but never posts
    for person in (star, known, shy):
        publish_post(author=person, text="hello")
    shy.is_discoverable = False
    shy.save(update_fields=["is_discoverable"])
    star.refresh_from_db()

    found = suggestions_for(alice, limit=2)
    assert [s.account.username for s in found] == ["star", "known"]
    assert found[0].sources == (MOST_FOLLOWED,)
    assert "silent" not in _names(alice)
    assert "shy" not in _names(alice)


def test_dismissing_yourself_is_refused(alice: Account) -> None:
    with pytest.raises(ValidationFailed):
        dismiss_suggestion(account=alice, dismissed=alice)


def test_dismissing_twice_keeps_one(alice: Account, bob: Account) -> None:
    first = dismiss_suggestion(account=alice, dismissed=bob)
    assert dismiss_suggestion(account=alice, dismissed=bob).pk == first.pk
