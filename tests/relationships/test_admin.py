"""Endorsements in the admin: listed and searchable, never written there."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.relationships.models import Endorsement
from townsquare.relationships.services import endorse, follow

pytestmark = pytest.mark.django_db


def test_endorsements_are_listed_searchable_and_view_only(alice: Account, bob: Account) -> None:
    follow(follower=alice, followee=bob)
    endorsement = endorse(account=alice, target=bob)
    client = Client()
    client.force_login(AccountFactory.create(username="boss", is_staff=True, is_superuser=True))
    base = "/admin/relationships/endorsement/"

    listing = client.get(f"{base}?q=bob")
    assert listing.status_code == 200
    assert f"{base}{endorsement.id}/change/" in listing.content.decode()
    assert client.get(f"{base}?q=nobody").content.decode().count(f"{endorsement.id}/change/") == 0
    assert client.get(f"{base}{endorsement.id}/change/").status_code == 200
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}{endorsement.id}/delete/", {"post": "yes"}).status_code == 403
    assert Endorsement.objects.filter(pk=endorsement.id).exists()
