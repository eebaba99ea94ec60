"""GroupedNotificationsResults: groups, with their accounts and posts serialized once each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest

from townsquare.accounts.models import Account
from townsquare.api.serializers.accounts import account_json
from townsquare.api.serializers.common import iso
from townsquare.api.serializers.notifications import mastodon_type
from townsquare.api.serializers.statuses import statuses_json
from townsquare.notifications.grouping import NotificationGroup


def grouped_notifications_json(
    groups: Sequence[NotificationGroup],
    viewer: Account,
    request: HttpRequest,
    *,
    paged: bool = True,
) -> dict[str, Any]:
    """The results entity; ``paged`` adds each group's bounds within the page."""
    posts = {group.latest.post_id: group.latest.post for group in groups if group.latest.post}
    found = statuses_json(list(posts.values()), viewer, request, filter_context="notifications")
    statuses = {int(data["id"]): data for data in found}
    accounts: dict[int, dict[str, Any]] = {}
    result = []
    for group in groups:
        head = group.latest
        actors = group.sample_actors or [head.actor]
        for actor in actors:
            if actor.pk not in accounts:
                accounts[actor.pk] = account_json(actor, request)
        data: dict[str, Any] = {
            "group_key": group.key,
            "notifications_count": group.count,
            "type": mastodon_type(head.kind),
            "most_recent_notification_id": str(head.id),
        }
        if paged:
            data["page_min_id"] = str(group.page_min_id)
            data["page_max_id"] = str(group.page_max_id)
            data["latest_page_notification_at"] = iso(head.created_at)
        data["sample_account_ids"] = [str(actor.pk) for actor in actors]
        if head.post_id is not None and head.post_id in statuses:
            data["status_id"] = str(head.post_id)
        result.append(data)
    return {
        "accounts": list(accounts.values()),
        "statuses": [statuses[post_id] for post_id in posts if post_id in statuses],
        "notification_groups": result,
    }
