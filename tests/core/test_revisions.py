"""Rows with a revision: the database raises it on every change, and what was read for
one revision is served again only while the row still has it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection, transaction

from townsquare.accounts.models import Account
from townsquare.core import rows
from townsquare.core.revisions import install_triggers
from townsquare.posts.models import Post
from townsquare.posts.services import publish_post

type CountQueries = Callable[[int], AbstractContextManager[Any]]


def _revision(post: Post) -> int:
    return Post.objects.values_list("revision", flat=True).get(pk=post.pk)


@pytest.mark.django_db
def test_every_kind_of_update_raises_the_revision(alice: Account) -> None:
    post = publish_post(author=alice, text="hello")
    start = _revision(post)

    Post.objects.filter(pk=post.pk).update(likes_count=3)
    assert _revision(post) == start + 1

    # A save writes the revision it loaded, now behind the row's: the row still moves on.
    post.text = "edited"
    post.save()
    assert _revision(post) == start + 2

    with connection.cursor() as cursor:
        cursor.execute("UPDATE posts_post SET boosts_count = 1 WHERE id = %s", [post.pk])
    assert _revision(post) == start + 3

    revisions = Account.objects.values_list("revision", flat=True)
    before = revisions.get(pk=alice.pk)
    Account.objects.filter(pk=alice.pk).update(display_name="Alice B.")
    assert revisions.get(pk=alice.pk) == before + 1


@pytest.mark.django_db
def test_a_missing_trigger_comes_back_after_migrate(alice: Account) -> None:
    post = publish_post(author=alice, text="hello")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute('DROP TRIGGER "posts_post_revision" ON "posts_post"')
        else:
            cursor.execute('DROP TRIGGER "posts_post_revision"')
    start = _revision(post)
    Post.objects.filter(pk=post.pk).update(likes_count=1)
    assert _revision(post) == start  # what a table rebuilt by a migration would do

    install_triggers("default")  # what every migrate and flush ends with
    Post.objects.filter(pk=post.pk).update(likes_count=2)
    assert _revision(post) == start + 1


@pytest.mark.django_db(transaction=True)
def test_a_version_is_read_once_and_a_change_is_read_again(
    alice: Account, django_assert_num_queries: CountQueries
) -> None:
    post = publish_post(author=alice, text="hello")
    versions, revision = rows.revised(Post), _revision(post)
    with django_assert_num_queries(1):
        first = versions.instances({post.pk: revision})[post.pk]
    with django_assert_num_queries(0):
        again = versions.instances({post.pk: revision})[post.pk]
    assert again is not first  # a new instance each time, from the kept columns
    assert again.text == first.text == "hello"

    Post.objects.filter(pk=post.pk).update(text="changed")
    revision = _revision(post)
    with django_assert_num_queries(1):
        changed = versions.instances({post.pk: revision})[post.pk]
    assert changed.text == "changed"


@pytest.mark.django_db(transaction=True)
def test_a_version_read_inside_a_transaction_is_not_kept(alice: Account) -> None:
    post = publish_post(author=alice, text="hello")
    versions = rows.revised(Post)
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(text="never committed")
        seen = versions.instances({post.pk: _revision(post)})[post.pk]
        assert seen.text == "never committed"
        transaction.set_rollback(True)
    # The rolled-back change's revision number goes to the next change instead.
    Post.objects.filter(pk=post.pk).update(text="committed")
    assert versions.instances({post.pk: _revision(post)})[post.pk].text == "committed"


@pytest.mark.django_db(transaction=True)
def test_a_kept_account_is_changed_in_place_by_no_one(alice: Account) -> None:
    Account.objects.filter(pk=alice.pk).update(fields=[{"name": "Site", "value": "a.example"}])
    revision = Account.objects.values_list("revision", flat=True).get(pk=alice.pk)
    versions = rows.revised(Account)
    first = versions.instances({alice.pk: revision})[alice.pk]
    first.fields.append({"name": "Mutated", "value": "in memory"})
    again = versions.instances({alice.pk: revision})[alice.pk]
    assert again.fields == [{"name": "Site", "value": "a.example"}]
