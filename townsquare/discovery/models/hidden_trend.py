"""A trend staff took out of the trends lists (the thing itself stays where it is)."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class TrendKind(models.TextChoices):
    TAG = "tag", "Hashtag"
    POST = "post", "Post"
    LINK = "link", "Link"


def trend_key(kind: str, value: str | int) -> str:
    """The stored key: a hashtag's normalised name, a post's id, a link's SHA-256.

    Links are hashed because URLs can be longer than a unique index allows.
    """
    if kind == TrendKind.LINK:
        return hashlib.sha256(str(value).encode()).hexdigest()
    return str(value)


class HiddenTrend(models.Model):
    kind = models.CharField(max_length=8, choices=TrendKind.choices)
    key = models.CharField(max_length=128)
    # What staff saw: the tag name, the post id or the full URL.
    label = models.TextField(blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "key"], name="hidden_trend_unique")
        ]

    def __str__(self) -> str:
        return f"hidden {self.kind} {self.label or self.key}"
