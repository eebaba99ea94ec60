"""The filters the post partial relies on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.posts.selectors import PostFlags
from townsquare.posts.services import boost, publish_post
from townsquare.web.templatetags.posts import flags_for, relative_time


@pytest.mark.parametrize(
    ("age", "shown"),
    [
        (timedelta(seconds=5), "now"),
        (timedelta(minutes=5, seconds=3), "5m"),
        (timedelta(hours=3, minutes=59), "3h"),
        (timedelta(days=2, hours=1), "2d"),
    ],
)
def test_relative_time_is_short(age: timedelta, shown: str) -> None:
    assert relative_time(timezone.now() - age) == shown


def test_relative_time_of_old_posts_is_a_date() -> None:
    long_ago = timezone.now() - timedelta(days=800)

    assert relative_time(long_ago) == f"{long_ago:%b} {long_ago.day}, {long_ago.year}"


def test_flags_for_finds_a_boost_by_its_own_id_or_its_original(
    alice: Account, bob: Account
) -> None:
    original = publish_post(author=alice, text="hello")
    shared = boost(account=bob, post=original)
    liked = PostFlags(is_liked=True)

    assert flags_for({shared.id: liked}, shared) is liked
    assert flags_for({original.id: liked}, shared) is liked
    assert flags_for({}, shared) is None
    assert flags_for(None, original) is None
