"""Lists: named sets of followed accounts, each read as its own timeline."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class RepliesPolicy(models.TextChoices):
    """Which replies a list shows, as Mastodon names them."""

    FOLLOWED = "followed", "Replies to anyone the owner follows"
    LIST = "list", "Replies to members of the list"
    NONE = "none", "No replies to others"


class List(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lists"
    )
    title = models.CharField(max_length=100)
    replies_policy = models.CharField(
        max_length=16, choices=RepliesPolicy.choices, default=RepliesPolicy.LIST
    )
    # Members' posts are read in this list only: ``selectors.home`` leaves them out.
    is_exclusive = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["owner", "id"], name="list_owner")]

    def __str__(self) -> str:
        return f"{self.owner_id}'s list {self.title}"


class ListMember(models.Model):
    list = models.ForeignKey(List, on_delete=models.CASCADE, related_name="members")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="list_memberships"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["list", "account"], name="list_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} in list {self.list_id}"
