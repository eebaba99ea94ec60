"""/api/v1/notifications: the caller's notifications, one by one or paged; dismissing or
clearing them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.api.auth import caller_of, require
from townsquare.api.http import json_response, paged_response
from townsquare.api.schemas.notification import Notification, UnreadCount
from townsquare.api.selectors import object_id
from townsquare.api.serializers.notifications import kinds_for, notifications_json
from townsquare.core.errors import NotFound
from townsquare.core.pagination import PageRequest
from townsquare.notifications.models import NotificationKind
from townsquare.notifications.selectors import notifications_for, unread_count
from townsquare.notifications.services import clear_all, dismiss

router = Router(tags=["notifications"])

MAX_NOTIFICATIONS = 80
MAX_TYPES = 20


def _kinds(request: HttpRequest) -> set[str] | None:
    """The kinds asked for by ``types[]`` minus ``exclude_types[]``; None for all of them."""
    included = request.GET.getlist("types[]") or request.GET.getlist("types")
    excluded = request.GET.getlist("exclude_types[]") or request.GET.getlist("exclude_types")
    if not included and not excluded:
        return None
    kinds = kinds_for(included[:MAX_TYPES]) if included else set(NotificationKind.values)
    return kinds - kinds_for(excluded[:MAX_TYPES])


@router.get("/v1/notifications", response={200: list[Notification]})
def notifications(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:notifications")
    page_request = PageRequest.from_params(
        request.GET, default_limit=40, max_limit=MAX_NOTIFICATIONS
    )
    page = notifications_for(me, page_request, kinds=_kinds(request))
    items = list(page.items)
    if raw_account := request.GET.get("account_id"):
        wanted = object_id(raw_account)
        items = [item for item in items if item.actor_id == wanted]
    return paged_response(request, page, notifications_json(items, me, request))


@router.get("/v1/notifications/unread_count", response={200: UnreadCount})
def notifications_unread_count(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:notifications")
    return json_response({"count": unread_count(me)})


def _clear(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "write:notifications")
    clear_all(recipient=me)
    return json_response({})


# Before the routes taking an id, so "clear" is never read as one.
@router.post("/v1/notifications/clear", response={200: dict[str, str]})
def clear_notifications(request: HttpRequest) -> HttpResponse:
    return _clear(request)


@router.delete("/v1/notifications/clear", response={200: dict[str, str]})
def clear_notifications_by_delete(request: HttpRequest) -> HttpResponse:
    return _clear(request)


@router.get("/v1/notifications/{notification_id}", response={200: Notification})
def notification(request: HttpRequest, notification_id: str) -> HttpResponse:
    me = require(caller_of(request), "read:notifications")
    wanted = object_id(notification_id)
    # The list's own filters (visible post, actor not blocked) decide what one may read.
    page = notifications_for(me, PageRequest(max_id=wanted + 1, limit=1))
    if not page.items or page.items[0].id != wanted:
        raise NotFound()
    return json_response(notifications_json(page.items, me, request)[0])


@router.post("/v1/notifications/{notification_id}/dismiss", response={200: dict[str, str]})
def dismiss_notification(request: HttpRequest, notification_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:notifications")
    dismiss(recipient=me, notification_id=object_id(notification_id))
    return json_response({})
