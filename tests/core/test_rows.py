"""Instances built from hand-written SQL are the instances the ORM would give."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Model, signals
from django.db.transaction import TransactionManagementError

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


def test_a_built_instance_saves_and_refreshes_as_a_loaded_one(alice: Account) -> None:
    found = _loaded(Account, alice.pk)
    found.display_name = "Renamed"
    found.save(update_fields=["display_name"])  # an UPDATE: the instance is not "adding"
    assert Account.objects.get(pk=alice.pk).display_name == "Renamed"
    assert found.avatar.name == Account.objects.get(pk=alice.pk).avatar.name  # file descriptor


def test_listeners_of_new_instances_still_hear_of_them(alice: Account) -> None:
    heard: list[Model] = []

    def listener(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        heard.append(instance)

    signals.post_init.connect(listener, sender=Account)
    try:
        found = _loaded(Account, alice.pk)
    finally:
        signals.post_init.disconnect(listener, sender=Account)
    assert heard == [found]
    assert _columns(found) == _columns(Account.objects.get(pk=alice.pk))


def test_fetch_answers_as_a_django_cursor_does(alice: Account, bob: Account) -> None:
    sql = f"SELECT id, username FROM {Account._meta.db_table} WHERE id IN (%s, %s) ORDER BY id"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [alice.pk, bob.pk])
        expected = cursor.fetchall()
    assert rows.fetch(sql, [alice.pk, bob.pk]) == expected
    assert rows.fetch_one(sql, [alice.pk, bob.pk]) == expected[0]
    assert rows.fetch_one(sql, [0, 0]) is None


def test_a_list_of_ids_reads_as_in_and_not_in(alice: Account, bob: Account, carol: Account) -> None:
    table = Account._meta.db_table
    ids = [alice.pk, carol.pk, 2**62]  # one id past any 32-bit column, none with it
    among = f"SELECT username FROM {table} WHERE {rows.is_in('id', ids)} ORDER BY username"  # noqa: S608
    assert rows.fetch(among, rows.listed(ids)) == [(alice.username,), (carol.username,)]
    outside = f"SELECT username FROM {table} WHERE {rows.not_in('id', ids)}"  # noqa: S608
    assert rows.fetch(outside, rows.listed(ids)) == [(bob.username,)]


def test_fetch_prepares_its_statements_on_postgresql(alice: Account, bob: Account) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps its own statement cache; PostgreSQL prepares on request")
    sql = f"SELECT username FROM {Account._meta.db_table} WHERE {rows.is_in('id', [0])}"  # noqa: S608
    # The same statement for one id and for two: one prepared plan serves both.
    assert rows.fetch(sql, rows.listed([alice.pk])) == [(alice.username,)]
    assert len(rows.fetch(sql, rows.listed([alice.pk, bob.pk]))) == 2
    prepared = rows.fetch(
        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
        ["SELECT username FROM %ANY($1::bigint[])"],
    )
    assert prepared == [(1,)]


def test_fetch_is_seen_by_whatever_counts_queries(
    alice: Account, django_assert_num_queries: Any
) -> None:
    sql = f"SELECT username FROM {Account._meta.db_table} WHERE id = %s"  # noqa: S608
    with django_assert_num_queries(1) as captured:
        assert rows.fetch(sql, [alice.pk]) == [(alice.username,)]
    assert "SELECT username" in captured.captured_queries[0]["sql"]


def test_fetch_raises_djangos_errors() -> None:
    with pytest.raises(DatabaseError):
        rows.fetch("SELECT no_such_column FROM no_such_table WHERE 1 = %s", [1])


def test_fetch_refuses_to_run_in_a_broken_transaction(alice: Account) -> None:
    sql = f"SELECT username FROM {Account._meta.db_table} WHERE id = %s"  # noqa: S608
    with transaction.atomic():
        transaction.set_rollback(True)
        with pytest.raises(TransactionManagementError):
            rows.fetch(sql, [alice.pk])
