"""Reads of the server-wide settings; the environment gives defaults the database overrides."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from townsquare.instance.models import InstanceSettings

CACHE_KEY = "instance:settings:v1"
CACHE_SECONDS = 300


def instance_settings() -> InstanceSettings:
    """The one settings row (created on first use), cached between requests.

    A change clears the cache at once; with a per-process (local memory) cache, other
    processes see it within CACHE_SECONDS.
    """
    # A row read inside a transaction may hold values that roll back, so only rows
    # read outside one are cached; inside, the row is read fresh from the database.
    if connection.in_atomic_block:
        return _load()
    cached = cache.get(CACHE_KEY)
    if isinstance(cached, InstanceSettings):
        return cached
    row = _load()
    cache.set(CACHE_KEY, row, CACHE_SECONDS)
    return row


def registration_mode() -> str:
    """Who may sign up: "open", "approval" or "closed" (the admin's choice, else the env's)."""
    chosen = instance_settings().registration_mode
    return chosen or str(settings.TOWNSQUARE["REGISTRATION_MODE"])


def max_post_chars() -> int:
    """How many characters a post may have: the administrator's choice, else the environment's."""
    chosen = instance_settings().max_post_chars
    return chosen if chosen is not None else int(settings.TOWNSQUARE["MAX_POST_CHARS"])


def forget_cached_settings() -> None:
    """Drop the cached row so the next read sees the database (called after every change)."""
    cache.delete(CACHE_KEY)


def _load() -> InstanceSettings:
    row = InstanceSettings.objects.order_by("pk").first()
    if row is None:
        row, _ = InstanceSettings.objects.get_or_create(pk=1)
    return row
