"""Hashtags someone follows: public posts carrying them join that person's home."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from townsquare.posts.models import Hashtag


class FollowedTag(models.Model):
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_tags"
    )
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["account", "hashtag"], name="followed_tag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} follows #{self.hashtag_id}"
