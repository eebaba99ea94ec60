"""Turning untrusted upload bytes into clean, bounded images.

Pure Pillow work, no database or storage. The file's name and declared type are never
looked at: Pillow sniffs the bytes, only JPEG, PNG, GIF and WebP decoders may answer,
and the pixel count is checked from the header before anything is decoded. Every image
is decoded and re-encoded, which drops EXIF (GPS included), XMP, ICC profiles, comments
and whatever a polyglot carried after the image data. Animated GIF and WebP keep their
first frame only, stored as a still PNG or JPEG.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files import File
from PIL import Image, ImageCms, ImageOps

from townsquare.core.errors import ValidationFailed

ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
MAX_SIDE = 4096
THUMBNAIL_SIDE = 640
JPEG_QUALITY = 85
UNREADABLE = "This file isn't an image we can read. Upload a JPEG, PNG, GIF or WebP image."
_OUTPUTS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True, slots=True)
class EncodedImage:
    data: bytes
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    """The re-encoded original and its thumbnail, both in one format."""

    original: EncodedImage
    thumbnail: EncodedImage
    content_type: str
    extension: str


def read_upload(file: File[bytes], *, max_bytes: int) -> bytes:
    """The upload's bytes, refusing more than ``max_bytes`` without reading them all."""
    if file.size is not None and file.size > max_bytes:
        raise ValidationFailed(too_large_message(max_bytes), field="file")
    file.seek(0)
    # Read one byte past the cap: a size that lied is caught without reading the rest.
    data: bytes = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationFailed(too_large_message(max_bytes), field="file")
    return data


def process_image(data: bytes, *, max_pixels: int, max_bytes: int) -> ProcessedImage:
    """Check, orient, strip, bound and thumbnail an image; ValidationFailed if it can't be."""
    with _open(data, max_pixels=max_pixels) as source:
        source_format = source.format or ""
        image = _decode(source)
    image = _normalise_mode(_to_srgb(image))
    if max(image.size) > MAX_SIDE:
        # Bicubic: half the time of Lanczos on tens of megapixels, and no visible loss
        # at these gentle reductions.
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BICUBIC)
    output = _output_format(image, source_format)
    original = _encode(image, output)
    if output == "PNG" and image.mode != "RGBA" and len(original.data) > max_bytes:
        # An opaque photo saved as PNG can outgrow the cap; JPEG keeps it reasonable.
        output = "JPEG"
        original = _encode(image, output)
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    content_type, extension = _OUTPUTS[output]
    return ProcessedImage(original, _encode(small, output), content_type, extension)


def too_large_message(max_bytes: int) -> str:
    if max_bytes < 1024 * 1024:
        return f"Images can be at most {max(1, max_bytes // 1024)} KB"
    megabytes = round(max_bytes / (1024 * 1024), 1)
    return f"Images can be at most {megabytes:g} MB"


def too_many_pixels_message(max_pixels: int) -> str:
    if max_pixels < 1_000_000:
        return f"Images can be at most {max_pixels:,} pixels"
    megapixels = round(max_pixels / 1_000_000, 1)
    return f"Images can be at most {megapixels:g} megapixels"


def _open(data: bytes, *, max_pixels: int) -> Image.Image:
    """Identify the image from its header only; nothing is decoded yet."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationFailed(too_many_pixels_message(max_pixels), field="file") from error
    except Exception as error:
        # Hostile bytes make decoders fail in many ways; each one means "not an image".
        raise ValidationFailed(UNREADABLE, field="file") from error
    width, height = image.size
    if width < 1 or height < 1:
        image.close()
        raise ValidationFailed(UNREADABLE, field="file")
    if width * height > max_pixels:
        image.close()
        raise ValidationFailed(too_many_pixels_message(max_pixels), field="file")
    return image


def _decode(source: Image.Image) -> Image.Image:
    """Decode the first frame and turn it upright as its EXIF orientation says."""
    try:
        source.load()
    except Exception as error:
        # Truncated or corrupt data shows up only now, while decoding.
        raise ValidationFailed(UNREADABLE, field="file") from error
    try:
        return ImageOps.exif_transpose(source)
    except Exception:
        # A broken EXIF block shouldn't cost the picture; it stays as it was drawn.
        return source.copy()


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert colours to sRGB, so dropping the ICC profile doesn't shift them."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in {"RGB", "RGBA", "CMYK", "L"}:
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode=mode)
    except Exception:
        # A malformed or mismatched profile: keep the colours as they are.
        return image
    return converted if converted is not None else image


def _normalise_mode(image: Image.Image) -> Image.Image:
    """RGB, RGBA (only when some pixel is see-through) or L: what JPEG and PNG both take."""
    has_alpha = image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        image = image.convert("RGBA")
        lowest_alpha = image.getchannel("A").getextrema()[0]
        if lowest_alpha == 255:
            image = image.convert("RGB")
        return image
    if image.mode in {"RGB", "L"}:
        return image
    try:
        return image.convert("RGB")
    except Exception as error:
        raise ValidationFailed(UNREADABLE, field="file") from error


def _output_format(image: Image.Image, source_format: str) -> str:
    """PNG keeps transparency and sharp graphics; photos (JPEG, WebP) become JPEG."""
    if image.mode == "RGBA":
        return "PNG"
    return "JPEG" if source_format in {"JPEG", "WEBP"} else "PNG"


def _encode(image: Image.Image, output: str) -> EncodedImage:
    # Metadata travels in ``info`` and some encoders copy it; an empty dict drops it all.
    image.info = {}
    buffer = io.BytesIO()
    if output == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(buffer, "PNG")
    return EncodedImage(buffer.getvalue(), image.width, image.height)
