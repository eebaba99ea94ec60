"""The one rule of who may see a post, as a chainable queryset.

Every read path (timelines, threads, profiles, notifications, search, the API)
starts from ``Post.objects.visible_to(viewer)`` or asks ``can_see``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from townsquare.posts.models.mention import Mention
from townsquare.relationships.models import Block, Follow

if TYPE_CHECKING:
    from townsquare.accounts.models import Account

PUBLICLY_VISIBLE = ("public", "unlisted")


def _is_account(viewer: Any) -> bool:
    return viewer is not None and getattr(viewer, "is_authenticated", False)


class PostQuerySet(models.QuerySet["Any"]):
    def visible_to(self, viewer: Account | Any | None) -> PostQuerySet:
        """Posts ``viewer`` may see; anonymous viewers (None, AnonymousUser) see public ones."""
        queryset = self.filter(author__is_active=True)
        if not _is_account(viewer):
            return queryset.filter(visibility__in=PUBLICLY_VISIBLE).filter(
                Q(reblog_of__isnull=True) | Q(reblog_of__visibility__in=PUBLICLY_VISIBLE)
            )
        blocked = Block.objects.filter(blocker=viewer).values("blocked")
        blockers = Block.objects.filter(blocked=viewer).values("blocker")
        followed = Follow.objects.filter(follower=viewer).values("followee")
        mentioned = Exists(Mention.objects.filter(post=OuterRef("pk"), account=viewer))
        own_rule = (
            Q(author=viewer)
            | Q(visibility__in=PUBLICLY_VISIBLE)
            | Q(visibility="followers", author__in=followed)
            | mentioned
        )
        return (
            queryset.filter(own_rule)
            .exclude(author__in=blocked)
            .exclude(author__in=blockers)
            .exclude(reblog_of__author__in=blocked)
            .exclude(reblog_of__author__in=blockers)
        )

    def by_author(self, author: Account) -> PostQuerySet:
        return self.filter(author=author)

    def originals(self) -> PostQuerySet:
        """Posts that are not boosts."""
        return self.filter(reblog_of__isnull=True)

    def with_related(self) -> PostQuerySet:
        """Everything a rendered post needs, loaded in a fixed number of queries."""
        return self.select_related("author", "reblog_of", "reblog_of__author").prefetch_related(
            "attachments__media", "reblog_of__attachments__media"
        )
