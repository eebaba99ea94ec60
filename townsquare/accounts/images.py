"""Avatar and header images: checked by content, re-encoded, stripped of metadata, resized.

Only the pixels of an upload survive: the file is decoded with Pillow and written
anew, so EXIF (GPS included), comments and anything smuggled after the image data
are gone, and the stored name is random rather than the uploader's.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from townsquare.core.errors import ValidationFailed

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
JPEG_QUALITY = 88


@dataclass(frozen=True, slots=True)
class ImageSpec:
    """What an image is for (named in error messages) and the box it is cropped to."""

    label: str
    field: str
    width: int
    height: int


AVATAR = ImageSpec(label="Avatar", field="avatar", width=400, height=400)
HEADER = ImageSpec(label="Header", field="header", width=1500, height=500)


def prepare_image(upload: UploadedFile[bytes], spec: ImageSpec) -> ContentFile[bytes]:
    """The upload re-encoded for ``spec``; ValidationFailed naming the problem otherwise."""
    data = _read_capped(upload, spec)
    try:
        with Image.open(io.BytesIO(data)) as image:
            _check_format_and_size(image, spec)
            image.seek(0)  # animated images keep their first frame
            image.load()
            picture = _oriented_and_converted(image)
    except Image.DecompressionBombError as error:
        # Pillow's own guard, for headers claiming far more than our limit.
        raise _too_many_pixels(spec) from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ValidationFailed(
            f"{spec.label} must be a JPEG, PNG, GIF or WebP image that isn't damaged",
            field=spec.field,
        ) from error
    picture = _cropped(picture, spec)
    return _encoded(picture)


def _read_capped(upload: UploadedFile[bytes], spec: ImageSpec) -> bytes:
    limit = int(settings.TOWNSQUARE["MAX_UPLOAD_BYTES"])
    too_big = ValidationFailed(
        f"{spec.label} images can be at most {_megabytes(limit)} MB", field=spec.field
    )
    if upload.size is not None and upload.size > limit:
        raise too_big
    upload.seek(0)
    data = bytes(upload.read(limit + 1))
    if len(data) > limit:
        raise too_big
    if not data:
        raise ValidationFailed(f"{spec.label} file is empty", field=spec.field)
    return data


def _check_format_and_size(image: Image.Image, spec: ImageSpec) -> None:
    if image.format not in ALLOWED_FORMATS:
        raise ValidationFailed(
            f"{spec.label} must be a JPEG, PNG, GIF or WebP image", field=spec.field
        )
    # Checked from the header before any pixel is decoded: a small file may claim
    # enormous dimensions (a decompression bomb).
    max_pixels = int(settings.TOWNSQUARE["MAX_IMAGE_PIXELS"])
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels:
        raise _too_many_pixels(spec)


def _too_many_pixels(spec: ImageSpec) -> ValidationFailed:
    max_pixels = int(settings.TOWNSQUARE["MAX_IMAGE_PIXELS"])
    return ValidationFailed(
        f"{spec.label} images can have at most {max_pixels / 1_000_000:g} megapixels",
        field=spec.field,
    )


def _oriented_and_converted(image: Image.Image) -> Image.Image:
    oriented = ImageOps.exif_transpose(image)
    has_alpha = oriented.mode in {"RGBA", "LA", "PA"} or "transparency" in oriented.info
    return oriented.convert("RGBA" if has_alpha else "RGB")


def _cropped(image: Image.Image, spec: ImageSpec) -> Image.Image:
    """Centre-cropped to the spec's shape; shrunk to its box but never enlarged."""
    ratio = spec.width / spec.height
    width, height = image.size
    if width / height > ratio:
        box = (max(1, round(height * ratio)), height)
    else:
        box = (width, max(1, round(width / ratio)))
    if box[0] > spec.width:
        box = (spec.width, spec.height)
    return ImageOps.fit(image, box, method=Image.Resampling.LANCZOS)


def _encoded(image: Image.Image) -> ContentFile[bytes]:
    buffer = io.BytesIO()
    image.info = {}
    if image.mode == "RGBA":
        image.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(16)}.{extension}")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"
