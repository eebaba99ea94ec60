"""Every write to the social graph: follow, follow requests, block and mute.

Each verb is idempotent (doing it twice changes nothing the second time and publishes
nothing), keeps ``followers_count``/``following_count`` right through
``accounts.services.change_counters`` in the same transaction, and publishes its event
to be delivered after commit.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.accounts.services import change_counters
from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.core.events import publish
from townsquare.relationships.events import Blocked, Followed, FollowRequested, Muted, Unfollowed
from townsquare.relationships.models import Block, Follow, FollowRequest, Mute
from townsquare.relationships.selectors import active_mutes, is_blocking

MAX_MUTE_DURATION = timedelta(days=3650)


def _ensure_other(actor: Account, other: Account, verb: str) -> None:
    if actor.pk == other.pk:
        raise ValidationFailed(f"You can't {verb} yourself.", field="account")


@transaction.atomic
def follow(*, follower: Account, followee: Account) -> Follow | FollowRequest:
    """Follow ``followee``, or ask to when their account is locked."""
    _ensure_other(follower, followee, "follow")
    if not (followee.is_active and followee.is_approved):
        raise NotFound()
    if is_blocking(follower.pk, followee.pk):
        raise Forbidden(f"Unblock @{followee.username} before following them.")
    if is_blocking(followee.pk, follower.pk):
        raise Forbidden(f"You can't follow @{followee.username}.")
    existing = Follow.objects.filter(follower=follower, followee=followee).first()
    if existing is not None:
        return existing
    if followee.is_locked:
        request, created = FollowRequest.objects.get_or_create(requester=follower, target=followee)
        if created:
            publish(
                FollowRequested(
                    request_id=request.pk, requester_id=follower.pk, target_id=followee.pk
                )
            )
        return request
    # A request left over from when the account was locked is answered by following.
    FollowRequest.objects.filter(requester=follower, target=followee).delete()
    return _start_follow(follower_id=follower.pk, followee_id=followee.pk)


@transaction.atomic
def unfollow(*, follower: Account, followee: Account) -> None:
    """Stop following ``followee``, or withdraw a pending request to."""
    FollowRequest.objects.filter(requester=follower, target=followee).delete()
    _end_follow(follower_id=follower.pk, followee_id=followee.pk)


@transaction.atomic
def approve_follow_request(*, target: Account, requester: Account) -> Follow:
    """Let ``requester`` follow ``target``; NotFound when there is no such request."""
    existing = Follow.objects.filter(follower=requester, followee=target).first()
    deleted, _ = FollowRequest.objects.filter(requester=requester, target=target).delete()
    if existing is not None:
        return existing
    if not deleted or not requester.is_active:
        raise NotFound(f"No follow request from @{requester.username}.")
    return _start_follow(follower_id=requester.pk, followee_id=target.pk)


@transaction.atomic
def reject_follow_request(*, target: Account, requester: Account) -> None:
    """Turn down ``requester``'s request; they are not told, and may ask again."""
    FollowRequest.objects.filter(requester=requester, target=target).delete()


@transaction.atomic
def block(*, blocker: Account, blocked: Account) -> Block:
    """Block ``blocked``: follows and follow requests between the two end, both ways."""
    _ensure_other(blocker, blocked, "block")
    record, created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    _end_follow(follower_id=blocker.pk, followee_id=blocked.pk)
    _end_follow(follower_id=blocked.pk, followee_id=blocker.pk)
    FollowRequest.objects.filter(
        Q(requester=blocker, target=blocked) | Q(requester=blocked, target=blocker)
    ).delete()
    if created:
        publish(Blocked(blocker_id=blocker.pk, blocked_id=blocked.pk))
    return record


@transaction.atomic
def unblock(*, blocker: Account, blocked: Account) -> None:
    """Lift a block; follows it ended stay ended."""
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


@transaction.atomic
def mute(
    *,
    muter: Account,
    muted: Account,
    duration: timedelta | None = None,
    hide_notifications: bool = True,
) -> Mute:
    """Hide ``muted``'s posts (and notifications) from ``muter``, forever or for ``duration``.

    Muting again replaces the duration and the notification setting.
    """
    _ensure_other(muter, muted, "mute")
    if duration is not None and duration <= timedelta(0):
        raise ValidationFailed("A mute must last longer than zero seconds.", field="duration")
    if duration is not None and duration > MAX_MUTE_DURATION:
        raise ValidationFailed(
            f"A mute can last at most {MAX_MUTE_DURATION.days} days, or forever.",
            field="duration",
        )
    was_active = active_mutes().filter(muter=muter, muted=muted).exists()
    record, _ = Mute.objects.update_or_create(
        muter=muter,
        muted=muted,
        defaults={
            "hide_notifications": hide_notifications,
            "expires_at": None if duration is None else timezone.now() + duration,
        },
    )
    if not was_active:
        publish(Muted(muter_id=muter.pk, muted_id=muted.pk))
    return record


@transaction.atomic
def unmute(*, muter: Account, muted: Account) -> None:
    """End a mute (an expired one is removed too)."""
    Mute.objects.filter(muter=muter, muted=muted).delete()


def _start_follow(*, follower_id: int, followee_id: int) -> Follow:
    follow_edge, created = Follow.objects.get_or_create(
        follower_id=follower_id, followee_id=followee_id
    )
    if created:
        change_counters(account_id=follower_id, following=1)
        change_counters(account_id=followee_id, followers=1)
        publish(
            Followed(follow_id=follow_edge.pk, follower_id=follower_id, followee_id=followee_id)
        )
    return follow_edge


def _end_follow(*, follower_id: int, followee_id: int) -> None:
    deleted, _ = Follow.objects.filter(follower_id=follower_id, followee_id=followee_id).delete()
    if deleted:
        change_counters(account_id=follower_id, following=-1)
        change_counters(account_id=followee_id, followers=-1)
        publish(Unfollowed(follower_id=follower_id, followee_id=followee_id))
