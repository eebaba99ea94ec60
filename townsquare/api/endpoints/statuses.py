"""/api/v1/statuses: publish, read, edit and delete posts, with their threads and history."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account as AccountModel
from townsquare.api.auth import caller_of, optional_viewer, require
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.endpoints.scheduled_statuses import parse_scheduled_at
from townsquare.api.http import json_response
from townsquare.api.schemas.poll import PollIn
from townsquare.api.schemas.scheduled import ScheduledStatus
from townsquare.api.schemas.status import (
    Context,
    StatusEdit,
    StatusEditIn,
    StatusIn,
    StatusSource,
)
from townsquare.api.schemas.status import Status as StatusSchema
from townsquare.api.selectors import object_id
from townsquare.api.serializers.common import VISIBILITY_IN
from townsquare.api.serializers.scheduled import scheduled_status_json
from townsquare.api.serializers.statuses import status_edits_json, status_json, statuses_json
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.media.models import MediaAttachment
from townsquare.media.selectors import unattached_media
from townsquare.posts.models import Post, ScheduledPost
from townsquare.posts.selectors import (
    access_post,
    access_scheduled_post,
    edit_history,
    thread,
)
from townsquare.posts.services import (
    PollSpec,
    delete_post,
    edit_post,
    publish_post,
    schedule_post,
)

router = Router(tags=["statuses"])

IDEMPOTENCY_SECONDS = 3600
MAX_STATUSES = 40


def _idempotency_key(request: HttpRequest, me: AccountModel) -> str | None:
    raw = request.headers.get("Idempotency-Key", "").strip()
    if not raw:
        return None
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"api:idempotency:{me.pk}:{digest}"


def _media(me: AccountModel, raw_ids: list[str | int] | None) -> list[MediaAttachment]:
    if not raw_ids:
        return []
    try:
        return unattached_media(me, [object_id(raw) for raw in raw_ids])
    except NotFound:
        raise ValidationFailed(
            "Some media could not be found or are attached to another post", field="media_ids"
        ) from None


def _visibility(raw: str | None) -> str:
    if raw is None:
        return "public"
    if raw not in VISIBILITY_IN:
        raise ValidationFailed(
            "Visibility must be one of: public, unlisted, private, direct", field="visibility"
        )
    return VISIBILITY_IN[raw]


def _publish(request: HttpRequest, me: AccountModel) -> Post | ScheduledPost:
    body = parsed_body(request, StatusIn)
    parent = None
    if body.in_reply_to_id is not None:
        parent = access_post(object_id(body.in_reply_to_id), viewer=me)
    if body.scheduled_at:
        return schedule_post(
            author=me,
            scheduled_at=parse_scheduled_at(body.scheduled_at),
            text=body.status,
            visibility=_visibility(body.visibility),
            spoiler_text=body.spoiler_text,
            is_sensitive=body.sensitive,
            in_reply_to=parent,
            media=_media(me, body.media_ids),
            language=body.language or "",
            poll=_poll_spec(body.poll),
        )
    return publish_post(
        author=me,
        text=body.status,
        visibility=_visibility(body.visibility),
        spoiler_text=body.spoiler_text,
        is_sensitive=body.sensitive,
        in_reply_to=parent,
        media=_media(me, body.media_ids),
        language=body.language or "",
        poll=_poll_spec(body.poll),
    )


def _poll_spec(body: PollIn | None) -> PollSpec | None:
    if body is None:
        return None
    return PollSpec(
        options=body.options,
        expires_in=body.expires_in,
        is_multiple=body.multiple,
        hide_totals=body.hide_totals,
    )


@router.post(
    "/v1/statuses",
    response={200: StatusSchema | ScheduledStatus},
    openapi_extra=body_doc(StatusIn),
)
def create_status(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "write:statuses")
    key = _idempotency_key(request, me)
    if key is not None and (earlier := cache.get(key)) is not None:
        try:
            return _created(request, me, earlier)
        except NotFound:
            cache.delete(key)
    made = _publish(request, me)
    # A scheduled post is remembered as "scheduled:<id>", a post by its id.
    created = f"scheduled:{made.id}" if isinstance(made, ScheduledPost) else made.id
    if key is not None:
        cache.set(key, created, IDEMPOTENCY_SECONDS)
    return _created(request, me, created)


def _created(request: HttpRequest, me: AccountModel, created: int | str) -> HttpResponse:
    """The Status (or ScheduledStatus, with ``scheduled_at``) that a create answers."""
    if isinstance(created, str) and created.startswith("scheduled:"):
        scheduled = access_scheduled_post(int(created.removeprefix("scheduled:")), owner=me)
        return json_response(scheduled_status_json(scheduled, request))
    return json_response(status_json(access_post(int(created), viewer=me), me, request))


@router.get("/v1/statuses", response={200: list[StatusSchema]}, auth=None)
def get_statuses(request: HttpRequest) -> HttpResponse:
    viewer = optional_viewer(request, "read:statuses")
    raw_ids = (request.GET.getlist("id[]") or request.GET.getlist("id"))[:MAX_STATUSES]
    wanted = []
    for raw in raw_ids:
        try:
            wanted.append(object_id(raw))
        except NotFound:
            continue
    # Ids the viewer may not see are left out, as Mastodon does.
    found = Post.objects.visible_to(viewer).with_related().in_bulk(wanted)
    posts = [found[post_id] for post_id in dict.fromkeys(wanted) if post_id in found]
    return json_response(statuses_json(posts, viewer, request))


@router.get("/v1/statuses/{status_id}", response={200: StatusSchema}, auth=None)
def get_status(request: HttpRequest, status_id: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:statuses")
    post = access_post(object_id(status_id), viewer=viewer)
    return json_response(status_json(post, viewer, request))


@router.delete("/v1/statuses/{status_id}", response={200: StatusSchema})
def delete_status(request: HttpRequest, status_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:statuses")
    post = access_post(object_id(status_id), viewer=me)
    # Serialized before it goes: the answer carries the source text for "delete & redraft".
    data = status_json(post, me, request)
    data["text"] = delete_post(actor=me, post=post)
    return json_response(data)


def _descriptions(post: Post, body: StatusEditIn) -> dict[int, str] | None:
    given = body.media_attributes
    if given is None:
        return None
    items = list(given.values()) if isinstance(given, dict) else list(given)
    attached = {attachment.media_id for attachment in post.attachments.all()}
    descriptions = {}
    for item in items:
        media_id = object_id(item.id)
        if media_id not in attached:
            raise ValidationFailed("Only the post's own media can be described", field="media")
        if item.description is not None:
            descriptions[media_id] = item.description
    return descriptions


@router.put(
    "/v1/statuses/{status_id}", response={200: StatusSchema}, openapi_extra=body_doc(StatusEditIn)
)
def edit_status(request: HttpRequest, status_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:statuses")
    post = access_post(object_id(status_id), viewer=me)
    body = parsed_body(request, StatusEditIn)
    if body.media_ids is not None:
        current = [attachment.media_id for attachment in post.attachments.all()]
        if [object_id(raw) for raw in body.media_ids] != current:
            raise ValidationFailed(
                "Changing a post's media is not supported yet", field="media_ids"
            )
    edit_post(
        editor=me,
        post=post,
        text=body.status,
        spoiler_text=body.spoiler_text,
        is_sensitive=body.sensitive,
        media_descriptions=_descriptions(post, body),
        # As in Mastodon, an edit without a poll takes the poll off.
        poll=_poll_spec(body.poll),
        remove_poll=body.poll is None,
    )
    return json_response(status_json(access_post(post.id, viewer=me), me, request))


@router.get("/v1/statuses/{status_id}/history", response={200: list[StatusEdit]}, auth=None)
def status_history(request: HttpRequest, status_id: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:statuses")
    post = access_post(object_id(status_id), viewer=viewer)
    return json_response(status_edits_json(post, edit_history(post), request))


@router.get("/v1/statuses/{status_id}/source", response={200: StatusSource})
def status_source(request: HttpRequest, status_id: str) -> HttpResponse:
    me = require(caller_of(request), "read:statuses")
    post = access_post(object_id(status_id), viewer=me)
    if post.author_id != me.pk:
        raise NotFound()
    return json_response({"id": str(post.id), "text": post.text, "spoiler_text": post.spoiler_text})


@router.get("/v1/statuses/{status_id}/context", response={200: Context}, auth=None)
def status_context(request: HttpRequest, status_id: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:statuses")
    post = access_post(object_id(status_id), viewer=viewer)
    found = thread(post, viewer=viewer)
    statuses = statuses_json(
        [*found.ancestors, *found.descendants], viewer, request, filter_context="thread"
    )
    cut = len(found.ancestors)
    return json_response({"ancestors": statuses[:cut], "descendants": statuses[cut:]})
