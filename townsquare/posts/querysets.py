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
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q

from townsquare.accounts.models import Account
from townsquare.core import rows
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

        For feeds, which load a page of posts on every request: hand-written queries, each
        compiled once rather than per request: the posts with their authors and what they
        boost (``_posts_with_authors``: one query, and one for each table with versions not
        read before), then every attachment of those posts and of the boosted ones. Reads
        the whole table: filters on this queryset do not apply.
        """
        if not ids:
            return []
        wanted = list(dict.fromkeys(ids))
        found = _posts_with_authors(self.model, wanted)
        posts = [found[post_id] for post_id in ids if post_id in found]
        shown = [*found.values()]
        shown += [post.reblog_of for post in shown if post.reblog_of is not None]
        _attach_media(shown)
        return posts


def _posts_with_authors(post_model: type[Post], ids: list[int]) -> dict[int, Post]:
    """``select_related("author", "reblog_of", "reblog_of__author")`` by id, as SQL.

    A feed shows the same posts and people to many viewers: the query reads only their
    ids and revisions, and each version of a post or account is read in full once
    (``rows.Revised``); a page costs its instances, not their columns.
    """
    posts, accounts = post_model._meta.db_table, Account._meta.db_table
    sql = (
        "SELECT p.id, p.revision, a.id, a.revision, r.id, r.revision, ra.id, ra.revision"  # noqa: S608
        f" FROM {posts} p JOIN {accounts} a ON a.id = p.author_id"
        f" LEFT JOIN {posts} r ON r.id = p.reblog_of_id"
        f" LEFT JOIN {accounts} ra ON ra.id = r.author_id"
        f" WHERE {rows.is_in('p.id', ids)}"
    )
    found_rows = rows.fetch(sql, rows.listed(ids))
    post_revisions, account_revisions = {}, {}
    for post_id, post_revision, author_id, author_revision, *boosted in found_rows:
        post_revisions[post_id] = post_revision
        account_revisions[author_id] = author_revision
        if boosted[0] is not None:
            post_revisions[boosted[0]] = boosted[1]
            account_revisions[boosted[2]] = boosted[3]
    # A page shows a few people many times: each is built once.
    built_posts = rows.revised(post_model).instances(post_revisions)
    authors = rows.revised(Account).instances(account_revisions)
    author_field, reblog_field = (
        _foreign_key(post_model, "author"),
        _foreign_key(post_model, "reblog_of"),
    )
    found: dict[int, Post] = {}
    for post_id, _, author_id, _, reblog_id, _, reblog_author_id, _ in found_rows:
        # A row deleted between the two reads is left out, as if it were gone before.
        post, author = built_posts.get(post_id), authors.get(author_id)
        if post is None or author is None:
            continue
        author_field.set_cached_value(post, author)
        reblog = None
        if reblog_id is not None:
            reblog, reblog_author = built_posts.get(reblog_id), authors.get(reblog_author_id)
            if reblog is None or reblog_author is None:
                continue
            author_field.set_cached_value(reblog, reblog_author)
        reblog_field.set_cached_value(post, reblog)
        found[post.id] = post
    return found


def _attach_media(posts: list[Post]) -> None:
    """Each post's attachments (with their media), in position order, as a prefetch leaves
    them: ``post.attachments.all()`` answers without a query."""
    if not posts:
        return
    attachment_model = posts[0]._meta.get_field("attachments").related_model
    media_field, post_field = (
        _foreign_key(attachment_model, "media"),
        _foreign_key(attachment_model, "post"),
    )
    media_model = media_field.related_model
    attachment_shape, media_shape = rows.shape(attachment_model), rows.shape(media_model)
    by_id = {post.id: post for post in posts}
    by_post: dict[int, list[Any]] = {post_id: [] for post_id in by_id}
    sql = (
        f"SELECT {rows.columns(attachment_model, 'pa')}, {rows.columns(media_model, 'm')}"  # noqa: S608
        f" FROM {attachment_model._meta.db_table} pa"
        f" JOIN {media_model._meta.db_table} m ON m.id = pa.media_id"
        f" WHERE {rows.is_in('pa.post_id', by_post)} ORDER BY pa.position, pa.id"
    )
    for row in rows.fetch(sql, rows.listed(by_post)):
        attachment = attachment_shape.instance(row)
        media_field.set_cached_value(attachment, media_shape.instance(row, attachment_shape.width))
        post_id: int = attachment.post_id  # type: ignore[attr-defined]
        post_field.set_cached_value(attachment, by_id[post_id])
        by_post[post_id].append(attachment)
    # Most posts have none: they share one empty queryset, which stays empty however it
    # is chained, instead of building a queryset each.
    empty = attachment_model._default_manager.none()
    for post in posts:  # a post boosted on the same page may be here twice
        found = by_post[post.id]
        attachments = post.attachments.all() if found else empty
        attachments._result_cache = found
        attachments._prefetch_done = True  # type: ignore[attr-defined]
        post._prefetched_objects_cache = {"attachments": attachments}  # type: ignore[attr-defined]


def _foreign_key(model: type[models.Model], name: str) -> models.ForeignKey[Any, Any]:
    return cast("models.ForeignKey[Any, Any]", model._meta.get_field(name))


def _followed_and_mentioned(
    me: int, author_ids: Collection[int], post_ids: list[int]
) -> tuple[set[int], set[int]]:
    """Which of ``author_ids`` ``me`` follows, and which of ``post_ids`` mention ``me``:
    one hand-written round trip for what decides the posts that are not public."""
    parts, params = [], []
    if author_ids:
        parts.append(
            f"SELECT 1, followee_id FROM {Follow._meta.db_table}"  # noqa: S608
            f" WHERE follower_id = %s AND {rows.is_in('followee_id', author_ids)}"
        )
        params += [me, *rows.listed(author_ids)]
    parts.append(
        f"SELECT 2, post_id FROM {Mention._meta.db_table}"  # noqa: S608
        f" WHERE account_id = %s AND {rows.is_in('post_id', post_ids)}"
    )
    params += [me, *rows.listed(post_ids)]
    followed: set[int] = set()
    mentioned: set[int] = set()
    for kind, found in rows.fetch(" UNION ALL ".join(parts), params):
        (followed if kind == 1 else mentioned).add(found)
    return followed, mentioned


def _attachments_with_media(post_model: type[Post]) -> models.QuerySet[Any]:
    """A post's attachments, each with its media joined in (the model named without an
    import: posts.models imports this module)."""
    attachment: type[models.Model] = post_model._meta.get_field("attachments").related_model
    return attachment._default_manager.select_related("media")


def _by_someone_else(post: Post, me: int) -> bool:
    return post.author_id != me or (post.reblog_of is not None and post.reblog_of.author_id != me)


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
    # Blocks hide other people's posts only: the viewer's own (a post just made, their
    # profile) need no query.
    if blocked is None and any(_by_someone_else(post, me) for post in live):
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
    followed, mentioned = _followed_and_mentioned(me, wanted_authors, [p.id for p in undecided])
    unfollowed = [
        post
        for post in undecided
        if not (post.visibility == "followers" and post.author_id in followed)
    ]
    refused = {post.id for post in unfollowed if post.id not in mentioned}
    return [post for post in live if post.id not in refused]
