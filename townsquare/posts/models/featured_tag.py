"""Hashtags someone features on their profile."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from townsquare.core.fields import SnowflakeField
from townsquare.posts.models.hashtag import Hashtag


class FeaturedTag(models.Model):
    id = SnowflakeField()
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="featured_tags"
    )
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="featured_by")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["account", "hashtag"], name="featured_tag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} features #{self.hashtag_id}"
