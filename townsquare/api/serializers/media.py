"""MediaAttachment entities."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from townsquare.api.serializers.common import absolute
from townsquare.media.models import MediaAttachment
from townsquare.media.signing import file_signature


def media_json(
    media: MediaAttachment,
    request: HttpRequest,
    *,
    description: str | None = None,
    is_public: bool = False,
) -> dict[str, Any]:
    """The MediaAttachment entity; ``description`` overrides the current one (edit history).

    Images of public and unlisted posts get plain URLs anyone may cache; the others
    (and uploads on no post yet) signed ones, since apps fetch images without a token.
    """
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
        "url": _file_url(media, request, "original", is_public=is_public),
        "preview_url": _file_url(media, request, "thumbnail", is_public=is_public),
        "remote_url": None,
        "meta": {
            "original": original,
            "focus": {"x": media.focus_x, "y": media.focus_y},
        },
        "description": text or None,
        "blurhash": media.blurhash or None,
    }


def _file_url(
    media: MediaAttachment, request: HttpRequest, variant: str, *, is_public: bool
) -> str:
    url = absolute(request, "web:media_file", media_id=media.id, variant=variant)
    return url if is_public else f"{url}?sig={file_signature(media.id, variant)}"
