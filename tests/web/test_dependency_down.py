"""A service the pages depend on is down: a friendly 503 page with Retry-After, never a 500.

A full disk while uploading is a form error instead, and leaves no post, row or file.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pytest_django.fixtures import Settings

from tests.outages import (
    assert_nothing_leaked,
    database_down,
    dead_redis_caches,
    full_disk_storages,
    stored_files,
)
from townsquare.accounts.models import Account
from townsquare.core import outages
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Post


def assert_friendly_page(response: Any) -> None:
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert "Back in a moment" in body
    assert outages.UNAVAILABLE_MESSAGE in body
    assert_nothing_leaked(body)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/local", "/@alice"])
def test_database_down_shows_a_friendly_page(alice: Account, path: str) -> None:
    with database_down():
        response = Client().get(path)
    assert_friendly_page(response)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", "/oauth/authorize"])
def test_database_down_for_a_signed_in_visitor(alice: Account, path: str) -> None:
    client = Client()
    client.force_login(alice)
    with database_down():
        response = client.get(path)
    assert_friendly_page(response)


def test_redis_down_shows_a_friendly_page(alice: Account, settings: Settings) -> None:
    # Log-in attempts are counted in the cache.
    settings.CACHES = dead_redis_caches()
    response = Client().post(reverse("web:login"), {"username": "alice", "password": "wrong"})
    assert_friendly_page(response)


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile("square.png", buffer.getvalue(), content_type="image/png")


def test_storage_full_is_a_form_error_and_leaves_nothing(
    alice: Account, settings: Settings, tmp_path: Any, committed: Any
) -> None:
    client = Client()
    client.force_login(alice)
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = full_disk_storages(settings.STORAGES)
    data = {"text": "look", "visibility": "public", "spoiler_text": "", "image_1": _png()}
    with committed():
        response = client.post(reverse("web:compose"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="errorlist' in body
    assert "There is no room to store this file right now" in body
    assert_nothing_leaked(body)
    assert not Post.objects.exists()
    assert not MediaAttachment.objects.exists()
    assert stored_files(tmp_path) == set()
