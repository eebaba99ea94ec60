"""Pictures for the demo community, drawn with Pillow: avatars and simple landscapes.

Everything is generated from a ``random.Random`` so a seed gives the same pictures,
and nothing is downloaded. Each picture comes with the alt text that describes it.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont, ImageOps

type RGB = tuple[int, int, int]

# Named so alt text can say what the picture shows.
COLOURS: dict[str, RGB] = {
    "deep blue": (29, 53, 87),
    "teal": (42, 157, 143),
    "sea green": (46, 139, 87),
    "sand": (233, 196, 106),
    "orange": (244, 162, 97),
    "coral": (231, 111, 81),
    "plum": (109, 89, 122),
    "rose": (229, 152, 155),
    "sky blue": (142, 202, 230),
    "slate": (69, 90, 100),
    "olive": (128, 128, 64),
    "lavender": (181, 160, 214),
}
AVATAR_SIZE = 400
PICTURE_SIZE = (960, 640)


@dataclass(frozen=True, slots=True)
class Picture:
    """An image file ready to upload, and the words that describe it."""

    file: SimpleUploadedFile
    description: str


def _colour(rng: random.Random, avoid: str = "") -> tuple[str, RGB]:
    name = rng.choice([name for name in COLOURS if name != avoid])
    return name, COLOURS[name]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except ImportError:  # Pillow without FreeType: a small bitmap font still works.
        return ImageFont.load_default()


def _file(image: Image.Image, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    if name.endswith(".png"):
        image.save(buffer, format="PNG", optimize=False)
        content_type = "image/png"
    else:
        image.save(buffer, format="JPEG", quality=85)
        content_type = "image/jpeg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def avatar(rng: random.Random, *, initials: str) -> Picture:
    """A square avatar: a coloured background, soft circles and the person's initials."""
    background_name, background = _colour(rng)
    image = Image.new("RGB", (AVATAR_SIZE, AVATAR_SIZE), background)
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(rng.randint(2, 4)):
        _, (red, green, blue) = _colour(rng, avoid=background_name)
        radius = rng.randint(60, 160)
        x, y = rng.randint(0, AVATAR_SIZE), rng.randint(0, AVATAR_SIZE)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(red, green, blue, 120))
    draw.text(
        (AVATAR_SIZE / 2, AVATAR_SIZE / 2),
        initials,
        fill=(255, 255, 255),
        font=_font(170),
        anchor="mm",
        stroke_width=4,
        stroke_fill=(0, 0, 0),
    )
    return Picture(
        file=_file(image, "avatar.png"),
        description=f"The letters {initials} on a {background_name} background",
    )


def _gradient(top: RGB, bottom: RGB) -> Image.Image:
    ramp = Image.linear_gradient("L").resize(PICTURE_SIZE)
    return ImageOps.colorize(ramp, black=top, white=bottom).convert("RGB")


def _sunset(rng: random.Random) -> tuple[Image.Image, str]:
    (top_name, top), (bottom_name, bottom) = _colour(rng), _colour(rng)
    image = _gradient(top, bottom)
    draw = ImageDraw.Draw(image)
    width, height = PICTURE_SIZE
    sun_x, radius = rng.randint(200, width - 200), rng.randint(50, 110)
    draw.ellipse(
        (sun_x - radius, height // 2 - radius, sun_x + radius, height // 2 + radius),
        fill=(255, 236, 179),
    )
    ridge = [(0, height)] + [
        (x, height // 2 + rng.randint(40, 180)) for x in range(0, width + 120, 120)
    ]
    draw.polygon([*ridge, (width, height)], fill=(34, 40, 49))
    return image, (
        f"A pale sun setting behind dark hills, the sky fading from {top_name} to {bottom_name}"
    )


def _sea(rng: random.Random) -> tuple[Image.Image, str]:
    (sky_name, sky), (sea_name, sea) = _colour(rng), _colour(rng)
    image = _gradient(COLOURS["sky blue"], sky)
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = PICTURE_SIZE
    horizon = rng.randint(height // 2, height * 2 // 3)
    draw.rectangle((0, horizon, width, height), fill=sea)
    for y in range(horizon + 12, height, 18):
        start = rng.randint(0, width // 2)
        draw.line((start, y, start + rng.randint(60, 300), y), fill=(255, 255, 255, 90), width=3)
    sail_x = rng.randint(100, width - 160)
    draw.polygon(
        [(sail_x, horizon - 6), (sail_x + 60, horizon - 6), (sail_x + 30, horizon - 90)],
        fill=(250, 250, 250),
    )
    return image, f"A small white sail on a {sea_name} sea under a {sky_name} sky"


def _shapes(rng: random.Random) -> tuple[Image.Image, str]:
    (first_name, first), (second_name, second) = _colour(rng), _colour(rng)
    image = _gradient(first, second)
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = PICTURE_SIZE
    count = rng.randint(3, 7)
    for _ in range(count):
        _, (red, green, blue) = _colour(rng)
        radius = rng.randint(30, 140)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(red, green, blue, 150))
    return image, (
        f"Abstract picture: {count} overlapping translucent circles "
        f"on a gradient from {first_name} to {second_name}"
    )


SCENES: tuple[Callable[[random.Random], tuple[Image.Image, str]], ...] = (_sunset, _sea, _shapes)


def photo(rng: random.Random, *, number: int) -> Picture:
    """A landscape-shaped picture: a sunset, the sea, or abstract shapes."""
    image, description = rng.choice(SCENES)(rng)
    return Picture(file=_file(image, f"picture-{number}.jpg"), description=description)
