"""Media services: uploads land as a row and two clean files, or leave nothing behind."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image

from tests.factories import AccountFactory
from tests.media import samples
from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.media.models import MediaAttachment
from townsquare.media.services import delete_media, update_media, upload_image


def stored_image(field_file) -> Image.Image:
    with field_file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_upload_stores_a_row_and_two_files(alice, media_root):
    data = samples.image_bytes("JPEG", size=(1280, 960))

    media = upload_image(owner=alice, file=samples.upload(data), description="A red square")

    media.refresh_from_db()
    assert media.owner == alice
    assert media.description == "A red square"
    assert (media.content_type, media.width, media.height) == ("image/jpeg", 1280, 960)
    assert media.byte_size == media.file.size
    assert stored_image(media.thumbnail).size == (640, 480)
    assert stored_image(media.file).size == (1280, 960)
    assert sorted(samples.stored_files(media_root)) == sorted(
        media_root / name for name in (media.file.name, media.thumbnail.name)
    )


def test_stored_names_are_random_and_ignore_the_uploaders_name(alice, media_root):
    data = samples.image_bytes("PNG")

    first = upload_image(owner=alice, file=samples.upload(data, name="../../etc/passwd.jpg"))
    second = upload_image(owner=alice, file=samples.upload(data, name="<script>x</script>.png"))

    names = [first.file.name, first.thumbnail.name, second.file.name, second.thumbnail.name]
    assert len(set(names)) == 4
    for name in names:
        assert name is not None
        assert name.startswith("media/")
        assert ".." not in name and "passwd" not in name and "script" not in name
        assert name.endswith(".png")
        assert (media_root / name).resolve().is_relative_to(media_root.resolve())
    assert not (media_root.parent / "etc").exists()


def test_the_declared_type_is_ignored(alice):
    data = samples.image_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0))

    media = upload_image(
        owner=alice, file=samples.upload(data, name="cat.gif", content_type="text/html")
    )

    assert media.content_type == "image/png"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"This is plain text.\n", "notes.jpg"),
        (samples.PDF, "invoice.png"),
        (samples.SVG, "logo.svg"),
        (b"GIF89a" + samples.SCRIPT, "funny.gif"),
        (samples.image_bytes("JPEG", size=(400, 300))[:600], "truncated.jpg"),
        (samples.png_claiming(50_000, 50_000), "bomb.png"),
    ],
)
def test_rejected_uploads_leave_no_row_and_no_file(alice, media_root, data, name):
    with pytest.raises(ValidationFailed):
        upload_image(owner=alice, file=samples.upload(data, name=name))

    assert not MediaAttachment.objects.exists()
    assert samples.stored_files(media_root) == []


def test_upload_over_the_byte_cap_names_the_limit(alice, settings, media_root):
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "MAX_UPLOAD_BYTES": 1024 * 1024}
    data = samples.image_bytes("PNG") + b"\0" * (1024 * 1024)

    with pytest.raises(ValidationFailed) as error:
        upload_image(owner=alice, file=samples.upload(data))

    assert error.value.message == "Images can be at most 1 MB"
    assert error.value.field == "file"
    assert samples.stored_files(media_root) == []


def test_upload_over_the_pixel_cap_names_the_limit(alice, settings):
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "MAX_IMAGE_PIXELS": 2_000_000}
    data = samples.image_bytes("JPEG", size=(2000, 1001))

    with pytest.raises(ValidationFailed, match="at most 2 megapixels"):
        upload_image(owner=alice, file=samples.upload(data))

    assert upload_image(owner=alice, file=samples.upload(samples.image_bytes("JPEG"))).pk


def test_gps_is_gone_from_what_is_stored(alice):
    buffer = io.BytesIO()
    samples.two_halves().save(buffer, "JPEG", exif=samples.exif_with_gps())

    media = upload_image(owner=alice, file=samples.upload(buffer.getvalue()))

    for field_file in (media.file, media.thumbnail):
        exif = stored_image(field_file).getexif()
        assert not exif.get_ifd(samples.GPS_IFD)
        assert len(exif) == 0


def test_description_is_limited_to_1500_characters(alice, media_root):
    data = samples.image_bytes()

    with pytest.raises(ValidationFailed) as error:
        upload_image(owner=alice, file=samples.upload(data), description="x" * 1501)

    assert "1500 characters" in error.value.message
    assert error.value.field == "description"
    assert samples.stored_files(media_root) == []
    media = upload_image(owner=alice, file=samples.upload(data), description="é" * 1500)
    assert len(media.description) == 1500


def test_description_loses_control_characters(alice):
    media = upload_image(
        owner=alice, file=samples.upload(samples.image_bytes()), description=" a\0b\u202e "
    )

    assert media.description == "ab"


def test_files_are_removed_when_the_row_cannot_be_saved(db, media_root):
    unsaved_owner = Account(username="ghost", email="ghost@example.com")
    unsaved_owner.pk = None  # as if it were never saved: the row's insert must fail

    with pytest.raises(ValueError, match="unsaved related object"):
        upload_image(owner=unsaved_owner, file=samples.upload(samples.image_bytes()))

    assert samples.stored_files(media_root) == []
    assert not MediaAttachment.objects.exists()


def test_no_row_when_the_files_cannot_be_written(alice, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_bytes(b"")
    settings.MEDIA_ROOT = blocker / "media"

    with pytest.raises(OSError):
        upload_image(owner=alice, file=samples.upload(samples.image_bytes()))

    assert not MediaAttachment.objects.exists()


def test_update_media_changes_description_and_focus(alice):
    media = upload_image(owner=alice, file=samples.upload(samples.image_bytes()))

    update_media(media=media, description="A cat on a mat", focus=(0.5, -1.0))

    media.refresh_from_db()
    assert media.description == "A cat on a mat"
    assert (media.focus_x, media.focus_y) == (0.5, -1.0)
    update_media(media=media, focus=(0.0, 0.25))
    media.refresh_from_db()
    assert media.description == "A cat on a mat"
    assert media.focus_y == 0.25


@pytest.mark.parametrize("focus", [(1.5, 0.0), (0.0, -1.01), (math.nan, 0.0), (0.0, math.inf)])
def test_update_media_refuses_a_focus_outside_the_image(alice, focus):
    media = upload_image(owner=alice, file=samples.upload(samples.image_bytes()))

    with pytest.raises(ValidationFailed, match="between -1 and 1"):
        update_media(media=media, focus=focus)

    media.refresh_from_db()
    assert (media.focus_x, media.focus_y) == (0.0, 0.0)


def test_update_media_refuses_a_long_description(alice):
    media = upload_image(owner=alice, file=samples.upload(samples.image_bytes()))

    with pytest.raises(ValidationFailed, match="at most 1500 characters"):
        update_media(media=media, description="y" * 1501)

    media.refresh_from_db()
    assert media.description == ""


def test_delete_media_removes_row_and_files_after_commit(alice, media_root, committed):
    media = upload_image(owner=alice, file=samples.upload(samples.image_bytes()))
    keep = upload_image(owner=alice, file=samples.upload(samples.image_bytes()))

    with committed():
        delete_media(media=media)

    assert not MediaAttachment.objects.filter(pk=media.pk).exists()
    assert sorted(samples.stored_files(media_root)) == sorted(
        media_root / name for name in (keep.file.name, keep.thumbnail.name)
    )


def test_delete_media_keeps_files_until_the_deletion_commits(alice, media_root):
    media = upload_image(owner=alice, file=samples.upload(samples.image_bytes()))

    delete_media(media=media)

    # The test's transaction never commits: a rollback would bring the row back, so
    # its files must still be there.
    assert len(samples.stored_files(media_root)) == 2


def test_uploads_belong_to_their_owner(alice, bob):
    mine = upload_image(owner=alice, file=samples.upload(samples.image_bytes()))
    theirs = upload_image(owner=bob, file=samples.upload(samples.image_bytes()))

    assert list(alice.media.all()) == [mine]
    assert list(bob.media.all()) == [theirs]
    assert AccountFactory.create().media.count() == 0
