"""Writes to the server-wide settings."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from townsquare.core.errors import ValidationFailed
from townsquare.core.text import clean_text, render
from townsquare.instance.models import (
    Announcement,
    AnnouncementReaction,
    AnnouncementRead,
    InstanceSettings,
    Rule,
)
from townsquare.instance.models.settings import RegistrationMode
from townsquare.instance.selectors import forget_cached_settings, instance_settings

NAME_MAX = InstanceSettings._meta.get_field("name").max_length or 100
DESCRIPTION_MAX = 2000
POST_CHARS_MIN = 1
POST_CHARS_MAX = 100_000
RULE_TEXT_MAX = Rule._meta.get_field("text").max_length or 300
RULE_HINT_MAX = 1000
ANNOUNCEMENT_MAX = 5000
MAX_REACTIONS = 20
REACTION_NAME_MAX = 16


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


@transaction.atomic
def create_rule(*, text: str, hint: str = "", order: int | None = None) -> Rule:
    """A new server rule, last unless ``order`` places it."""
    if order is None:
        last = Rule.objects.order_by("-order").values_list("order", flat=True).first()
        order = 0 if last is None else last + 1
    return Rule.objects.create(text=_rule_text(text), hint=_rule_hint(hint), order=order)


@transaction.atomic
def update_rule(
    *, rule: Rule, text: str | None = None, hint: str | None = None, order: int | None = None
) -> Rule:
    if text is not None:
        rule.text = _rule_text(text)
    if hint is not None:
        rule.hint = _rule_hint(hint)
    if order is not None:
        rule.order = order
    rule.save(update_fields=["text", "hint", "order"])
    return rule


@transaction.atomic
def delete_rule(*, rule: Rule) -> None:
    rule.delete()


@transaction.atomic
def create_announcement(
    *,
    text: str,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    is_all_day: bool = False,
    is_published: bool = True,
) -> Announcement:
    """A new announcement; published at once unless ``is_published`` is False."""
    now = timezone.now()
    announcement = Announcement(created_at=now, updated_at=now)
    _fill_announcement(announcement, text, starts_at, ends_at, is_all_day)
    announcement.is_published = is_published
    announcement.published_at = now if is_published else None
    announcement.save()
    return announcement


@transaction.atomic
def update_announcement(
    *,
    announcement: Announcement,
    text: str,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    is_all_day: bool = False,
    is_published: bool = True,
) -> Announcement:
    """Replace an announcement's text and times; (un)publishing stamps ``published_at``."""
    _fill_announcement(announcement, text, starts_at, ends_at, is_all_day)
    if is_published and not announcement.is_published:
        announcement.published_at = timezone.now()
    if not is_published:
        announcement.published_at = None
    announcement.is_published = is_published
    announcement.updated_at = timezone.now()
    announcement.save()
    return announcement


@transaction.atomic
def delete_announcement(*, announcement: Announcement) -> None:
    announcement.delete()


@transaction.atomic
def dismiss_announcement(*, announcement: Announcement, account_id: int) -> None:
    """Mark the announcement read for one account; dismissing twice is harmless."""
    AnnouncementRead.objects.get_or_create(announcement=announcement, account_id=account_id)


@transaction.atomic
def add_announcement_reaction(*, announcement: Announcement, account_id: int, name: str) -> None:
    """React with one emoji; at most MAX_REACTIONS different ones per announcement."""
    name = _emoji(name)
    if AnnouncementReaction.objects.filter(
        announcement=announcement, account_id=account_id, name=name
    ).exists():
        return
    names = set(
        AnnouncementReaction.objects.filter(announcement=announcement).values_list(
            "name", flat=True
        )
    )
    if name not in names and len(names) >= MAX_REACTIONS:
        raise ValidationFailed(
            f"An announcement can have at most {MAX_REACTIONS} different reactions", field="name"
        )
    AnnouncementReaction.objects.get_or_create(
        announcement=announcement, account_id=account_id, name=name
    )


@transaction.atomic
def remove_announcement_reaction(*, announcement: Announcement, account_id: int, name: str) -> None:
    AnnouncementReaction.objects.filter(
        announcement=announcement, account_id=account_id, name=name
    ).delete()


def _rule_text(text: str) -> str:
    cleaned = clean_text(text).strip()
    if not cleaned:
        raise ValidationFailed("A rule needs a text", field="text")
    if len(cleaned) > RULE_TEXT_MAX:
        raise ValidationFailed(f"A rule can be at most {RULE_TEXT_MAX} characters", field="text")
    return cleaned


def _rule_hint(hint: str) -> str:
    cleaned = clean_text(hint).strip()
    if len(cleaned) > RULE_HINT_MAX:
        raise ValidationFailed(
            f"A rule's explanation can be at most {RULE_HINT_MAX} characters", field="hint"
        )
    return cleaned


def _fill_announcement(
    announcement: Announcement,
    text: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    is_all_day: bool,
) -> None:
    cleaned = clean_text(text).strip()
    if not cleaned:
        raise ValidationFailed("An announcement needs a text", field="text")
    if len(cleaned) > ANNOUNCEMENT_MAX:
        raise ValidationFailed(
            f"An announcement can be at most {ANNOUNCEMENT_MAX} characters", field="text"
        )
    if starts_at is not None and ends_at is not None and ends_at < starts_at:
        raise ValidationFailed("An announcement can't end before it starts", field="ends_at")
    announcement.text = cleaned
    announcement.content_html = render(
        cleaned, mention_url=lambda _name: None, hashtag_url=lambda tag: f"/tags/{tag}"
    ).html
    announcement.starts_at = starts_at
    announcement.ends_at = ends_at
    announcement.is_all_day = is_all_day


def _emoji(name: str) -> str:
    cleaned = clean_text(name).strip()
    # Only Unicode emoji: no custom emoji exist here, and letters would spoof a "name".
    if (
        not cleaned
        or len(cleaned) > REACTION_NAME_MAX
        or any(unicodedata.category(char)[0] in "LNPZ" for char in cleaned if char != "\u200d")
    ):
        raise ValidationFailed("Name is not a recognized emoji", field="name")
    return cleaned
