"""A poll attached to a post, its options and the votes cast on it.

Counts are denormalised (``votes_count`` on each option and on the poll, ``voters_count``
on the poll) and only ever changed with ``F()`` by the voting service, so reading a page
of polls never counts rows.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from townsquare.core.fields import SnowflakeField
from townsquare.posts.models.post import Post


class Poll(models.Model):
    id = SnowflakeField()
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="poll")
    expires_at = models.DateTimeField(null=True, blank=True)
    is_multiple = models.BooleanField(default=False)
    hide_totals = models.BooleanField(default=False)
    votes_count = models.PositiveIntegerField(default=0)
    voters_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [
            # The periodic pass over polls that ended lately.
            models.Index(fields=["expires_at"], name="poll_expires_at"),
        ]

    def __str__(self) -> str:
        return f"poll {self.id} on {self.post_id}"

    def is_expired_at(self, now: datetime.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    @property
    def is_expired(self) -> bool:
        """Read from the clock, so a poll past its end reads as closed before any task ran."""
        return self.is_expired_at(timezone.now())


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    votes_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position")
        ]

    def __str__(self) -> str:
        return f"option {self.position} of {self.poll_id}"


class PollVote(models.Model):
    """One row per chosen option; the unique constraint makes casting a vote idempotent."""

    id = SnowflakeField()
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_votes"
    )
    choice = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["poll", "account", "choice"], name="poll_vote_once_per_choice"
            )
        ]
        indexes: ClassVar = [
            # A viewer's votes on a page of polls.
            models.Index(fields=["account", "poll"], name="poll_vote_account"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} voted {self.choice} on {self.poll_id}"
