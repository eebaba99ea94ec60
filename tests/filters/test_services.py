"""Filter services: validation with clear messages, keywords, posts, the v1 form, privacy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.filters import selectors, services
from townsquare.filters.models import Filter, FilterKeyword
from townsquare.filters.services import KeywordChange
from townsquare.posts.services import publish_post


def _filter(account: Account, *words: str, **options: object) -> Filter:
    return services.create_filter(
        account=account,
        title=str(options.pop("title", "Spoilers")),
        contexts=list(options.pop("contexts", ["home"])),  # type: ignore[call-overload]
        keywords=[KeywordChange(keyword=word) for word in words],
        **options,  # type: ignore[arg-type]
    )


def test_create_filter_with_keywords(alice: Account) -> None:
    made = _filter(alice, "dune", "arrakis", contexts=["thread", "home", "home"], action="hide")
    assert made.contexts == ["home", "thread"]  # known order, no repeats
    assert made.action == "hide"
    assert made.expires_at is None
    assert [(k.keyword, k.whole_word) for k in made.keywords.order_by("id")] == [
        ("dune", True),
        ("arrakis", True),
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"title": "  "}, "Title can't be blank"),
        ({"title": "x" * 101}, "at most 100"),
        ({"contexts": []}, "Context must be one or more of home"),
        ({"contexts": ["home", "everywhere"]}, "Context must be one or more"),
        ({"action": "explode"}, "Filter action must be one of warn, hide, blur_media"),
        ({"expires_in": 0}, "expires_in must be between"),
        ({"expires_in": -5}, "expires_in must be between"),
    ],
)
def test_invalid_filters_are_refused_with_a_clear_message(
    alice: Account, options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationFailed, match=message):
        _filter(alice, "word", **options)
    assert not Filter.objects.exists()


def test_blank_or_long_keywords_are_refused(alice: Account) -> None:
    with pytest.raises(ValidationFailed, match="Keyword can't be blank"):
        _filter(alice, " \x00 ")
    assert not Filter.objects.exists()  # atomic: no filter without its keyword
    made = _filter(alice)
    with pytest.raises(ValidationFailed, match="at most 200"):
        services.add_keyword(filter=made, keyword="k" * 201)


def test_expiry_is_set_kept_and_removed(alice: Account) -> None:
    made = _filter(alice, "x", expires_in=3600)
    assert made.expires_at is not None
    assert timedelta(minutes=59) < made.expires_at - timezone.now() <= timedelta(hours=1)
    services.update_filter(filter=made, title="Renamed")
    made.refresh_from_db()
    assert made.expires_at is not None and made.title == "Renamed"
    services.update_filter(filter=made, expires_in=None)
    made.refresh_from_db()
    assert made.expires_at is None


def test_update_adds_changes_and_removes_keywords(alice: Account, bob: Account) -> None:
    made = _filter(alice, "foo", "bar")
    foo, bar = made.keywords.order_by("id")
    services.update_filter(
        filter=made,
        keywords=[
            KeywordChange(id=foo.pk, destroy=True),
            KeywordChange(id=bar.pk, keyword="baz"),
            KeywordChange(keyword="qux", whole_word=False),
        ],
    )
    assert [(k.keyword, k.whole_word) for k in made.keywords.order_by("id")] == [
        ("baz", True),
        ("qux", False),
    ]
    # A keyword of another filter (someone else's) can't be changed through this one.
    other = _filter(bob, "theirs")
    with pytest.raises(NotFound):
        services.update_filter(
            filter=made, keywords=[KeywordChange(id=other.keywords.get().pk, keyword="x")]
        )
    assert other.keywords.get().keyword == "theirs"


def test_filter_posts_are_added_once_and_removed(alice: Account, bob: Account) -> None:
    post = publish_post(author=bob, text="hello")
    made = _filter(alice)
    first = services.add_status(filter=made, post=post)
    assert services.add_status(filter=made, post=post).pk == first.pk
    services.delete_status(filter_status=first)
    assert not made.statuses.exists()


def test_the_v1_form_makes_one_filter_per_phrase(alice: Account) -> None:
    keyword = services.create_phrase_filter(
        account=alice, phrase="tea", contexts=["home"], is_irreversible=True
    )
    assert keyword.filter.title == "tea"
    assert keyword.filter.action == "hide"
    assert keyword.whole_word is False
    keyword = services.update_phrase_filter(
        keyword=keyword, phrase="coffee", contexts=["public"], is_irreversible=False
    )
    keyword.filter.refresh_from_db()
    assert (keyword.keyword, keyword.filter.contexts, keyword.filter.action) == (
        "coffee",
        ["public"],
        "warn",
    )
    # With another keyword in the filter, only the keyword itself may change.
    services.add_keyword(filter=keyword.filter, keyword="mocha")
    with pytest.raises(ValidationFailed, match="other keywords"):
        services.update_phrase_filter(keyword=keyword, contexts=["home"])
    services.update_phrase_filter(keyword=keyword, phrase="latte", whole_word=True)
    assert FilterKeyword.objects.get(pk=keyword.pk).keyword == "latte"


def test_one_accounts_filters_are_invisible_to_another(alice: Account, bob: Account) -> None:
    made = _filter(alice, "secret")
    post = publish_post(author=bob, text="hi")
    status = services.add_status(filter=made, post=post)
    keyword = made.keywords.get()
    assert selectors.access_filter(made.pk, account=alice).pk == made.pk
    with pytest.raises(NotFound):
        selectors.access_filter(made.pk, account=bob)
    with pytest.raises(NotFound):
        selectors.access_keyword(keyword.pk, account=bob)
    with pytest.raises(NotFound):
        selectors.access_filter_status(status.pk, account=bob)
    assert list(selectors.filters_of(bob)) == []
    assert list(selectors.keywords_of(bob)) == []


def test_filters_are_limited_per_account(alice: Account, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_FILTERS", 2)
    _filter(alice, "a")
    _filter(alice, "b")
    with pytest.raises(ValidationFailed, match="at most 2 filters"):
        _filter(alice, "c")
