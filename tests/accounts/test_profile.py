from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pytest_django.fixtures import Settings

from tests.accounts.events_log import listen
from tests.accounts.samples import (
    GPS_IFD,
    image_bytes,
    jpeg_with_gps,
    open_stored,
    png_claiming,
    stored_files,
    upload,
)
from townsquare.accounts.events import ProfileUpdated
from townsquare.accounts.models import Account, ProfileField
from townsquare.accounts.services import update_profile
from townsquare.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def _fresh(account: Account) -> Account:
    return Account.objects.get(pk=account.pk)


def test_profile_text_and_flags_are_saved(alice: Account) -> None:
    update_profile(
        account=alice,
        display_name="Alice A.",
        bio="Gardener.",
        fields=[ProfileField(name="Website", value="https://alice.example")],
        is_locked=True,
        is_discoverable=False,
    )

    stored = _fresh(alice)
    assert stored.display_name == "Alice A."
    assert stored.bio == "Gardener."
    assert stored.bio_html == "<p>Gardener.</p>"
    assert stored.fields == [{"name": "Website", "value": "https://alice.example"}]
    assert stored.is_locked is True
    assert stored.is_discoverable is False


def test_what_is_not_given_stays_as_it_was(alice: Account) -> None:
    update_profile(account=alice, bio="Before", is_locked=True)

    update_profile(account=_fresh(alice), display_name="Renamed")

    stored = _fresh(alice)
    assert (stored.display_name, stored.bio, stored.is_locked) == ("Renamed", "Before", True)


def test_the_bio_becomes_safe_html_with_links(alice: Account, bob: Account) -> None:
    update_profile(
        account=alice,
        bio="Friends with @bob and @nobody. #Gardening <script>alert(1)</script>",
    )

    html = _fresh(alice).bio_html
    assert '<a href="/@bob" class="u-url mention">' in html
    assert "@nobody" in html and "/@nobody" not in html
    assert 'href="/tags/gardening"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_an_invisible_account_is_not_linked_from_a_bio(alice: Account, bob: Account) -> None:
    Account.objects.filter(pk=bob.pk).update(is_active=False)

    update_profile(account=alice, bio="Hi @bob")

    assert "/@bob" not in _fresh(alice).bio_html


@pytest.mark.parametrize(
    ("changes", "field", "limit"),
    [
        ({"display_name": "x" * 101}, "display_name", "100 characters"),
        ({"bio": "x" * 2001}, "bio", "2000 characters"),
    ],
)
def test_text_over_the_limit_is_refused_and_nothing_saved(
    alice: Account, changes: dict[str, Any], field: str, limit: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        update_profile(account=alice, is_locked=True, **changes)

    assert error.value.field == field
    assert limit in error.value.message
    stored = _fresh(alice)
    assert (stored.display_name, stored.bio, stored.is_locked) == ("Alice", "", False)


def test_empty_profile_fields_are_dropped_and_text_cleaned(alice: Account) -> None:
    update_profile(
        account=alice,
        fields=[
            ProfileField(name="", value=""),
            ProfileField(name="  Pronouns\x00 ", value=" she/her "),
            ProfileField(name=" ", value=" "),
        ],
    )

    assert _fresh(alice).fields == [{"name": "Pronouns", "value": "she/her"}]


def test_at_most_four_profile_fields(alice: Account) -> None:
    five = [ProfileField(name=f"Field {n}", value="v") for n in range(5)]

    with pytest.raises(ValidationFailed) as error:
        update_profile(account=alice, fields=five)

    assert error.value.field == "fields"
    assert "at most 4 fields" in error.value.message
    assert _fresh(alice).fields == []

    update_profile(account=alice, fields=five[:4])
    assert len(_fresh(alice).fields) == 4


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (ProfileField(name="", value="orphan value"), "needs a label"),
        (ProfileField(name="x" * 256, value="v"), "labels can be at most 255"),
        (ProfileField(name="Long", value="x" * 256), "values can be at most 255"),
    ],
)
def test_malformed_profile_fields_are_refused(
    alice: Account, field: ProfileField, message: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        update_profile(account=alice, fields=[field])

    assert error.value.field == "fields"
    assert message in error.value.message


def test_profile_changes_are_announced_after_commit(alice: Account, committed) -> None:
    events = listen()
    with committed():
        update_profile(account=alice, display_name="A")

    assert events == [ProfileUpdated(account_id=alice.id)]


def test_an_avatar_is_cropped_square_re_encoded_and_renamed(
    alice: Account, media_root: Path
) -> None:
    update_profile(
        account=alice, avatar=upload(jpeg_with_gps(size=(1200, 600)), name="my secret.jpg")
    )

    stored = _fresh(alice)
    assert (stored.avatar.name or "").startswith("avatars/")
    assert "secret" not in (stored.avatar.name or "")
    with open_stored(media_root, stored.avatar.name) as image:
        assert image.format == "JPEG"
        assert image.size == (400, 400)
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert 0x010F not in exif


def test_a_small_avatar_is_cropped_but_not_enlarged(alice: Account, media_root: Path) -> None:
    update_profile(account=alice, avatar=upload(image_bytes("PNG", size=(120, 80)), "a.png"))

    with open_stored(media_root, _fresh(alice).avatar.name) as image:
        assert image.size == (80, 80)


def test_a_header_is_cropped_to_three_by_one(alice: Account, media_root: Path) -> None:
    update_profile(account=alice, header=upload(image_bytes(size=(3000, 2000))))

    stored = _fresh(alice)
    assert (stored.header.name or "").startswith("headers/")
    with open_stored(media_root, stored.header.name) as image:
        assert image.size == (1500, 500)


def test_transparency_survives_as_png(alice: Account, media_root: Path) -> None:
    data = image_bytes("PNG", size=(500, 500), mode="RGBA", color=(0, 0, 255, 0))

    update_profile(account=alice, avatar=upload(data, "clear.png", "image/png"))

    with open_stored(media_root, _fresh(alice).avatar.name) as image:
        assert image.format == "PNG"
        assert image.mode == "RGBA"
        pixel = image.getpixel((10, 10))
        assert isinstance(pixel, tuple) and pixel[3] == 0


def test_an_animated_gif_keeps_its_first_frame(alice: Account, media_root: Path) -> None:
    import io

    frames = [Image.new("RGB", (60, 60), color) for color in ((255, 0, 0), (0, 255, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)

    update_profile(account=alice, avatar=upload(buffer.getvalue(), "anim.gif", "image/gif"))

    with open_stored(media_root, _fresh(alice).avatar.name) as image:
        pixel = image.convert("RGB").getpixel((30, 30))
        assert isinstance(pixel, tuple)
        assert pixel[0] > 200 and pixel[1] < 50


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not an image at all", "must be a JPEG, PNG, GIF or WebP image"),
        (image_bytes("BMP"), "must be a JPEG, PNG, GIF or WebP image"),
        (image_bytes("TIFF"), "must be a JPEG, PNG, GIF or WebP image"),
        (image_bytes("JPEG")[:200], "isn't damaged"),
        (png_claiming(8_000, 6_000), "at most 40 megapixels"),
        (png_claiming(20_000, 20_000), "at most 40 megapixels"),
        (b"", "empty"),
    ],
)
def test_bad_images_are_refused_and_nothing_is_stored(
    alice: Account, media_root: Path, data: bytes, message: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        update_profile(account=alice, display_name="Changed", avatar=upload(data))

    assert error.value.field == "avatar"
    assert message in error.value.message
    assert _fresh(alice).display_name == "Alice"
    assert not _fresh(alice).avatar
    assert stored_files(media_root) == []


def test_an_image_over_the_byte_limit_is_refused(
    alice: Account, media_root: Path, settings: Settings
) -> None:
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "MAX_UPLOAD_BYTES": 1024 * 1024}
    big = image_bytes("PNG", size=(2000, 2000), mode="RGB", color=(1, 2, 3), compress_level=0)
    assert len(big) > 1024 * 1024

    with pytest.raises(ValidationFailed) as error:
        update_profile(account=alice, header=upload(big, "big.png", "image/png"))

    assert error.value.field == "header"
    assert "at most 1 MB" in error.value.message
    assert stored_files(media_root) == []


def test_a_good_avatar_with_a_bad_header_saves_nothing(alice: Account, media_root: Path) -> None:
    with pytest.raises(ValidationFailed) as error:
        update_profile(
            account=alice,
            bio="New bio",
            avatar=upload(image_bytes()),
            header=upload(b"garbage", "header.png", "image/png"),
        )

    assert error.value.field == "header"
    stored = _fresh(alice)
    assert (stored.bio, stored.avatar.name, stored.header.name) == ("", "", "")
    assert stored_files(media_root) == []


def test_a_new_avatar_replaces_the_old_file_after_commit(
    alice: Account, media_root: Path, committed
) -> None:
    update_profile(account=alice, avatar=upload(image_bytes()))
    old_name = _fresh(alice).avatar.name or ""

    with committed():
        update_profile(account=_fresh(alice), avatar=upload(image_bytes(color=(0, 0, 0))))
        assert (media_root / old_name).exists()  # still in use until the commit

    new_name = _fresh(alice).avatar.name or ""
    assert new_name != old_name
    assert stored_files(media_root) == [media_root / new_name]


def test_removing_images_clears_them_and_deletes_the_files(
    alice: Account, media_root: Path, committed
) -> None:
    update_profile(account=alice, avatar=upload(image_bytes()), header=upload(image_bytes()))
    assert len(stored_files(media_root)) == 2

    with committed():
        update_profile(account=_fresh(alice), remove_avatar=True, remove_header=True)

    stored = _fresh(alice)
    assert not stored.avatar and not stored.header
    assert stored_files(media_root) == []


def test_removing_an_image_that_is_not_there_is_harmless(alice: Account) -> None:
    update_profile(account=alice, remove_avatar=True)

    assert not _fresh(alice).avatar


def test_uploading_and_removing_at_once_is_refused(alice: Account, media_root: Path) -> None:
    with pytest.raises(ValidationFailed) as error:
        update_profile(account=alice, avatar=upload(image_bytes()), remove_avatar=True)

    assert error.value.field == "avatar"
    assert "not both" in error.value.message
    assert stored_files(media_root) == []
