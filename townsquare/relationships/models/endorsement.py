"""Endorsements: people someone features on their profile ("featured people")."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from townsquare.core.fields import SnowflakeField


class Endorsement(models.Model):
    """``account`` features ``target`` on their profile; only people they follow."""

    id = SnowflakeField()
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements_made"
    )
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements_received"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["account", "target"], name="endorsement_unique"),
            models.CheckConstraint(
                condition=~models.Q(account=models.F("target")), name="endorsement_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} endorses {self.target_id}"
