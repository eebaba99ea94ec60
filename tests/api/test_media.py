"""Uploading and describing media over the API."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.conftest import ApiClientFactory, png_upload
from townsquare.accounts.models import Account
from townsquare.api.schemas.media import MediaAttachment
from townsquare.media.models import MediaAttachment as MediaModel


def test_upload_v2_with_description_and_focus(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice, scopes="write:media")
    response = client.post(
        "/api/v2/media", {"file": png_upload(), "description": "blue", "focus": "0.5,-0.25"}
    )
    assert response.status_code == 200, response.content
    media = MediaAttachment.model_validate(response.json())
    assert media.type == "image"
    assert media.description == "blue"
    assert media.meta["focus"] == {"x": 0.5, "y": -0.25}
    assert media.meta["original"]["width"] == 64
    # Not on a public post (on none yet): signed, so the app can load it without a token.
    assert media.url.startswith(f"http://testserver/files/{media.id}/original?sig=")
    assert MediaModel.objects.filter(owner=alice).count() == 1


def test_upload_v1_and_bad_files(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice)
    assert client.post("/api/v1/media", {"file": png_upload()}).status_code == 200
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    refused = client.post("/api/v2/media", {"file": fake})
    assert refused.status_code == 422
    assert "image" in refused.json()["error"]
    missing = client.post("/api/v2/media", {"description": "nothing"})
    assert missing.status_code == 422
    assert "file" in missing.json()["error"]
    bad_focus = client.post("/api/v2/media", {"file": png_upload(), "focus": "left"})
    assert bad_focus.status_code == 422


def test_get_and_describe_own_media_only(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice)
    media_id = client.post("/api/v2/media", {"file": png_upload()}).json()["id"]
    assert client.get(f"/api/v1/media/{media_id}").status_code == 200
    updated = client.put(
        f"/api/v1/media/{media_id}",
        {"description": "now described"},
        content_type="application/json",
    )
    assert updated.json()["description"] == "now described"
    form = client.put(
        f"/api/v1/media/{media_id}",
        "description=via+form",
        content_type="application/x-www-form-urlencoded",
    )
    assert form.json()["description"] == "via form"
    assert api_client(bob).get(f"/api/v1/media/{media_id}").status_code == 404
    assert api_client(bob).put(f"/api/v1/media/{media_id}", {}).status_code == 404


def test_media_needs_write_media(api_client: ApiClientFactory, alice: Account) -> None:
    assert (
        api_client(alice, scopes="read").post("/api/v2/media", {"file": png_upload()}).status_code
        == 403
    )
    assert Client().post("/api/v2/media", {"file": png_upload()}).status_code == 401
