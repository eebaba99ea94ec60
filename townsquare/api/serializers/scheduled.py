"""ScheduledStatus and FeaturedTag entities."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest

from townsquare.api.serializers.common import VISIBILITY_OUT, absolute, iso, iso_or_none
from townsquare.api.serializers.media import media_json
from townsquare.posts.models import FeaturedTag, ScheduledPost


def scheduled_status_json(scheduled: ScheduledPost, request: HttpRequest) -> dict[str, Any]:
    """The ScheduledStatus entity: when, what was asked for, and the images kept for it."""
    params = scheduled.params
    media_ids = [str(media_id) for media_id in params.get("media_ids") or []]
    reply_to = params.get("in_reply_to_id")
    return {
        "id": str(scheduled.id),
        "scheduled_at": iso(scheduled.scheduled_at),
        "params": {
            "text": params.get("text", ""),
            "poll": params.get("poll"),
            "media_ids": media_ids or None,
            "sensitive": bool(params.get("sensitive")),
            "spoiler_text": params.get("spoiler_text") or None,
            "visibility": VISIBILITY_OUT.get(params.get("visibility", "public"), "public"),
            "in_reply_to_id": str(reply_to) if reply_to is not None else None,
            "language": params.get("language") or None,
            "application_id": None,
            "scheduled_at": None,
            "idempotency": None,
            "with_rate_limit": False,
        },
        "media_attachments": [
            media_json(attachment.media, request) for attachment in scheduled.attachments.all()
        ],
    }


def featured_tag_json(featured: FeaturedTag, request: HttpRequest) -> dict[str, Any]:
    """The FeaturedTag entity; ``featured`` comes from ``posts.selectors.featured_tags_of``."""
    name = featured.hashtag.display_name or featured.hashtag.name
    return {
        "id": str(featured.id),
        "name": name,
        "url": absolute(request, "web:profile", username=featured.account.username)
        + "?"
        + urlencode({"tagged": featured.hashtag.name}),
        "statuses_count": getattr(featured, "statuses_count", 0),
        "last_status_at": iso_or_none(getattr(featured, "last_status_at", None)),
    }
