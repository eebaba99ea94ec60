"""Writes of notifications. Each is idempotent: ``notification_once`` is unique on
(recipient, kind, subject), so delivering the same event twice notifies once."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.core.events import publish
from townsquare.notifications.events import NotificationCreated
from townsquare.notifications.models import Notification, NotificationKind
from townsquare.notifications.selectors import recently_ended_poll_ids
from townsquare.posts.models import Mention, Poll, PollVote, Post, Visibility
from townsquare.posts.querysets import visible_among
from townsquare.relationships.models import Block, Follow
from townsquare.relationships.selectors import (
    active_mutes,
    is_blocked_either_way,
    is_muting_notifications,
)

# Followers told of a new post per INSERT.
STATUS_BATCH_SIZE = 1000
# The periodic pass over ended polls: how far back it looks, and how many polls per run.
POLL_SWEEP_WINDOW = timedelta(hours=6)
POLL_SWEEP_BATCH = 500
# Posts that tell the followers who asked: a new visibility stays out until it is added here.
STATUS_VISIBILITIES = (Visibility.PUBLIC, Visibility.UNLISTED, Visibility.FOLLOWERS)


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


@transaction.atomic(savepoint=False)  # as timelines' fan_out_post: it runs for every post
def notify_post_published(*, post_id: int) -> None:
    """Notify the people a new post mentions, and the author of the post it replies to.

    ``notify``'s rules, checked for all of them at once (a few queries whoever is
    mentioned, rather than eight per person): it runs in the request for most posts.
    """
    post = Post.objects.select_related("author").filter(id=post_id, reblog_of__isnull=True).first()
    if post is None or not post.author.is_active:
        return  # deleted or deactivated before the task ran, or a boost (PostBoosted notifies)
    mentioned = set(Mention.objects.filter(post=post).values_list("account_id", flat=True))
    kinds = {account_id: NotificationKind.MENTION for account_id in sorted(mentioned)}
    parent_author = post.in_reply_to_account_id
    if parent_author is not None and parent_author not in kinds:
        kinds[parent_author] = NotificationKind.REPLY
    kinds.pop(post.author_id, None)  # nobody is told of their own post
    told = {recipient.pk for recipient in _may_be_told_of(post, list(kinds))}
    rows = [
        Notification(
            recipient_id=recipient_id,
            actor_id=post.author_id,
            kind=kind,
            subject_id=post.id,
            post_id=post.id,
        )
        for recipient_id, kind in kinds.items()
        if recipient_id in told
    ]
    _create_once(rows)


def _may_be_told_of(post: Post, recipient_ids: list[int]) -> list[Account]:
    """Those of ``recipient_ids`` whom ``notify`` would tell about ``post`` by its author:
    active, neither blocking nor blocked by the author, not muting their notifications,
    and able to see the post."""
    if not recipient_ids:
        return []
    author = post.author_id
    blocks = Block.objects.filter(
        Q(blocker_id=author, blocked_id__in=recipient_ids)
        | Q(blocked_id=author, blocker_id__in=recipient_ids)
    ).values_list("blocker_id", "blocked_id")
    hidden = {blocked if blocker == author else blocker for blocker, blocked in blocks}
    hidden |= set(
        active_mutes()
        .filter(muted_id=author, muter_id__in=recipient_ids, hide_notifications=True)
        .values_list("muter_id", flat=True)
    )
    people = Account.objects.filter(id__in=recipient_ids, is_active=True).exclude(id__in=hidden)
    # Blocks with the author are already left out; a post that isn't a boost has no other.
    return [person for person in people if visible_among(person, [post], blocked=())]


@transaction.atomic
def notify_poll_ended(*, poll_id: int) -> int:
    """Tell a poll's voters and its author that it ended; returns how many were told.

    Does nothing before ``expires_at`` (a task that ran early, or a poll an edit replaced),
    and nothing twice: ``notification_once`` keys each on (recipient, "poll", poll id).
    """
    poll = Poll.objects.select_related("post").filter(pk=poll_id).first()
    if poll is None or not poll.is_expired:
        return 0
    author_id = poll.post.author_id
    voter_ids = set(PollVote.objects.filter(poll=poll).values_list("account_id", flat=True))
    told = 0
    for voter_id in sorted(voter_ids - {author_id}):
        # ``notify`` leaves out who can no longer see the post or who blocks the author.
        told += _told(
            notify(
                recipient_id=voter_id,
                actor_id=author_id,
                kind=NotificationKind.POLL,
                subject_id=poll.id,
                post_id=poll.post_id,
            )
        )
    if Account.objects.filter(id=author_id, is_active=True).exists():
        # The author is told about their own poll, which ``notify`` (rightly) skips elsewhere.
        notification, created = Notification.objects.get_or_create(
            recipient_id=author_id,
            kind=NotificationKind.POLL,
            subject_id=poll.id,
            defaults={"actor_id": author_id, "post_id": poll.post_id},
        )
        if created:
            publish(NotificationCreated(notification_id=notification.id, recipient_id=author_id))
        told += 1
    return told


def notify_recently_ended_polls(
    *, within: timedelta = POLL_SWEEP_WINDOW, limit: int = POLL_SWEEP_BATCH
) -> int:
    """Tell voters and authors of polls that ended in the last ``within`` and were missed.

    A safety net for the task queued at each poll's end (a lost queue, a worker that was
    down); returns how many polls it looked at, at most ``limit``.
    """
    poll_ids = recently_ended_poll_ids(within=within, limit=limit)
    for poll_id in poll_ids:
        notify_poll_ended(poll_id=poll_id)
    return len(poll_ids)


def _told(notification: Notification | None) -> int:
    return 0 if notification is None else 1


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


@transaction.atomic(savepoint=False)  # as timelines' fan_out_post: it runs for every post
def notify_followers_of_post(*, post_id: int) -> int:
    """Tell the followers who asked to be notified (``Follow.notify``) of a new post.

    Only for a post of theirs, not a boost nor a reply to someone else, and never a direct
    one. The recipients are current followers who neither block nor are blocked by the
    author nor mute them, so the post is one they may see (``visible_to``'s rule for a
    follower); people it mentions are told of the mention instead. In batches, a few
    queries each; returns how many were told, and nothing twice (``notification_once``).
    """
    # Most people have nobody ringing their bell: one indexed look spares them loading
    # the post and the full recipient query on every post.
    if not _has_bell_ringers(post_id):
        return 0
    post = Post.objects.select_related("author").filter(id=post_id).first()
    if post is None or not _tells_followers(post):
        return 0
    told = 0
    last = 0
    recipients = _post_subscribers(post)
    while True:
        batch = list(
            recipients.filter(follower_id__gt=last)
            .order_by("follower_id")
            .values_list("follower_id", flat=True)[:STATUS_BATCH_SIZE]
        )
        if batch:
            told += _notify_batch(post, batch)
        if len(batch) < STATUS_BATCH_SIZE:
            return told
        last = batch[-1]


def _has_bell_ringers(post_id: int) -> bool:
    """Whether anyone asked to be told of the author's posts; False for a missing post.

    Hand-written: it runs for nearly every new post, most of them in the request that
    publishes it, and the ORM took longer to build it than the database to answer it.
    """
    follows, posts = Follow._meta.db_table, Post._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {posts} p JOIN {follows} f ON f.followee_id = p.author_id "  # noqa: S608 (our own SQL)
            "WHERE p.id = %s AND f.notify = %s LIMIT 1",
            [post_id, True],
        )
        return cursor.fetchone() is not None


def _tells_followers(post: Post) -> bool:
    is_reply_to_other = post.in_reply_to_account_id not in (None, post.author_id)
    return (
        post.author.is_active
        and post.reblog_of_id is None
        and not is_reply_to_other
        and post.visibility in STATUS_VISIBILITIES
    )


def _post_subscribers(post: Post) -> QuerySet[Follow]:
    author = post.author_id
    return (
        Follow.objects.filter(followee_id=author, notify=True, follower__is_active=True)
        .exclude(follower_id__in=Block.objects.filter(blocked_id=author).values("blocker_id"))
        .exclude(follower_id__in=Block.objects.filter(blocker_id=author).values("blocked_id"))
        .exclude(follower_id__in=active_mutes().filter(muted_id=author).values("muter_id"))
        .exclude(follower_id__in=Mention.objects.filter(post=post).values("account_id"))
    )


def _notify_batch(post: Post, recipient_ids: list[int]) -> int:
    rows = [
        Notification(
            recipient_id=recipient_id,
            actor_id=post.author_id,
            kind=NotificationKind.STATUS,
            subject_id=post.id,
            post_id=post.id,
        )
        for recipient_id in recipient_ids
    ]
    return _create_once(rows)


def _create_once(rows: list[Notification]) -> int:
    """Write the notifications not written yet and announce those; how many were new."""
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    # The ids were chosen here, so the rows found with them are the ones this run created.
    created = Notification.objects.filter(id__in=[row.id for row in rows]).values_list(
        "id", "recipient_id"
    )
    told = 0
    for notification_id, recipient_id in created.order_by("id"):
        publish(NotificationCreated(notification_id=notification_id, recipient_id=recipient_id))
        told += 1
    return told


@transaction.atomic
def dismiss_group(*, recipient: Account, kind: str, post_id: int) -> None:
    """Delete ``recipient``'s notifications of ``kind`` about one post (a grouped
    notification); NotFound if there are none."""
    deleted, _ = Notification.objects.filter(
        recipient=recipient, kind=kind, post_id=post_id
    ).delete()
    if not deleted:
        raise NotFound()
