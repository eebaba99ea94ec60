"""Writes to the search index: each follows one post or account, and is safe to repeat.

Only posts of people who allow it (``Account.is_indexable``) are kept; boosts are not
indexed (the original is). Who may see a post is decided at search time, so a post's
visibility is not written here.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from townsquare.accounts.models import Account
from townsquare.posts.models import Post
from townsquare.search.backends import AccountDocument, PostDocument, backend

BATCH = 500


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


def _indexable_posts() -> QuerySet[Post]:
    return (
        Post.objects.filter(
            reblog_of__isnull=True, author__is_active=True, author__is_indexable=True
        )
        .select_related("author")
        .prefetch_related("attachments__media")
    )


@transaction.atomic
def index_post(*, post_id: int) -> None:
    """Put the post as it is now in the index, or take it out if it mustn't be there."""
    post = _indexable_posts().filter(pk=post_id).first()
    if post is None:
        backend().remove_posts([post_id])
    else:
        backend().index_post(_post_document(post))


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
    """Rebuild the whole index from the database; returns (accounts, posts) indexed."""
    backend().clear()
    accounts = Account.objects.filter(is_active=True, is_approved=True)
    for account in accounts.iterator(chunk_size=BATCH):
        backend().index_account(_account_document(account))
    posts = 0
    for post in _indexable_posts().iterator(chunk_size=BATCH):
        backend().index_post(_post_document(post))
        posts += 1
    return accounts.count(), posts
