"""Search at scale: ranking is bounded to the newest matches, and the bulk rebuild writes
the same index as indexing post by post."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.search.conftest import Committed, Publisher
from townsquare.accounts.models import Account
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Post
from townsquare.posts.services import boost
from townsquare.search import services
from townsquare.search.backends import PostMatch, backend
from townsquare.search.query import parse
from townsquare.search.selectors import search_posts


def found(viewer: Account | None, text: str, **options: Any) -> list[int]:
    return [post.id for post in search_posts(viewer, parse(text), **options)]


def test_only_the_newest_matches_are_ranked_and_pages_do_not_repeat(
    settings: Any, publish: Publisher, alice: Account
) -> None:
    settings.TOWNSQUARE_SEARCH_RANK_WINDOW = 4
    start = datetime(2026, 1, 1, tzinfo=UTC)
    now = datetime.now(tz=UTC)
    # The oldest posts are the most relevant ones, but they fall outside the window.
    old = [
        publish(alice, "pebble pebble pebble beach", published_at=start + timedelta(hours=n))
        for n in range(3)
    ]
    newer = [
        publish(alice, f"a pebble on the beach number {n}", published_at=now - timedelta(hours=n))
        for n in (3, 2)
    ]
    strong = publish(alice, "pebble pebble pebble", published_at=now - timedelta(hours=1))
    newest = publish(alice, "one pebble among many other words here", published_at=None)
    window = {post.id for post in [*newer, strong, newest]}

    ranked = found(None, "pebble")
    assert set(ranked) == window
    assert not {post.id for post in old} & set(ranked)
    assert ranked[0] == strong.id  # relevance still counts within the window
    pages = [found(None, "pebble", limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [len(page) for page in pages] == [2, 2, 0]
    assert pages[0] + pages[1] == ranked
    # A date bound moves the window: the older posts are reachable by date.
    assert set(found(None, "pebble before:2026-01-02")) == {post.id for post in old}

    settings.TOWNSQUARE_SEARCH_RANK_WINDOW = 100
    assert set(found(None, "pebble")) == window | {post.id for post in old}


QUERIES = ["heron", "spiders", "details", "crème", "CREME", "mud", "fishing pond", "secret"]


def _snapshot(viewer: Account) -> dict[str, Any]:
    """What the index answers: raw ranked ids, per-author counts, people, and searches."""
    now_ms = int(datetime.now(tz=UTC).timestamp() * 1000)
    raw = {
        text: backend().post_ids(
            PostMatch(terms=tuple(parse(text).terms)), offset=0, limit=100, now_ms=now_ms
        )
        for text in QUERIES
    }
    return {
        "raw": raw,
        "counts": {
            account.username: backend().count_posts_by(account.id)
            for account in Account.objects.all()
        },
        "people": backend().account_ids(("al",), limit=10)
        + backend().account_ids(("bo",), limit=10),
        "found": {text: found(viewer, text) for text in QUERIES},
    }


def test_bulk_reindex_writes_what_indexing_post_by_post_writes(
    publish: Publisher,
    committed: Committed,
    alice: Account,
    bob: Account,
    carol: Account,
    dave: Account,
    make_image: Callable[..., MediaAttachment],
) -> None:
    plain = publish(alice, "walking in the mud by the pond")
    warned = publish(alice, "details inside", spoiler_text="spiders and more SPIDERS")
    pictured = publish(
        alice,
        "look at the mud",
        media=[
            make_image(alice, "a heron fishing at the pond"),
            make_image(alice, ""),
            make_image(alice, "crème brûlée on a plate"),
        ],
    )
    private = publish(alice, "secret mud for followers", visibility="followers")
    publish(bob, "bob's heron in the mud")  # opted out below
    publish(carol, "carol's spiders in the mud")  # deactivated below
    with committed():
        boost(account=dave, post=plain)
    Account.objects.filter(pk=bob.pk).update(is_indexable=False)
    Account.objects.filter(pk=carol.pk).update(is_active=False)

    backend().clear()
    for account in Account.objects.all():
        services.index_account(account_id=account.id)
    for post_id in Post.objects.values_list("id", flat=True):
        services.index_post(post_id=post_id)
    one_by_one = _snapshot(alice)

    assert services.reindex() == (Account.objects.filter(is_active=True).count(), 4)
    assert _snapshot(alice) == one_by_one

    # And the index holds what it should (so the comparison above compares something).
    assert one_by_one["found"]["heron"] == [pictured.id]
    assert one_by_one["found"]["crème"] == [pictured.id] == one_by_one["found"]["CREME"]
    assert one_by_one["found"]["spiders"] == [warned.id]
    assert one_by_one["found"]["secret"] == [private.id]
    assert set(one_by_one["raw"]["mud"]) == {plain.id, pictured.id, private.id}
    assert one_by_one["counts"][bob.username] == 0
    assert one_by_one["counts"][carol.username] == 0
    assert one_by_one["counts"][alice.username] == 4
    assert alice.id in one_by_one["people"] and bob.id in one_by_one["people"]
