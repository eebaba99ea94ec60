"""People you may know: friends of friends and people who post about what you do.

Ranked by mutual connections (how many people you follow follow them), then by shared
hashtags (tags of their recent public posts that you used or follow). Someone who
follows nobody yet, or has few such candidates, is offered the most followed local
people who posted recently. Never suggested: yourself, people you follow or asked to
follow, blocks in either direction, mutes, dismissed people and anyone who opted out of
discovery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.discovery.models import SuggestionDismissal
from townsquare.posts.models import Hashtag, PostHashtag
from townsquare.relationships.models import Block, Follow, FollowRequest
from townsquare.relationships.selectors import active_mutes

# Mastodon's names for why someone is suggested.
FRIENDS_OF_FRIENDS = "friends_of_friends"
SHARED_INTERESTS = "similar_to_recently_followed"
MOST_FOLLOWED = "most_followed"

MAX_SUGGESTIONS = 80
CANDIDATES = 200
# How far back posts count as "what they post about" and "active recently".
RECENT = timedelta(days=30)
# A mutual connection says more than one shared hashtag.
MUTUAL_WEIGHT = 3


@dataclass(frozen=True, slots=True)
class Suggestion:
    account: Account
    sources: tuple[str, ...]
    mutuals: int = 0
    shared_tags: int = 0


def _excluded_ids(viewer: Account) -> QuerySet[Account, Any]:
    """Everyone never to suggest to ``viewer``, as a subquery."""
    me = viewer.pk
    return Account.objects.filter(
        Q(pk=me)
        | Q(pk__in=Follow.objects.filter(follower_id=me).values("followee_id"))
        | Q(pk__in=FollowRequest.objects.filter(requester_id=me).values("target_id"))
        | Q(pk__in=Block.objects.filter(blocker_id=me).values("blocked_id"))
        | Q(pk__in=Block.objects.filter(blocked_id=me).values("blocker_id"))
        | Q(pk__in=active_mutes().filter(muter_id=me).values("muted_id"))
        | Q(pk__in=SuggestionDismissal.objects.filter(account_id=me).values("dismissed_id"))
        | Q(is_active=False)
        | Q(is_approved=False)
        | Q(is_discoverable=False)
    ).values("pk")


def _mutual_counts(viewer: Account, excluded: QuerySet[Account, Any]) -> dict[int, int]:
    followed = Follow.objects.filter(follower_id=viewer.pk).values("followee_id")
    rows = (
        Follow.objects.filter(follower_id__in=followed)
        .exclude(followee_id__in=excluded)
        .values("followee_id")
        .annotate(mutuals=Count("follower_id"))
        .order_by("-mutuals", "followee_id")[:CANDIDATES]
    )
    return {row["followee_id"]: row["mutuals"] for row in rows}


def _shared_tag_counts(viewer: Account, excluded: QuerySet[Account, Any]) -> dict[int, int]:
    since = timezone.now() - RECENT
    # Followed tags are reached through their reverse relation: timelines owns the model and
    # sits in the same layer as discovery.
    interests = Hashtag.objects.filter(
        Q(post_links__post__author_id=viewer.pk) | Q(followers__account_id=viewer.pk)
    ).values("pk")
    rows = (
        PostHashtag.objects.filter(
            hashtag_id__in=interests,
            post__created_at__gte=since,
            post__visibility="public",
            post__reblog_of__isnull=True,
        )
        .exclude(post__author_id__in=excluded)
        .values("post__author_id")
        .annotate(shared=Count("hashtag_id", distinct=True))
        .order_by("-shared", "post__author_id")[:CANDIDATES]
    )
    return {row["post__author_id"]: row["shared"] for row in rows}


def _popular(excluded: QuerySet[Account, Any], skip: set[int], limit: int) -> list[Account]:
    return list(
        Account.objects.filter(last_posted_at__gte=timezone.now() - RECENT)
        .exclude(pk__in=excluded)
        .exclude(pk__in=skip)
        .order_by("-followers_count", "-last_posted_at", "pk")[:limit]
    )


def suggestions_for(viewer: Account, *, limit: int = 40) -> list[Suggestion]:
    """People ``viewer`` may want to follow, best first."""
    limit = max(1, min(limit, MAX_SUGGESTIONS))
    excluded = _excluded_ids(viewer)
    mutuals = _mutual_counts(viewer, excluded)
    shared = _shared_tag_counts(viewer, excluded)
    ranked = sorted(
        set(mutuals) | set(shared),
        key=lambda pk: (-(MUTUAL_WEIGHT * mutuals.get(pk, 0) + shared.get(pk, 0)), pk),
    )[:limit]
    accounts = Account.objects.in_bulk(ranked)
    found = [
        Suggestion(
            account=accounts[pk],
            sources=tuple(
                source
                for source, count in ((FRIENDS_OF_FRIENDS, mutuals), (SHARED_INTERESTS, shared))
                if count.get(pk)
            ),
            mutuals=mutuals.get(pk, 0),
            shared_tags=shared.get(pk, 0),
        )
        for pk in ranked
        if pk in accounts
    ]
    if len(found) < limit:
        popular = _popular(excluded, set(accounts), limit - len(found))
        found += [Suggestion(account=account, sources=(MOST_FOLLOWED,)) for account in popular]
    return found
