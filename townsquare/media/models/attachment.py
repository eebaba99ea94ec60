"""An uploaded image, re-encoded and thumbnailed, attached to at most one post."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from townsquare.core.fields import SnowflakeField

MAX_DESCRIPTION_CHARS = 1500


class MediaAttachment(models.Model):
    """The stored files and what describes them; ``posts.PostAttachment`` ties it to a post."""

    id = SnowflakeField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="media"
    )
    file = models.FileField(upload_to="media/%Y/%m/")
    thumbnail = models.FileField(upload_to="media/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=64)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    byte_size = models.PositiveIntegerField()
    description = models.TextField(max_length=MAX_DESCRIPTION_CHARS, blank=True)
    focus_x = models.FloatField(default=0.0)
    focus_y = models.FloatField(default=0.0)
    blurhash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["owner", "created_at"])]

    def __str__(self) -> str:
        return f"media {self.id}"

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else 1.0
