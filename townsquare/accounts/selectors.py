"""Reads of accounts: only active, approved accounts are visible to other people."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import QuerySet
from django.db.models.functions import Lower

from townsquare.accounts.models import Account
from townsquare.accounts.models.account import USERNAME_RE
from townsquare.core.errors import NotFound

_USERNAME = re.compile(USERNAME_RE)


def visible_accounts() -> QuerySet[Account]:
    """Accounts others may see: active and approved."""
    return Account.objects.filter(is_active=True, is_approved=True)


def account_by_username(username: str) -> Account | None:
    """The visible account with this username, ignoring case and a leading "@"."""
    username = username.removeprefix("@")
    if not _USERNAME.match(username):
        return None
    return visible_accounts().filter(username__iexact=username).first()


def access_account(username: str) -> Account:
    """The visible account with this username; NotFound if missing, inactive or unapproved."""
    account = account_by_username(username)
    if account is None:
        raise NotFound("No such account")
    return account


def account_by_email_or_username(identifier: str) -> Account | None:
    """The visible account with this e-mail address or username (either ignoring case)."""
    identifier = identifier.strip()
    if "@" in identifier.removeprefix("@"):
        return visible_accounts().filter(email__iexact=identifier).order_by("id").first()
    return account_by_username(identifier)


def accounts_by_usernames(usernames: Iterable[str]) -> dict[str, Account]:
    """Visible accounts keyed by lowercased username; unknown names are left out. One query."""
    wanted = {name.removeprefix("@").lower() for name in usernames}
    wanted = {name for name in wanted if _USERNAME.match(name)}
    if not wanted:
        return {}
    # Filtering on Lower(username) uses the case-insensitive unique index.
    found = visible_accounts().annotate(username_lower=Lower("username"))
    return {
        account.username.lower(): account for account in found.filter(username_lower__in=wanted)
    }


def pending_accounts() -> QuerySet[Account]:
    """Active accounts waiting for a moderator's approval, oldest first."""
    return Account.objects.filter(is_active=True, is_approved=False).order_by("date_joined", "id")


def access_pending_account(username: str) -> Account:
    """An account waiting for approval; NotFound otherwise."""
    account = pending_accounts().filter(username__iexact=username.removeprefix("@")).first()
    if account is None:
        raise NotFound("No such account is waiting for approval")
    return account


def is_awaiting_approval(*, username: str, password: str) -> bool:
    """Whether these credentials belong to an account still waiting for approval.

    Asked only after a log-in failed, to tell the person why instead of "wrong password".
    """
    account = pending_accounts().filter(username__iexact=username.removeprefix("@")).first()
    return account is not None and account.check_password(password)
