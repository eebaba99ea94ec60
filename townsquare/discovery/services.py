"""Writes of discovery: staff hiding a trend, and a person dismissing a suggestion."""

from __future__ import annotations

from django.db import transaction

from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden, ValidationFailed
from townsquare.core.text import normalise_hashtag
from townsquare.discovery.models import HiddenTrend, SuggestionDismissal, TrendKind
from townsquare.discovery.models.hidden_trend import trend_key

MAX_LABEL = 2000


def _check_staff(actor: Account) -> None:
    if not actor.is_staff:
        raise Forbidden("Only staff can hide trends")


def _checked_kind(kind: str) -> str:
    if kind not in TrendKind.values:
        raise ValidationFailed(f"Unknown trend kind; use one of {', '.join(TrendKind.values)}")
    return kind


@transaction.atomic
def hide_trend(*, actor: Account, kind: str, value: str) -> HiddenTrend:
    """Keep a hashtag (normalised name), post (id) or link (URL) out of trends; idempotent."""
    _check_staff(actor)
    kind = _checked_kind(kind)
    value = value.strip()
    if kind == TrendKind.TAG:
        value = normalise_hashtag(value.lstrip("#"))
    if not value:
        raise ValidationFailed("Say which trend to hide")
    hidden, _created = HiddenTrend.objects.get_or_create(
        kind=kind,
        key=trend_key(kind, value),
        defaults={"label": value[:MAX_LABEL], "hidden_by": actor},
    )
    return hidden


@transaction.atomic
def unhide_trend(*, actor: Account, kind: str, value: str) -> None:
    """Let a hidden trend show again; nothing happens if it wasn't hidden."""
    _check_staff(actor)
    kind = _checked_kind(kind)
    value = value.strip()
    if kind == TrendKind.TAG:
        value = normalise_hashtag(value.lstrip("#"))
    HiddenTrend.objects.filter(kind=kind, key=trend_key(kind, value)).delete()


@transaction.atomic
def dismiss_suggestion(*, account: Account, dismissed: Account) -> SuggestionDismissal:
    """Stop suggesting ``dismissed`` to ``account``; dismissing twice keeps the first."""
    if account.pk == dismissed.pk:
        raise ValidationFailed("You are never suggested to yourself")
    dismissal, _created = SuggestionDismissal.objects.get_or_create(
        account=account, dismissed=dismissed
    )
    return dismissal
