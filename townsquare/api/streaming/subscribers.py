"""Domain events turned into streaming group messages.

Unlike other subscribers these don't enqueue tasks: a push to whoever is connected
right now is fire-and-forget (a client that misses one reloads its timeline over
REST), and a queue would only add delay. The messages carry ids; each connection
loads and checks what its viewer may see (``session.StreamSession``). Personal
streams are sent only to accounts with a stream open (``presence``): a fan-out
costs a lookup per thousand followers, and a send per connected one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from townsquare.api.streaming.delivery import GroupMessage, send_all
from townsquare.api.streaming.groups import (
    CHANGES_GROUP,
    LOCAL_GROUP,
    PUBLIC_GROUP,
    direct_group,
    hashtag_group,
    list_group,
    user_group,
)
from townsquare.api.streaming.presence import present
from townsquare.core import rows
from townsquare.core.events import subscribe
from townsquare.notifications.events import NotificationCreated
from townsquare.posts.events import PostDeleted, PostEdited, PostPublished
from townsquare.posts.models import (
    Hashtag,
    Mention,
    Post,
    PostAttachment,
    PostHashtag,
    Visibility,
)
from townsquare.timelines.events import HomeEntriesWritten
from townsquare.timelines.models import List, ListMember

MESSAGE_TYPE = "streaming.event"  # handled by ``streaming_event`` on the consumer


def message(group: str, event: str, object_id: int, **extra: Any) -> GroupMessage:
    return group, {"type": MESSAGE_TYPE, "group": group, "event": event, "id": object_id, **extra}


def on_home_entries_written(event: HomeEntriesWritten) -> None:
    """Each connected owner's ``user`` stream gets the post; direct posts also ``direct``."""
    connected = present(event.owner_ids)
    owners = [owner for owner in event.owner_ids if owner in connected]
    if not owners:
        return
    post = Post.objects.filter(pk=event.post_id).values("visibility", "author_id").first()
    if post is None:
        return
    # As home reads, owners who put the author in an exclusive list read them there.
    reading_in_a_list = set(
        ListMember.objects.filter(
            account_id=post["author_id"], list__is_exclusive=True, list__owner__in=owners
        ).values_list("list__owner_id", flat=True)
    )
    messages = [
        message(user_group(owner), "update", event.post_id)
        for owner in owners
        if owner not in reading_in_a_list
    ]
    if post["visibility"] == Visibility.DIRECT:
        messages += [
            message(direct_group(owner), "conversation", event.post_id) for owner in owners
        ]
    send_all(messages)


def on_post_published(event: PostPublished) -> None:
    """A post goes to the lists its author is in, and perhaps to the public streams.

    What the post is comes with the event; its author's lists and its hashtags come in
    one statement (every post asks, mostly of nobody connected). A post deleted since
    is still announced: each connection loads what it shows, and skips what is gone.
    """
    is_public = _is_public_original(
        visibility=event.visibility,
        is_boost=event.is_boost,
        in_reply_to_account_id=event.in_reply_to_account_id,
        author_id=event.author_id,
    )
    lists, tags = _lists_and_tags(event.author_id, event.post_id if is_public else None)
    # Each list's owner is checked on delivery against the list as it reads.
    connected = present(owner for _, owner in lists)
    messages = [
        message(list_group(list_id), "update", event.post_id, list_id=list_id)
        for list_id, owner in lists
        if owner in connected
    ]
    if is_public:
        groups = [PUBLIC_GROUP, LOCAL_GROUP, *_hashtag_groups(tags)]
        messages += [message(group, "update", event.post_id) for group in groups]
    send_all(messages)


def _lists_and_tags(author_id: int, post_id: int | None) -> tuple[list[tuple[int, int]], list[str]]:
    """(list, owner) of the lists ``author_id`` is in, and the hashtags of ``post_id``."""
    member, owned, link, hashtag = (
        ListMember._meta.db_table,
        List._meta.db_table,
        PostHashtag._meta.db_table,
        Hashtag._meta.db_table,
    )
    sql = (
        f"SELECT m.list_id, l.owner_id, NULL FROM {member} m"  # noqa: S608 (our own names)
        f" JOIN {owned} l ON l.id = m.list_id WHERE m.account_id = %s"
        f" UNION ALL SELECT NULL, NULL, h.name FROM {link} t"
        f" JOIN {hashtag} h ON h.id = t.hashtag_id WHERE t.post_id = %s"
    )
    lists: list[tuple[int, int]] = []
    tags: list[str] = []
    for list_id, owner_id, name in rows.fetch(sql, [author_id, post_id]):
        if name is None:
            lists.append((int(list_id), int(owner_id)))
        else:
            tags.append(str(name))
    return lists, tags


def _is_public_original(
    *, visibility: str, is_boost: bool, in_reply_to_account_id: int | None, author_id: int
) -> bool:
    """Public originals that aren't replies to others, as the REST timelines have them."""
    if visibility != Visibility.PUBLIC or is_boost:
        return False
    return in_reply_to_account_id in (None, author_id)


def _hashtag_groups(names: Iterable[str]) -> list[str]:
    groups: list[str] = []
    for name in names:
        groups += [hashtag_group(name), hashtag_group(name, is_local=True)]
    return groups


def _public_groups(post_id: int, post: Mapping[str, Any]) -> list[str]:
    """The public streams a loaded post (``values`` of it) is shown in."""
    is_public = _is_public_original(
        visibility=post["visibility"],
        is_boost=bool(post["reblog_of_id"]),
        in_reply_to_account_id=post["in_reply_to_account_id"],
        author_id=post["author_id"],
    )
    if not is_public:
        return []
    tags = PostHashtag.objects.filter(post_id=post_id).values_list("hashtag__name", flat=True)
    return [PUBLIC_GROUP, LOCAL_GROUP, *_hashtag_groups(tags)]


def on_notification_created(event: NotificationCreated) -> None:
    if not present([event.recipient_id]):
        return
    send_all([message(user_group(event.recipient_id), "notification", event.notification_id)])


# Edits and deletes go to every connection (CHANGES_GROUP) with who could have the
# post; each session matches that against its streams (``session.StreamSession``).


def on_post_edited(event: PostEdited) -> None:
    """``status.update`` wherever the post could be; each viewer's copy is rendered for them."""
    post = (
        Post.objects.filter(pk=event.post_id)
        .values("visibility", "reblog_of_id", "in_reply_to_account_id", "author_id")
        .first()
    )
    if post is None:
        return  # deleted since: its delete follows
    audience = {
        "groups": _public_groups(event.post_id, post),
        "has_media": PostAttachment.objects.filter(post_id=event.post_id).exists(),
        "mentioned": list(
            Mention.objects.filter(post_id=event.post_id).values_list("account_id", flat=True)
        ),
    }
    send_all([_change("status.update", event.post_id, event.author_id, **audience)])


def on_post_deleted(event: PostDeleted) -> None:
    """``delete`` (only the id) to every connection that could have had the post.

    Whether it was a reply or had images is gone with the post, so a public one's
    delete goes to the public and local streams (media-only ones too) and to those of
    its hashtags; a stream that never had it ignores the id.
    """
    groups: list[str] = []
    if event.visibility == Visibility.PUBLIC:
        groups = [PUBLIC_GROUP, LOCAL_GROUP]
        for name in event.hashtags:
            groups += [hashtag_group(name), hashtag_group(name, is_local=True)]
    audience = {"groups": groups, "has_media": True}
    send_all([_change("delete", event.post_id, event.author_id, **audience)])


def _change(event: str, post_id: int, author_id: int, **audience: Any) -> GroupMessage:
    lists = ListMember.objects.filter(account_id=author_id).values_list("list_id", flat=True)
    return message(
        CHANGES_GROUP, event, post_id, author_id=author_id, lists=list(lists), **audience
    )


def register() -> None:
    """Subscribe the handlers above; called once from ``ApiConfig.ready``."""
    subscribe(HomeEntriesWritten, on_home_entries_written)
    subscribe(PostPublished, on_post_published)
    subscribe(NotificationCreated, on_notification_created)
    subscribe(PostEdited, on_post_edited)
    subscribe(PostDeleted, on_post_deleted)
