"""Searching people (names by prefix, bios by words) and hashtags (by name)."""

from __future__ import annotations

from tests.factories import AccountFactory
from tests.search.conftest import Committed, Publisher
from townsquare.accounts.models import Account
from townsquare.accounts.services import update_profile
from townsquare.relationships.services import block, follow
from townsquare.search.selectors import search_accounts, search_hashtags


def people(viewer: Account | None, text: str, **options: bool) -> list[str]:
    return [account.username for account in search_accounts(viewer, text, **options)]


def test_exact_username_first_then_prefixes(alice: Account, bob: Account) -> None:
    AccountFactory.create(username="bobcat", display_name="Wild")
    bobby = AccountFactory.create(username="zed", display_name="Bobby Tables")
    Account.objects.filter(pk=bobby.pk).update(followers_count=10)
    assert people(alice, "@bob") == ["bob", "zed", "bobcat"]
    assert people(alice, "bob@elsewhere.example") == ["bob", "zed", "bobcat"]


def test_blocked_either_way_and_following(
    committed: Committed, alice: Account, bob: Account, carol: Account
) -> None:
    with committed():
        update_profile(account=bob, bio="cellist")
        update_profile(account=carol, bio="cellist too")
    block(blocker=bob, blocked=alice)
    assert people(alice, "cellist") == ["carol"]
    assert people(alice, "bob") == []
    assert people(None, "cellist", following=True) == []  # nobody is followed by a visitor


def test_following_only(committed: Committed, alice: Account, bob: Account, carol: Account) -> None:
    with committed():
        update_profile(account=bob, bio="violinist")
        update_profile(account=carol, bio="violinist")
    follow(follower=alice, followee=carol)
    assert people(alice, "violinist", following=True) == ["carol"]


def test_inactive_people_are_not_found(alice: Account, bob: Account) -> None:
    Account.objects.filter(pk=bob.pk).update(is_active=False)
    assert people(alice, "bob") == []


def test_hostile_people_queries(alice: Account) -> None:
    for text in ("%", "_", "'; DROP TABLE accounts_account; --", '"', "\x00", "a" * 10_000, "*"):
        assert people(alice, text) in ([], ["alice"])


def test_hashtags_by_prefix_exact_first_public_only(publish: Publisher, alice: Account) -> None:
    publish(alice, "#Gardens and #gardening and #garden")
    publish(alice, "#gardenparty", visibility="followers")
    assert [tag.name for tag in search_hashtags("#garden")] == ["garden", "gardening", "gardens"]
    assert [tag.display_name for tag in search_hashtags("GARDENS")] == ["Gardens"]
    assert search_hashtags("gardenp") == []
    assert search_hashtags("%") == [] and search_hashtags("") == []
    assert len(search_hashtags("gar", limit=2)) == 2
    assert [tag.name for tag in search_hashtags("gar", offset=2)] == ["gardens"]
