"""Instances built from hand-written SQL are the instances the ORM would give."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Model

from townsquare.accounts.models import Account
from townsquare.core import rows
from townsquare.posts.models import Post
from townsquare.posts.services import publish_post

pytestmark = pytest.mark.django_db


def _columns(instance: Model) -> dict[str, Any]:
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def _loaded[M: Model](model: type[M], pk: int) -> M:
    shape = rows.shape(model)
    sql = f"SELECT {rows.columns(model, 't')} FROM {model._meta.db_table} t WHERE t.id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return shape.instance(cursor.fetchone())


def test_an_account_reads_back_with_converted_columns(alice: Account) -> None:
    Account.objects.filter(pk=alice.pk).update(
        fields=[{"name": "Site", "value": "example.org"}], is_locked=True
    )
    expected = Account.objects.get(pk=alice.pk)
    found = _loaded(Account, alice.pk)
    assert _columns(found) == _columns(expected)
    assert found.date_joined.tzinfo is not None  # aware, as the ORM gives it
    assert found.fields == [{"name": "Site", "value": "example.org"}]  # JSON decoded
    assert found.is_locked is True
    assert found._state.adding is False
    assert found._state.db == "default"


def test_a_post_reads_back_as_the_orm_reads_it(alice: Account) -> None:
    post = publish_post(author=alice, text="hello #rows", spoiler_text="cw")
    expected = Post.objects.get(pk=post.pk)
    found = _loaded(Post, post.pk)
    assert _columns(found) == _columns(expected)
    assert found.pk == post.pk


def test_a_column_value_converts_alone(alice: Account) -> None:
    field = Account._meta.get_field("date_joined")
    sql = f"SELECT date_joined FROM {Account._meta.db_table} WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [alice.pk])
        raw = cursor.fetchone()[0]
    assert rows.value(field, raw) == Account.objects.get(pk=alice.pk).date_joined
