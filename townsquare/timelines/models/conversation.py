"""How far someone has read (or hidden) a conversation of direct posts.

Conversations themselves are derived from the direct posts a person may see, grouped
by thread; only this per-person state is stored. A row hides a conversation up to a
post, so a new message brings it back, as in Mastodon.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class ConversationMark(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_marks"
    )
    # The id of the thread's first post, which names the conversation.
    root_id = models.BigIntegerField()
    read_up_to = models.BigIntegerField(default=0)
    hidden_up_to = models.BigIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["owner", "root_id"], name="conversation_mark_unique")
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} read conversation {self.root_id} to {self.read_up_to}"
