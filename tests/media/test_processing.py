"""process_image: what goes in untrusted comes out as a clean, bounded image, or not at all."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile
from PIL import Image, ImageCms

from tests.media import samples
from townsquare.core.errors import ValidationFailed
from townsquare.media import processing
from townsquare.media.processing import ProcessedImage, process_image

MAX_PIXELS = 40_000_000
MAX_BYTES = 10 * 1024 * 1024


def process(data: bytes) -> ProcessedImage:
    return process_image(data, max_pixels=MAX_PIXELS, max_bytes=MAX_BYTES)


def reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(
    ("image_format", "mode", "color", "content_type"),
    [
        ("JPEG", "RGB", (10, 120, 200), "image/jpeg"),
        ("PNG", "RGB", (10, 120, 200), "image/png"),
        ("PNG", "RGBA", (10, 120, 200, 100), "image/png"),
        ("GIF", "P", 3, "image/png"),
        ("WEBP", "RGB", (10, 120, 200), "image/jpeg"),
        ("WEBP", "RGBA", (10, 120, 200, 100), "image/png"),
        ("JPEG", "L", 90, "image/jpeg"),
        ("JPEG", "CMYK", (0, 50, 100, 0), "image/jpeg"),
    ],
)
def test_every_accepted_format_is_re_encoded(image_format, mode, color, content_type):
    data = samples.image_bytes(image_format, size=(300, 200), mode=mode, color=color)

    result = process(data)

    assert result.content_type == content_type
    assert (result.original.width, result.original.height) == (300, 200)
    stored = reopen(result.original.data)
    assert Image.MIME[stored.format or ""] == content_type
    assert stored.size == (300, 200)
    assert result.extension == {"image/jpeg": "jpg", "image/png": "png"}[content_type]


def test_transparency_survives_as_png():
    data = samples.image_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0))

    stored = reopen(process(data).original.data)

    assert stored.format == "PNG"
    assert stored.mode == "RGBA"
    assert stored.getchannel("A").getextrema() == (0, 0)


def test_opaque_png_drops_its_useless_alpha_channel():
    data = samples.image_bytes("PNG", mode="RGBA", color=(1, 2, 3, 255))

    stored = reopen(process(data).original.data)

    assert stored.mode == "RGB"


def test_animated_gif_keeps_its_first_frame_as_a_still_png():
    result = process(samples.animated_gif())

    stored = reopen(result.original.data)
    assert result.content_type == "image/png"
    assert not getattr(stored, "is_animated", False)
    assert stored.convert("RGB").getpixel((5, 5)) == (255, 0, 0)


@pytest.mark.parametrize(
    ("size", "thumbnail_size"),
    [((2000, 1000), (640, 320)), ((900, 1800), (320, 640)), ((300, 200), (300, 200))],
)
def test_thumbnail_fits_640_on_the_long_side(size, thumbnail_size):
    result = process(samples.image_bytes("JPEG", size=size))

    assert (result.thumbnail.width, result.thumbnail.height) == thumbnail_size
    assert reopen(result.thumbnail.data).size == thumbnail_size
    assert (result.original.width, result.original.height) == size


def test_large_originals_are_scaled_down_to_4096_on_the_long_side():
    result = process(samples.image_bytes("JPEG", size=(5000, 2500)))

    assert (result.original.width, result.original.height) == (4096, 2048)
    assert reopen(result.original.data).size == (4096, 2048)


def test_exif_and_gps_are_stripped_from_original_and_thumbnail():
    buffer = io.BytesIO()
    samples.two_halves().save(buffer, "JPEG", exif=samples.exif_with_gps(), comment=b"secret")
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif().get_ifd(samples.GPS_IFD)

    result = process(buffer.getvalue())

    for data in (result.original.data, result.thumbnail.data):
        stored = reopen(data)
        assert len(stored.getexif()) == 0
        assert not stored.getexif().get_ifd(samples.GPS_IFD)
        assert "comment" not in stored.info
        assert b"SecretCam" not in data


def test_png_text_exif_and_icc_profile_are_stripped():
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Comment", "taken at home, 12 Secret Street")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = samples.image_bytes("PNG", pnginfo=text, exif=samples.exif_with_gps(), icc_profile=icc)
    assert "icc_profile" in Image.open(io.BytesIO(data)).info

    stored = reopen(process(data).original.data)

    assert len(stored.getexif()) == 0
    assert not {"icc_profile", "Comment", "exif"} & set(stored.info)
    assert b"Secret Street" not in process(data).original.data


def test_exif_orientation_is_applied():
    buffer = io.BytesIO()
    samples.two_halves((200, 100)).save(
        buffer, "JPEG", exif=samples.exif_with_gps(orientation=samples.RIGHT_TOP)
    )

    result = process(buffer.getvalue())

    stored = reopen(result.original.data)
    assert stored.size == (100, 200)
    assert (result.original.width, result.original.height) == (100, 200)
    # Turned clockwise, the red left half ends up on top.
    top = stored.crop((40, 10, 60, 30)).resize((1, 1)).getpixel((0, 0))
    bottom = stored.crop((40, 170, 60, 190)).resize((1, 1)).getpixel((0, 0))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60
    assert stored.getexif().get(samples.ORIENTATION) is None


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"just some text, named photo.jpg", id="text"),
        pytest.param(samples.PDF, id="pdf"),
        pytest.param(samples.SVG, id="svg"),
        pytest.param(b"GIF89a" + samples.SCRIPT, id="gif-header-then-html"),
        pytest.param(b"", id="empty"),
        pytest.param(samples.image_bytes("BMP"), id="bmp-not-on-the-allow-list"),
        pytest.param(samples.image_bytes("TIFF"), id="tiff-not-on-the-allow-list"),
    ],
)
def test_what_is_not_an_accepted_image_is_rejected(data):
    with pytest.raises(ValidationFailed) as error:
        process(data)

    assert error.value.message == processing.UNREADABLE
    assert error.value.field == "file"


def test_truncated_jpeg_is_rejected():
    data = samples.image_bytes("JPEG", size=(400, 300))

    with pytest.raises(ValidationFailed) as error:
        process(data[: len(data) // 2])

    assert error.value.message.startswith("This file isn't an image we can read")


def test_polyglot_is_re_encoded_without_its_payload():
    data = samples.image_bytes("GIF", mode="P", color=1) + samples.SCRIPT
    assert b"<script>" in data

    result = process(data)

    assert b"<script" not in result.original.data
    assert b"<script" not in result.thumbnail.data
    assert reopen(result.original.data).format == "PNG"


@pytest.mark.parametrize("size", [(50_000, 50_000), (8_000, 6_000)])
def test_too_many_pixels_is_rejected_before_decoding(size):
    data = samples.png_claiming(*size)
    assert len(data) < 200

    with pytest.raises(ValidationFailed) as error:
        process(data)

    assert error.value.message == "Images can be at most 40 megapixels"


def test_pixel_cap_is_the_configured_one():
    data = samples.image_bytes("PNG", size=(200, 100))

    with pytest.raises(ValidationFailed, match="at most 19,999 pixels"):
        process_image(data, max_pixels=19_999, max_bytes=MAX_BYTES)
    assert process_image(data, max_pixels=20_000, max_bytes=MAX_BYTES).original.width == 200


def test_read_upload_refuses_more_than_the_cap_even_if_the_size_lies():
    content = io.BytesIO(b"x" * 2048)
    liar = InMemoryUploadedFile(content, "file", "a.jpg", "image/jpeg", 10, None)

    with pytest.raises(ValidationFailed, match="at most 1 KB") as error:
        processing.read_upload(liar, max_bytes=1024)

    assert error.value.field == "file"


def test_read_upload_names_the_limit_in_megabytes():
    upload = samples.upload(b"x" * 100)

    with pytest.raises(ValidationFailed) as error:
        processing.read_upload(upload, max_bytes=99)
    assert processing.read_upload(upload, max_bytes=100) == b"x" * 100
    assert error.value.message == "Images can be at most 1 KB"
    assert processing.too_large_message(10 * 1024 * 1024) == "Images can be at most 10 MB"
    assert processing.too_large_message(1536 * 1024) == "Images can be at most 1.5 MB"
