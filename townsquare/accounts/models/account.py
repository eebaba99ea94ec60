"""The Account: a person or a page that can log in, post and be followed."""

from __future__ import annotations

from typing import ClassVar, TypedDict

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from townsquare.core.fields import RevisionField, SnowflakeField

USERNAME_RE = r"^[A-Za-z0-9_]{1,30}$"
MAX_PROFILE_FIELDS = 4


class ProfileField(TypedDict):
    name: str
    value: str


class AccountKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"


class AccountManager(UserManager["Account"]):
    def get_by_natural_key(self, username: str | None) -> Account:
        # Log-in is case-insensitive on the username, as the unique constraint is.
        return self.get(username__iexact=username)


class Account(AbstractBaseUser, PermissionsMixin):
    """Who someone is on this server; profile data lives here, counts are denormalised."""

    id = SnowflakeField()
    username = models.CharField(
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(USERNAME_RE, "Use letters, numbers and underscores (up to 30).")
        ],
    )
    email = models.EmailField(blank=True)
    display_name = models.CharField(max_length=100, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    bio_html = models.TextField(blank=True)
    avatar = models.ImageField(upload_to="avatars/%Y/%m/", blank=True)
    header = models.ImageField(upload_to="headers/%Y/%m/", blank=True)
    fields = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=16, choices=AccountKind.choices, default=AccountKind.PERSON)
    is_locked = models.BooleanField(default=False)
    is_discoverable = models.BooleanField(default=True)
    # False keeps this person's posts out of everyone's search results.
    is_indexable = models.BooleanField(default=True)
    is_approved = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    followers_count = models.PositiveIntegerField(default=0)
    following_count = models.PositiveIntegerField(default=0)
    posts_count = models.PositiveIntegerField(default=0)
    last_posted_at = models.DateTimeField(null=True, blank=True)
    # Raised by the database on every change of the row (``core.revisions``).
    revision = RevisionField()

    objects: ClassVar[AccountManager] = AccountManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["email"]

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("username"), name="account_username_ci_unique"),
        ]
        indexes: ClassVar = [
            # Few accounts pass the fan-out threshold: a home finds the large ones it
            # follows from here (timelines.home_context) rather than from every followee.
            models.Index(fields=["followers_count"], name="account_followers_count_idx"),
        ]

    def __str__(self) -> str:
        return f"@{self.username}"

    @property
    def name(self) -> str:
        """What to call them: the display name, or the username when there is none."""
        return self.display_name or self.username

    @property
    def is_organisation(self) -> bool:
        return self.kind == AccountKind.ORGANISATION
