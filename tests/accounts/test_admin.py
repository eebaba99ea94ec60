from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import AccountFactory
from townsquare.accounts.models import Account

pytestmark = pytest.mark.django_db


def test_the_admin_approves_selected_accounts(client: Client) -> None:
    admin = AccountFactory.create(username="boss", is_staff=True, is_superuser=True)
    waiting = AccountFactory.create(username="waiting", is_approved=False)
    client.force_login(admin)

    listing = client.get("/admin/accounts/account/?q=waiting")
    response = client.post(
        "/admin/accounts/account/",
        {"action": "approve_selected", "_selected_action": [str(waiting.pk)]},
        follow=True,
    )

    assert listing.status_code == 200 and "waiting" in listing.content.decode()
    assert "Approved 1 account(s)." in response.content.decode()
    assert Account.objects.get(pk=waiting.pk).is_approved
