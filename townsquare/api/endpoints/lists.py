"""/api/v1/lists: the caller's lists, their members, and each list's timeline."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account as AccountModel
from townsquare.api.auth import caller_of, require
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.http import json_response, paged_response
from townsquare.api.schemas.account import Account
from townsquare.api.schemas.list import ListAccountsIn, ListIn, UserList
from townsquare.api.schemas.status import Status
from townsquare.api.selectors import access_account_by_id, object_id
from townsquare.api.serializers.accounts import accounts_json
from townsquare.api.serializers.statuses import statuses_json
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.core.pagination import PageRequest, paginate
from townsquare.timelines import services
from townsquare.timelines.models import List
from townsquare.timelines.selectors import access_list, list_members, list_timeline, lists_of

router = Router(tags=["lists"])

MAX_ACCOUNTS = 80
MAX_STATUSES = 40


def list_json(feed: List) -> dict[str, Any]:
    return {
        "id": str(feed.id),
        "title": feed.title,
        "replies_policy": feed.replies_policy,
        "exclusive": feed.is_exclusive,
    }


def _own_list(request: HttpRequest, list_id: str, scope: str) -> tuple[AccountModel, List]:
    me = require(caller_of(request), scope)
    return me, access_list(object_id(list_id), owner=me)


def _accounts(request: HttpRequest, me: AccountModel) -> list[AccountModel]:
    body = parsed_body(request, ListAccountsIn)
    raw_ids = body.account_ids or request.GET.getlist("account_ids[]")
    if not raw_ids:
        raise ValidationFailed("account_ids can't be blank", field="account_ids")
    try:
        return [access_account_by_id(str(raw), viewer=me) for raw in raw_ids[:MAX_ACCOUNTS]]
    except NotFound:
        raise ValidationFailed("Some accounts could not be found", field="account_ids") from None


@router.get("/v1/lists", response={200: list[UserList]})
def get_lists(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:lists")
    return json_response([list_json(feed) for feed in lists_of(me)])


@router.post("/v1/lists", response={200: UserList}, openapi_extra=body_doc(ListIn))
def create_list(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "write:lists")
    body = parsed_body(request, ListIn)
    feed = services.create_list(
        owner=me,
        title=body.title or "",
        replies_policy=body.replies_policy or "list",
        is_exclusive=bool(body.exclusive),
    )
    return json_response(list_json(feed))


@router.get("/v1/lists/{list_id}", response={200: UserList})
def get_list(request: HttpRequest, list_id: str) -> HttpResponse:
    _, feed = _own_list(request, list_id, "read:lists")
    return json_response(list_json(feed))


@router.put("/v1/lists/{list_id}", response={200: UserList}, openapi_extra=body_doc(ListIn))
def update_list(request: HttpRequest, list_id: str) -> HttpResponse:
    _, feed = _own_list(request, list_id, "write:lists")
    body = parsed_body(request, ListIn)
    feed = services.update_list(
        feed=feed,
        title=body.title,
        replies_policy=body.replies_policy,
        is_exclusive=body.exclusive,
    )
    return json_response(list_json(feed))


@router.delete("/v1/lists/{list_id}", response={200: dict[str, str]})
def delete_list(request: HttpRequest, list_id: str) -> HttpResponse:
    _, feed = _own_list(request, list_id, "write:lists")
    services.delete_list(feed=feed)
    return json_response({})


@router.get("/v1/lists/{list_id}/accounts", response={200: list[Account]})
def list_accounts(request: HttpRequest, list_id: str) -> HttpResponse:
    _, feed = _own_list(request, list_id, "read:lists")
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_ACCOUNTS, default_limit=40)
    page = paginate(list_members(feed), page_request, key="edge_id")
    return paged_response(request, page, accounts_json(page.items, request))


@router.post(
    "/v1/lists/{list_id}/accounts",
    response={200: dict[str, str]},
    openapi_extra=body_doc(ListAccountsIn),
)
def add_list_accounts(request: HttpRequest, list_id: str) -> HttpResponse:
    me, feed = _own_list(request, list_id, "write:lists")
    services.add_to_list(feed=feed, accounts=_accounts(request, me))
    return json_response({})


@router.delete(
    "/v1/lists/{list_id}/accounts",
    response={200: dict[str, str]},
    openapi_extra=body_doc(ListAccountsIn),
)
def remove_list_accounts(request: HttpRequest, list_id: str) -> HttpResponse:
    me, feed = _own_list(request, list_id, "write:lists")
    services.remove_from_list(feed=feed, accounts=_accounts(request, me))
    return json_response({})


@router.get("/v1/timelines/list/{list_id}", response={200: list[Status]})
def list_statuses(request: HttpRequest, list_id: str) -> HttpResponse:
    me, feed = _own_list(request, list_id, "read:lists")
    page = list_timeline(feed, PageRequest.from_params(request.GET, max_limit=MAX_STATUSES))
    return paged_response(
        request, page, statuses_json(page.items, me, request, filter_context="home")
    )
