"""Images, and things pretending to be images, built in memory for upload tests."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(
    image_format: str = "JPEG",
    size: tuple[int, int] = (600, 600),
    mode: str = "RGB",
    color: tuple[int, ...] | int = (200, 30, 30),
    **save_options: object,
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, image_format, **save_options)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_gps(size: tuple[int, int] = (600, 300), orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "SecretCam"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)})
    return image_bytes("JPEG", size=size, exif=exif)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny valid PNG whose header claims ``width`` x ``height`` pixels."""
    data = bytearray(image_bytes("PNG", size=(1, 1), mode="L", color=0))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def open_stored(root: Path, name: str | None) -> Image.Image:
    assert name, "no file stored"
    return Image.open(root / name)
