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

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects

from townsquare.accounts.models import Account
from townsquare.posts.models.mention import Mention
from townsquare.relationships.models import Block, Follow
from townsquare.relationships.selectors import blocked_either_way_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from townsquare.posts.models import Post

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
        with_media = _attachments_with_media(self.model)
        return self.select_related("author", "reblog_of", "reblog_of__author").prefetch_related(
            Prefetch("attachments", queryset=with_media),
            Prefetch("reblog_of__attachments", queryset=with_media),
        )

    def in_order(self, ids: Sequence[int]) -> list[Post]:
        """The posts of ``ids`` that exist, in that order, loaded as ``with_related`` does.

        For feeds: the attachments of the posts and of the posts they boost come in one
        query, not one per level.
        """
        found = self.select_related("author", "reblog_of", "reblog_of__author").in_bulk(list(ids))
        posts = [found[post_id] for post_id in ids if post_id in found]
        shown = [*posts, *(post.reblog_of for post in posts if post.reblog_of is not None)]
        with_media = _attachments_with_media(self.model)
        prefetch_related_objects(shown, Prefetch("attachments", queryset=with_media))
        return posts


def _attachments_with_media(post_model: type[Post]) -> models.QuerySet[Any]:
    """A post's attachments, each with its media joined in (the model named without an
    import: posts.models imports this module)."""
    attachment: type[models.Model] = post_model._meta.get_field("attachments").related_model
    return attachment._default_manager.select_related("media")


def visible_among(
    viewer: Viewer, posts: Sequence[Post], *, blocked: Collection[int] | None = None
) -> list[Post]:
    """The posts of ``posts`` that ``viewer`` may see, in order: ``visible_to``'s rule
    applied to rows already loaded with ``author`` and ``reblog_of__author``.

    For feeds that pick their candidate ids from an index (a home's rows, a hashtag's
    links) and must still re-check each post. Cheaper than the rule as SQL: one query
    for blocks (none when the caller passes ``blocked``, what ``blocked_either_way_ids``
    answers for the viewer), and follows and mentions only for posts the other rules
    leave undecided.
    """
    live = [
        post
        for post in posts
        if post.author.is_active and (post.reblog_of is None or post.reblog_of.author.is_active)
    ]
    account = signed_in(viewer)
    if account is None:
        return [
            post
            for post in live
            if post.visibility in PUBLICLY_VISIBLE
            and (post.reblog_of is None or post.reblog_of.visibility in PUBLICLY_VISIBLE)
        ]
    if not live:
        return []
    me = account.pk
    if blocked is None:
        blocked = blocked_either_way_ids(me)
    if blocked:
        live = [
            post
            for post in live
            if post.author_id not in blocked
            and (post.reblog_of is None or post.reblog_of.author_id not in blocked)
        ]
    undecided = [
        post for post in live if post.author_id != me and post.visibility not in PUBLICLY_VISIBLE
    ]
    if not undecided:
        return live
    wanted_authors = {post.author_id for post in undecided if post.visibility == "followers"}
    followed = (
        set(
            Follow.objects.filter(follower_id=me, followee_id__in=wanted_authors).values_list(
                "followee_id", flat=True
            )
        )
        if wanted_authors
        else set()
    )
    unfollowed = [
        post
        for post in undecided
        if not (post.visibility == "followers" and post.author_id in followed)
    ]
    mentioned = (
        set(
            Mention.objects.filter(
                account_id=me, post_id__in=[post.id for post in unfollowed]
            ).values_list("post_id", flat=True)
        )
        if unfollowed
        else set()
    )
    refused = {post.id for post in unfollowed if post.id not in mentioned}
    return [post for post in live if post.id not in refused]
