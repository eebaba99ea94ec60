"""Someone a person said they don't want suggested to them again."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class SuggestionDismissal(models.Model):
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestion_dismissals"
    )
    dismissed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["account", "dismissed"], name="suggestion_dismissal_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} dismissed {self.dismissed_id}"
