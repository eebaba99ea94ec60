"""Notification entities; the posts they carry are serialized in one batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest

from townsquare.accounts.models import Account
from townsquare.api.serializers.accounts import account_json
from townsquare.api.serializers.common import iso
from townsquare.api.serializers.statuses import statuses_json
from townsquare.notifications.grouping import group_key
from townsquare.notifications.models import Notification

# Mastodon has no "reply" type: a reply notifies as a mention.
KIND_OUT = {"reply": "mention"}
TYPES_IN = {"mention": {"mention", "reply"}}


def mastodon_type(kind: str) -> str:
    return KIND_OUT.get(kind, kind)


def kinds_for(types: Sequence[str]) -> set[str]:
    """Our notification kinds for Mastodon ``types``."""
    kinds: set[str] = set()
    for name in types:
        kinds |= TYPES_IN.get(name, {name})
    return kinds


def notifications_json(
    notifications: Sequence[Notification], viewer: Account, request: HttpRequest
) -> list[dict[str, Any]]:
    """Notification entities, in order; posts and accounts serialized once each."""
    posts = [item.post for item in notifications if item.post is not None]
    found = statuses_json(posts, viewer, request, filter_context="notifications")
    statuses = {int(data["id"]): data for data in found}
    result = []
    for item in notifications:
        data: dict[str, Any] = {
            "id": str(item.id),
            "type": mastodon_type(item.kind),
            "group_key": group_key(item),
            "created_at": iso(item.created_at),
            "account": account_json(item.actor, request),
        }
        if item.post_id is not None and item.post_id in statuses:
            data["status"] = statuses[item.post_id]
        result.append(data)
    return result
