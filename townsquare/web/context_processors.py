"""Values every page's layout needs: the instance's name and the unread count."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``instance`` for the title; ``unread_notifications`` is filled in by the notifications web code."""
    return {"instance": {"name": "Townsquare"}}
