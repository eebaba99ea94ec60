"""Values every page's layout needs: the instance's name and the unread count."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from townsquare.accounts.models import Account
from townsquare.instance.selectors import instance_settings
from townsquare.notifications.selectors import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``instance`` for the title and ``unread_notifications`` for the badge.

    Both are lazy, so fragments (htmx partials, error pages without a nav) that never
    show them cost no query.
    """
    context: dict[str, Any] = {"instance": SimpleLazyObject(instance_settings)}
    user = getattr(request, "user", None)
    if isinstance(user, Account):
        context["unread_notifications"] = SimpleLazyObject(lambda: unread_count(user))
    else:
        context["unread_notifications"] = 0
    return context
