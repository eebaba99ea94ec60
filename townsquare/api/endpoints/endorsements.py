"""/api/v1/endorsements and /api/v1/accounts/:id/pin: people featured on a profile."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.api.auth import caller_of, optional_viewer, require
from townsquare.api.http import json_response, paged_response
from townsquare.api.schemas.account import Account
from townsquare.api.schemas.relationship import Relationship
from townsquare.api.selectors import access_account_by_id
from townsquare.api.serializers.accounts import accounts_json, relationship_json
from townsquare.core.pagination import PageRequest, paginate
from townsquare.relationships.selectors import (
    blocked_either_way_ids,
    endorsed_by,
    relationship,
)
from townsquare.relationships.services import endorse, unendorse

router = Router(tags=["endorsements"])

MAX_ACCOUNTS = 80


@router.get("/v1/endorsements", response={200: list[Account]})
def get_endorsements(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:accounts")
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_ACCOUNTS, default_limit=40)
    page = paginate(endorsed_by(me), page_request, key="edge_id")
    return paged_response(request, page, accounts_json(page.items, request))


@router.get("/v1/accounts/{account_id}/endorsements", response={200: list[Account]}, auth=None)
def get_account_endorsements(request: HttpRequest, account_id: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:accounts")
    account = access_account_by_id(account_id, viewer=viewer)
    featured = endorsed_by(account)
    if viewer is not None:
        featured = featured.exclude(pk__in=blocked_either_way_ids(viewer.pk))
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_ACCOUNTS, default_limit=40)
    page = paginate(featured, page_request, key="edge_id")
    return paged_response(request, page, accounts_json(page.items, request))


@router.post("/v1/accounts/{account_id}/pin", response={200: Relationship})
def pin_account(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:accounts")
    target = access_account_by_id(account_id, viewer=me)
    endorse(account=me, target=target)
    return json_response(relationship_json(target.pk, relationship(me, target)))


@router.post("/v1/accounts/{account_id}/unpin", response={200: Relationship})
def unpin_account(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:accounts")
    target = access_account_by_id(account_id, viewer=me)
    unendorse(account=me, target=target)
    return json_response(relationship_json(target.pk, relationship(me, target)))
