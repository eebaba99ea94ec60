"""Per-account reads for the caller: the lists an account is in, and familiar followers.

Registered before ``accounts`` so ``/v1/accounts/familiar_followers`` is never read as an id.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.selectors import visible_accounts
from townsquare.api.auth import caller_of, require
from townsquare.api.endpoints.lists import list_json
from townsquare.api.http import json_response
from townsquare.api.schemas.familiar_followers import FamiliarFollowers
from townsquare.api.schemas.list import UserList
from townsquare.api.selectors import access_account_by_id, object_id
from townsquare.api.serializers.accounts import account_json
from townsquare.core.errors import NotFound
from townsquare.relationships.selectors import blocked_either_way_ids, familiar_followers
from townsquare.timelines.selectors import lists_containing

router = Router(tags=["accounts"])

MAX_FAMILIAR_IDS = 40


def _ids(raw_ids: list[str]) -> list[int]:
    ids: list[int] = []
    for raw in raw_ids[:MAX_FAMILIAR_IDS]:
        try:
            ids.append(object_id(raw))
        except NotFound:
            continue  # Not an id: no account can match it.
    return list(dict.fromkeys(ids))


@router.get("/v1/accounts/familiar_followers", response={200: list[FamiliarFollowers]})
def get_familiar_followers(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:follows")
    wanted = _ids(request.GET.getlist("id[]") or request.GET.getlist("id"))
    # Accounts the caller may not see answer as ones without familiar followers.
    hidden = blocked_either_way_ids(me.pk)
    visible = set(
        visible_accounts()
        .filter(pk__in=[target for target in wanted if target not in hidden])
        .values_list("pk", flat=True)
    )
    found = familiar_followers(me, [target for target in wanted if target in visible])
    return json_response(
        [
            {
                "id": str(target),
                "accounts": [account_json(account, request) for account in found.get(target, [])],
            }
            for target in wanted
        ]
    )


@router.get("/v1/accounts/{account_id}/lists", response={200: list[UserList]})
def get_account_lists(request: HttpRequest, account_id: str) -> HttpResponse:
    me = require(caller_of(request), "read:lists")
    account = access_account_by_id(account_id, viewer=me)
    return json_response([list_json(feed) for feed in lists_containing(me, account.pk)])
