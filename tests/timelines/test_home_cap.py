"""Capped homes: fan-out trims them in bulk, an emptied home is rebuilt when read, and a
page stays full when the re-check drops many rows."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from townsquare.accounts.models import Account
from townsquare.core.pagination import PageRequest
from townsquare.posts.events import PostPublished
from townsquare.posts.models import Post
from townsquare.posts.services import boost, publish_post
from townsquare.relationships.services import follow, mute
from townsquare.timelines import selectors, services
from townsquare.timelines.models import TimelineEntry
from townsquare.timelines.subscribers import on_post_published

Committed = Callable[[], AbstractContextManager[Any]]


def home_of(account: Account) -> list[int]:
    rows = TimelineEntry.objects.filter(owner=account).order_by("-post_id")
    return list(rows.values_list("post_id", flat=True))


def post(committed: Committed, author: Account, text: str = "hello", **options: Any) -> Post:
    with committed():
        return publish_post(author=author, text=text, **options)


def follows(committed: Committed, follower: Account, followee: Account) -> None:
    with committed():
        follow(follower=follower, followee=followee)


def ids(page: Any) -> list[int]:
    return [item.id for item in page.items]


def test_trim_keeps_the_newest_entries_of_each_home_in_three_statements(
    committed, alice, bob, carol
):
    follows(committed, bob, alice)
    follows(committed, carol, alice)
    posted = [post(committed, alice, f"n{n}").id for n in range(6)][::-1]
    with CaptureQueriesContext(connection) as queries:
        deleted = services.trim_homes(owner_ids=[bob.id, carol.id], cap=4)
    # The homes' edges, the ids past them, then one DELETE of those ids.
    assert len(queries.captured_queries) == 3
    assert deleted == 4
    assert home_of(bob) == home_of(carol) == posted[:4]
    assert home_of(alice) == posted  # not asked for: untouched


@pytest.mark.django_db(transaction=True)
def test_a_trim_outside_any_transaction_takes_one_of_its_own(alice, bob):
    # The ids it reads are locked (FOR UPDATE on PostgreSQL) until they are deleted.
    follow(follower=bob, followee=alice)
    for n in range(3):
        publish_post(author=alice, text=f"n{n}")
    newest = home_of(bob)[0]
    assert services.trim_homes(owner_ids=[bob.id], cap=1) == 2
    assert home_of(bob) == [newest]


def test_trim_leaves_homes_under_the_cap_and_a_cap_of_nothing_empties(committed, alice, bob, carol):
    follows(committed, bob, alice)
    posted = [post(committed, alice, f"n{n}").id for n in range(3)][::-1]
    assert services.trim_homes(owner_ids=[bob.id, carol.id], cap=3) == 0
    assert services.trim_homes(owner_ids=[], cap=0) == 0
    assert home_of(bob) == posted
    assert services.trim_homes(owner_ids=[bob.id], cap=0) == 3
    assert home_of(bob) == []
    assert home_of(alice) == posted


def _fan_out_on_turn(author: Account, *, trims: bool) -> Post:
    """A post whose id makes fan-out trim (or not), fanned out as the task would (the
    tests' task queue runs the trim it queues at once)."""
    newest = Post.objects.order_by("-id").values_list("id", flat=True).first() or 0
    millisecond = (newest >> 16) + 1
    while services.is_trim_turn(millisecond << 16) is not trims:
        millisecond += 1
    made = Post.objects.create(id=millisecond << 16, author=author, text="turn")
    on_post_published(PostPublished(post_id=made.id, author_id=author.id))
    return made


def test_fan_out_trims_the_homes_it_writes_to_on_its_turn(committed, settings, alice, bob):
    follows(committed, bob, alice)
    for n in range(5):
        post(committed, alice, f"n{n}")  # any of these may fall on a trim turn...
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "HOME_CAP": 3}  # ...so the cap comes after
    _fan_out_on_turn(alice, trims=False)
    assert len(home_of(bob)) == 6  # off turn: homes may run a little over the cap
    newest = _fan_out_on_turn(alice, trims=True)
    assert len(home_of(bob)) == 3
    assert len(home_of(alice)) == 3
    assert home_of(bob)[0] == newest.id


def test_a_posts_homes_are_trimmed_a_statements_worth_per_transaction(
    committed, settings, monkeypatch, alice, bob, carol
):
    follows(committed, bob, alice)
    follows(committed, carol, alice)
    made = [post(committed, alice, f"n{n}").id for n in range(3)]
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "HOME_CAP": 2}
    monkeypatch.setattr(services, "TRIM_HOMES_PER_STATEMENT", 1)
    with CaptureQueriesContext(connection) as queries:
        assert services.trim_homes_of_post(post_id=made[-1]) == 3
    assert home_of(alice) == home_of(bob) == home_of(carol) == made[:0:-1]
    # One transaction per home here (savepoints inside the test's own transaction), so
    # a trim of a thousand homes never holds the database's write lock for all of them.
    assert sum(query["sql"].startswith("SAVEPOINT") for query in queries) == 3


def test_an_emptied_home_is_rebuilt_when_its_first_page_is_read(committed, alice, bob, carol):
    follows(committed, alice, bob)
    follows(committed, alice, carol)
    older = post(committed, bob, "older")
    newer = post(committed, carol, "newer", visibility="followers")
    TimelineEntry.objects.filter(owner=alice).delete()  # trimmed away, or never written
    alice.refresh_from_db()  # as a request loads her, with her following count
    deep = PageRequest(max_id=newer.id + 1)
    assert ids(selectors.home(alice, deep)) == []  # only the first page rebuilds
    assert home_of(alice) == []
    assert ids(selectors.home(alice, PageRequest())) == [newer.id, older.id]
    assert home_of(alice) == [newer.id, older.id]


def test_a_home_with_only_hidden_rows_is_not_rebuilt_again_and_again(committed, alice, bob):
    follows(committed, alice, bob)
    post(committed, bob)
    with committed():
        mute(muter=alice, muted=bob)
    with CaptureQueriesContext(connection) as queries:
        assert ids(selectors.home(alice, PageRequest())) == []
    assert not any("INSERT" in query["sql"] for query in queries.captured_queries)


def test_a_page_stays_full_when_the_recheck_drops_many_rows(committed, alice, bob, carol, dave):
    follows(committed, alice, bob)
    follows(committed, alice, dave)
    earlier = [post(committed, dave, f"d{n}").id for n in range(4)][::-1]
    for n in range(3 * selectors.WINDOW_SLACK):
        theirs = post(committed, carol, f"c{n}")
        with committed():
            boost(account=bob, post=theirs)
    with committed():
        mute(muter=alice, muted=carol)  # bob's boosts of carol are left out on reading
    assert ids(selectors.home(alice, PageRequest(limit=3))) == earlier[:3]
    oldest_first = selectors.home(alice, PageRequest(limit=3, min_id=earlier[-1] - 1))
    assert ids(oldest_first) == earlier[1:]


@pytest.mark.parametrize("step_ms", [1, 20, 32, 100, 1000])
def test_one_post_in_trim_every_takes_its_turn_at_any_steady_rate(step_ms: int) -> None:
    start = 117_687_537_492_636_672  # an id of late 2026: milliseconds << 16
    turns = sum(
        services.is_trim_turn(start + (n * step_ms << 16)) for n in range(32 * services.TRIM_EVERY)
    )
    assert 16 <= turns <= 48  # 32 expected
