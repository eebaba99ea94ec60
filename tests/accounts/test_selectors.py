from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import PASSWORD, AccountFactory
from townsquare.accounts.models import Account
from townsquare.accounts.selectors import (
    access_account,
    access_pending_account,
    account_by_email_or_username,
    account_by_username,
    accounts_by_usernames,
    is_awaiting_approval,
    pending_accounts,
)
from townsquare.core.errors import NotFound

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("asked", ["alice", "ALICE", "Alice", "@alice"])
def test_an_account_is_found_by_username_in_any_case(alice: Account, asked: str) -> None:
    assert account_by_username(asked) == alice
    assert access_account(asked) == alice


@pytest.mark.parametrize("hidden", [{"is_active": False}, {"is_approved": False}])
def test_inactive_and_unapproved_accounts_are_not_found(hidden: dict[str, bool]) -> None:
    AccountFactory.create(username="hidden", **hidden)

    assert account_by_username("hidden") is None
    with pytest.raises(NotFound):
        access_account("hidden")


@pytest.mark.parametrize("nonsense", ["", "no such", "x" * 31, "a/b", "../etc"])
def test_nonsense_usernames_are_not_looked_up(nonsense: str, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert account_by_username(nonsense) is None
    with pytest.raises(NotFound):
        access_account(nonsense)


def test_unknown_usernames_are_not_found(db: None) -> None:
    assert account_by_username("nobody") is None
    with pytest.raises(NotFound):
        access_account("nobody")


def test_accounts_by_usernames_in_one_query_keyed_lowercase(
    alice: Account, bob: Account, django_assert_num_queries
) -> None:
    AccountFactory.create(username="Gone", is_active=False)

    with django_assert_num_queries(1):
        found = accounts_by_usernames(["ALICE", "@Bob", "gone", "nobody", "not valid"])

    assert found == {"alice": alice, "bob": bob}


def test_accounts_by_usernames_with_nothing_to_find_asks_nothing(
    django_assert_num_queries,
) -> None:
    with django_assert_num_queries(0):
        assert accounts_by_usernames([]) == {}
        assert accounts_by_usernames(["bad name!"]) == {}


def test_pending_accounts_lists_active_unapproved_oldest_first(alice: Account) -> None:
    now = timezone.now()
    newer = AccountFactory.create(username="newer", is_approved=False, date_joined=now)
    older = AccountFactory.create(
        username="older", is_approved=False, date_joined=now - timedelta(days=1)
    )
    AccountFactory.create(username="deactivated", is_approved=False, is_active=False)

    assert list(pending_accounts()) == [older, newer]
    assert access_pending_account("OLDER") == older
    with pytest.raises(NotFound):
        access_pending_account("alice")
    with pytest.raises(NotFound):
        access_pending_account("deactivated")


def test_is_awaiting_approval_needs_the_right_password(alice: Account) -> None:
    AccountFactory.create(username="waiting", is_approved=False)

    assert is_awaiting_approval(username="Waiting", password=PASSWORD)
    assert not is_awaiting_approval(username="waiting", password="wrong password")
    assert not is_awaiting_approval(username="alice", password=PASSWORD)
    assert not is_awaiting_approval(username="nobody", password=PASSWORD)


@pytest.mark.parametrize(
    "identifier", ["alice", "@ALICE", "alice@example.com", "Alice@Example.COM"]
)
def test_an_account_is_found_by_email_or_username(alice: Account, identifier: str) -> None:
    assert account_by_email_or_username(identifier) == alice


@pytest.mark.parametrize("identifier", ["", "nobody", "nobody@example.com", "hidden@example.com"])
def test_no_account_for_unknown_or_hidden_identifiers(alice: Account, identifier: str) -> None:
    AccountFactory.create(username="hidden", is_approved=False)

    assert account_by_email_or_username(identifier) is None
