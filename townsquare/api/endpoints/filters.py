"""/api/v2/filters (filters, their keywords and posts) and the deprecated /api/v1/filters.

Each person sees and changes only their own filters; anyone else's answer 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account
from townsquare.api.auth import caller_of, require
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.http import json_response
from townsquare.api.schemas.filter import (
    Filter,
    FilterIn,
    FilterKeyword,
    FilterKeywordIn,
    FilterStatus,
    FilterStatusIn,
    KeywordAttributesIn,
    V1Filter,
    V1FilterIn,
)
from townsquare.api.selectors import object_id
from townsquare.api.serializers.filters import (
    filter_json,
    filter_keyword_json,
    filter_status_json,
    v1_filter_json,
)
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.filters import selectors, services
from townsquare.filters.services import KEEP, Keep, KeywordChange
from townsquare.posts.selectors import access_post

router = Router(tags=["filters"])

READ = "read:filters"
WRITE = "write:filters"
_ATTRIBUTES = "keywords_attributes[]"


def _me(request: HttpRequest, scope: str) -> Account:
    return require(caller_of(request), scope)


def _expires_in(body: FilterIn | V1FilterIn) -> int | Keep | None:
    # Given as "" or null, it removes the expiry; left out, it keeps it.
    return body.expires_in if "expires_in" in body.model_fields_set else KEEP


def _keyword_changes(request: HttpRequest, body: FilterIn) -> list[KeywordChange]:
    raw = body.keywords_attributes
    items = list(raw.values()) if isinstance(raw, dict) else list(raw)
    if request.content_type == "application/x-www-form-urlencoded":
        items = _form_keyword_attributes(request.body.decode("utf-8", "replace")) or items
    changes = []
    for item in items:
        if not isinstance(item, dict):
            raise ValidationFailed("keywords_attributes must be a list of objects")
        parsed = KeywordAttributesIn.from_raw(item)
        changes.append(
            KeywordChange(
                keyword=parsed.keyword,
                whole_word=parsed.whole_word,
                id=None if parsed.id in (None, "") else object_id(parsed.id or 0),
                destroy=parsed.destroy,
            )
        )
    return changes


def _form_keyword_attributes(body: str) -> list[dict[str, Any]]:
    """``keywords_attributes[][keyword]=a&...[][whole_word]=1&...[][keyword]=b`` as Rails reads
    it: a repeated key starts the next object (Django's QueryDict loses that order)."""
    items: list[dict[str, Any]] = []
    prefix = _ATTRIBUTES + "["
    for key, value in parse_qsl(body, keep_blank_values=True):
        if not key.startswith(prefix) or not key.endswith("]"):
            continue
        name = key[len(prefix) : -1]
        if not items or name in items[-1]:
            items.append({})
        items[-1][name] = value
    return items


@router.get("/v2/filters", response={200: list[Filter]})
def get_filters(request: HttpRequest) -> HttpResponse:
    me = _me(request, READ)
    return json_response([filter_json(item) for item in selectors.filters_of(me)])


@router.post("/v2/filters", response={200: Filter}, openapi_extra=body_doc(FilterIn))
def create_filter(request: HttpRequest) -> HttpResponse:
    me = _me(request, WRITE)
    body = parsed_body(request, FilterIn)
    changes = _keyword_changes(request, body)
    if any(change.id is not None for change in changes):
        raise NotFound()  # keywords of a filter that doesn't exist yet
    created = services.create_filter(
        account=me,
        title=body.title or "",
        contexts=body.context or [],
        action=body.filter_action or "warn",
        expires_in=body.expires_in,
        keywords=changes,
    )
    return json_response(filter_json(selectors.access_filter(created.id, account=me)))


@router.get("/v2/filters/keywords/{keyword_id}", response={200: FilterKeyword})
def get_keyword(request: HttpRequest, keyword_id: str) -> HttpResponse:
    me = _me(request, READ)
    return json_response(
        filter_keyword_json(selectors.access_keyword(object_id(keyword_id), account=me))
    )


@router.put(
    "/v2/filters/keywords/{keyword_id}",
    response={200: FilterKeyword},
    openapi_extra=body_doc(FilterKeywordIn),
)
def update_keyword(request: HttpRequest, keyword_id: str) -> HttpResponse:
    me = _me(request, WRITE)
    keyword = selectors.access_keyword(object_id(keyword_id), account=me)
    body = parsed_body(request, FilterKeywordIn)
    keyword = services.update_keyword(
        keyword=keyword, text=body.keyword or "", whole_word=body.whole_word
    )
    return json_response(filter_keyword_json(keyword))


@router.delete("/v2/filters/keywords/{keyword_id}", response={200: dict[str, str]})
def delete_keyword(request: HttpRequest, keyword_id: str) -> HttpResponse:
    me = _me(request, WRITE)
    services.delete_keyword(keyword=selectors.access_keyword(object_id(keyword_id), account=me))
    return json_response({})


@router.get("/v2/filters/statuses/{filter_status_id}", response={200: FilterStatus})
def get_filter_status(request: HttpRequest, filter_status_id: str) -> HttpResponse:
    me = _me(request, READ)
    found = selectors.access_filter_status(object_id(filter_status_id), account=me)
    return json_response(filter_status_json(found))


@router.delete("/v2/filters/statuses/{filter_status_id}", response={200: dict[str, str]})
def delete_filter_status(request: HttpRequest, filter_status_id: str) -> HttpResponse:
    me = _me(request, WRITE)
    found = selectors.access_filter_status(object_id(filter_status_id), account=me)
    services.delete_status(filter_status=found)
    return json_response({})


@router.get("/v2/filters/{filter_id}", response={200: Filter})
def get_filter(request: HttpRequest, filter_id: str) -> HttpResponse:
    me = _me(request, READ)
    return json_response(filter_json(selectors.access_filter(object_id(filter_id), account=me)))


@router.put("/v2/filters/{filter_id}", response={200: Filter}, openapi_extra=body_doc(FilterIn))
def update_filter(request: HttpRequest, filter_id: str) -> HttpResponse:
    me = _me(request, WRITE)
    found = selectors.access_filter(object_id(filter_id), account=me)
    body = parsed_body(request, FilterIn)
    services.update_filter(
        filter=found,
        title=body.title,
        contexts=body.context,
        action=body.filter_action,
        expires_in=_expires_in(body),
        keywords=_keyword_changes(request, body),
    )
    return json_response(filter_json(selectors.access_filter(found.id, account=me)))


@router.delete("/v2/filters/{filter_id}", response={200: dict[str, str]})
def delete_filter(request: HttpRequest, filter_id: str) -> HttpResponse:
    me = _me(request, WRITE)
    services.delete_filter(filter=selectors.access_filter(object_id(filter_id), account=me))
    return json_response({})


@router.get("/v2/filters/{filter_id}/keywords", response={200: list[FilterKeyword]})
def get_filter_keywords(request: HttpRequest, filter_id: str) -> HttpResponse:
    me = _me(request, READ)
    found = selectors.access_filter(object_id(filter_id), account=me)
    return json_response([filter_keyword_json(item) for item in found.keywords.all()])


@router.post(
    "/v2/filters/{filter_id}/keywords",
    response={200: FilterKeyword},
    openapi_extra=body_doc(FilterKeywordIn),
)
def add_filter_keyword(request: HttpRequest, filter_id: str) -> HttpResponse:
    me = _me(request, WRITE)
    found = selectors.access_filter(object_id(filter_id), account=me)
    body = parsed_body(request, FilterKeywordIn)
    keyword = services.add_keyword(
        filter=found,
        keyword=body.keyword or "",
        whole_word=True if body.whole_word is None else body.whole_word,
    )
    return json_response(filter_keyword_json(keyword))


@router.get("/v2/filters/{filter_id}/statuses", response={200: list[FilterStatus]})
def get_filter_statuses(request: HttpRequest, filter_id: str) -> HttpResponse:
    me = _me(request, READ)
    found = selectors.access_filter(object_id(filter_id), account=me)
    return json_response([filter_status_json(item) for item in found.statuses.all()])


@router.post(
    "/v2/filters/{filter_id}/statuses",
    response={200: FilterStatus},
    openapi_extra=body_doc(FilterStatusIn),
)
def add_filter_status(request: HttpRequest, filter_id: str) -> HttpResponse:
    me = _me(request, WRITE)
    found = selectors.access_filter(object_id(filter_id), account=me)
    body = parsed_body(request, FilterStatusIn)
    if body.status_id in (None, ""):
        raise ValidationFailed("status_id can't be blank", field="status_id")
    # A post the caller can't see is as missing as one that doesn't exist.
    post = access_post(object_id(body.status_id or 0), viewer=me)
    return json_response(filter_status_json(services.add_status(filter=found, post=post)))


@router.get("/v1/filters", response={200: list[V1Filter]})
def get_v1_filters(request: HttpRequest) -> HttpResponse:
    me = _me(request, READ)
    return json_response([v1_filter_json(item) for item in selectors.keywords_of(me)])


@router.post("/v1/filters", response={200: V1Filter}, openapi_extra=body_doc(V1FilterIn))
def create_v1_filter(request: HttpRequest) -> HttpResponse:
    me = _me(request, WRITE)
    body = parsed_body(request, V1FilterIn)
    keyword = services.create_phrase_filter(
        account=me,
        phrase=body.phrase or "",
        contexts=body.context or [],
        is_irreversible=bool(body.irreversible),
        whole_word=bool(body.whole_word),
        expires_in=body.expires_in,
    )
    return json_response(v1_filter_json(keyword))


@router.get("/v1/filters/{keyword_id}", response={200: V1Filter})
def get_v1_filter(request: HttpRequest, keyword_id: str) -> HttpResponse:
    me = _me(request, READ)
    return json_response(
        v1_filter_json(selectors.access_keyword(object_id(keyword_id), account=me))
    )


@router.put(
    "/v1/filters/{keyword_id}", response={200: V1Filter}, openapi_extra=body_doc(V1FilterIn)
)
def update_v1_filter(request: HttpRequest, keyword_id: str) -> HttpResponse:
    me = _me(request, WRITE)
    keyword = selectors.access_keyword(object_id(keyword_id), account=me)
    body = parsed_body(request, V1FilterIn)
    keyword = services.update_phrase_filter(
        keyword=keyword,
        phrase=body.phrase,
        whole_word=body.whole_word,
        contexts=body.context,
        is_irreversible=body.irreversible,
        expires_in=_expires_in(body),
    )
    return json_response(v1_filter_json(keyword))


@router.delete("/v1/filters/{keyword_id}", response={200: dict[str, str]})
def delete_v1_filter(request: HttpRequest, keyword_id: str) -> HttpResponse:
    me = _me(request, WRITE)
    services.delete_keyword(keyword=selectors.access_keyword(object_id(keyword_id), account=me))
    return json_response({})
