"""Server-level endpoints: instance (v1, v2), custom emojis, preferences, NodeInfo."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.instance import Instance, Preferences, V1Instance
from townsquare.instance.services import update_instance_settings


@pytest.mark.django_db
def test_v2_instance_describes_the_limits_clients_need(anonymous: Client) -> None:
    update_instance_settings(max_post_chars=777, registration_mode="approval")
    response = anonymous.get("/api/v2/instance")
    assert response.status_code == 200
    instance = Instance.model_validate(response.json())
    assert instance.version.startswith("4.3.0+townsquare.")
    assert instance.configuration.statuses.max_characters == 777
    assert instance.configuration.statuses.max_media_attachments == 4
    assert instance.configuration.statuses.characters_reserved_per_url == 23
    assert "image/png" in instance.configuration.media_attachments.supported_mime_types
    assert instance.configuration.accounts.max_pinned_statuses == 5
    assert instance.registrations.enabled is True
    assert instance.registrations.approval_required is True
    assert instance.api_versions.mastodon == 2
    assert instance.configuration.urls.streaming == "ws://testserver"


@pytest.mark.django_db
def test_v2_instance_streaming_url_is_wss_over_https(anonymous: Client) -> None:
    response = anonymous.get("/api/v2/instance", secure=True)
    assert response.json()["configuration"]["urls"]["streaming"] == "wss://testserver"


@pytest.mark.django_db
def test_closed_registrations_show_as_disabled(anonymous: Client) -> None:
    update_instance_settings(registration_mode="closed")
    v2 = anonymous.get("/api/v2/instance").json()
    v1 = anonymous.get("/api/v1/instance").json()
    assert v2["registrations"]["enabled"] is False
    assert v1["registrations"] is False


def test_v1_instance_counts_people_and_names_the_admin(
    anonymous: Client, alice: Account, bob: Account
) -> None:
    Account.objects.filter(pk=alice.pk).update(is_staff=True)
    response = anonymous.get("/api/v1/instance/")
    assert response.status_code == 200
    instance = V1Instance.model_validate(response.json())
    assert instance.stats.user_count == 2
    assert instance.contact_account is not None
    assert instance.contact_account.username == "alice"
    assert instance.urls.streaming_api.startswith("ws://")


@pytest.mark.django_db
def test_instance_refuses_a_bad_token_even_though_it_is_public(anonymous: Client) -> None:
    response = anonymous.get("/api/v2/instance", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}


@pytest.mark.django_db
def test_custom_emojis_are_an_empty_list(anonymous: Client) -> None:
    response = anonymous.get("/api/v1/custom_emojis")
    assert response.status_code == 200
    assert response.json() == []


def test_preferences_need_read_accounts(api_client: ApiClientFactory, alice: Account) -> None:
    ok = api_client(alice, scopes="read:accounts").get("/api/v1/preferences")
    assert ok.status_code == 200
    prefs = Preferences.model_validate(ok.json())
    assert prefs.default_visibility == "public"
    assert api_client(alice, scopes="read:statuses").get("/api/v1/preferences").status_code == 403
    assert Client().get("/api/v1/preferences").status_code == 401


def test_nodeinfo_is_discoverable_and_counts_users(anonymous: Client, alice: Account) -> None:
    discovery = anonymous.get("/.well-known/nodeinfo").json()
    href = discovery["links"][0]["href"]
    assert href == "http://testserver/nodeinfo/2.0"
    document = anonymous.get("/nodeinfo/2.0").json()
    assert document["version"] == "2.0"
    assert document["software"]["name"] == "townsquare"
    assert document["usage"]["users"]["total"] == 1


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_nodeinfo_reports_open_registrations(anonymous: Client, alice: Account) -> None:
    update_instance_settings(registration_mode="open")
    assert anonymous.get("/nodeinfo/2.0").json()["openRegistrations"] is True
    update_instance_settings(registration_mode="closed")
    assert anonymous.get("/nodeinfo/2.0").json()["openRegistrations"] is False
