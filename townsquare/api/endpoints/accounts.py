"""/api/v1/accounts: the caller's own profile, other people's, their posts and lists, sign-up."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account as AccountModel
from townsquare.accounts.models import ProfileField
from townsquare.accounts.selectors import account_by_username
from townsquare.accounts.services import update_profile
from townsquare.api import scopes as scope_rules
from townsquare.api.auth import (
    Caller,
    OutsideScopes,
    Unauthorized,
    caller_of,
    optional_viewer,
    require,
)
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.http import json_response, paged_response
from townsquare.api.schemas.account import (
    Account,
    CredentialAccount,
    FieldIn,
    RegistrationIn,
    Token,
    UpdateCredentialsIn,
)
from townsquare.api.schemas.status import Status
from townsquare.api.selectors import access_account_by_id
from townsquare.api.serializers.accounts import (
    account_json,
    accounts_json,
    credential_account_json,
    token_json,
)
from townsquare.api.serializers.statuses import statuses_json
from townsquare.api.services import register_account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.core.pagination import PageRequest, page_of, paginate
from townsquare.posts.selectors import hashtag_by_name
from townsquare.relationships.selectors import (
    blocked_either_way_ids,
    followers_of,
    following_of,
    pending_request_count,
)
from townsquare.search.selectors import search_accounts
from townsquare.timelines.selectors import account_posts, pinned

router = Router(tags=["accounts"])

MAX_ACCOUNTS = 80
MAX_STATUSES = 40
TRUE_WORDS = frozenset({"1", "true", "on", "yes"})


def flag(request: HttpRequest, name: str) -> bool:
    """A boolean query parameter as Rails reads it."""
    return request.GET.get(name, "").strip().lower() in TRUE_WORDS


def _credential(account: AccountModel, request: HttpRequest) -> HttpResponse:
    """The caller's CredentialAccount, from ``account`` as loaded (this request's own row)."""
    count = pending_request_count(account.pk)
    return json_response(credential_account_json(account, request, follow_requests_count=count))


@router.get("/v1/accounts/verify_credentials", response={200: CredentialAccount})
def verify_credentials(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:accounts")
    return _credential(me, request)


def _fields(body: UpdateCredentialsIn) -> list[ProfileField] | None:
    given = body.fields_attributes
    if given is None:
        return None
    items: list[FieldIn] = (
        [given[key] for key in sorted(given, key=lambda key: (len(key), key))]
        if isinstance(given, dict)
        else list(given)
    )
    return [ProfileField(name=item.name, value=item.value) for item in items]


@router.patch(
    "/v1/accounts/update_credentials",
    response={200: CredentialAccount},
    openapi_extra=body_doc(UpdateCredentialsIn),
)
def update_credentials(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "write:accounts")
    body = parsed_body(request, UpdateCredentialsIn)
    update_profile(
        account=me,
        display_name=body.display_name,
        bio=body.note,
        fields=_fields(body),
        is_locked=body.locked,
        is_discoverable=body.discoverable,
        avatar=body.avatar,
        header=body.header,
    )
    me.refresh_from_db()  # as the update left it
    return _credential(me, request)


@router.get("/v1/accounts/lookup", response={200: Account}, auth=None)
def lookup(request: HttpRequest) -> HttpResponse:
    viewer = optional_viewer(request, "read:accounts")
    acct = request.GET.get("acct", "").strip().removeprefix("@")
    username, _, domain = acct.partition("@")
    if domain and domain.lower() != request.get_host().split(":")[0].lower():
        raise NotFound()
    account = account_by_username(username)
    if account is None:
        raise NotFound()
    return json_response(
        account_json(access_account_by_id(str(account.pk), viewer=viewer), request)
    )


def search_window(request: HttpRequest) -> tuple[int, int]:
    """``offset`` and ``limit`` of a search, clamped."""
    page = PageRequest.from_params(request.GET, default_limit=40, max_limit=MAX_ACCOUNTS)
    return max(0, min(_int(request.GET.get("offset")), 10_000)), page.limit


@router.get("/v1/accounts/search", response={200: list[Account]})
def search(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:accounts")
    query = request.GET.get("q", "").strip().removeprefix("@").split("@")[0][:100]
    if not query:
        return json_response([])
    offset, limit = search_window(request)
    rows = search_accounts(
        me, query, offset=offset, limit=limit, following=flag(request, "following")
    )
    return json_response(accounts_json(rows, request))


def _int(raw: Any) -> int:
    try:
        return int(str(raw))
    except ValueError:
        return 0


@router.post("/v1/accounts", response={200: Token}, openapi_extra=body_doc(RegistrationIn))
def register(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    if not isinstance(caller, Caller) or caller.application_id is None:
        raise Unauthorized("This method requires an app token")
    if not scope_rules.grants(caller.scopes, "write:accounts"):
        raise OutsideScopes("This action is outside the authorized scopes")
    body = parsed_body(request, RegistrationIn)
    if not body.agreement:
        return _registration_error(
            ValidationFailed("You must accept the server's rules", field="agreement"),
            "ERR_ACCEPTED",
        )
    try:
        issued = register_account(
            application_id=caller.application_id,
            scopes=caller.scopes,
            username=body.username,
            email=body.email,
            password=body.password,
        )
    except ValidationFailed as failed:
        return _registration_error(failed, _error_code(failed.message))
    return json_response(token_json(issued.token, issued.scopes, issued.created))


def _error_code(message: str) -> str:
    lowered = message.lower()
    if "taken" in lowered or "already exists" in lowered:
        return "ERR_TAKEN"
    if "reserved" in lowered:
        return "ERR_RESERVED"
    if "choose" in lowered or "enter your" in lowered:
        return "ERR_BLANK"
    return "ERR_INVALID"


def _registration_error(failed: ValidationFailed, code: str) -> HttpResponse:
    """Mastodon's 422 for sign-up: the message, and ``details`` per field for clients."""
    field = failed.field or "base"
    body = {
        "error": f"Validation failed: {failed.message}",
        "details": {field: [{"error": code, "description": failed.message}]},
    }
    return json_response(body, status=422)


@router.get("/v1/accounts/{account_id}", response={200: Account}, auth=None)
def get_account(request: HttpRequest, account_id: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:accounts")
    return json_response(account_json(access_account_by_id(account_id, viewer=viewer), request))


@router.get("/v1/accounts/{account_id}/statuses", response={200: list[Status]}, auth=None)
def account_statuses(request: HttpRequest, account_id: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:accounts")
    author = access_account_by_id(account_id, viewer=viewer)
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_STATUSES)
    if flag(request, "pinned"):
        posts = pinned(author, viewer)
        return json_response(statuses_json(posts, viewer, request, filter_context="account"))
    tagged = request.GET.get("tagged", "").strip().lstrip("#")
    tag = hashtag_by_name(tagged[:100]) if tagged else None
    if tagged and tag is None:
        return paged_response(request, page_of([]), [])
    page = account_posts(
        author,
        viewer,
        page_request,
        only_media=flag(request, "only_media"),
        exclude_replies=flag(request, "exclude_replies"),
        exclude_boosts=flag(request, "exclude_reblogs"),
        tagged=tag,
    )
    statuses = statuses_json(page.items, viewer, request, filter_context="account")
    return paged_response(request, page, statuses)


def _account_page(request: HttpRequest, accounts: Any) -> HttpResponse:
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_ACCOUNTS, default_limit=40)
    page = paginate(accounts, page_request, key="edge_id")
    return paged_response(request, page, accounts_json(page.items, request))


@router.get("/v1/accounts/{account_id}/followers", response={200: list[Account]}, auth=None)
def followers(request: HttpRequest, account_id: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:accounts")
    account = access_account_by_id(account_id, viewer=viewer)
    listed = followers_of(account).filter(is_approved=True)
    if viewer is not None:
        listed = listed.exclude(pk__in=blocked_either_way_ids(viewer.pk))
    return _account_page(request, listed)


@router.get("/v1/accounts/{account_id}/following", response={200: list[Account]}, auth=None)
def following(request: HttpRequest, account_id: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:accounts")
    account = access_account_by_id(account_id, viewer=viewer)
    listed = following_of(account).filter(is_approved=True)
    if viewer is not None:
        listed = listed.exclude(pk__in=blocked_either_way_ids(viewer.pk))
    return _account_page(request, listed)
