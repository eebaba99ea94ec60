"""Hashtags and the posts that carry them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from townsquare.posts.models.post import Post


class Hashtag(models.Model):
    """``name`` is the normalised form (see ``core.text.normalise_hashtag``)."""

    name = models.CharField(max_length=100, unique=True)
    display_name = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"#{self.display_name}"


class PostHashtag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="hashtag_links")
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="post_links")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["post", "hashtag"], name="post_hashtag_unique")
        ]
        indexes: ClassVar = [models.Index(fields=["hashtag", "-post"], name="hashtag_post")]

    def __str__(self) -> str:
        return f"{self.post_id} #{self.hashtag_id}"
