"""Follows and the requests that precede them for locked accounts."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from townsquare.core.fields import SnowflakeField


class Follow(models.Model):
    """``follower`` sees ``followee``'s posts in their home timeline."""

    id = SnowflakeField()
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following_edges"
    )
    followee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follower_edges"
    )
    show_boosts = models.BooleanField(default=True)
    # Tell the follower when the followee posts (Mastodon's ``notify``).
    notify = models.BooleanField(default=False)
    # Only posts in these languages reach the follower's home; None means every language.
    languages = models.JSONField(null=True, blank=True, default=None)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["follower", "followee"], name="follow_unique"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followee")), name="follow_not_self"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["followee", "follower"]),
            # The few followers to tell of a new post, without walking all of them.
            models.Index(
                fields=["followee", "follower"],
                condition=models.Q(notify=True),
                name="follow_notify",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.followee_id}"


class FollowRequest(models.Model):
    """A request to follow a locked account, waiting for its approval."""

    id = SnowflakeField()
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_follow_requests"
    )
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="received_follow_requests",
    )
    # The options asked for with the request, carried over to the follow on approval.
    show_boosts = models.BooleanField(default=True)
    notify = models.BooleanField(default=False)
    languages = models.JSONField(null=True, blank=True, default=None)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["requester", "target"], name="follow_request_unique"),
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("target")), name="follow_request_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} asks to follow {self.target_id}"
