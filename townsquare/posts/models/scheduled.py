"""Posts waiting for their time: what was written, and when it goes out.

A scheduled post is not a post yet: no timeline, search, profile or notification sees
it. At its time ``publish_scheduled_post`` turns it into an ordinary post through
``publish_post`` and deletes this row in the same transaction, so it is published once.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from townsquare.core.fields import SnowflakeField
from townsquare.media.models import MediaAttachment


class ScheduledPost(models.Model):
    id = SnowflakeField()
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scheduled_posts"
    )
    scheduled_at = models.DateTimeField()
    # What publish_post will be called with: text, visibility, spoiler_text, sensitive,
    # language, in_reply_to_id, media_ids, poll (options, expires_in, multiple, hide_totals).
    params = models.JSONField(default=dict)
    # Why publishing at its time failed (the replied-to post was deleted, ...); a failed
    # post stays for its author to see instead of being retried or silently dropped.
    failure = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["account", "scheduled_at"], name="scheduled_account_at"),
            models.Index(
                fields=["scheduled_at"],
                condition=models.Q(failure=""),
                name="scheduled_due",
            ),
        ]

    def __str__(self) -> str:
        return f"scheduled post {self.id} by {self.account_id} at {self.scheduled_at}"


class ScheduledPostMedia(models.Model):
    """An upload reserved for a scheduled post: one scheduled post per upload."""

    scheduled_post = models.ForeignKey(
        ScheduledPost, on_delete=models.CASCADE, related_name="attachments"
    )
    media = models.OneToOneField(
        MediaAttachment, on_delete=models.CASCADE, related_name="scheduled_attachment"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position"]

    def __str__(self) -> str:
        return f"{self.media_id} for {self.scheduled_post_id}"
