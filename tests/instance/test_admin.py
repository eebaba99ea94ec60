from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import AccountFactory
from townsquare.instance.models import InstanceSettings
from townsquare.instance.selectors import instance_settings

pytestmark = pytest.mark.django_db


def _admin_client() -> Client:
    client = Client()
    client.force_login(AccountFactory.create(username="boss", is_staff=True, is_superuser=True))
    return client


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Village Green",
        "description": "Our corner.",
        "registration_mode": "approval",
        "max_post_chars": "1000",
    }
    data.update(overrides)
    return data


def test_the_admin_changes_the_settings_through_the_service() -> None:
    row = instance_settings()

    response = _admin_client().post(f"/admin/instance/instancesettings/{row.pk}/change/", _form())

    assert response.status_code == 302
    stored = InstanceSettings.objects.get()
    assert (stored.name, stored.registration_mode, stored.max_post_chars) == (
        "Village Green",
        "approval",
        1000,
    )


def test_the_admin_refuses_an_absurd_post_length_with_a_message() -> None:
    row = instance_settings()

    response = _admin_client().post(
        f"/admin/instance/instancesettings/{row.pk}/change/", _form(max_post_chars="0")
    )

    assert response.status_code == 200
    assert "Between 1 and 100000 characters." in response.content.decode()
    assert InstanceSettings.objects.get().max_post_chars is None


def test_there_is_only_ever_one_settings_row() -> None:
    instance_settings()
    client = _admin_client()

    assert client.get("/admin/instance/instancesettings/add/").status_code == 403
    row = InstanceSettings.objects.get()
    assert client.get(f"/admin/instance/instancesettings/{row.pk}/delete/").status_code == 403
