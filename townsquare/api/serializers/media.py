"""MediaAttachment entities."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from townsquare.api.serializers.common import absolute
from townsquare.media.models import MediaAttachment


def media_json(
    media: MediaAttachment, request: HttpRequest, *, description: str | None = None
) -> dict[str, Any]:
    """The MediaAttachment entity; ``description`` overrides the current one (edit history)."""
    text = media.description if description is None else description
    original = {
        "width": media.width,
        "height": media.height,
        "size": f"{media.width}x{media.height}",
        "aspect": media.aspect,
    }
    return {
        "id": str(media.id),
        "type": "image",
        "url": absolute(request, "web:media_file", media_id=media.id, variant="original"),
        "preview_url": absolute(request, "web:media_file", media_id=media.id, variant="thumbnail"),
        "remote_url": None,
        "meta": {
            "original": original,
            "focus": {"x": media.focus_x, "y": media.focus_y},
        },
        "description": text or None,
        "blurhash": media.blurhash or None,
    }
