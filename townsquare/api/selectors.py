"""Reads of the API app."""

from __future__ import annotations

from collections.abc import Sequence

from townsquare.accounts.models import Account
from townsquare.accounts.selectors import visible_accounts
from townsquare.api.models import ClientApp, Marker
from townsquare.core.errors import NotFound
from townsquare.relationships.selectors import is_blocked_either_way


def client_app_by_id(application_id: int) -> ClientApp:
    client_app = (
        ClientApp.objects.select_related("application")
        .filter(application_id=application_id)
        .first()
    )
    if client_app is None:
        raise NotFound()
    return client_app


def object_id(raw: str | int) -> int:
    """An id from a URL; anything that isn't one answers 404 like a missing object."""
    if isinstance(raw, bool):
        raise NotFound()
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < number < 2**63:
        raise NotFound()
    return number


def access_account_by_id(raw_id: str, *, viewer: Account | None) -> Account:
    """A visible account by id; NotFound if missing, inactive, unapproved or blocked either way."""
    account = visible_accounts().filter(pk=object_id(raw_id)).first()
    if account is None:
        raise NotFound()
    if viewer is not None and is_blocked_either_way(viewer.pk, account.pk):
        raise NotFound()
    return account


def markers_for(account: Account, timelines: Sequence[str]) -> list[Marker]:
    """``account``'s read markers for the named timelines (all of them when none are named)."""
    markers = Marker.objects.filter(account=account)
    if timelines:
        markers = markers.filter(timeline__in=list(timelines))
    return list(markers.order_by("timeline"))
