"""Matching a page of posts: whole words, Unicode, where text is looked for, contexts, expiry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.filters import services
from townsquare.filters.models import Filter
from townsquare.filters.selectors import filter_results, keyword_pattern, matcher_for
from townsquare.filters.services import KeywordChange
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Post
from townsquare.posts.services import boost, publish_post


def _filter(
    account: Account, *keywords: tuple[str, bool], contexts: tuple[str, ...] = ("home",)
) -> Filter:
    return services.create_filter(
        account=account,
        title="Filtered",
        contexts=list(contexts),
        keywords=[KeywordChange(keyword=word, whole_word=whole) for word, whole in keywords],
    )


@pytest.mark.parametrize(
    ("keyword", "whole_word", "text", "expected"),
    [
        ("cat", True, "a cat sat", True),
        ("cat", True, "category theory", False),
        ("cat", True, "CAT!", True),
        ("cat", False, "category theory", True),
        ("café", True, "Le CAFÉ est ouvert", True),
        ("café", True, "cafés", False),
        ("straße", True, "die Straße", True),
        ("日本", False, "日本語", True),
        ("#tag", True, "see #tag now", True),
        ("#tag", True, "see #tags now", False),
        ("c++", True, "I like c++.", True),
        ("a.b", True, "aXb", False),  # keywords are literal, never patterns
        ("(", False, "smile (", True),
    ],
)
def test_keyword_patterns(keyword: str, whole_word: bool, text: str, expected: bool) -> None:
    pattern = keyword_pattern([(keyword, whole_word)])
    assert pattern is not None
    assert bool(pattern.search(text)) is expected


def test_no_keywords_no_pattern() -> None:
    assert keyword_pattern([]) is None


def test_matches_text_content_warning_and_image_descriptions_not_markup(
    alice: Account, bob: Account, make_image: Callable[..., MediaAttachment]
) -> None:
    _filter(alice, ("spoiler", True), ("kitten", True), ("href", False), ("amp", True))
    in_text = publish_post(author=bob, text="Big spoiler ahead")
    in_cw = publish_post(author=bob, text="nothing here", spoiler_text="Spoiler warning")
    in_image = publish_post(
        author=bob, text="look", media=[make_image(bob, description="A sleepy kitten")]
    )
    markup_only = publish_post(author=bob, text="see https://example.com & more")
    clean = publish_post(author=bob, text="all good")
    posts = list(
        Post.objects.filter(pk__in=[p.pk for p in (in_text, in_cw, in_image, markup_only, clean)])
    )
    found = filter_results(alice, "home", posts)
    assert set(found) == {in_text.pk, in_cw.pk, in_image.pk}
    assert found[in_text.pk][0].keyword_matches == ("spoiler",)
    assert found[in_image.pk][0].keyword_matches == ("kitten",)


def test_keyword_matches_list_each_keyword_once(alice: Account, bob: Account) -> None:
    _filter(alice, ("foo", True), ("bar", True))
    post = publish_post(author=bob, text="bar foo foo bar")
    [hit] = filter_results(alice, "home", [post])[post.pk]
    assert hit.keyword_matches == ("bar", "foo")
    assert hit.status_matches == ()


def test_contexts_decide_where_a_filter_applies(alice: Account, bob: Account) -> None:
    _filter(alice, ("word", True), contexts=("public", "thread"))
    post = publish_post(author=bob, text="a word")
    assert filter_results(alice, "home", [post]) == {}
    assert post.pk in filter_results(alice, "public", [post])
    assert post.pk in filter_results(alice, "thread", [post])


def test_expired_filters_stop_matching(alice: Account, bob: Account) -> None:
    made = _filter(alice, ("word", True))
    post = publish_post(author=bob, text="a word")
    assert post.pk in filter_results(alice, "home", [post])
    Filter.objects.filter(pk=made.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert filter_results(alice, "home", [post]) == {}


def test_filters_are_only_the_viewers_own(alice: Account, bob: Account, carol: Account) -> None:
    _filter(alice, ("word", True))
    post = publish_post(author=carol, text="a word")
    assert filter_results(bob, "home", [post]) == {}
    assert filter_results(None, "home", [post]) == {}


def test_filtered_posts_and_boosts(alice: Account, bob: Account, carol: Account) -> None:
    made = _filter(alice)
    original = publish_post(author=bob, text="harmless")
    services.add_status(filter=made, post=original)
    boosted = boost(account=carol, post=original)
    found = filter_results(alice, "home", [Post.objects.with_related().get(pk=boosted.pk)])
    assert found[boosted.pk][0].status_matches == (original.pk,)
    assert found[original.pk] == found[boosted.pk]


def test_a_page_costs_a_fixed_number_of_queries(alice: Account, bob: Account) -> None:
    _filter(alice, ("word", True), ("other", False))
    _filter(alice, ("third", True))
    posts = [publish_post(author=bob, text=f"word {n}") for n in range(20)]
    with CaptureQueriesContext(connection) as queries:
        matcher = matcher_for(alice, "home")
        found = matcher.results(posts)
    assert len(found) == 20
    assert len(queries) <= 4


def test_no_filters_cost_no_query_for_the_page(alice: Account, bob: Account) -> None:
    posts = [publish_post(author=bob, text="word")]
    matcher = matcher_for(alice, "home")
    assert not matcher
    with CaptureQueriesContext(connection) as queries:
        assert matcher.results(posts) == {}
    assert len(queries) == 0
