"""What the relationship page tests share: signed-in clients and quick checks."""

from __future__ import annotations

from django.test import Client

from townsquare.accounts.models import Account
from townsquare.relationships.models import Follow

HTMX = {"HX-Request": "true"}


def client_for(account: Account | None = None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def lock(account: Account) -> Account:
    Account.objects.filter(pk=account.pk).update(is_locked=True)
    account.refresh_from_db()
    return account


def follows(follower: Account, followee: Account) -> bool:
    return Follow.objects.filter(follower=follower, followee=followee).exists()


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()
