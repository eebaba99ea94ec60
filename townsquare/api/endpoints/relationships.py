"""Follow, block and mute through /api/v1/accounts/:id/..., relationships, follow requests."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account as AccountModel
from townsquare.accounts.selectors import visible_accounts
from townsquare.api.auth import caller_of, require
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.http import json_response, paged_response
from townsquare.api.schemas.account import Account, MutedAccount, MuteIn
from townsquare.api.schemas.relationship import FollowIn, Relationship
from townsquare.api.selectors import access_account_by_id, object_id
from townsquare.api.serializers.accounts import account_json, accounts_json, relationship_json
from townsquare.api.serializers.common import iso_or_none
from townsquare.core.errors import NotFound
from townsquare.core.pagination import PageRequest, paginate
from townsquare.relationships import services
from townsquare.relationships.selectors import (
    Relationship as Standing,
)
from townsquare.relationships.selectors import (
    blocks_by,
    mutes_by,
    pending_requests,
    relationship,
    relationships_with,
)

router = Router(tags=["relationships"])

MAX_ACCOUNTS = 80
MAX_RELATIONSHIP_IDS = 80


def _answer(me: AccountModel, target: AccountModel) -> HttpResponse:
    return json_response(relationship_json(target.pk, relationship(me, target)))


@router.get("/v1/accounts/relationships", response={200: list[Relationship]})
def relationships(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:follows")
    raw_ids = request.GET.getlist("id[]") or request.GET.getlist("id")
    wanted: list[int] = []
    for raw in raw_ids[:MAX_RELATIONSHIP_IDS]:
        try:
            wanted.append(object_id(raw))
        except NotFound:
            continue
    existing = set(visible_accounts().filter(pk__in=wanted).values_list("pk", flat=True))
    found = relationships_with(me, existing)
    ordered = [target for target in dict.fromkeys(wanted) if target in existing]
    return json_response(
        [relationship_json(target, found.get(target, Standing())) for target in ordered]
    )


@router.post(
    "/v1/accounts/{account_id}/follow",
    response={200: Relationship},
    openapi_extra=body_doc(FollowIn),
)
def follow(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:follows")
    target = access_account_by_id(account_id, viewer=me)
    body = parsed_body(request, FollowIn)
    services.follow(
        follower=me,
        followee=target,
        show_boosts=body.reblogs,
        notify=body.notify,
        languages=body.languages,
    )
    return _answer(me, target)


@router.post("/v1/accounts/{account_id}/unfollow", response={200: Relationship})
def unfollow(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:follows")
    target = access_account_by_id(account_id, viewer=me)
    services.unfollow(follower=me, followee=target)
    return _answer(me, target)


@router.post("/v1/accounts/{account_id}/remove_from_followers", response={200: Relationship})
def remove_from_followers(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:follows")
    target = access_account_by_id(account_id, viewer=me)
    services.unfollow(follower=target, followee=me)
    return _answer(me, target)


@router.post("/v1/accounts/{account_id}/block", response={200: Relationship})
def block(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:blocks")
    # Blocking someone who already blocks you is allowed, so look past blocks here.
    target = access_account_by_id(account_id, viewer=None)
    services.block(blocker=me, blocked=target)
    return _answer(me, target)


@router.post("/v1/accounts/{account_id}/unblock", response={200: Relationship})
def unblock(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:blocks")
    target = access_account_by_id(account_id, viewer=None)
    services.unblock(blocker=me, blocked=target)
    return _answer(me, target)


@router.post(
    "/v1/accounts/{account_id}/mute", response={200: Relationship}, openapi_extra=body_doc(MuteIn)
)
def mute(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:mutes")
    target = access_account_by_id(account_id, viewer=me)
    body = parsed_body(request, MuteIn)
    duration = timedelta(seconds=body.duration) if body.duration else None
    services.mute(muter=me, muted=target, duration=duration, hide_notifications=body.notifications)
    return _answer(me, target)


@router.post("/v1/accounts/{account_id}/unmute", response={200: Relationship})
def unmute(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:mutes")
    target = access_account_by_id(account_id, viewer=me)
    services.unmute(muter=me, muted=target)
    return _answer(me, target)


@router.get("/v1/follow_requests", response={200: list[Account]})
def follow_requests(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:follows")
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_ACCOUNTS, default_limit=40)
    page = paginate(pending_requests(me), page_request)
    return paged_response(
        request, page, accounts_json([row.requester for row in page.items], request)
    )


@router.post("/v1/follow_requests/{account_id}/authorize", response={200: Relationship})
def authorize_follow_request(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:follows")
    requester = access_account_by_id(account_id, viewer=me)
    services.approve_follow_request(target=me, requester=requester)
    return _answer(me, requester)


@router.post("/v1/follow_requests/{account_id}/reject", response={200: Relationship})
def reject_follow_request(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:follows")
    requester = access_account_by_id(account_id, viewer=me)
    services.reject_follow_request(target=me, requester=requester)
    return _answer(me, requester)


@router.get("/v1/blocks", response={200: list[Account]})
def blocks(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:blocks")
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_ACCOUNTS, default_limit=40)
    page = paginate(blocks_by(me), page_request)
    return paged_response(
        request, page, accounts_json([row.blocked for row in page.items], request)
    )


@router.get("/v1/mutes", response={200: list[MutedAccount]})
def mutes(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:mutes")
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_ACCOUNTS, default_limit=40)
    page = paginate(mutes_by(me), page_request)
    items = [
        account_json(row.muted, request) | {"mute_expires_at": iso_or_none(row.expires_at)}
        for row in page.items
    ]
    return paged_response(request, page, items)
