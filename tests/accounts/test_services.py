"""approve_account, grant_admin, counters and post times (sign-up and profiles: own files)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import authenticate

from tests.accounts.events_log import listen
from tests.factories import PASSWORD, AccountFactory
from townsquare.accounts.events import AccountApproved
from townsquare.accounts.models import Account
from townsquare.accounts.services import (
    approve_account,
    change_counters,
    count_post,
    grant_admin,
)

pytestmark = pytest.mark.django_db


def _fresh(account: Account) -> Account:
    return Account.objects.get(pk=account.pk)


def test_approving_lets_the_account_log_in(committed) -> None:
    waiting = AccountFactory.create(username="waiting", is_approved=False)
    assert authenticate(username="waiting", password=PASSWORD) is None
    events = listen()

    with committed():
        approve_account(account=waiting)

    assert waiting.is_approved and _fresh(waiting).is_approved
    assert authenticate(username="waiting", password=PASSWORD) == waiting
    assert events == [AccountApproved(account_id=waiting.id)]


def test_approving_twice_announces_once(committed) -> None:
    waiting = AccountFactory.create(username="waiting", is_approved=False)
    events = listen()

    with committed():
        approve_account(account=waiting)
        approve_account(account=waiting)

    assert events == [AccountApproved(account_id=waiting.id)]


def test_counters_go_up_and_down(alice: Account) -> None:
    change_counters(account_id=alice.id, followers=3, following=2, posts=5)
    change_counters(account_id=alice.id, followers=-1, posts=-2)

    stored = _fresh(alice)
    assert (stored.followers_count, stored.following_count, stored.posts_count) == (2, 2, 3)


def test_counters_never_go_below_zero(alice: Account) -> None:
    change_counters(account_id=alice.id, posts=1)
    change_counters(account_id=alice.id, followers=-4, posts=-2)

    stored = _fresh(alice)
    assert (stored.followers_count, stored.posts_count) == (0, 0)


def test_counters_change_in_one_query_and_nothing_means_no_query(
    alice: Account, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        change_counters(account_id=alice.id, followers=1, following=1, posts=1)
    with django_assert_num_queries(0):
        change_counters(account_id=alice.id)


def test_counters_work_from_what_is_stored_not_a_stale_copy(alice: Account) -> None:
    stale = _fresh(alice)
    change_counters(account_id=alice.id, followers=1)
    change_counters(account_id=stale.id, followers=1)

    assert _fresh(alice).followers_count == 2


def test_counters_of_someone_else_are_untouched(alice: Account, bob: Account) -> None:
    change_counters(account_id=alice.id, posts=1)

    assert _fresh(bob).posts_count == 0


def test_a_post_is_counted_with_its_time(alice: Account) -> None:
    moment = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)

    count_post(account_id=alice.id, at=moment)
    count_post(account_id=alice.id, at=moment)

    assert _fresh(alice).last_posted_at == moment
    assert _fresh(alice).posts_count == 2


def test_the_last_post_time_must_be_aware(alice: Account) -> None:
    with pytest.raises(ValueError, match="aware"):
        count_post(account_id=alice.id, at=datetime(2026, 11, 26, 7, 0))  # noqa: DTZ001

    assert _fresh(alice).last_posted_at is None
    assert _fresh(alice).posts_count == 0


def test_granting_admin_makes_staff_superuser_and_approved() -> None:
    waiting = AccountFactory.create(username="waiting", is_approved=False)

    grant_admin(account=waiting)

    stored = _fresh(waiting)
    assert stored.is_staff and stored.is_superuser and stored.is_approved
    assert waiting.is_staff and waiting.is_superuser and waiting.is_approved
