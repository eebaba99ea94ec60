"""The visibility rule against a plain-Python statement of it, over random relationships."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import AccountFactory
from tests.posts.conftest import blocks, follows
from townsquare.accounts.models import Account
from townsquare.posts.models import Mention, Post
from townsquare.posts.querysets import visible_among
from townsquare.posts.selectors import can_see
from townsquare.posts.services import publish_post

pytestmark = pytest.mark.django_db

VISIBILITIES = ("public", "unlisted", "followers", "direct")


def expected(
    *,
    visibility: str,
    is_anonymous: bool,
    is_author: bool,
    follows_author: bool,
    is_mentioned: bool,
    is_blocked: bool,
    is_blocking: bool,
    author_active: bool,
) -> bool:
    if not author_active:
        return False
    if is_anonymous:
        return visibility in ("public", "unlisted")
    if is_author:
        return True
    if is_blocked or is_blocking:
        return False
    if visibility in ("public", "unlisted") or is_mentioned:
        return True
    return visibility == "followers" and follows_author


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    visibility=st.sampled_from(VISIBILITIES),
    is_anonymous=st.booleans(),
    is_author=st.booleans(),
    follows_author=st.booleans(),
    is_mentioned=st.booleans(),
    is_blocked=st.booleans(),
    is_blocking=st.booleans(),
    author_active=st.booleans(),
)
def test_can_see_and_visible_to_agree_with_the_rule(
    db: None,
    visibility: str,
    is_anonymous: bool,
    is_author: bool,
    follows_author: bool,
    is_mentioned: bool,
    is_blocked: bool,
    is_blocking: bool,
    author_active: bool,
) -> None:
    author = AccountFactory.create()
    other = AccountFactory.create()
    post = publish_post(author=author, text=f"hi @{other.username}", visibility=visibility)
    viewer: Account | None = None if is_anonymous else (author if is_author else other)
    if not is_author:
        if not is_mentioned:
            Mention.objects.filter(post=post).delete()
        if follows_author:
            follows(other, author)
        if is_blocked:
            blocks(author, other)
        if is_blocking:
            blocks(other, author)
    if not author_active:
        Account.objects.filter(pk=author.pk).update(is_active=False)
    want = expected(
        visibility=visibility,
        is_anonymous=is_anonymous,
        is_author=is_author,
        follows_author=follows_author,
        is_mentioned=is_mentioned,
        is_blocked=is_blocked,
        is_blocking=is_blocking,
        author_active=author_active,
    )
    assert can_see(viewer, post) is want
    assert Post.objects.visible_to(viewer).filter(pk=post.pk).exists() is want
    loaded = Post.objects.with_related().get(pk=post.pk)
    assert (visible_among(viewer, [loaded]) == [loaded]) is want
