"""Mastodon's OAuth scopes: the top-level ones and the granular ones they include.

``read`` grants every ``read:*`` scope, ``write`` every ``write:*``, and the legacy
``follow`` grants the relationship scopes, as Mastodon documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

READ = (
    "accounts", "blocks", "bookmarks", "favourites", "filters", "follows", "lists",
    "mutes", "notifications", "search", "statuses",
)  # fmt: skip
WRITE = (
    "accounts", "blocks", "bookmarks", "conversations", "favourites", "filters", "follows",
    "lists", "media", "mutes", "notifications", "reports", "statuses",
)  # fmt: skip
FOLLOW_GRANTS = frozenset(
    {"read:blocks", "write:blocks", "read:follows", "write:follows", "read:mutes", "write:mutes"}
)

SCOPES: dict[str, str] = {
    "read": "Read all your account's data",
    "write": "Change all your account's data",
    "follow": "Follow, block and mute people",
    "push": "Receive push notifications",
    "profile": "Read only your basic profile",
    **{f"read:{name}": f"Read your {name}" for name in READ},
    **{f"write:{name}": f"Change your {name}" for name in WRITE},
}
DEFAULT_SCOPES = ("read",)


def parse(scopes: str | Iterable[str] | None) -> list[str]:
    """Scopes from a space- or plus-separated string (or a list), unknown ones kept for checking."""
    if scopes is None:
        return []
    words = scopes.replace("+", " ").split() if isinstance(scopes, str) else list(scopes)
    return list(dict.fromkeys(word for word in words if word))


def unknown(scopes: Iterable[str]) -> list[str]:
    return [scope for scope in scopes if scope not in SCOPES]


def grants(granted: Iterable[str], required: str) -> bool:
    """Whether a token with ``granted`` scopes may do what needs ``required``."""
    held = set(granted)
    if required in held:
        return True
    family = required.split(":", 1)[0]
    if ":" in required and family in held:
        return True
    return "follow" in held and required in FOLLOW_GRANTS


class ApplicationScopes:
    """django-oauth-toolkit scopes backend: an app may ask for the scopes it registered."""

    def get_all_scopes(self) -> dict[str, str]:
        return SCOPES

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        registered = getattr(getattr(application, "client_app", None), "scopes", "")
        allowed = parse(registered) or list(DEFAULT_SCOPES)
        # Asking for read:statuses is fine when the app registered read.
        return [scope for scope in SCOPES if grants(allowed, scope)]

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        registered = getattr(getattr(application, "client_app", None), "scopes", "")
        return parse(registered) or list(DEFAULT_SCOPES)
