"""/api/v1/featured_tags: hashtags the caller features on their profile, and anyone's."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.api.auth import caller_of, optional_viewer, require
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.endpoints.search import tag_json
from townsquare.api.http import json_response
from townsquare.api.schemas.scheduled import FeaturedTag, FeaturedTagIn
from townsquare.api.schemas.status import SearchTag
from townsquare.api.selectors import access_account_by_id, object_id
from townsquare.api.serializers.scheduled import featured_tag_json
from townsquare.posts.selectors import (
    access_featured_tag,
    featured_tag_suggestions,
    featured_tags_of,
)
from townsquare.posts.services import feature_tag, unfeature_tag

router = Router(tags=["featured tags"])


@router.get("/v1/featured_tags", response={200: list[FeaturedTag]})
def get_featured_tags(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:accounts")
    return json_response([featured_tag_json(item, request) for item in featured_tags_of(me)])


@router.post(
    "/v1/featured_tags", response={200: FeaturedTag}, openapi_extra=body_doc(FeaturedTagIn)
)
def create_featured_tag(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "write:accounts")
    body = parsed_body(request, FeaturedTagIn)
    featured = feature_tag(account=me, name=body.name)
    return json_response(featured_tag_json(access_featured_tag(featured.pk, owner=me), request))


@router.get("/v1/featured_tags/suggestions", response={200: list[SearchTag]})
def get_featured_tag_suggestions(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:accounts")
    return json_response([tag_json(tag, request) for tag in featured_tag_suggestions(me)])


@router.delete("/v1/featured_tags/{featured_tag_id}", response={200: dict[str, str]})
def delete_featured_tag(request: HttpRequest, featured_tag_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:accounts")
    featured = access_featured_tag(object_id(featured_tag_id), owner=me)
    unfeature_tag(account=me, featured_tag=featured)
    return json_response({})


@router.get("/v1/accounts/{account_id}/featured_tags", response={200: list[FeaturedTag]}, auth=None)
def get_account_featured_tags(request: HttpRequest, account_id: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:accounts")
    account = access_account_by_id(account_id, viewer=viewer)
    return json_response([featured_tag_json(item, request) for item in featured_tags_of(account)])
