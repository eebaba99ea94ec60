"""The media URL serves a file only to those who may see it; to everyone else it is a 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from tests.media import samples
from townsquare.media.services import upload_image
from townsquare.posts.services import publish_post
from townsquare.relationships.services import block, follow


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    root = tmp_path / "media-root"
    settings.MEDIA_ROOT = root
    return root


def new_upload(owner, data: bytes | None = None):
    return upload_image(owner=owner, file=samples.upload(data or samples.image_bytes()))


def url(media, variant: str = "original") -> str:
    return reverse("web:media_file", args=[media.id, variant])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_owner_sees_an_unattached_upload(client, alice):
    media = new_upload(alice, samples.image_bytes("JPEG", size=(1000, 500)))
    client.force_login(alice)

    original = client.get(url(media))
    thumbnail = client.get(url(media, "thumbnail"))

    assert original.status_code == 200
    assert original["Content-Type"] == "image/jpeg"
    assert original["X-Content-Type-Options"] == "nosniff"
    assert original["Content-Disposition"] == "inline"
    assert original["Cache-Control"].startswith("private")
    assert original["Content-Length"] == str(media.byte_size)
    with media.file.open("rb") as handle:
        assert body(original) == handle.read()
    assert thumbnail.status_code == 200
    with media.thumbnail.open("rb") as handle:
        assert body(thumbnail) == handle.read()


def test_stranger_and_anonymous_get_404_for_an_unattached_upload(client, alice, bob):
    media = new_upload(alice)

    assert client.get(url(media)).status_code == 404
    client.force_login(bob)
    assert client.get(url(media)).status_code == 404
    assert client.get(url(media, "thumbnail")).status_code == 404


def test_unknown_variant_and_missing_media_are_404(client, alice):
    media = new_upload(alice)
    client.force_login(alice)

    assert client.get(f"/files/{media.id}/huge").status_code == 404
    assert client.get(f"/files/{media.id}/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get(f"/files/{media.id + 1}/original").status_code == 404


def test_only_safe_methods_are_allowed(client, alice):
    media = new_upload(alice)
    client.force_login(alice)

    assert client.head(url(media)).status_code == 200
    assert client.post(url(media)).status_code == 405


def test_anyone_sees_the_image_of_a_public_post(client, alice, bob):
    media = new_upload(alice)
    publish_post(author=alice, text="sunset", media=[media])

    anonymous = client.get(url(media))
    client.force_login(bob)
    stranger = client.get(url(media, "thumbnail"))

    assert anonymous.status_code == 200
    assert anonymous["Cache-Control"].startswith("public")
    assert anonymous["X-Content-Type-Options"] == "nosniff"
    assert stranger.status_code == 200


def test_followers_only_post_image_is_hidden_from_non_followers(client, alice, bob, carol):
    media = new_upload(alice)
    publish_post(author=alice, text="for friends", visibility="followers", media=[media])
    follow(follower=bob, followee=alice)

    assert client.get(url(media)).status_code == 404
    client.force_login(carol)
    assert client.get(url(media)).status_code == 404
    client.force_login(bob)
    follower = client.get(url(media))
    assert follower.status_code == 200
    assert follower["Cache-Control"].startswith("private")
    client.force_login(alice)
    assert client.get(url(media)).status_code == 200


def test_blocked_viewer_gets_404_for_a_public_post_image(client, alice, bob):
    media = new_upload(alice)
    publish_post(author=alice, text="sunset", media=[media])
    block(blocker=alice, blocked=bob)
    client.force_login(bob)

    assert client.get(url(media)).status_code == 404


def test_served_polyglot_carries_no_script(client, alice):
    polyglot = samples.image_bytes("GIF", mode="P", color=1) + samples.SCRIPT
    media = new_upload(alice, polyglot)
    publish_post(author=alice, text="", media=[media])

    response = client.get(url(media))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"<script" not in body(response)


def test_missing_file_on_disk_is_404_not_500(client, alice):
    media = new_upload(alice)
    media.file.storage.delete(media.file.name)
    client.force_login(alice)

    assert client.get(url(media)).status_code == 404
