"""/api/v1/media and /api/v2/media: upload images, then describe them before posting."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account
from townsquare.api.auth import caller_of, require
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.http import json_response
from townsquare.api.schemas.media import MediaAttachment, MediaIn, MediaUpdateIn
from townsquare.api.selectors import object_id
from townsquare.api.serializers.media import media_json
from townsquare.core.errors import ValidationFailed
from townsquare.media.selectors import access_own_media
from townsquare.media.services import update_media, upload_image

router = Router(tags=["media"])


def _focus(raw: str | None) -> tuple[float, float] | None:
    """``"x,y"`` as Mastodon sends the focal point; media checks the range."""
    if raw is None or not raw.strip():
        return None
    try:
        x, y = (float(part) for part in raw.split(","))
    except ValueError:
        raise ValidationFailed(
            "Focus must be two numbers between -1 and 1, like 0.5,-0.2", field="focus"
        ) from None
    return (x, y)


def _upload(request: HttpRequest) -> HttpResponse:
    me: Account = require(caller_of(request), "write:media")
    body = parsed_body(request, MediaIn)
    focus = _focus(body.focus)
    media = upload_image(owner=me, file=body.file, description=body.description)
    if focus is not None:
        media = update_media(media=media, focus=focus)
    return json_response(media_json(media, request))


@router.post("/v2/media", response={200: MediaAttachment}, openapi_extra=body_doc(MediaIn))
def upload_v2(request: HttpRequest) -> HttpResponse:
    return _upload(request)


@router.post("/v1/media", response={200: MediaAttachment}, openapi_extra=body_doc(MediaIn))
def upload_v1(request: HttpRequest) -> HttpResponse:
    return _upload(request)


@router.get("/v1/media/{media_id}", response={200: MediaAttachment})
def get_media(request: HttpRequest, media_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:media")
    return json_response(media_json(access_own_media(object_id(media_id), me), request))


@router.put(
    "/v1/media/{media_id}", response={200: MediaAttachment}, openapi_extra=body_doc(MediaUpdateIn)
)
def describe_media(request: HttpRequest, media_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:media")
    media = access_own_media(object_id(media_id), me)
    body = parsed_body(request, MediaUpdateIn)
    media = update_media(media=media, description=body.description, focus=_focus(body.focus))
    return json_response(media_json(media, request))
