"""Where someone stopped reading a timeline, shared between their apps."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class MarkerTimeline(models.TextChoices):
    HOME = "home", "Home"
    NOTIFICATIONS = "notifications", "Notifications"


class Marker(models.Model):
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="markers"
    )
    timeline = models.CharField(max_length=16, choices=MarkerTimeline.choices)
    last_read_id = models.BigIntegerField()
    # Bumped on every save so clients can tell a stale write from a fresh one.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["account", "timeline"], name="marker_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} read {self.timeline} to {self.last_read_id}"
