"""Writes to the search index: each follows one post or account, and is safe to repeat.

Only posts of people who allow it (``Account.is_indexable``) are kept; boosts are not
indexed (the original is). Who may see a post is decided at search time, so a post's
visibility is not written here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from townsquare.accounts.models import Account
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Post, PostAttachment
from townsquare.search.backends import AccountDocument, PostDocument, backend

BATCH = 500
REBUILD_BATCH = 50_000


def _post_document(post: Post) -> PostDocument:
    descriptions = [attachment.media.description for attachment in post.attachments.all()]
    return PostDocument(
        post_id=post.id,
        author_id=post.author_id,
        text=post.text,
        spoiler_text=post.spoiler_text,
        media_text="\n".join(text for text in descriptions if text),
    )


def _account_document(account: Account) -> AccountDocument:
    return AccountDocument(
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        bio=account.bio,
    )


def _indexable_post_rows() -> QuerySet[Post]:
    """The posts the index keeps: the one rule both the per-post and the bulk path use."""
    return Post.objects.filter(
        reblog_of__isnull=True, author__is_active=True, author__is_indexable=True
    )


def _indexable_posts() -> QuerySet[Post]:
    return _indexable_post_rows().select_related("author").prefetch_related("attachments__media")


@transaction.atomic(savepoint=False)  # see fan_out_post
def index_post(*, post_id: int) -> None:
    """Put the post as it is now in the index, or take it out if it mustn't be there."""
    document = _indexable_document(post_id)
    if document is None:
        backend().remove_posts([post_id])
    else:
        backend().index_post(document)


def _indexable_document(post_id: int) -> PostDocument | None:
    """The post's document if the index keeps it (``_indexable_post_rows``' rule).

    One hand-written query, a row per image: every new post is indexed, most in the
    request that publishes it, where loading it as models cost more than indexing it.
    """
    posts, accounts = Post._meta.db_table, Account._meta.db_table
    links, media = PostAttachment._meta.db_table, MediaAttachment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.author_id, p.text, p.spoiler_text, m.description "  # noqa: S608 (our own SQL)
            f"FROM {posts} p JOIN {accounts} a ON a.id = p.author_id "
            f"LEFT JOIN {links} l ON l.post_id = p.id LEFT JOIN {media} m ON m.id = l.media_id "
            "WHERE p.id = %s AND p.reblog_of_id IS NULL AND a.is_active = %s "
            "AND a.is_indexable = %s ORDER BY l.position, l.id",
            [post_id, True, True],
        )
        rows = cursor.fetchall()
    if not rows:
        return None
    author_id, text, spoiler_text, _ = rows[0]
    return PostDocument(
        post_id=post_id,
        author_id=author_id,
        text=text,
        spoiler_text=spoiler_text,
        media_text="\n".join(row[3] for row in rows if row[3]),
    )


def remove_post(*, post_id: int) -> None:
    """Take a deleted post out of the index."""
    backend().remove_posts([post_id])


@transaction.atomic
def index_account(*, account_id: int) -> None:
    """Index the person (or remove them), and add or drop their posts as they chose."""
    account = Account.objects.filter(pk=account_id).first()
    if account is None or not account.is_active or not account.is_approved:
        backend().remove_account(account_id)
        backend().remove_posts_by(account_id)
        return
    backend().index_account(_account_document(account))
    if not account.is_indexable:
        backend().remove_posts_by(account_id)
        return
    posts = _indexable_posts().filter(author_id=account_id)
    if backend().count_posts_by(account_id) != posts.count():
        for post in posts.iterator(chunk_size=BATCH):
            backend().index_post(_post_document(post))


@transaction.atomic
def reindex() -> tuple[int, int]:
    """Rebuild the whole index from the database; returns (accounts, posts) indexed.

    The same documents as ``index_account``/``index_post`` write one by one, read in
    batches of ids (plain rows, no model instances) and inserted one statement a batch.
    """
    backend().clear()
    accounts = 0
    rows = Account.objects.filter(is_active=True, is_approved=True).order_by("id")
    for people in _id_batches(rows.values_list("id", "username", "display_name", "bio")):
        backend().add_accounts([AccountDocument(*row) for row in people])
        accounts += len(people)
    posts = 0
    post_rows = _indexable_post_rows().order_by("id")
    for batch in _id_batches(post_rows.values_list("id", "author_id", "text", "spoiler_text")):
        media = _media_texts([row[0] for row in batch])
        backend().add_posts(
            [
                PostDocument(post_id, author_id, text, spoiler_text, media.get(post_id, ""))
                for post_id, author_id, text, spoiler_text in batch
            ]
        )
        posts += len(batch)
    backend().optimize()
    return accounts, posts


def _id_batches[Row: tuple[Any, ...]](rows: QuerySet[Any, Row]) -> Iterator[list[Row]]:
    """``rows`` (ordered by id, id first) in batches of ``REBUILD_BATCH``, paged by id."""
    after = 0
    while True:
        batch = list(rows.filter(id__gt=after)[:REBUILD_BATCH])
        if not batch:
            return
        yield batch
        after = batch[-1][0]


def _media_texts(post_ids: list[int]) -> dict[int, str]:
    """The image descriptions of each post, in the order ``_post_document`` joins them."""
    descriptions: dict[int, list[str]] = {}
    rows = (
        PostAttachment.objects.filter(post_id__in=post_ids)
        .exclude(media__description="")
        .order_by("post_id", "position", "id")
        .values_list("post_id", "media__description")
    )
    for post_id, description in rows.iterator(chunk_size=BATCH):
        descriptions.setdefault(post_id, []).append(description)
    return {post_id: "\n".join(texts) for post_id, texts in descriptions.items()}
