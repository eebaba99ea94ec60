"""The Django admin for hidden trends: staff hide by typing a tag, post id or URL."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import AccountFactory
from townsquare.discovery.models import HiddenTrend
from townsquare.discovery.models.hidden_trend import trend_key

pytestmark = pytest.mark.django_db


def test_staff_hide_and_list_trends_in_the_admin(client: Client) -> None:
    boss = AccountFactory.create(username="boss", is_staff=True, is_superuser=True)
    client.force_login(boss)

    added = client.post("/admin/discovery/hiddentrend/add/", {"kind": "tag", "label": " #Spam "})
    client.post(
        "/admin/discovery/hiddentrend/add/", {"kind": "link", "label": "https://spam.example/"}
    )

    assert added.status_code == 302
    tag = HiddenTrend.objects.get(kind="tag")
    assert (tag.key, tag.label, tag.hidden_by) == ("spam", "spam", boss)
    assert HiddenTrend.objects.get(kind="link").key == trend_key("link", "https://spam.example/")
    assert "spam.example" in client.get("/admin/discovery/hiddentrend/").content.decode()
