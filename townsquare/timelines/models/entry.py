"""Home timeline entries: one row per (owner, post), written by fan-out.

Keyed by owner so a home page is one index range scan (and, past one database
server, one shard). ``post`` is the post as it appears in the feed: a boost
entry points at the boost post, which carries ``reblog_of``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from townsquare.posts.models import Post


class TimelineEntry(models.Model):
    # No index of its own on ``owner``: the unique (owner, post) index serves every read
    # by owner, newest first by walking it backwards. Fan-out writes each row into every
    # index, so each one left out makes posting cheaper; an index on (owner, author) cost
    # a post at 100 followers 13% of its CPU, for unfollows that read a capped home anyway.
    #
    # Nor a foreign key constraint in the database: a row is a hint that reads re-check
    # (a home page joins each entry to its post and drops what is gone), and the
    # constraint made fan-out look up and lock the owner's and the post's rows again for
    # every row it wrote. Django still deletes a post's or an owner's entries with them.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="timeline_entries",
        db_index=False,
        db_constraint=False,
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="timeline_entries", db_constraint=False
    )
    # The author of ``post``, copied so unfollow and mute can remove entries without a join
    # (reading the owner's home, which ``TOWNSQUARE_HOME_CAP`` keeps short).
    author_id = models.BigIntegerField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["owner", "post"], name="timeline_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} in {self.owner_id}'s home"
