"""Writes to home timelines: fan-out on write, backfill on follow, removal on unfollow/block.

Fan-out is hybrid: an account with at least ``FANOUT_THRESHOLD`` followers writes only
to its own home (and to the people a direct post mentions), and ``selectors.home``
merges its posts at read time, so one post never costs millions of rows. Every write
here is idempotent (``timeline_entry_unique``), so a task that runs twice changes
nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.core import rows
from townsquare.core.errors import ValidationFailed
from townsquare.core.events import publish
from townsquare.core.text import clean_text
from townsquare.posts.models import Hashtag, Mention, Post, Visibility
from townsquare.relationships.models import Block, Follow, Mute
from townsquare.relationships.selectors import active_mutes, hidden_account_ids
from townsquare.timelines.events import HomeEntriesWritten
from townsquare.timelines.models import (
    ConversationMark,
    FollowedTag,
    List,
    ListMember,
    RepliesPolicy,
    TimelineEntry,
)
from townsquare.timelines.querysets import fanout_threshold, home_cap, replies_for_home_of

BATCH_SIZE = 1000
BACKFILL_LIMIT = 20
MAX_LISTS = 100
MAX_LIST_MEMBERS = 500
MAX_LIST_TITLE_CHARS = 100
MAX_FOLLOWED_TAGS = 500
# The homes a post went to are trimmed after about one post in this many (chosen by id),
# so a home holds its cap plus the entries written since its last trim (about this many),
# and the cost of finding a home's edge, a walk of its cap's worth of index entries, is
# shared by that many posts. At 32 the trims took most of PostgreSQL's time in a posting
# run at 50 a second on M (70 ms a statement of 50 homes once rows had been deleted).
TRIM_EVERY = 128
# 2**64 over the golden ratio: multiplying by it spreads any step of ids over the top bits.
_FIBONACCI = 0x9E3779B97F4A7C15
TRIM_HOMES_PER_STATEMENT = 50
REBUILD_CHUNK = 100


@dataclass(frozen=True, slots=True)
class _Published:
    """What fan-out needs of a post, read as one plain row rather than model instances."""

    id: int
    author_id: int
    is_author_active: bool
    followers_count: int
    visibility: str
    language: str  # of the original, for a boost: what its readers read
    in_reply_to_account_id: int | None
    original_author_id: int | None  # set for a boost

    def hidden_from(self) -> list[int]:
        """The authors whose blockers, blocked and muters don't get the post."""
        if self.original_author_id is None:
            return [self.author_id]
        return [self.author_id, self.original_author_id]


# Without a savepoint of its own: it runs for every post, in a transaction that already
# has one for it (the shared background task's per handler, or the inline run's), and a
# savepoint was a round trip each way for nothing. Outside one it is a transaction.
@transaction.atomic(savepoint=False)
def fan_out_post(*, post_id: int) -> None:
    """Put a new post (or boost) into the homes of the people who should see it."""
    post = _published(post_id)
    if post is None or not post.is_author_active:
        return  # deleted or deactivated before the task ran
    if post.visibility == Visibility.DIRECT:
        mentioned = Mention.objects.filter(post_id=post.id, account__is_active=True)
        recipients = _without_hiders(mentioned, "account_id", post)
        _insert(post, [post.author_id, *recipients.values_list("account_id", flat=True)])
        return
    if post.followers_count >= fanout_threshold():
        _insert(post, [post.author_id])
        return
    _insert_for_followers(post)


def is_trim_turn(post_id: int) -> bool:
    """Whether the homes ``post_id`` went to are trimmed after its fan-out: one post in
    ``TRIM_EVERY``, chosen by a hash of its id. Not by the id's millisecond alone: posts
    made at a steady rate have milliseconds a fixed step apart, and at 50 a second (20 ms,
    sharing a factor of 4 with 32) one post in 8 took its turn."""
    return ((post_id * _FIBONACCI) % 2**64 >> 32) % TRIM_EVERY == 0


def trim_homes_of_post(*, post_id: int) -> int:
    """``trim_homes`` for every home holding ``post_id``, a statement's worth of homes per
    transaction; returns how many rows went.

    Housekeeping, so it waits for nothing and holds up nobody: trimming the 1,383 homes
    of the M dataset's largest account in one transaction held SQLite's write lock for
    over a second, and every post written meanwhile waited that long.
    """
    owner_ids = list(
        TimelineEntry.objects.filter(post_id=post_id)
        .order_by("owner_id")
        .values_list("owner_id", flat=True)
    )
    deleted = 0
    for start in range(0, len(owner_ids), TRIM_HOMES_PER_STATEMENT):
        with transaction.atomic():
            deleted += trim_homes(owner_ids=owner_ids[start : start + TRIM_HOMES_PER_STATEMENT])
    return deleted


def _published(post_id: int) -> _Published | None:
    posts, accounts = Post._meta.db_table, Account._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id, p.author_id, a.is_active, a.followers_count, p.visibility, "  # noqa: S608 (our own SQL)
            "COALESCE(r.language, p.language), p.in_reply_to_account_id, r.author_id "
            f"FROM {posts} p JOIN {accounts} a ON a.id = p.author_id "
            f"LEFT JOIN {posts} r ON r.id = p.reblog_of_id WHERE p.id = %s",
            [post_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return _Published(
        id=row[0],
        author_id=row[1],
        is_author_active=bool(row[2]),
        followers_count=row[3],
        visibility=row[4],
        language=row[5],
        in_reply_to_account_id=row[6],
        original_author_id=row[7],
    )


# One transaction (its own, unless the caller's): the ids read are locked until they go.
@transaction.atomic(savepoint=False)
def trim_homes(*, owner_ids: Sequence[int], cap: int | None = None) -> int:
    """Keep only the newest ``cap`` entries (``TOWNSQUARE_HOME_CAP``) of each owner's home;
    returns how many rows went. Older posts stay on profiles and hashtags; a page past
    the cap is empty.

    First each home's edge, the newest post past its cap, one index step per home; then
    the ids of what is at or below the edges, ``TRIM_HOMES_PER_STATEMENT`` homes a
    statement, and DELETEs of those ids. Ranking every row of the homes with a window
    function cost fifteen times as much (75 ms for a hundred homes of ~750 rows). The
    edges reach the SELECTs as values: one statement holding the edge search ran for a
    minute on PostgreSQL. Trimming is housekeeping, so rows another writer holds are
    skipped (where the database can) rather than waited for: two trims never deadlock,
    and the next trim takes what this one left.
    """
    edges = _home_edges(owner_ids, home_cap() if cap is None else cap)
    deleted = 0
    # A statement names a few dozen homes: given a thousand, PostgreSQL read the whole
    # table against the conditions (20 s and more a trim) instead of each home's index
    # range.
    for start in range(0, len(edges), TRIM_HOMES_PER_STATEMENT):
        beyond = Q()
        for owner_id, edge in edges[start : start + TRIM_HOMES_PER_STATEMENT]:
            beyond |= Q(owner_id=owner_id, post_id__lte=edge)
        doomed = TimelineEntry.objects.filter(beyond)
        if connection.features.has_select_for_update_skip_locked:
            doomed = doomed.select_for_update(skip_locked=True)
        # The ids come back to Python: as a subquery of the DELETE, PostgreSQL guessed
        # tens of thousands of rows and hashed the whole table against them (300 ms a
        # statement on M, where the ids themselves took 5 ms).
        ids = list(doomed.values_list("id", flat=True))
        for first in range(0, len(ids), BATCH_SIZE):
            batch = ids[first : first + BATCH_SIZE]
            deleted += TimelineEntry.objects.filter(id__in=batch).delete()[0]
    return deleted


def _home_edges(owner_ids: Sequence[int], keep: int) -> list[tuple[int, int]]:
    """(owner, post id of the newest entry past the first ``keep``) for each home longer
    than ``keep``, by owner."""
    if not owner_ids:
        return []
    table, accounts = TimelineEntry._meta.db_table, Account._meta.db_table
    sql = (
        f"SELECT o.id, (SELECT e.post_id FROM {table} e WHERE e.owner_id = o.id"  # noqa: S608 (our own names)
        f" ORDER BY e.post_id DESC LIMIT 1 OFFSET %s) FROM {accounts} o"
        f" WHERE {rows.is_in('o.id', owner_ids)} ORDER BY o.id"
    )
    found = rows.fetch(sql, [keep, *rows.listed(owner_ids)])
    return [(int(owner_id), int(edge)) for owner_id, edge in found if edge is not None]


@transaction.atomic
def remove_author_from_home(*, owner_id: int, author_id: int) -> None:
    """Take every post and boost by ``author_id`` out of ``owner_id``'s home."""
    TimelineEntry.objects.filter(owner_id=owner_id, author_id=author_id).delete()


@transaction.atomic
def remove_boosts_from_home(*, owner_id: int, author_id: int) -> None:
    """Take ``author_id``'s boosts out of ``owner_id``'s home (their own posts stay).

    Only when the owner still hides that person's boosts: a task queued before they
    turned boosts back on leaves the home alone.
    """
    if Follow.objects.filter(
        follower_id=owner_id, followee_id=author_id, show_boosts=True
    ).exists():
        return
    boosts = Post.objects.filter(author_id=author_id, reblog_of__isnull=False).values("id")
    TimelineEntry.objects.filter(
        owner_id=owner_id, author_id=author_id, post_id__in=boosts
    ).delete()


@transaction.atomic
def backfill_home(*, owner_id: int, author_id: int, limit: int = BACKFILL_LIMIT) -> None:
    """After a follow, copy the followee's latest posts the owner may see into their home."""
    follow = (
        Follow.objects.filter(follower_id=owner_id, followee_id=author_id)
        .select_related("follower", "followee")
        .first()
    )
    if follow is None or not follow.followee.is_active:
        return  # unfollowed before the task ran, or the followee is gone
    if follow.followee.followers_count >= fanout_threshold():
        return  # merged at read time
    posts = (
        Post.objects.visible_to(follow.follower)
        .filter(author_id=author_id)
        .filter(replies_for_home_of(owner_id))
        .exclude(reblog_of__author_id=owner_id)
    )
    if not follow.show_boosts:
        posts = posts.filter(reblog_of__isnull=True)
    if follow.languages:
        posts = posts.filter(_in_languages(follow.languages))
    post_ids = list(posts.order_by("-id").values_list("id", flat=True)[: max(0, limit)])
    TimelineEntry.objects.bulk_create(
        [TimelineEntry(owner_id=owner_id, post_id=pid, author_id=author_id) for pid in post_ids],
        ignore_conflicts=True,
    )


def rebuild_homes(*, owner_ids: Sequence[int], limit: int | None = None) -> int:
    """Refill homes from scratch with what fan-out would have written (imports, returners).

    One ``INSERT ... SELECT`` per owner, so a whole imported dataset gets its homes
    without replaying fan-out post by post or loading rows into Python. Returns how many
    entries were written.
    """
    # A home holds as many entries as fan-out keeps (``TOWNSQUARE_HOME_CAP``).
    limit = home_cap() if limit is None else limit
    written = 0
    # A transaction per chunk of owners: one commit per home would cost more than the home.
    for start in range(0, len(owner_ids), REBUILD_CHUNK):
        with transaction.atomic():
            for owner_id in owner_ids[start : start + REBUILD_CHUNK]:
                written += _rebuild_home(owner_id, limit)
    return written


def _rebuild_home(owner_id: int, limit: int) -> int:
    TimelineEntry.objects.filter(owner_id=owner_id).delete()
    owner = Account.objects.filter(id=owner_id, is_active=True).first()
    if owner is None:
        return 0
    home = _home_posts(owner).values_list("id", "author_id")[: max(0, limit)]
    sql, params = home.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TimelineEntry._meta.db_table} (owner_id, post_id, author_id) "  # noqa: S608 (our own SQL)
            f"SELECT %s, home.id, home.author_id FROM ({sql}) home",
            [owner_id, *params],
        )
        return max(0, int(cursor.rowcount))


def _home_posts(owner: Account) -> QuerySet[Post]:
    """The posts fan-out would have put in ``owner``'s home, newest first."""
    followed = Follow.objects.filter(
        follower_id=owner.id, followee__followers_count__lt=fanout_threshold()
    )
    no_boosts = followed.filter(show_boosts=False).values("followee_id")
    return (
        Post.objects.visible_to(owner)
        .filter(
            # Fan-out always writes to the author's own home; followees' posts follow the rules.
            Q(author_id=owner.id)
            | (
                Q(author_id__in=followed.values("followee_id"))
                & replies_for_home_of(owner.id)
                & ~Q(reblog_of__author_id=owner.id)
                & ~Q(reblog_of__isnull=False, author_id__in=no_boosts)
            )
        )
        .exclude(author_id__in=hidden_account_ids(owner.id) - {owner.id})
        .order_by("-id")
    )


def _insert(post: _Published, owner_ids: Iterable[int]) -> None:
    owners = tuple(owner_ids)
    entries = [
        TimelineEntry(owner_id=owner_id, post_id=post.id, author_id=post.author_id)
        for owner_id in owners
    ]
    TimelineEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE, ignore_conflicts=True)
    if owners:
        # Streaming pushes the post to the owners who are connected right now.
        publish(HomeEntriesWritten(post_id=post.id, owner_ids=owners))


def _insert_for_followers(post: _Published) -> None:
    """Write the post into its author's and followers' homes, and tell streaming whose.

    One ``INSERT ... SELECT`` from the follow table, so the followers never pass through
    Python: for a hundred followers that is most of a post's background cost, and ten
    thousand are one statement rather than ten rounds of rows fetched and sent back.
    ``RETURNING`` names the homes, which is whom streaming tells; a home that already had
    the entry (a retry, or a follow's backfill that got there first) is named too, hence
    ``DO UPDATE`` (a no-op write) rather than ``DO NOTHING``, which would return nothing
    for it. Follows limited to some languages are few and are filtered here (their list
    is JSON, which the two databases query differently).
    """
    language = post.language.split("-", 1)[0].lower()  # pt for pt-BR; "" if not said
    sql, params = _followers_sql(post, is_any_language=not language)
    table = TimelineEntry._meta.db_table
    with connection.cursor() as cursor:
        # The author is written once, by the first SELECT; DO UPDATE can't touch a row
        # twice. "WHERE true" lets SQLite tell the SELECT's end from the ON CONFLICT clause.
        cursor.execute(
            f"INSERT INTO {table} (owner_id, post_id, author_id) "  # noqa: S608 (our own SQL)
            "SELECT owners.id, %s, %s FROM (SELECT CAST(%s AS BIGINT) AS id UNION ALL "
            f"SELECT follows.follower_id FROM ({sql}) follows) owners WHERE true "
            "ON CONFLICT (owner_id, post_id) DO UPDATE SET author_id = excluded.author_id "
            "RETURNING owner_id",
            [post.id, post.author_id, post.author_id, *params],
        )
        owners = [int(row[0]) for row in cursor.fetchall()]
    if language:
        particular = _deliverable_follows(post).filter(languages__isnull=False)
        wanted = particular.values_list("follower_id", "languages")
        readers = [owner for owner, languages in wanted if _reads(languages, language)]
        TimelineEntry.objects.bulk_create(
            [TimelineEntry(owner_id=owner, post_id=post.id, author_id=post.author_id)
             for owner in readers],
            batch_size=BATCH_SIZE, ignore_conflicts=True,
        )  # fmt: skip
        owners += readers
    if owners:
        # Streaming pushes the post to the owners who are connected right now.
        publish(HomeEntriesWritten(post_id=post.id, owner_ids=tuple(owners)))


def _followers_sql(post: _Published, *, is_any_language: bool) -> tuple[str, list[Any]]:
    """``_deliverable_follows`` (the author aside) as hand-written SQL of followers' ids.

    Fan-out runs for every post, in the request for most; the ORM spent more time
    building this statement than the database spends running it. The two must say the
    same (tests/timelines check who gets what); without ``is_any_language``, only the
    follows that read every language.
    """
    follow, account = Follow._meta.db_table, Account._meta.db_table
    block, mute = Block._meta.db_table, Mute._meta.db_table
    sql = (
        f"SELECT f.follower_id FROM {follow} f JOIN {account} a ON a.id = f.follower_id "  # noqa: S608 (our own SQL)
        "WHERE f.followee_id = %s AND a.is_active = %s AND f.follower_id <> %s"
    )
    params: list[Any] = [post.author_id, True, post.author_id]
    if post.original_author_id is not None:
        # The original's author already has the post in their home.
        sql += " AND f.show_boosts = %s AND f.follower_id <> %s"
        params += [True, post.original_author_id]
    reply_to = post.in_reply_to_account_id
    if reply_to is not None and reply_to != post.author_id:
        sql += (
            f" AND (f.follower_id = %s OR f.follower_id IN "  # noqa: S608 (our own SQL)
            f"(SELECT follower_id FROM {follow} WHERE followee_id = %s))"
        )
        params += [reply_to, reply_to]
    if not is_any_language:
        sql += " AND f.languages IS NULL"
    authors = post.hidden_from()
    marks = rows.marks(authors)
    sql += (
        f" AND f.follower_id NOT IN (SELECT blocker_id FROM {block} WHERE blocked_id IN ({marks}))"  # noqa: S608 (our own SQL)
        f" AND f.follower_id NOT IN (SELECT blocked_id FROM {block} WHERE blocker_id IN ({marks}))"
        f" AND f.follower_id NOT IN (SELECT muter_id FROM {mute} WHERE muted_id IN ({marks})"
        " AND (expires_at IS NULL OR expires_at > %s))"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params += [*authors, *authors, *authors, now]
    return sql, params


def _deliverable_follows(post: _Published) -> QuerySet[Follow]:
    """The follows whose follower should get ``post`` in their home (languages aside)."""
    follows = Follow.objects.filter(followee_id=post.author_id, follower__is_active=True)
    follows = follows.exclude(follower_id=post.author_id)
    if post.original_author_id is not None:
        follows = follows.filter(show_boosts=True).exclude(follower_id=post.original_author_id)
    reply_to = post.in_reply_to_account_id
    if reply_to is not None and reply_to != post.author_id:
        follow_parent = Follow.objects.filter(followee_id=reply_to).values("follower_id")
        follows = follows.filter(Q(follower_id=reply_to) | Q(follower_id__in=follow_parent))
    return _without_hiders(follows, "follower_id", post)


def _reads(languages: list[str] | None, language: str) -> bool:
    return not languages or not language or language in languages


def _in_languages(languages: list[str]) -> Q:
    """Posts (or the originals of boosts) in one of ``languages`` or in none said."""
    spoken = Q(language="")
    for code in languages:
        spoken |= Q(language__iexact=code) | Q(language__istartswith=f"{code}-")
    original = Q(reblog_of__language="")
    for code in languages:
        original |= Q(reblog_of__language__iexact=code)
        original |= Q(reblog_of__language__istartswith=f"{code}-")
    return (Q(reblog_of__isnull=True) & spoken) | (Q(reblog_of__isnull=False) & original)


def _without_hiders[M: Model](rows: QuerySet[M], field: str, post: _Published) -> QuerySet[M]:
    """Leave out people who blocked or muted the author (or, for a boost, the original's)."""
    authors = post.hidden_from()
    blockers = Block.objects.filter(blocked_id__in=authors).values("blocker_id")
    blocked = Block.objects.filter(blocker_id__in=authors).values("blocked_id")
    muters = active_mutes().filter(muted_id__in=authors).values("muter_id")
    return (
        rows.exclude(**{f"{field}__in": blockers})
        .exclude(**{f"{field}__in": blocked})
        .exclude(**{f"{field}__in": muters})
    )


def _title(title: str) -> str:
    # NUL and other control characters out: PostgreSQL refuses NUL in text (was a 500).
    title = clean_text(title).strip()
    if not title:
        raise ValidationFailed("A list needs a title", field="title")
    if len(title) > MAX_LIST_TITLE_CHARS:
        raise ValidationFailed(
            f"List titles can be at most {MAX_LIST_TITLE_CHARS} characters", field="title"
        )
    return title


def _replies_policy(policy: str) -> str:
    if policy not in RepliesPolicy.values:
        raise ValidationFailed(
            "replies_policy must be one of: followed, list, none", field="replies_policy"
        )
    return policy


@transaction.atomic
def create_list(
    *, owner: Account, title: str, replies_policy: str = "list", is_exclusive: bool = False
) -> List:
    """A new list of ``owner``'s; at most ``MAX_LISTS`` each."""
    if List.objects.filter(owner=owner).count() >= MAX_LISTS:
        raise ValidationFailed(f"You can have at most {MAX_LISTS} lists", field="title")
    return List.objects.create(
        owner=owner,
        title=_title(title),
        replies_policy=_replies_policy(replies_policy),
        is_exclusive=is_exclusive,
    )


@transaction.atomic
def update_list(
    *,
    feed: List,
    title: str | None = None,
    replies_policy: str | None = None,
    is_exclusive: bool | None = None,
) -> List:
    """Rename a list or change what it shows; None leaves a setting as it is."""
    if title is not None:
        feed.title = _title(title)
    if replies_policy is not None:
        feed.replies_policy = _replies_policy(replies_policy)
    if is_exclusive is not None:
        feed.is_exclusive = is_exclusive
    feed.save(update_fields=["title", "replies_policy", "is_exclusive"])
    return feed


@transaction.atomic
def delete_list(*, feed: List) -> None:
    feed.delete()


@transaction.atomic
def add_to_list(*, feed: List, accounts: Sequence[Account]) -> None:
    """Add accounts the list's owner follows; anyone else is refused, as in Mastodon."""
    wanted = {account.pk for account in accounts}
    followed = set(
        Follow.objects.filter(follower_id=feed.owner_id, followee_id__in=wanted).values_list(
            "followee_id", flat=True
        )
    )
    if wanted - followed:
        raise ValidationFailed("You can only add people you follow to a list", field="account_ids")
    present = feed.members.count()
    new = wanted - set(feed.members.values_list("account_id", flat=True))
    if present + len(new) > MAX_LIST_MEMBERS:
        raise ValidationFailed(
            f"A list can have at most {MAX_LIST_MEMBERS} members", field="account_ids"
        )
    ListMember.objects.bulk_create(
        [ListMember(list=feed, account_id=account_id) for account_id in sorted(new)],
        ignore_conflicts=True,
    )


@transaction.atomic
def remove_from_list(*, feed: List, accounts: Sequence[Account]) -> None:
    feed.members.filter(account__in=[account.pk for account in accounts]).delete()


@transaction.atomic
def follow_tag(*, account: Account, hashtag: Hashtag) -> FollowedTag:
    """Follow a hashtag: its public posts join ``account``'s home. Idempotent."""
    existing = FollowedTag.objects.filter(account=account, hashtag=hashtag).first()
    if existing is not None:
        return existing
    if FollowedTag.objects.filter(account=account).count() >= MAX_FOLLOWED_TAGS:
        raise ValidationFailed(f"You can follow at most {MAX_FOLLOWED_TAGS} hashtags", field="tag")
    followed, _ = FollowedTag.objects.get_or_create(account=account, hashtag=hashtag)
    return followed


@transaction.atomic
def unfollow_tag(*, account: Account, hashtag: Hashtag) -> None:
    FollowedTag.objects.filter(account=account, hashtag=hashtag).delete()


@transaction.atomic
def mark_conversation(
    *, owner: Account, root_id: int, read_up_to: int = 0, hidden_up_to: int = 0
) -> None:
    """Move how far ``owner`` has read or hidden a conversation; marks never move back."""
    mark, created = ConversationMark.objects.get_or_create(
        owner=owner,
        root_id=root_id,
        defaults={"read_up_to": read_up_to, "hidden_up_to": hidden_up_to},
    )
    if not created:
        ConversationMark.objects.filter(pk=mark.pk).update(
            read_up_to=Greatest("read_up_to", read_up_to),
            hidden_up_to=Greatest("hidden_up_to", hidden_up_to),
        )
