"""/api/v1/scheduled_statuses: the caller's posts waiting for their time.

Created by ``POST /api/v1/statuses`` with ``scheduled_at``; another account's scheduled
post answers 404 on every route, as a missing one does.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import Router

from townsquare.api.auth import caller_of, require
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.http import json_response, paged_response
from townsquare.api.schemas.scheduled import ScheduledStatus, ScheduledStatusIn
from townsquare.api.selectors import object_id
from townsquare.api.serializers.scheduled import scheduled_status_json
from townsquare.core.errors import ValidationFailed
from townsquare.core.pagination import PageRequest, paginate
from townsquare.posts.selectors import access_scheduled_post, scheduled_posts_of
from townsquare.posts.services import cancel_scheduled_post, reschedule_post

router = Router(tags=["scheduled statuses"])

MAX_SCHEDULED = 40


def parse_scheduled_at(raw: str) -> datetime:
    """An ISO 8601 datetime (or date, meaning its midnight); without a zone it is UTC."""
    try:
        moment = parse_datetime(raw.strip())
        if moment is None and (day := parse_date(raw.strip())) is not None:
            moment = datetime.combine(day, time())
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationFailed("scheduled_at must be an ISO 8601 datetime", field="scheduled_at")
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


@router.get("/v1/scheduled_statuses", response={200: list[ScheduledStatus]})
def get_scheduled_statuses(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:statuses")
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_SCHEDULED)
    page = paginate(scheduled_posts_of(me), page_request)
    return paged_response(
        request, page, [scheduled_status_json(item, request) for item in page.items]
    )


@router.get("/v1/scheduled_statuses/{scheduled_id}", response={200: ScheduledStatus})
def get_scheduled_status(request: HttpRequest, scheduled_id: str) -> HttpResponse:
    me = require(caller_of(request), "read:statuses")
    scheduled = access_scheduled_post(object_id(scheduled_id), owner=me)
    return json_response(scheduled_status_json(scheduled, request))


@router.put(
    "/v1/scheduled_statuses/{scheduled_id}",
    response={200: ScheduledStatus},
    openapi_extra=body_doc(ScheduledStatusIn),
)
def update_scheduled_status(request: HttpRequest, scheduled_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:statuses")
    scheduled = access_scheduled_post(object_id(scheduled_id), owner=me)
    body = parsed_body(request, ScheduledStatusIn)
    if body.scheduled_at:
        reschedule_post(
            author=me,
            scheduled_post=scheduled,
            scheduled_at=parse_scheduled_at(body.scheduled_at),
        )
    fresh = access_scheduled_post(scheduled.pk, owner=me)
    return json_response(scheduled_status_json(fresh, request))


@router.delete("/v1/scheduled_statuses/{scheduled_id}", response={200: dict[str, str]})
def delete_scheduled_status(request: HttpRequest, scheduled_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:statuses")
    scheduled = access_scheduled_post(object_id(scheduled_id), owner=me)
    cancel_scheduled_post(author=me, scheduled_post=scheduled)
    return json_response({})
