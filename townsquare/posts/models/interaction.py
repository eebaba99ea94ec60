"""What people do to posts: like, bookmark, pin. Boosts are posts (see ``post.py``)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from townsquare.core.fields import SnowflakeField
from townsquare.posts.models.post import Post


class Like(models.Model):
    """The id orders the "likes" list by when the like happened."""

    id = SnowflakeField()
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["account", "post"], name="like_unique")
        ]
        indexes: ClassVar = [
            models.Index(fields=["post", "-id"], name="like_post_id"),
            # The "likes" feed pages one account's likes by id.
            models.Index(fields=["account", "-id"], name="like_account_id"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} likes {self.post_id}"


class Bookmark(models.Model):
    id = SnowflakeField()
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["account", "post"], name="bookmark_unique")
        ]
        indexes: ClassVar = [models.Index(fields=["account", "-id"], name="bookmark_account_id")]

    def __str__(self) -> str:
        return f"{self.account_id} bookmarked {self.post_id}"


class Pin(models.Model):
    """A post its author shows at the top of their profile."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pins"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="pins")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["account", "post"], name="pin_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} pinned {self.post_id}"
