"""A post, the people it mentions, its images and its edit history.

A boost is a post too (``reblog_of`` set, no text of its own), as in Mastodon, so
timelines hold one kind of row and a boost has its own id and time.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from townsquare.core.fields import RevisionField, SnowflakeField
from townsquare.media.models import MediaAttachment
from townsquare.posts.querysets import PostQuerySet


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    UNLISTED = "unlisted", "Unlisted"
    FOLLOWERS = "followers", "Followers only"
    DIRECT = "direct", "Mentioned people only"


class Post(models.Model):
    id = SnowflakeField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    text = models.TextField(blank=True)
    content_html = models.TextField(blank=True)
    spoiler_text = models.CharField(max_length=500, blank=True)
    is_sensitive = models.BooleanField(default=False)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    language = models.CharField(max_length=16, blank=True)
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    # Kept when the parent is deleted, so a thread and "is a reply" survive it.
    in_reply_to_account_id = models.BigIntegerField(null=True, blank=True)
    thread_root_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    reblog_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="reblogs"
    )
    replies_count = models.PositiveIntegerField(default=0)
    likes_count = models.PositiveIntegerField(default=0)
    boosts_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Raised by the database on every change of the row (``core.revisions``).
    revision = RevisionField()

    objects = PostQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["author", "reblog_of"],
                condition=models.Q(reblog_of__isnull=False),
                name="post_one_boost_per_author",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["author", "-id"], name="post_author_id"),
            models.Index(fields=["visibility", "-id"], name="post_visibility_id"),
            models.Index(fields=["in_reply_to", "id"], name="post_reply_id"),
        ]

    def __str__(self) -> str:
        return f"post {self.id} by {self.author_id}"

    @property
    def is_boost(self) -> bool:
        return self.reblog_of_id is not None

    @property
    def is_reply(self) -> bool:
        return self.in_reply_to_account_id is not None

    def shown_media(self) -> list[MediaAttachment]:
        """The post's images and videos in position order: those a feed load prefetched
        (``in_order``, ``with_related``) without building a related manager per post."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("attachments")
        attachments = self.attachments.all() if prefetched is None else prefetched
        return [attachment.media for attachment in attachments]


class PostAttachment(models.Model):
    """Ties an upload to the post that shows it; an upload is used by one post at most."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    media = models.OneToOneField(
        MediaAttachment, on_delete=models.CASCADE, related_name="post_attachment"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position"]

    def __str__(self) -> str:
        return f"{self.media_id} on {self.post_id}"


class PostEdit(models.Model):
    """What a post said before an edit: one row per earlier version, oldest first."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    text = models.TextField(blank=True)
    content_html = models.TextField(blank=True)
    spoiler_text = models.CharField(max_length=500, blank=True)
    is_sensitive = models.BooleanField(default=False)
    media_descriptions = models.JSONField(default=list, blank=True)
    # The poll's option titles in this version; None when it had no poll.
    poll_options = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"version of {self.post_id} at {self.created_at}"
