"""The query language: every form parses, and no input makes the parser fail."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from townsquare.search.query import MAX_TERMS, Term, parse, tokens


def test_words_and_phrases() -> None:
    query = parse('garden "red roses" Tomatoes')
    assert query.terms == [
        Term(tokens=("garden",)),
        Term(tokens=("red", "roses"), is_phrase=True),
        Term(tokens=("tomatoes",)),
    ]
    assert not query.has_filters


def test_excluded_words_and_phrases() -> None:
    query = parse('birds -crows -"magpie nest"')
    assert query.terms == [Term(tokens=("birds",))]
    assert query.excluded == [
        Term(tokens=("crows",)),
        Term(tokens=("magpie", "nest"), is_phrase=True),
    ]


def test_operators() -> None:
    query = parse(
        "#Gardening @Bob from:alice has:media has:poll is:reply before:2026-03-01 after:2026-01-31"
    )
    assert query.terms == []
    assert query.hashtags == ["gardening"]
    assert query.mentions == ["bob"]
    assert query.authors == ["alice"]
    assert query.has_media and query.has_poll and query.is_reply
    assert query.before == datetime(2026, 3, 1, tzinfo=UTC)
    assert query.after == datetime(2026, 1, 31, tzinfo=UTC)
    assert query.has_filters and not query.is_empty


@pytest.mark.parametrize(
    "text",
    ["before:2026-02-30", "after:yesterday", "from:", "has:cats", "is:boost", "from:not-a-name!"],
)
def test_unknown_or_invalid_operators_are_words(text: str) -> None:
    query = parse(text)
    assert not query.has_filters
    assert [token for term in query.terms for token in term.tokens] == list(tokens(text))


def test_tokens_fold_case_and_diacritics_and_split_punctuation() -> None:
    assert tokens("Café CRÈME don't snake_case") == ("cafe", "creme", "don", "t", "snake", "case")


@pytest.mark.parametrize(
    "text",
    [
        'NEAR(a b, 2) AND * OR NOT "',
        "'; DROP TABLE posts_post; --",
        '"unbalanced',
        "\x00\x01 nul",
        "^ + : ( ) { } [ ]",
        "x" * 10_000,
    ],
)
def test_hostile_text_becomes_words_only(text: str) -> None:
    query = parse(text)
    for term in [*query.terms, *query.excluded]:
        assert all(token.isalnum() for token in term.tokens)
    assert len(query.terms) + len(query.excluded) <= MAX_TERMS


@given(st.text(max_size=300))
def test_parsing_never_fails(text: str) -> None:
    query = parse(text)
    assert all(term.tokens for term in query.terms)
