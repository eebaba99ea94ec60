"""Image URLs in API answers: plain for public posts, signed for the rest.

Apps read statuses with a Bearer token but load images with a plain GET, without
cookies or token; a signed URL carries the permission for a day, and nothing else does.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.media import signing as media_signing
from townsquare.media.models import MediaAttachment
from townsquare.posts.services import publish_post
from townsquare.relationships.services import follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _attachment(client: Client, post_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/statuses/{post_id}")
    assert response.status_code == 200
    attachment: dict[str, Any] = response.json()["media_attachments"][0]
    return attachment


@pytest.mark.usefixtures("media_root")
def test_an_app_loads_a_followers_only_image_from_the_status_without_cookies(
    alice: Account, bob: Account, api_client: ApiClientFactory, make_image: Any
) -> None:
    follow(follower=bob, followee=alice)
    image = make_image(alice)
    post = publish_post(author=alice, text="For friends", visibility="followers", media=[image])

    attachment = _attachment(api_client(bob), post.id)
    no_cookies = Client()

    assert "?sig=" in attachment["url"] and "?sig=" in attachment["preview_url"]
    original = no_cookies.get(_path(attachment["url"]))
    assert original.status_code == 200
    assert original["Cache-Control"].startswith("private")
    assert no_cookies.get(_path(attachment["preview_url"])).status_code == 200
    # The same URL for a while, so the app's image cache works.
    assert _attachment(api_client(bob), post.id)["url"] == attachment["url"]


@pytest.mark.usefixtures("media_root")
def test_a_public_image_keeps_its_plain_cacheable_url(
    alice: Account, api_client: ApiClientFactory, make_image: Any
) -> None:
    post = publish_post(author=alice, text="Hello", media=[make_image(alice)])

    attachment = _attachment(api_client(alice), post.id)

    assert "?" not in attachment["url"]
    answer = Client().get(_path(attachment["url"]))
    assert answer.status_code == 200 and answer["Cache-Control"].startswith("public")


@pytest.mark.usefixtures("media_root")
def test_a_stranger_gets_404_for_the_plain_url_and_for_tampered_or_borrowed_signatures(
    alice: Account, make_image: Any
) -> None:
    image, other = make_image(alice), make_image(alice)
    publish_post(author=alice, text="Friends", visibility="followers", media=[image, other])
    signature = media_signing.file_signature(image.id, "original")
    stranger = Client()

    assert stranger.get(f"/files/{image.id}/original").status_code == 404
    assert stranger.get(f"/files/{image.id}/original?sig={signature}").status_code == 200
    tampered = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    for url in (
        f"/files/{image.id}/original?sig={tampered}",
        f"/files/{image.id}/original?sig=",
        f"/files/{image.id}/thumbnail?sig={signature}",  # another variant
        f"/files/{other.id}/original?sig={signature}",  # another image
    ):
        assert stranger.get(url).status_code == 404, url


@pytest.mark.usefixtures("media_root")
def test_an_expired_signature_is_404(alice: Account, make_image: Any) -> None:
    image: MediaAttachment = make_image(alice)
    publish_post(author=alice, text="Friends", visibility="followers", media=[image])

    class TwoDaysAgo(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - 2 * 24 * 3600)

    value = f"{image.id}/original"
    old = TwoDaysAgo(salt=media_signing.SALT).sign(value).removeprefix(value + ":")

    assert media_signing.is_valid_signature(image.id, "original", old) is False
    assert Client().get(f"/files/{image.id}/original?sig={old}").status_code == 404
