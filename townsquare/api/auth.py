"""Who is calling the API: a Bearer access token resolved to its account and scopes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from oauth2_provider.models import get_access_token_model

from townsquare.accounts.models import Account
from townsquare.api import scopes as scope_rules
from townsquare.core import rows
from townsquare.core.errors import DomainError


class Unauthorized(DomainError):
    """No valid token where one is needed: 401."""


class OutsideScopes(DomainError):
    """The token is valid but lacks the scope this route needs: 403."""


@dataclass(frozen=True, slots=True)
class Caller:
    """The account (None for an app-only token) and the scopes the token carries."""

    account: Account | None
    scopes: tuple[str, ...]
    application_id: int | None


ANONYMOUS = Caller(account=None, scopes=(), application_id=None)


def caller_for(token: str) -> Caller | None:
    """The caller a raw token stands for, or None when it is unknown, expired or disabled."""
    if not token or len(token) > 512:
        return None
    checksum = hashlib.sha256(token.encode()).hexdigest()
    row = _token_row(checksum)
    if row is None:
        return None
    token_model = get_access_token_model()
    expires = rows.value(token_model._meta.get_field("expires"), row[0])
    if expires <= timezone.now():
        return None
    account = None if row[3] is None else rows.shape(Account).instance(row, 3)
    if account is not None and not (account.is_active and account.is_approved):
        return None
    return Caller(account=account, scopes=tuple(scope_rules.parse(row[1])), application_id=row[2])


def _token_row(checksum: str) -> tuple[Any, ...] | None:
    """The token's expiry, scope and application, then its account's columns (NULLs for an
    app-only token). Hand-written: every API request asks, and compiling the equivalent
    ``select_related`` queryset cost more than SQLite took to answer it."""
    token_table = get_access_token_model()._meta.db_table
    sql = (
        f"SELECT t.expires, t.scope, t.application_id, {rows.columns(Account, 'a')}"  # noqa: S608
        f" FROM {token_table} t LEFT JOIN {Account._meta.db_table} a ON a.id = t.user_id"
        " WHERE t.token_checksum = %s"
    )
    return rows.fetch_one(sql, [checksum])


class BearerToken(HttpBearer):
    """Ninja auth: the request's Caller, or None so ninja answers 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        return caller_for(token)


def optional_caller(request: HttpRequest) -> Caller:
    """For routes that anonymous callers may use too: a bad token is still refused."""
    header = request.headers.get("Authorization", "")
    if not header:
        return ANONYMOUS
    kind, _, token = header.partition(" ")
    caller = caller_for(token.strip()) if kind.lower() == "bearer" else None
    if caller is None:
        raise Unauthorized("The access token is invalid")
    return caller


def require(caller: Any, scope: str, *, user: bool = True) -> Account:
    """The caller's account if its token grants ``scope``; 401/403 otherwise."""
    if not isinstance(caller, Caller) or (user and caller.account is None):
        raise Unauthorized("This method requires an authenticated user")
    if not scope_rules.grants(caller.scopes, scope):
        raise OutsideScopes("This action is outside the authorized scopes")
    assert caller.account is not None  # noqa: S101  (user=False callers use require_app)
    return caller.account


def caller_of(request: HttpRequest) -> Caller | None:
    """The Caller ninja's Bearer auth attached to the request (None on anonymous routes)."""
    caller = getattr(request, "auth", None)
    return caller if isinstance(caller, Caller) else None


def optional_viewer(request: HttpRequest, scope: str) -> Account | None:
    """The account reading a public route, or None for anonymous callers.

    A token without ``scope`` is refused rather than treated as anonymous, so a
    write-only token can't read what its account may see.
    """
    caller = optional_caller(request)
    if caller.account is not None and not scope_rules.grants(caller.scopes, scope):
        raise OutsideScopes("This action is outside the authorized scopes")
    return caller.account
