"""Searching posts on whichever backend the database gives: every query form, ranking, paging."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from tests.search.conftest import Committed, Publisher
from townsquare.accounts.models import Account
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Post
from townsquare.posts.services import PollSpec, boost
from townsquare.relationships.services import follow
from townsquare.search.query import parse
from townsquare.search.selectors import MAX_LIMIT, search_posts


def found(viewer: Account | None, text: str, **options: object) -> list[int]:
    return [post.id for post in search_posts(viewer, parse(text), **options)]  # type: ignore[arg-type]


def test_words_match_whole_words_anywhere_in_any_order(
    publish: Publisher, alice: Account, bob: Account
) -> None:
    fox = publish(alice, "The quick brown fox jumps over the lazy dog")
    publish(alice, "A slow green turtle")
    assert found(bob, "fox") == [fox.id]
    assert found(bob, "DOG quick") == [fox.id]
    assert found(bob, "fo") == []  # posts match whole words, not prefixes
    assert found(bob, "fox turtle") == []  # every word must be there


def test_diacritics_and_case_are_ignored(publish: Publisher, alice: Account) -> None:
    post = publish(alice, "Un CAFÉ crème, s'il vous plaît")
    assert found(None, "cafe creme") == [post.id]
    assert found(None, "PLAIT") == [post.id]


def test_exact_phrases(publish: Publisher, alice: Account) -> None:
    together = publish(alice, "we planted red roses today")
    apart = publish(alice, "red tulips and white roses")
    assert set(found(None, "red roses")) == {together.id, apart.id}
    assert found(None, '"red roses"') == [together.id]
    assert found(None, '"roses red"') == []


def test_excluded_words(publish: Publisher, alice: Account) -> None:
    crows = publish(alice, "birds at dawn: crows everywhere")
    robins = publish(alice, "birds at dawn: a robin")
    assert found(None, "birds -crows") == [robins.id]
    assert found(None, 'birds -"a robin"') == [crows.id]


def test_content_warning_and_image_descriptions_are_searched(
    publish: Publisher, alice: Account, make_image: Callable[..., MediaAttachment]
) -> None:
    warned = publish(alice, "details inside", spoiler_text="spiders")
    pictured = publish(alice, "look", media=[make_image(alice, "a heron fishing at the pond")])
    assert found(None, "spiders") == [warned.id]
    assert found(None, "heron pond") == [pictured.id]
    assert found(None, "spiders has:media") == []
    assert found(None, "has:media") == [pictured.id]


def test_hashtags_mentions_and_authors(
    publish: Publisher, alice: Account, bob: Account, carol: Account
) -> None:
    tagged = publish(alice, "seedlings are up #Gardening")
    mentions_bob = publish(alice, "hello @bob how are the seedlings")
    by_bob = publish(bob, "my seedlings died")
    assert found(None, "#gardening") == [tagged.id]
    assert found(None, "seedlings #GARDENING") == [tagged.id]
    assert found(None, "@bob") == [mentions_bob.id]
    assert found(None, "seedlings @bob") == [mentions_bob.id]
    assert found(None, "seedlings from:bob") == [by_bob.id]
    assert found(None, "from:BOB") == [by_bob.id]
    assert found(None, "from:nobody") == []
    assert found(None, "@nobody") == []
    assert set(found(None, "seedlings")) == {tagged.id, mentions_bob.id, by_bob.id}


def test_replies_and_polls(publish: Publisher, alice: Account, bob: Account) -> None:
    question = publish(alice, "which tomato variety?")
    answer = publish(bob, "tomato: try san marzano", in_reply_to=question)
    assert found(None, "tomato is:reply") == [answer.id]
    assert found(None, "is:reply") == [answer.id]
    assert found(None, "tomato has:poll") == []
    poll = publish(alice, "tomato poll", poll=PollSpec(options=["red", "yellow"], expires_in=3600))
    assert found(None, "tomato has:poll") == [poll.id]


def test_dates(publish: Publisher, alice: Account) -> None:
    old = publish(alice, "snow day", published_at=datetime(2025, 1, 10, 12, tzinfo=UTC))
    new = publish(alice, "snow again", published_at=datetime(2025, 2, 10, 12, tzinfo=UTC))
    assert found(None, "snow before:2025-02-01") == [old.id]
    assert found(None, "snow after:2025-02-01") == [new.id]
    assert found(None, "snow after:2025-02-10") == []  # after the whole day
    assert found(None, "snow before:2025-02-10") == [old.id]
    assert found(None, "before:2025-02-01") == [old.id]


def test_boosts_are_not_results_but_their_original_is(
    publish: Publisher, committed: Committed, alice: Account, bob: Account
) -> None:
    original = publish(alice, "worth sharing")
    with committed():
        boost(account=bob, post=original)
    assert found(None, "worth sharing") == [original.id]


def test_relevance_then_recency(publish: Publisher, alice: Account) -> None:
    older_strong = publish(
        alice,
        "kayak kayak kayak trip",
        published_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    newer_weak = publish(alice, "a long post that mentions a kayak once among many other words")
    same_newer = publish(alice, "kayak kayak kayak trip")
    ranked = found(None, "kayak")
    assert ranked[0] == same_newer.id  # as relevant as the older one, and newer
    assert set(ranked) == {older_strong.id, newer_weak.id, same_newer.id}


def test_paging_by_offset_and_limit(publish: Publisher, alice: Account) -> None:
    posts = [publish(alice, f"walk number {n}") for n in range(5)]
    first = found(None, "walk", limit=2)
    second = found(None, "walk", limit=2, offset=2)
    third = found(None, "walk", limit=2, offset=4)
    assert len(first) == 2 and len(second) == 2 and len(third) == 1
    assert set(first + second + third) == {post.id for post in posts}
    assert len(found(None, "walk", limit=10_000)) == 5  # capped at MAX_LIMIT, not an error
    assert MAX_LIMIT == 40
    assert found(None, "walk", offset=10**9) == []


def test_following_and_account_options(
    publish: Publisher, alice: Account, bob: Account, carol: Account
) -> None:
    by_alice = publish(alice, "jam recipe")
    by_carol = publish(carol, "jam recipe too")
    follow(follower=bob, followee=alice)
    assert found(bob, "jam", following=True) == [by_alice.id]
    assert found(None, "jam", following=True) == []
    assert found(bob, "jam", account_id=carol.id) == [by_carol.id]


def test_an_empty_query_finds_nothing(publish: Publisher, alice: Account) -> None:
    publish(alice, "anything")
    assert found(None, "") == []
    assert found(None, "-anything") == []
    assert found(None, '""') == []


@pytest.mark.parametrize(
    "text",
    [
        "NEAR(walk dog) AND * OR NOT",
        'walk "dog',
        "walk'); DROP TABLE posts_post; --",
        "walk\x00dog",
        "walk ^dog +dog -",
        "col:walk {walk} [dog]",
        "walk " + "\U0001f600" * 100,
        "%_% walk \\",
        "q" * 10_000,
        "".join(chr(code) for code in range(1, 2000)),
    ],
)
def test_hostile_queries_answer_results_or_nothing(
    publish: Publisher, alice: Account, text: str
) -> None:
    post = publish(alice, "walk the dog")
    result = found(alice, text)
    assert result in ([], [post.id])
    assert Post.objects.filter(pk=post.pk).exists()
