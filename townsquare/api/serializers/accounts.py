"""Account, CredentialAccount, Relationship and Token entities."""

from __future__ import annotations

import html
from typing import Any

from django.http import HttpRequest

from townsquare.accounts.models import Account
from townsquare.api.serializers.common import absolute, midnight, rendering_of, row_values
from townsquare.core.memo import Memo
from townsquare.relationships.selectors import Relationship


def _field_json(field: Any, *, as_html: bool) -> dict[str, Any]:
    name = str(field.get("name", ""))
    value = str(field.get("value", ""))
    return {
        "name": name,
        "value": html.escape(value) if as_html else value,
        "verified_at": None,
    }


def account_json(
    account: Account, request: HttpRequest, rendering: tuple[str, str] | None = None
) -> dict[str, Any]:
    """The Account entity of a local account (a copy: callers may add to it).

    ``rendering`` is ``rendering_of(request)`` when the caller has it already.
    """
    row = row_values(account)
    if row is None:
        return _account_json(account, request)
    key = (rendering or rendering_of(request), row)
    return dict(_ACCOUNTS.get(key, lambda: _account_json(account, request)))


# Every status carries its author: rendered once per version of the account's row.
_ACCOUNTS: Memo[dict[str, Any]] = Memo(size=1536)


def _account_json(account: Account, request: HttpRequest) -> dict[str, Any]:
    avatar = absolute(request, "web:account_avatar", username=account.username)
    header = absolute(request, "web:account_header", username=account.username)
    return {
        "id": str(account.id),
        "username": account.username,
        "acct": account.username,
        "url": absolute(request, "web:profile", username=account.username),
        "display_name": account.display_name,
        "note": account.bio_html,
        "avatar": avatar,
        "avatar_static": avatar,
        "header": header,
        "header_static": header,
        "locked": account.is_locked,
        "fields": [_field_json(field, as_html=True) for field in account.fields or []],
        "emojis": [],
        "bot": False,
        "group": False,
        "discoverable": account.is_discoverable,
        "noindex": not account.is_discoverable,
        "created_at": midnight(account.date_joined.date()),
        "last_status_at": (
            f"{account.last_posted_at:%Y-%m-%d}" if account.last_posted_at is not None else None
        ),
        "statuses_count": account.posts_count,
        "followers_count": account.followers_count,
        "following_count": account.following_count,
    }


def accounts_json(accounts: Any, request: HttpRequest) -> list[dict[str, Any]]:
    return [account_json(account, request) for account in accounts]


def credential_account_json(
    account: Account, request: HttpRequest, *, follow_requests_count: int
) -> dict[str, Any]:
    """The caller's own account, with the plain-text sources of their profile."""
    data = account_json(account, request)
    data["source"] = {
        "privacy": "public",
        "sensitive": False,
        "language": "",
        "note": account.bio,
        "fields": [_field_json(field, as_html=False) for field in account.fields or []],
        "follow_requests_count": follow_requests_count,
    }
    return data


def relationship_json(target_id: int, relationship: Relationship) -> dict[str, Any]:
    """The Relationship entity: how the caller stands with ``target_id``."""
    return {
        "id": str(target_id),
        "following": relationship.following,
        "showing_reblogs": relationship.showing_reblogs,
        "notifying": relationship.notifying,
        "languages": None if relationship.languages is None else list(relationship.languages),
        "followed_by": relationship.followed_by,
        "blocking": relationship.blocking,
        "blocked_by": relationship.blocked_by,
        "muting": relationship.muting,
        "muting_notifications": relationship.muting and relationship.muting_notifications,
        "requested": relationship.requested,
        "requested_by": relationship.requested_by,
        "domain_blocking": False,
        "endorsed": relationship.endorsed,
        "note": "",
    }


def token_json(token: str, scopes: str, created: Any) -> dict[str, Any]:
    """The Token entity, as POST /oauth/token and POST /api/v1/accounts answer."""
    return {
        "access_token": token,
        "token_type": "Bearer",
        "scope": scopes,
        "created_at": int(created.timestamp()),
    }
