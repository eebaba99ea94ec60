"""A notification: someone did something that concerns the recipient."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from townsquare.core.fields import SnowflakeField
from townsquare.posts.models import Post


class NotificationKind(models.TextChoices):
    FOLLOW = "follow", "followed you"
    FOLLOW_REQUEST = "follow_request", "asked to follow you"
    MENTION = "mention", "mentioned you"
    REPLY = "reply", "replied to you"
    LIKE = "favourite", "liked your post"
    BOOST = "reblog", "boosted your post"
    POLL = "poll", "ran a poll that has ended"
    STATUS = "status", "posted"


class Notification(models.Model):
    """``subject_id`` is the id of the row that caused it (a follow, a like, a post), so
    delivering the same event twice creates one notification."""

    id = SnowflakeField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications_caused"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    subject_id = models.BigIntegerField()
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    is_read = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_id"], name="notification_once"
            )
        ]
        indexes: ClassVar = [
            models.Index(fields=["recipient", "-id"], name="notification_recipient"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(is_read=False),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.kind} -> {self.recipient_id}"
