"""The admin shows uploads and deletes them through the service, files included."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import AccountFactory
from tests.media import samples
from townsquare.media.models import MediaAttachment
from townsquare.media.services import upload_image


def test_admin_lists_uploads_and_deletes_them_with_their_files(
    client, alice, media_root, committed
):
    media = upload_image(owner=alice, file=samples.upload(samples.image_bytes()))
    moderator = AccountFactory.create(username="mod", is_staff=True, is_superuser=True)
    client.force_login(moderator)
    changelist = reverse("admin:media_mediaattachment_changelist")

    assert client.get(changelist).status_code == 200
    assert client.get(reverse("admin:media_mediaattachment_add")).status_code == 403
    with committed():
        response = client.post(
            changelist,
            {"action": "delete_selected", "_selected_action": [media.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert not MediaAttachment.objects.exists()
    assert samples.stored_files(media_root) == []
