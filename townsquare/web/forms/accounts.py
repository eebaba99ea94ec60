"""Forms for signing up, logging in and editing a profile.

They check the shape of the input; the username, e-mail, password and image rules
belong to ``accounts.services``, whose ValidationFailed messages the views attach here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from townsquare.accounts.models import Account, ProfileField
from townsquare.accounts.models.account import MAX_PROFILE_FIELDS
from townsquare.accounts.selectors import is_awaiting_approval

IMAGE_TYPES = "image/jpeg,image/png,image/gif,image/webp"
WAITING_FOR_APPROVAL = (
    "Your account is waiting for approval by a moderator. You can log in once it is approved."
)


class _PlainLabels:
    """Labels without Django's trailing colon, so a label reads the same as its field's name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignupForm(_PlainLabels, forms.Form):
    username = forms.CharField(
        max_length=30,
        help_text="Letters, numbers and underscores, up to 30 characters.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        required=False,
        max_length=100,
        label="Display name (optional)",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        strip=False,
        help_text="At least 8 characters; not a common password, and not all numbers.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        strip=False,
        label="Password, again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password_again(self) -> str:
        again: str = self.cleaned_data["password_again"]
        if self.cleaned_data.get("password") not in (None, again):
            raise ValidationError("The two passwords don't match.")
        return again


class LoginForm(_PlainLabels, AuthenticationForm):
    """Django's log-in form, saying why when an account is waiting for approval."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password don't match. Check them and try again.",
        "awaiting_approval": WAITING_FOR_APPROVAL,
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as error:
            username = self.cleaned_data.get("username")
            password = self.cleaned_data.get("password")
            if (
                error.code == "invalid_login"
                and username
                and password
                and is_awaiting_approval(username=username, password=password)
            ):
                raise ValidationError(
                    self.error_messages["awaiting_approval"], code="awaiting_approval"
                ) from None
            raise


class ProfileForm(_PlainLabels, forms.Form):
    """Everything on the profile settings page; ``for_account`` fills it in."""

    display_name = forms.CharField(required=False, max_length=100, label="Display name")
    bio = forms.CharField(
        required=False,
        max_length=2000,
        label="Bio",
        help_text="Mentions, hashtags and links become links.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    avatar = forms.FileField(
        required=False,
        label="Avatar",
        help_text="JPEG, PNG, GIF or WebP; cropped to a 400 by 400 pixel square.",
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
    )
    remove_avatar = forms.BooleanField(required=False, label="Remove the avatar")
    header = forms.FileField(
        required=False,
        label="Header image",
        help_text="JPEG, PNG, GIF or WebP; cropped to 1500 by 500 pixels.",
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
    )
    remove_header = forms.BooleanField(required=False, label="Remove the header image")
    is_locked = forms.BooleanField(
        required=False,
        label="Approve followers by hand",
        help_text="People ask to follow you, and you decide.",
    )
    is_discoverable = forms.BooleanField(
        required=False,
        label="Suggest my account to others",
        help_text="Your account may appear in suggestions and directories.",
    )
    is_indexable = forms.BooleanField(
        required=False,
        label="Let people find my posts in search",
        help_text="When unticked, your posts never appear in anyone's search results.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(MAX_PROFILE_FIELDS):
            number = index + 1
            self.fields[f"field_name_{index}"] = forms.CharField(
                required=False, max_length=255, label=f"Label {number}"
            )
            self.fields[f"field_value_{index}"] = forms.CharField(
                required=False, max_length=255, label=f"Content {number}"
            )

    @classmethod
    def initial_for(cls, account: Account) -> dict[str, Any]:
        """The form's starting values: what the profile says now."""
        initial: dict[str, Any] = {
            "display_name": account.display_name,
            "bio": account.bio,
            "is_locked": account.is_locked,
            "is_discoverable": account.is_discoverable,
            "is_indexable": account.is_indexable,
        }
        for index, field in enumerate(account.fields[:MAX_PROFILE_FIELDS]):
            initial[f"field_name_{index}"] = field.get("name", "")
            initial[f"field_value_{index}"] = field.get("value", "")
        return initial

    def profile_field_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(label, content) pairs of bound fields, for the template."""
        return [
            (self[f"field_name_{index}"], self[f"field_value_{index}"])
            for index in range(MAX_PROFILE_FIELDS)
        ]

    def profile_fields(self) -> list[ProfileField]:
        """The cleaned profile fields, in order (empty rows are dropped by the service)."""
        return [
            ProfileField(
                name=self.cleaned_data[f"field_name_{index}"],
                value=self.cleaned_data[f"field_value_{index}"],
            )
            for index in range(MAX_PROFILE_FIELDS)
        ]

    def upload(self, name: str) -> UploadedFile[bytes] | None:
        """The file chosen for ``name`` ("avatar" or "header"), if any."""
        file = self.cleaned_data.get(name)
        return file if isinstance(file, UploadedFile) else None


class PasswordChangeForm(_PlainLabels, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(_PlainLabels, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SetPasswordForm(_PlainLabels, auth_forms.SetPasswordForm[Account]):
    pass
