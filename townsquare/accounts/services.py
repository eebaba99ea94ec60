"""Writes to accounts: signing up, profiles, approval and denormalised counters."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import quote

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Greatest
from django.utils import timezone

from townsquare.accounts import images
from townsquare.accounts.events import AccountApproved, AccountSignedUp, ProfileUpdated
from townsquare.accounts.models import Account, ProfileField
from townsquare.accounts.models.account import MAX_PROFILE_FIELDS, USERNAME_RE
from townsquare.accounts.selectors import account_by_username
from townsquare.core.errors import Forbidden, ValidationFailed
from townsquare.core.events import publish
from townsquare.core.text import clean_text, render
from townsquare.instance.selectors import registration_mode
from townsquare.instance.services import hold_settings_lock

# Names that would shadow a page, look official, or confuse people.
RESERVED_USERNAMES = frozenset(
    {
        "about", "abuse", "account", "accounts", "admin", "administrator", "api", "app", "apps",
        "auth", "bookmarks", "compose", "explore", "files", "follow_requests", "help", "home",
        "hostmaster", "info", "instance", "likes", "local", "login", "logout", "mail", "media",
        "moderator", "moderators", "mod", "news", "noreply", "no_reply", "notifications",
        "null", "oauth", "owner", "postmaster", "posts", "privacy", "public", "root", "search",
        "security", "settings", "signup", "staff", "static", "status", "support", "system",
        "tags", "terms", "townsquare", "undefined", "user", "users", "webmaster", "well_known",
        "www",
    }
)  # fmt: skip
DISPLAY_NAME_MAX = Account._meta.get_field("display_name").max_length or 100
BIO_MAX = Account._meta.get_field("bio").max_length or 2000
FIELD_NAME_MAX = 255
FIELD_VALUE_MAX = 255
EMAIL_MAX = 254

_USERNAME = re.compile(USERNAME_RE)


@transaction.atomic
def sign_up(*, username: str, email: str, password: str, display_name: str = "") -> Account:
    """Create an account as the registration mode allows; the very first one is the admin."""
    mode = registration_mode()
    if mode == "closed":
        raise Forbidden("Registration is closed on this server")
    username = _checked_username(username)
    email = _checked_email(email)
    display_name = _checked_display_name(display_name)
    account = Account(username=username, email=email, display_name=display_name)
    _check_password(password, account)
    account.set_password(password)
    is_first = not Account.objects.exists()
    if is_first:
        # Two first sign-ups racing on PostgreSQL would both see no accounts: the lock makes
        # the later one wait for the earlier to commit, and then see its account.
        hold_settings_lock()
        is_first = not Account.objects.exists()
    account.is_staff = account.is_superuser = is_first
    # The first account runs the server; there is nobody else to approve it.
    account.is_approved = is_first or mode != "approval"
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        # Two people raced for the same name; the unique index decided.
        raise ValidationFailed("This username is taken", field="username") from None
    publish(AccountSignedUp(account_id=account.id))
    return account


@transaction.atomic
def approve_account(*, account: Account) -> None:
    """Let an account waiting for approval log in; approving twice changes nothing."""
    updated = Account.objects.filter(pk=account.pk, is_approved=False).update(is_approved=True)
    account.is_approved = True
    if updated:
        publish(AccountApproved(account_id=account.id))


@transaction.atomic
def grant_admin(*, account: Account) -> None:
    """Make an account staff and superuser (approved, so it can log in at once)."""
    Account.objects.filter(pk=account.pk).update(is_staff=True, is_superuser=True, is_approved=True)
    account.is_staff = account.is_superuser = account.is_approved = True


@transaction.atomic
def update_profile(
    *,
    account: Account,
    display_name: str | None = None,
    bio: str | None = None,
    fields: list[ProfileField] | None = None,
    is_locked: bool | None = None,
    is_discoverable: bool | None = None,
    is_indexable: bool | None = None,
    avatar: UploadedFile[bytes] | None = None,
    header: UploadedFile[bytes] | None = None,
    remove_avatar: bool = False,
    remove_header: bool = False,
) -> Account:
    """Change what is given (None leaves a value alone); all of it is saved, or none."""
    changes = _profile_changes(
        display_name=display_name,
        bio=bio,
        fields=fields,
        is_locked=is_locked,
        is_discoverable=is_discoverable,
        is_indexable=is_indexable,
    )
    # Every image is decoded and re-encoded before anything is written, so a bad
    # header can't leave a new avatar behind.
    image_changes: dict[str, ContentFile[bytes] | None] = {}
    for spec, upload, remove in (
        (images.AVATAR, avatar, remove_avatar),
        (images.HEADER, header, remove_header),
    ):
        if upload is not None or remove:
            image_changes[spec.field] = _new_image(upload, remove, spec)
    if not changes and not image_changes:
        return account
    for name, value in changes.items():
        setattr(account, name, value)
    _save_with_images(account, list(changes), image_changes)
    publish(ProfileUpdated(account_id=account.id))
    return account


# One UPDATE statement each, atomic by itself: no transaction (or savepoint) needed.
def change_counters(
    *, account_id: int, followers: int = 0, following: int = 0, posts: int = 0
) -> None:
    """Add to the denormalised counts in the database (never below zero)."""
    deltas = {
        "followers_count": followers,
        "following_count": following,
        "posts_count": posts,
    }
    changes = {name: Greatest(F(name) + delta, 0) for name, delta in deltas.items() if delta}
    if changes:
        Account.objects.filter(pk=account_id).update(**changes)


def count_post(*, account_id: int, at: datetime) -> None:
    """One more post (or boost) by the account, posted at ``at`` (an aware datetime): its
    count and the time of its last post, in the one UPDATE."""
    if timezone.is_naive(at):
        raise ValueError("count_post needs an aware datetime")
    Account.objects.filter(pk=account_id).update(
        posts_count=F("posts_count") + 1, last_posted_at=at
    )


def _checked_username(username: str) -> str:
    username = username.strip()
    if not username:
        raise ValidationFailed("Choose a username", field="username")
    if not _USERNAME.match(username):
        raise ValidationFailed(
            "Usernames can only use letters, numbers and underscores, up to 30 characters",
            field="username",
        )
    if username.lower() in RESERVED_USERNAMES:
        raise ValidationFailed("This username is reserved", field="username")
    if Account.objects.filter(username__iexact=username).exists():
        raise ValidationFailed("This username is taken", field="username")
    return username


def _checked_email(email: str) -> str:
    email = email.strip()
    if not email:
        raise ValidationFailed("Enter your e-mail address", field="email")
    if len(email) > EMAIL_MAX:
        raise ValidationFailed(
            f"E-mail addresses can be at most {EMAIL_MAX} characters", field="email"
        )
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed("Enter a valid e-mail address", field="email") from None
    if Account.objects.filter(email__iexact=email).exists():
        raise ValidationFailed("An account with this e-mail address already exists", field="email")
    return email


def _check_password(password: str, account: Account) -> None:
    try:
        password_validation.validate_password(password, user=account)
    except ValidationError as error:
        raise ValidationFailed(" ".join(error.messages), field="password") from None


def _checked_display_name(display_name: str) -> str:
    cleaned = " ".join(clean_text(display_name).split())
    if len(cleaned) > DISPLAY_NAME_MAX:
        raise ValidationFailed(
            f"Display names can be at most {DISPLAY_NAME_MAX} characters", field="display_name"
        )
    return cleaned


def _checked_bio(bio: str) -> tuple[str, str]:
    cleaned = clean_text(bio).strip()
    if len(cleaned) > BIO_MAX:
        raise ValidationFailed(f"Bios can be at most {BIO_MAX} characters", field="bio")
    rendered = render(cleaned, mention_url=_mention_url, hashtag_url=_hashtag_url)
    return cleaned, rendered.html


def _checked_fields(fields: list[ProfileField]) -> list[ProfileField]:
    kept: list[ProfileField] = []
    for field in fields:
        name = " ".join(clean_text(field.get("name", "")).split())
        value = " ".join(clean_text(field.get("value", "")).split())
        if not name and not value:
            continue
        if not name:
            raise ValidationFailed("Each profile field needs a label", field="fields")
        if len(name) > FIELD_NAME_MAX:
            raise ValidationFailed(
                f"Profile field labels can be at most {FIELD_NAME_MAX} characters", field="fields"
            )
        if len(value) > FIELD_VALUE_MAX:
            raise ValidationFailed(
                f"Profile field values can be at most {FIELD_VALUE_MAX} characters",
                field="fields",
            )
        kept.append(ProfileField(name=name, value=value))
    if len(kept) > MAX_PROFILE_FIELDS:
        raise ValidationFailed(
            f"A profile can have at most {MAX_PROFILE_FIELDS} fields", field="fields"
        )
    return kept


def _profile_changes(
    *,
    display_name: str | None,
    bio: str | None,
    fields: list[ProfileField] | None,
    is_locked: bool | None,
    is_discoverable: bool | None,
    is_indexable: bool | None = None,
) -> dict[str, object]:
    changes: dict[str, object] = {}
    if display_name is not None:
        changes["display_name"] = _checked_display_name(display_name)
    if bio is not None:
        changes["bio"], changes["bio_html"] = _checked_bio(bio)
    if fields is not None:
        changes["fields"] = _checked_fields(fields)
    if is_locked is not None:
        changes["is_locked"] = bool(is_locked)
    if is_discoverable is not None:
        changes["is_discoverable"] = bool(is_discoverable)
    if is_indexable is not None:
        changes["is_indexable"] = bool(is_indexable)
    return changes


def _new_image(
    upload: UploadedFile[bytes] | None, remove: bool, spec: images.ImageSpec
) -> ContentFile[bytes] | None:
    """The prepared upload, or None to remove the image."""
    if upload is None:
        return None
    if remove:
        raise ValidationFailed(
            f"Upload a new {spec.field} or remove it, not both", field=spec.field
        )
    return images.prepare_image(upload, spec)


def _save_with_images(
    account: Account, update_fields: list[str], image_changes: dict[str, ContentFile[bytes] | None]
) -> None:
    """Write the new files, then the row; if anything fails, the new files go again."""
    storage = account.avatar.storage
    replaced = [getattr(account, name).name for name in image_changes if getattr(account, name)]
    written: list[str] = []
    try:
        for name, new_file in image_changes.items():
            if new_file is None:
                setattr(account, name, "")
                continue
            field_file: FieldFile = getattr(account, name)
            field_file.save(new_file.name or "image", new_file, save=False)
            written.append(field_file.name or "")
        account.save(update_fields=[*update_fields, *image_changes])
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    if replaced:
        # Old files go only once the new row is committed; a rollback keeps them in use.
        transaction.on_commit(lambda: _delete_files(storage, replaced))


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _mention_url(username: str) -> str | None:
    account = account_by_username(username)
    return None if account is None else f"/@{account.username}"


def _hashtag_url(tag: str) -> str:
    return f"/tags/{quote(tag)}"
