"""The one rule of who may see a post, as a chainable queryset.

Every read path (timelines, threads, profiles, notifications, search, the API)
starts from ``Post.objects.visible_to(viewer)`` or asks ``selectors.can_see``.

The rule:
- posts of deactivated accounts are hidden from everyone (boosts of them too);
- an author sees all their own posts;
- a block hides posts in both directions, and hides boosts whose original's author is
  blocked either way;
- public and unlisted posts are visible to everyone, signed in or not;
- followers-only posts to the author's followers and the people they mention;
- direct posts to the people they mention.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

from townsquare.accounts.models import Account
from townsquare.posts.models.mention import Mention
from townsquare.relationships.models import Block, Follow

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from townsquare.posts.models import Post  # noqa: F401 (named in a string annotation)

type Viewer = Account | AnonymousUser | None

PUBLICLY_VISIBLE = ("public", "unlisted")


def signed_in(viewer: Viewer) -> Account | None:
    """The viewer as an Account, or None for the anonymous (None or AnonymousUser)."""
    return viewer if isinstance(viewer, Account) and viewer.is_authenticated else None


class PostQuerySet(models.QuerySet["Post"]):
    def visible_to(self, viewer: Viewer) -> PostQuerySet:
        """Posts ``viewer`` may see; anonymous viewers (None, AnonymousUser) see public ones."""
        viewer = signed_in(viewer)
        queryset = self.filter(author__is_active=True).filter(
            Q(reblog_of__isnull=True) | Q(reblog_of__author__is_active=True)
        )
        if viewer is None:
            return queryset.filter(visibility__in=PUBLICLY_VISIBLE).filter(
                Q(reblog_of__isnull=True) | Q(reblog_of__visibility__in=PUBLICLY_VISIBLE)
            )
        followed = Follow.objects.filter(follower=viewer).values("followee")
        mentioned = Exists(Mention.objects.filter(post=OuterRef("pk"), account=viewer))
        own_rule = (
            Q(author=viewer)
            | Q(visibility__in=PUBLICLY_VISIBLE)
            | Q(visibility="followers", author__in=followed)
            | mentioned
        )
        blocked = Block.objects.filter(blocker=viewer).values("blocked")
        blockers = Block.objects.filter(blocked=viewer).values("blocker")
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
