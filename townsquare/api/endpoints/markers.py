"""/api/v1/markers: where the caller stopped reading home and notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.api.auth import caller_of, require
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.http import json_response
from townsquare.api.models import Marker as MarkerModel
from townsquare.api.schemas.instance import Marker, MarkersIn
from townsquare.api.selectors import markers_for, object_id
from townsquare.api.serializers.common import iso
from townsquare.api.services import save_markers
from townsquare.core.errors import NotFound, ValidationFailed

router = Router(tags=["markers"])


def _markers_json(markers: list[MarkerModel]) -> dict[str, Any]:
    return {
        marker.timeline: {
            "last_read_id": str(marker.last_read_id),
            "version": marker.version,
            "updated_at": iso(marker.updated_at),
        }
        for marker in markers
    }


@router.get("/v1/markers", response={200: dict[str, Marker]})
def get_markers(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:statuses")
    timelines = request.GET.getlist("timeline[]") or request.GET.getlist("timeline")
    return json_response(_markers_json(markers_for(me, timelines[:5])))


@router.post("/v1/markers", response={200: dict[str, Marker]}, openapi_extra=body_doc(MarkersIn))
def set_markers(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "write:statuses")
    body = parsed_body(request, MarkersIn)
    positions = {}
    for timeline, position in (("home", body.home), ("notifications", body.notifications)):
        if position is None:
            continue
        try:
            positions[timeline] = object_id(position.last_read_id)
        except NotFound:
            raise ValidationFailed("last_read_id must be an id", field=timeline) from None
    return json_response(_markers_json(save_markers(account=me, positions=positions)))
