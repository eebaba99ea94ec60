"""Content filters in the admin: listed and searchable, never written there."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.filters import services
from townsquare.filters.models import Filter, FilterKeyword, FilterStatus
from townsquare.filters.services import KeywordChange
from townsquare.posts.services import publish_post

pytestmark = pytest.mark.django_db


def test_filters_keywords_and_posts_are_listed_searchable_and_view_only(
    alice: Account, bob: Account
) -> None:
    made = services.create_filter(
        account=alice,
        title="Spoilers",
        contexts=["home"],
        keywords=[KeywordChange(keyword="dune")],
    )
    services.add_status(filter=made, post=publish_post(author=bob, text="a twist"))
    client = Client()
    client.force_login(AccountFactory.create(username="boss", is_staff=True, is_superuser=True))
    rows = {
        "filter": (made.id, "Spoilers"),
        "filterkeyword": (FilterKeyword.objects.get().id, "dune"),
        "filterstatus": (FilterStatus.objects.get().id, "alice"),
    }

    for model, (pk, query) in rows.items():
        base = f"/admin/filters/{model}/"
        listing = client.get(f"{base}?q={query}")
        assert listing.status_code == 200, model
        assert f"{base}{pk}/change/" in listing.content.decode(), model
        assert client.get(f"{base}{pk}/change/").status_code == 200, model
        assert client.get(f"{base}add/").status_code == 403, model
        assert client.post(f"{base}{pk}/delete/", {"post": "yes"}).status_code == 403, model
    assert "dune" in client.get(f"/admin/filters/filter/{made.id}/change/").content.decode()
    assert Filter.objects.filter(pk=made.id).exists()
