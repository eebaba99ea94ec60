"""Images for the profile-picture tests: the media samples, larger by default."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PIL import Image

from tests.media import samples as media_samples
from tests.media.samples import GPS_IFD, ORIENTATION, png_claiming, stored_files, upload

__all__ = [
    "GPS_IFD",
    "ORIENTATION",
    "image_bytes",
    "jpeg_with_gps",
    "open_stored",
    "png_claiming",
    "stored_files",
    "upload",
]

# Avatars are cut to 400x400, so the default sample is larger than that.
image_bytes = partial(media_samples.image_bytes, size=(600, 600))


def jpeg_with_gps(size: tuple[int, int] = (600, 300), orientation: int = 1) -> bytes:
    exif = media_samples.exif_with_gps(orientation)
    return media_samples.image_bytes("JPEG", size=size, exif=exif)


def open_stored(root: Path, name: str | None) -> Image.Image:
    assert name, "no file stored"
    return Image.open(root / name)
