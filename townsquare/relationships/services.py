"""Every write to the social graph: follow, follow requests, block and mute.

Each verb is idempotent (doing it twice changes nothing the second time and publishes
nothing), keeps ``followers_count``/``following_count`` right through
``accounts.services.change_counters`` in the same transaction, and publishes its event
to be delivered after commit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.accounts.services import change_counters
from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.core.events import publish
from townsquare.relationships.events import (
    Blocked,
    FollowBoostsChanged,
    Followed,
    FollowRequested,
    Muted,
    Unfollowed,
)
from townsquare.relationships.models import Block, Endorsement, Follow, FollowRequest, Mute
from townsquare.relationships.selectors import active_mutes, is_blocking, is_following

MAX_MUTE_DURATION = timedelta(days=3650)
MAX_FOLLOW_LANGUAGES = 100
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def _ensure_other(actor: Account, other: Account, verb: str) -> None:
    if actor.pk == other.pk:
        raise ValidationFailed(f"You can't {verb} yourself.", field="account")


@transaction.atomic
def follow(
    *,
    follower: Account,
    followee: Account,
    show_boosts: bool | None = None,
    notify: bool | None = None,
    languages: Sequence[str] | None = None,
) -> Follow | FollowRequest:
    """Follow ``followee``, or ask to when their account is locked.

    The options (None leaves one as it is) apply to a new follow or request, and following
    again changes them on an existing one, as Mastodon does. An empty ``languages`` means
    every language.
    """
    _ensure_other(follower, followee, "follow")
    wanted = _follow_options(show_boosts, notify, languages)
    if not (followee.is_active and followee.is_approved):
        raise NotFound()
    if is_blocking(follower.pk, followee.pk):
        raise Forbidden(f"Unblock @{followee.username} before following them.")
    if is_blocking(followee.pk, follower.pk):
        raise Forbidden(f"You can't follow @{followee.username}.")
    existing = Follow.objects.filter(follower=follower, followee=followee).first()
    if existing is not None:
        return _change_options(existing, wanted)
    if followee.is_locked:
        request, created = FollowRequest.objects.get_or_create(
            requester=follower, target=followee, defaults=wanted
        )
        if not created and wanted:
            FollowRequest.objects.filter(pk=request.pk).update(**wanted)
            request.refresh_from_db()
        if created:
            publish(
                FollowRequested(
                    request_id=request.pk, requester_id=follower.pk, target_id=followee.pk
                )
            )
        return request
    # A request left over from when the account was locked is answered by following.
    FollowRequest.objects.filter(requester=follower, target=followee).delete()
    return _start_follow(follower_id=follower.pk, followee_id=followee.pk, options=wanted)


@transaction.atomic
def change_follow_options(
    *,
    follower: Account,
    followee: Account,
    show_boosts: bool | None = None,
    notify: bool | None = None,
    languages: Sequence[str] | None = None,
) -> Follow:
    """Change how an existing follow behaves; None leaves an option as it is."""
    wanted = _follow_options(show_boosts, notify, languages)
    existing = Follow.objects.select_for_update().filter(follower=follower, followee=followee)
    edge = existing.first()
    if edge is None:
        raise ValidationFailed(f"You don't follow @{followee.username}.", field="account")
    return _change_options(edge, wanted)


@transaction.atomic
def unfollow(*, follower: Account, followee: Account) -> None:
    """Stop following ``followee``, or withdraw a pending request to."""
    FollowRequest.objects.filter(requester=follower, target=followee).delete()
    _end_follow(follower_id=follower.pk, followee_id=followee.pk)


@transaction.atomic
def approve_follow_request(*, target: Account, requester: Account) -> Follow:
    """Let ``requester`` follow ``target``; NotFound when there is no such request."""
    existing = Follow.objects.filter(follower=requester, followee=target).first()
    pending = FollowRequest.objects.filter(requester=requester, target=target).first()
    FollowRequest.objects.filter(requester=requester, target=target).delete()
    if existing is not None:
        return existing
    if pending is None or not requester.is_active:
        raise NotFound(f"No follow request from @{requester.username}.")
    options = {
        "show_boosts": pending.show_boosts,
        "notify": pending.notify,
        "languages": pending.languages,
    }
    return _start_follow(follower_id=requester.pk, followee_id=target.pk, options=options)


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


@transaction.atomic
def endorse(*, account: Account, target: Account) -> Endorsement:
    """Feature ``target`` on ``account``'s profile; only someone ``account`` follows."""
    _ensure_other(account, target, "feature")
    if not is_following(account.pk, target.pk):
        raise ValidationFailed(
            f"Follow @{target.username} before featuring them on your profile.", field="account"
        )
    record, _ = Endorsement.objects.get_or_create(account=account, target=target)
    return record


@transaction.atomic
def unendorse(*, account: Account, target: Account) -> None:
    """Stop featuring ``target`` on ``account``'s profile."""
    Endorsement.objects.filter(account=account, target=target).delete()


def _follow_options(
    show_boosts: bool | None, notify: bool | None, languages: Sequence[str] | None
) -> dict[str, object]:
    """The options a caller asked to set, as Follow fields (languages normalised)."""
    wanted: dict[str, object] = {}
    if show_boosts is not None:
        wanted["show_boosts"] = show_boosts
    if notify is not None:
        wanted["notify"] = notify
    if languages is not None:
        wanted["languages"] = _languages(languages)
    return wanted


def _languages(languages: Sequence[str]) -> list[str] | None:
    codes = list(dict.fromkeys(code.strip().lower() for code in languages if code.strip()))
    if len(codes) > MAX_FOLLOW_LANGUAGES:
        raise ValidationFailed(
            f"You can choose at most {MAX_FOLLOW_LANGUAGES} languages.", field="languages"
        )
    for code in codes:
        if not _LANGUAGE_CODE.fullmatch(code):
            raise ValidationFailed(
                "languages must be ISO 639 codes such as en or de.", field="languages"
            )
    return codes or None


def _change_options(edge: Follow, wanted: dict[str, object]) -> Follow:
    changed = {name: value for name, value in wanted.items() if getattr(edge, name) != value}
    if not changed:
        return edge
    Follow.objects.filter(pk=edge.pk).update(**changed)
    for name, value in changed.items():
        setattr(edge, name, value)
    if "show_boosts" in changed:
        publish(
            FollowBoostsChanged(
                follower_id=edge.follower_id,
                followee_id=edge.followee_id,
                show_boosts=edge.show_boosts,
            )
        )
    return edge


def _start_follow(
    *, follower_id: int, followee_id: int, options: dict[str, object] | None = None
) -> Follow:
    follow_edge, created = Follow.objects.get_or_create(
        follower_id=follower_id, followee_id=followee_id, defaults=options or {}
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
    # Only people one follows can be featured: the endorsement ends with the follow.
    Endorsement.objects.filter(account_id=follower_id, target_id=followee_id).delete()
    if deleted:
        change_counters(account_id=follower_id, following=-1)
        change_counters(account_id=followee_id, followers=-1)
        publish(Unfollowed(follower_id=follower_id, followee_id=followee_id))
