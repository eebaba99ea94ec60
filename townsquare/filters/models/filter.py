"""A filter: a titled group of keywords and posts, the places it applies and what it does."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class FilterContext(models.TextChoices):
    """Where a filter applies, as Mastodon names the places."""

    HOME = "home", "Home and lists"
    NOTIFICATIONS = "notifications", "Notifications"
    PUBLIC = "public", "Public timelines"
    THREAD = "thread", "Conversations"
    ACCOUNT = "account", "Profiles"


class FilterAction(models.TextChoices):
    WARN = "warn", "Hide behind a warning"
    HIDE = "hide", "Hide completely"
    BLUR_MEDIA = "blur_media", "Hide media behind a warning"


class Filter(models.Model):
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="content_filters"
    )
    title = models.CharField(max_length=100)
    # A short list of FilterContext values; read whole with the filter, never queried into.
    contexts = models.JSONField(default=list)
    action = models.CharField(
        max_length=16, choices=FilterAction.choices, default=FilterAction.WARN
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["account", "id"], name="filter_account")]

    def __str__(self) -> str:
        return f"{self.account_id}'s filter {self.title}"

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())


class FilterKeyword(models.Model):
    filter = models.ForeignKey(Filter, on_delete=models.CASCADE, related_name="keywords")
    keyword = models.CharField(max_length=200)
    # Match only whole words ("cat" not in "category"), as Mastodon defaults to.
    whole_word = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.keyword


class FilterStatus(models.Model):
    """One post the filter's owner chose to filter, whatever its words."""

    filter = models.ForeignKey(Filter, on_delete=models.CASCADE, related_name="statuses")
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="filtered_by")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["filter", "post"], name="filter_status_unique")
        ]
        indexes: ClassVar = [models.Index(fields=["post", "filter"], name="filter_status_post")]

    def __str__(self) -> str:
        return f"post {self.post_id} in filter {self.filter_id}"
