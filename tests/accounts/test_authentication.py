from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from tests.factories import PASSWORD, AccountFactory
from townsquare.accounts.models import Account

pytestmark = pytest.mark.django_db


def test_an_approved_account_logs_in_with_any_case_of_its_username(alice: Account) -> None:
    assert authenticate(username="ALICE", password=PASSWORD) == alice
    assert authenticate(username="alice", password="wrong password") is None


@pytest.mark.parametrize("state", [{"is_approved": False}, {"is_active": False}])
def test_waiting_and_deactivated_accounts_cannot_log_in(state: dict[str, bool]) -> None:
    AccountFactory.create(username="someone", **state)

    assert authenticate(username="someone", password=PASSWORD) is None


def test_a_session_ends_when_approval_is_withdrawn(alice: Account, client: Client) -> None:
    client.force_login(alice)
    Account.objects.filter(pk=alice.pk).update(is_approved=False)

    response = client.get("/settings/profile")

    assert response.status_code == 302
    assert response["Location"].startswith("/login")
