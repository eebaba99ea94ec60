"""/api/v1/announcements (with read marks and reactions) and /api/v1/instance/rules."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.api.auth import caller_of, optional_viewer, require
from townsquare.api.http import json_response
from townsquare.api.schemas.announcement import Announcement
from townsquare.api.schemas.instance import Rule
from townsquare.api.selectors import object_id
from townsquare.api.serializers.common import iso, iso_or_none
from townsquare.api.serializers.instance import rule_json
from townsquare.instance import services
from townsquare.instance.selectors import (
    AnnouncementView,
    access_announcement,
    announcements_for,
    server_rules,
)

router = Router(tags=["announcements"])


def announcement_json(view: AnnouncementView, *, signed_in: bool) -> dict[str, Any]:
    item = view.announcement
    data: dict[str, Any] = {
        "id": str(item.id),
        "content": item.content_html,
        "starts_at": iso_or_none(item.starts_at),
        "ends_at": iso_or_none(item.ends_at),
        "published": item.is_published,
        "all_day": item.is_all_day,
        "published_at": iso(item.published_at or item.created_at),
        "updated_at": iso(item.updated_at),
        "mentions": [],
        "statuses": [],
        "tags": [],
        "emojis": [],
        "reactions": [
            {"name": reaction.name, "count": reaction.count, "me": reaction.is_mine}
            if signed_in
            else {"name": reaction.name, "count": reaction.count}
            for reaction in view.reactions
        ],
    }
    if signed_in:
        data["read"] = view.is_read
    return data


@router.get("/v1/instance/rules", response={200: list[Rule]}, auth=None)
def get_rules(request: HttpRequest) -> HttpResponse:
    optional_viewer(request, "read")
    return json_response([rule_json(rule) for rule in server_rules()])


@router.get("/v1/announcements", response={200: list[Announcement]})
def get_announcements(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read")
    # Read ones too, marked "read", as Mastodon answers.
    views = announcements_for(me.id)
    return json_response([announcement_json(view, signed_in=True) for view in views])


@router.post("/v1/announcements/{announcement_id}/dismiss", response={200: dict[str, str]})
def dismiss(request: HttpRequest, announcement_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:accounts")
    found = access_announcement(object_id(announcement_id))
    services.dismiss_announcement(announcement=found, account_id=me.id)
    return json_response({})


@router.put("/v1/announcements/{announcement_id}/reactions/{name}", response={200: dict[str, str]})
def add_reaction(request: HttpRequest, announcement_id: str, name: str) -> HttpResponse:
    me = require(caller_of(request), "write:favourites")
    found = access_announcement(object_id(announcement_id))
    services.add_announcement_reaction(announcement=found, account_id=me.id, name=name)
    return json_response({})


@router.delete(
    "/v1/announcements/{announcement_id}/reactions/{name}", response={200: dict[str, str]}
)
def remove_reaction(request: HttpRequest, announcement_id: str, name: str) -> HttpResponse:
    me = require(caller_of(request), "write:favourites")
    found = access_announcement(object_id(announcement_id))
    services.remove_announcement_reaction(announcement=found, account_id=me.id, name=name)
    return json_response({})
