"""Announcements staff publish to everyone, with who has read them and their reactions."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class Announcement(models.Model):
    # Sanitised HTML, rendered from the text staff write.
    text = models.TextField(max_length=5000)
    content_html = models.TextField(blank=True)
    # An event's time span shown with it; the announcement itself shows while published.
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    is_all_day = models.BooleanField(default=False)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["is_published", "published_at"], name="announcement_published")
        ]

    def __str__(self) -> str:
        return self.text[:50]


class AnnouncementRead(models.Model):
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcement_reads"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["account", "announcement"], name="announcement_read_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} read {self.announcement_id}"


class AnnouncementReaction(models.Model):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="reactions"
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcement_reactions"
    )
    # A Unicode emoji (custom emoji don't exist here yet).
    name = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["announcement", "account", "name"], name="announcement_reaction_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} reacted {self.name} to {self.announcement_id}"
