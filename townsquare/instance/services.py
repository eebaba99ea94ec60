"""Writes to the server-wide settings."""

from __future__ import annotations

from django.db import transaction

from townsquare.core.errors import ValidationFailed
from townsquare.core.text import clean_text
from townsquare.instance.models import InstanceSettings
from townsquare.instance.models.settings import RegistrationMode
from townsquare.instance.selectors import forget_cached_settings, instance_settings

NAME_MAX = InstanceSettings._meta.get_field("name").max_length or 100
DESCRIPTION_MAX = 2000
POST_CHARS_MIN = 1
POST_CHARS_MAX = 100_000


@transaction.atomic
def update_instance_settings(
    *,
    name: str | None = None,
    description: str | None = None,
    registration_mode: str | None = None,
    max_post_chars: int | None = None,
) -> InstanceSettings:
    """Change what is given; ``registration_mode=""`` goes back to the environment's default."""
    row = InstanceSettings.objects.select_for_update().filter(pk=instance_settings().pk).get()
    changed: list[str] = []
    if name is not None:
        row.name = _clean_name(name)
        changed.append("name")
    if description is not None:
        row.description = _clean_description(description)
        changed.append("description")
    if registration_mode is not None:
        row.registration_mode = _checked_mode(registration_mode)
        changed.append("registration_mode")
    if max_post_chars is not None:
        row.max_post_chars = _checked_post_chars(max_post_chars)
        changed.append("max_post_chars")
    if changed:
        row.save(update_fields=changed)
        forget_cached_settings()
        # Another process may have cached the old row meanwhile; forget it once more
        # when the change is visible to everyone.
        transaction.on_commit(forget_cached_settings)
    return row


def hold_settings_lock() -> None:
    """Make other transactions that call this wait until the caller's transaction ends.

    For server-wide decisions read-then-written in two statements, such as which account is
    the first; SQLite's write transactions are serial already, PostgreSQL's are not.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("hold_settings_lock() needs a transaction to hold the lock in")
    InstanceSettings.objects.select_for_update().filter(pk=instance_settings().pk).get()


def _clean_name(name: str) -> str:
    cleaned = clean_text(name).strip()
    if not cleaned:
        raise ValidationFailed("The server needs a name", field="name")
    if len(cleaned) > NAME_MAX:
        raise ValidationFailed(
            f"The server name can be at most {NAME_MAX} characters", field="name"
        )
    return cleaned


def _clean_description(description: str) -> str:
    cleaned = clean_text(description).strip()
    if len(cleaned) > DESCRIPTION_MAX:
        raise ValidationFailed(
            f"The description can be at most {DESCRIPTION_MAX} characters", field="description"
        )
    return cleaned


def _checked_mode(mode: str) -> str:
    if mode not in {"", *RegistrationMode.values}:
        allowed = ", ".join(RegistrationMode.values)
        raise ValidationFailed(
            f"Registration mode must be one of {allowed}", field="registration_mode"
        )
    return mode


def _checked_post_chars(value: int) -> int:
    if isinstance(value, bool) or not POST_CHARS_MIN <= value <= POST_CHARS_MAX:
        raise ValidationFailed(
            f"Posts can be limited to between {POST_CHARS_MIN} and {POST_CHARS_MAX:,} characters",
            field="max_post_chars",
        )
    return value
