"""The Instance entity (v2) and the older V1_Instance, from settings and a few counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from townsquare import __version__
from townsquare.accounts.models import Account
from townsquare.api.serializers.accounts import account_json
from townsquare.api.serializers.common import absolute, base_url
from townsquare.instance.models import InstanceSettings, Rule
from townsquare.posts.services import MAX_FEATURED_TAGS, polls

MASTODON_VERSION = f"4.3.0+townsquare.{__version__}"
SOURCE_URL = "https://github.com/townsquare-social/townsquare"
SUPPORTED_MIME_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
CHARACTERS_RESERVED_PER_URL = 23
MAX_PINNED_STATUSES = 5
POLL_LIMITS = {
    "max_options": polls.MAX_OPTIONS,
    "max_characters_per_option": polls.MAX_OPTION_CHARS,
    "min_expiration": polls.MIN_EXPIRATION,
    "max_expiration": polls.MAX_EXPIRATION,
}


@dataclass(frozen=True, slots=True)
class InstanceFacts:
    """What the entity says about this server, gathered by the endpoint."""

    settings: InstanceSettings
    registration_mode: str
    max_post_chars: int
    user_count: int
    active_month: int
    status_count: int
    contact: Account | None
    rules: Sequence[Rule] = ()


def rule_json(rule: Rule) -> dict[str, Any]:
    return {"id": str(rule.id), "text": rule.text, "hint": rule.hint}


def _configuration(facts: InstanceFacts) -> dict[str, Any]:
    limits = settings.TOWNSQUARE
    return {
        "accounts": {
            "max_featured_tags": MAX_FEATURED_TAGS,
            "max_pinned_statuses": MAX_PINNED_STATUSES,
        },
        "statuses": {
            "max_characters": facts.max_post_chars,
            "max_media_attachments": int(limits["MAX_ATTACHMENTS"]),
            "characters_reserved_per_url": CHARACTERS_RESERVED_PER_URL,
        },
        "media_attachments": {
            "supported_mime_types": list(SUPPORTED_MIME_TYPES),
            "image_size_limit": int(limits["MAX_UPLOAD_BYTES"]),
            "image_matrix_limit": int(limits["MAX_IMAGE_PIXELS"]),
            "video_size_limit": 0,
            "video_frame_rate_limit": 0,
            "video_matrix_limit": 0,
        },
        "polls": dict(POLL_LIMITS),
    }


def _streaming(request: HttpRequest) -> str:
    scheme = "wss" if request.is_secure() else "ws"
    return f"{scheme}://{request.get_host()}"


def _thumbnail(request: HttpRequest, contact: Account | None) -> str:
    # No instance picture yet: the admin's avatar stands for the server.
    if contact is None:
        return base_url(request) + "/"
    return absolute(request, "web:account_avatar", username=contact.username)


def instance_v2_json(facts: InstanceFacts, request: HttpRequest) -> dict[str, Any]:
    """GET /api/v2/instance."""
    configuration = _configuration(facts) | {
        "urls": {"streaming": _streaming(request)},
        "vapid": {"public_key": ""},
        "translation": {"enabled": False},
    }
    contact = facts.contact
    return {
        "domain": request.get_host(),
        "title": facts.settings.name,
        "version": MASTODON_VERSION,
        "source_url": SOURCE_URL,
        "description": facts.settings.description,
        "usage": {"users": {"active_month": facts.active_month}},
        "thumbnail": {"url": _thumbnail(request, contact)},
        "icon": [],
        "languages": ["en"],
        "configuration": configuration,
        "registrations": {
            "enabled": facts.registration_mode != "closed",
            "approval_required": facts.registration_mode == "approval",
            "message": None,
            "url": None,
        },
        "api_versions": {"mastodon": 2},
        "contact": {
            "email": "",
            "account": account_json(contact, request) if contact is not None else None,
        },
        "rules": [rule_json(rule) for rule in facts.rules],
    }


def instance_v1_json(facts: InstanceFacts, request: HttpRequest) -> dict[str, Any]:
    """GET /api/v1/instance, the older shape some clients still read."""
    contact = facts.contact
    return {
        "uri": request.get_host(),
        "title": facts.settings.name,
        "short_description": facts.settings.description,
        "description": facts.settings.description,
        "email": "",
        "version": MASTODON_VERSION,
        "urls": {"streaming_api": _streaming(request)},
        "stats": {
            "user_count": facts.user_count,
            "status_count": facts.status_count,
            "domain_count": 0,
        },
        "thumbnail": None,
        "languages": ["en"],
        "registrations": facts.registration_mode != "closed",
        "approval_required": facts.registration_mode == "approval",
        "invites_enabled": False,
        "configuration": _configuration(facts),
        "contact_account": account_json(contact, request) if contact is not None else None,
        "rules": [rule_json(rule) for rule in facts.rules],
    }
