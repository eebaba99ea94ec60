"""/api/v2/notifications: the caller's notifications grouped (Mastodon 4.3), one group,
dismissing a group, the unread group count, and the notification policy."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.api.auth import caller_of, require
from townsquare.api.http import json_response, link_header
from townsquare.api.schemas.notification import UnreadCount
from townsquare.api.schemas.notification_group import (
    GroupedNotificationsResults,
    NotificationPolicy,
)
from townsquare.api.selectors import object_id
from townsquare.api.serializers.notification_groups import grouped_notifications_json
from townsquare.api.serializers.notifications import kinds_for
from townsquare.core.pagination import PageRequest
from townsquare.notifications.grouping import (
    GROUPED_KINDS,
    UNGROUPED,
    notification_group,
    notification_groups,
    parse_group_key,
    unread_group_count,
)
from townsquare.notifications.models import NotificationKind
from townsquare.notifications.services import dismiss, dismiss_group

router = Router(tags=["notifications"])

MAX_GROUPS = 80
DEFAULT_GROUPS = 40
MAX_TYPES = 20
MAX_UNREAD = 1000
DEFAULT_UNREAD = 100
# Townsquare filters no notification yet: every policy is "accept", nothing is pending.
DEFAULT_POLICY = {
    "for_not_following": "accept",
    "for_not_followers": "accept",
    "for_new_accounts": "accept",
    "for_private_mentions": "accept",
    "for_limited_accounts": "accept",
    "summary": {"pending_requests_count": 0, "pending_notifications_count": 0},
}


def _list_param(request: HttpRequest, name: str) -> list[str] | None:
    """``name[]`` (or ``name``) values, None when not given at all."""
    if f"{name}[]" in request.GET:
        return request.GET.getlist(f"{name}[]")[:MAX_TYPES]
    if name in request.GET:
        return request.GET.getlist(name)[:MAX_TYPES]
    return None


def _kinds(request: HttpRequest) -> set[str] | None:
    """The kinds asked for by ``types[]`` minus ``exclude_types[]``; None for all of them."""
    included = _list_param(request, "types")
    excluded = _list_param(request, "exclude_types")
    if not included and not excluded:
        return None
    kinds = kinds_for(included) if included else set(NotificationKind.values)
    return kinds - kinds_for(excluded or [])


def _grouped_kinds(request: HttpRequest) -> frozenset[str]:
    named = _list_param(request, "grouped_types")
    return GROUPED_KINDS if named is None else GROUPED_KINDS & frozenset(kinds_for(named))


def _actor_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("account_id")
    return object_id(raw) if raw else None


@router.get("/v2/notifications", response={200: GroupedNotificationsResults})
def grouped_notifications(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:notifications")
    page_request = PageRequest.from_params(
        request.GET, default_limit=DEFAULT_GROUPS, max_limit=MAX_GROUPS
    )
    page = notification_groups(
        me,
        page_request,
        kinds=_kinds(request),
        grouped_kinds=_grouped_kinds(request),
        actor_id=_actor_id(request),
    )
    response = json_response(grouped_notifications_json(page.items, me, request))
    if link := link_header(request, page):
        response["Link"] = link
    return response


@router.get("/v2/notifications/unread_count", response={200: UnreadCount})
def grouped_unread_count(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:notifications")
    limit = PageRequest.from_params(
        request.GET, default_limit=DEFAULT_UNREAD, max_limit=MAX_UNREAD
    ).limit
    count = unread_group_count(
        me,
        limit=limit,
        kinds=_kinds(request),
        grouped_kinds=_grouped_kinds(request),
        actor_id=_actor_id(request),
    )
    return json_response({"count": count})


@router.get("/v2/notifications/policy", response={200: NotificationPolicy})
def notification_policy(request: HttpRequest) -> HttpResponse:
    require(caller_of(request), "read:notifications")
    return json_response(DEFAULT_POLICY)


@router.get("/v2/notifications/{group_key}", response={200: GroupedNotificationsResults})
def one_group(request: HttpRequest, group_key: str) -> HttpResponse:
    me = require(caller_of(request), "read:notifications")
    group = notification_group(me, group_key)
    return json_response(grouped_notifications_json([group], me, request, paged=False))


@router.post("/v2/notifications/{group_key}/dismiss", response={200: dict[str, str]})
def dismiss_one_group(request: HttpRequest, group_key: str) -> HttpResponse:
    me = require(caller_of(request), "write:notifications")
    kind, number = parse_group_key(group_key)
    if kind == UNGROUPED:
        dismiss(recipient=me, notification_id=number)
    else:
        dismiss_group(recipient=me, kind=kind, post_id=number)
    return json_response({})
