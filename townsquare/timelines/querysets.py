"""Filters shared by fan-out (write time) and the home merge (read time), so both agree."""

from __future__ import annotations

from django.conf import settings
from django.db.models import F, Q

from townsquare.relationships.models import Follow


def fanout_threshold() -> int:
    """Followers from which an account's posts are merged at read time instead of written."""
    return int(settings.TOWNSQUARE["FANOUT_THRESHOLD"])


def home_cap() -> int:
    """How many entries a home keeps; fan-out trims older ones now and then."""
    return int(settings.TOWNSQUARE.get("HOME_CAP", 800))


def replies_for_home_of(owner_id: int) -> Q:
    """A post filter: replies to a third person reach a home only if its owner follows them.

    As in Mastodon, a conversation between someone you follow and a stranger stays out
    of your home; replies to yourself and self-threads are shown.
    """
    followed = Follow.objects.filter(follower_id=owner_id).values("followee_id")
    return (
        Q(in_reply_to_account_id__isnull=True)
        | Q(in_reply_to_account_id=F("author_id"))
        | Q(in_reply_to_account_id=owner_id)
        | Q(in_reply_to_account_id__in=followed)
    )
