"""Writes of notifications. Each is idempotent: ``notification_once`` is unique on
(recipient, kind, subject), so delivering the same event twice notifies once."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.core.events import publish
from townsquare.notifications.events import NotificationCreated
from townsquare.notifications.models import Notification, NotificationKind
from townsquare.posts.models import Mention, Post
from townsquare.relationships.selectors import is_blocked_either_way, is_muting_notifications


@transaction.atomic
def notify(
    *, recipient_id: int, actor_id: int, kind: str, subject_id: int, post_id: int | None = None
) -> Notification | None:
    """Tell ``recipient_id`` that ``actor_id`` did ``kind``; None when they shouldn't be told.

    Nobody is notified of their own actions, of what someone they block (or who blocks
    them) or mute with notifications hidden does, or about a post they may not see.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    if recipient_id == actor_id:
        return None
    recipient = Account.objects.filter(id=recipient_id, is_active=True).first()
    if recipient is None or not Account.objects.filter(id=actor_id, is_active=True).exists():
        return None
    if is_blocked_either_way(recipient_id, actor_id):
        return None
    if is_muting_notifications(recipient_id, actor_id):
        return None
    if post_id is not None and not Post.objects.visible_to(recipient).filter(id=post_id).exists():
        return None
    notification, created = Notification.objects.get_or_create(
        recipient_id=recipient_id,
        kind=kind,
        subject_id=subject_id,
        defaults={"actor_id": actor_id, "post_id": post_id},
    )
    if created:
        publish(NotificationCreated(notification_id=notification.id, recipient_id=recipient_id))
    return notification


@transaction.atomic
def notify_post_published(*, post_id: int) -> None:
    """Notify the people a new post mentions, and the author of the post it replies to."""
    post = Post.objects.filter(id=post_id, reblog_of__isnull=True).first()
    if post is None:
        return  # deleted before the task ran, or a boost (PostBoosted notifies those)
    mentioned = set(Mention.objects.filter(post=post).values_list("account_id", flat=True))
    for account_id in sorted(mentioned):
        notify(
            recipient_id=account_id,
            actor_id=post.author_id,
            kind=NotificationKind.MENTION,
            subject_id=post.id,
            post_id=post.id,
        )
    parent_author = post.in_reply_to_account_id
    if parent_author is not None and parent_author not in mentioned:
        notify(
            recipient_id=parent_author,
            actor_id=post.author_id,
            kind=NotificationKind.REPLY,
            subject_id=post.id,
            post_id=post.id,
        )


@transaction.atomic
def mark_all_read(*, recipient: Account) -> int:
    """Mark every unread notification of ``recipient`` read; returns how many changed."""
    return Notification.objects.filter(recipient=recipient, is_read=False).update(is_read=True)


@transaction.atomic
def dismiss(*, recipient: Account, notification_id: int) -> None:
    """Delete one of ``recipient``'s notifications; NotFound if it isn't theirs."""
    deleted, _ = Notification.objects.filter(recipient=recipient, id=notification_id).delete()
    if not deleted:
        raise NotFound()


@transaction.atomic
def clear_all(*, recipient: Account) -> int:
    """Delete every notification of ``recipient``; returns how many went."""
    deleted, _ = Notification.objects.filter(recipient=recipient).delete()
    return deleted


@transaction.atomic
def remove_between(*, first_id: int, second_id: int) -> None:
    """Forget the notifications either of two people caused the other (after a block)."""
    Notification.objects.filter(
        Q(recipient_id=first_id, actor_id=second_id) | Q(recipient_id=second_id, actor_id=first_id)
    ).delete()
