"""The people a post mentions: they are notified and may see it whatever its visibility."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class Mention(models.Model):
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="mentions")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentioned_in"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["post", "account"], name="mention_unique")
        ]
        indexes: ClassVar = [models.Index(fields=["account", "post"])]

    def __str__(self) -> str:
        return f"{self.post_id} mentions {self.account_id}"
