"""Reads of media: an owner's own uploads, and uploads with the post that shows them.

Media sits below posts, so it knows a post only through the reverse relation
``post_attachment`` that ``posts.PostAttachment`` declares; it never imports posts.
"""

from __future__ import annotations

from collections.abc import Sequence

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.media.models import MediaAttachment


def access_own_media(media_id: int, owner: Account) -> MediaAttachment:
    """The upload ``media_id`` if ``owner`` uploaded it; NotFound otherwise."""
    media = MediaAttachment.objects.filter(id=media_id, owner=owner).first()
    if media is None:
        raise NotFound()
    return media


def unattached_media(owner: Account, ids: Sequence[int]) -> list[MediaAttachment]:
    """``owner``'s uploads not yet on a post, in the order of ``ids`` (repeats dropped).

    NotFound if any id is someone else's, missing, or already attached to a post (or
    kept for a scheduled one).
    """
    wanted = list(dict.fromkeys(ids))
    found = MediaAttachment.objects.filter(
        id__in=wanted,
        owner=owner,
        post_attachment__isnull=True,
        scheduled_attachment__isnull=True,  # kept for a scheduled post
    ).in_bulk()
    if len(found) != len(wanted):
        raise NotFound()
    return [found[media_id] for media_id in wanted]


def media_with_post(media_id: int) -> MediaAttachment | None:
    """The upload with its post (if any) loaded, for permission checks in higher layers."""
    return (
        MediaAttachment.objects.select_related("post_attachment__post").filter(id=media_id).first()
    )
