"""Forms for writing and editing posts.

They check only the shape of the input; the length limit, mentions, image checks and
every other rule belong to ``posts.services`` and ``media.services``, whose
ValidationFailed messages the views attach to these forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from townsquare.instance.selectors import max_post_chars
from townsquare.media.models import MediaAttachment
from townsquare.media.models.attachment import MAX_DESCRIPTION_CHARS
from townsquare.posts.models import Visibility
from townsquare.posts.services import PollSpec
from townsquare.posts.services.polls import MAX_OPTION_CHARS, MAX_OPTIONS

MAX_IMAGES = 4
POLL_DURATIONS = (
    (300, "5 minutes"),
    (1800, "30 minutes"),
    (3600, "1 hour"),
    (21_600, "6 hours"),
    (86_400, "1 day"),
    (259_200, "3 days"),
    (604_800, "7 days"),
)
IMAGE_TYPES = "image/jpeg,image/png,image/gif,image/webp"
SPOILER_MAX_CHARS = 500


@dataclass(frozen=True, slots=True)
class ImageUpload:
    """One chosen file, its alt text and the form fields to blame when it is refused."""

    file: UploadedFile[bytes]
    description: str
    file_field: str
    description_field: str


def _alt_field() -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=MAX_DESCRIPTION_CHARS,
        label="Image description (alt text)",
        help_text="Describe the image for people who can't see it.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _poll_option_field(number: int) -> forms.CharField:
    # No max_length validator: the service names the limit; maxlength only helps typing.
    return forms.CharField(
        required=False,
        label=f"Option {number}",
        widget=forms.TextInput(attrs={"maxlength": str(MAX_OPTION_CHARS)}),
    )


def _image_field() -> forms.FileField:
    return forms.FileField(
        required=False,
        label="Image",
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
    )


class ComposeForm(forms.Form):
    """A new post or reply; ``max_chars`` is the instance's limit, for the counter."""

    text = forms.CharField(
        required=False,
        strip=False,
        label="What's on your mind?",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    spoiler_text = forms.CharField(
        required=False,
        max_length=SPOILER_MAX_CHARS,
        label="Content warning",
        help_text="Optional. Readers see this first and open the post to read the rest.",
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.PUBLIC)
    is_sensitive = forms.BooleanField(required=False, label="Mark images as sensitive")
    in_reply_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    poll_expires_in = forms.TypedChoiceField(
        choices=POLL_DURATIONS,
        coerce=int,
        required=False,
        empty_value=None,
        initial=86_400,
        label="Poll closes after",
    )
    poll_multiple = forms.BooleanField(required=False, label="Allow several choices")
    poll_hide_totals = forms.BooleanField(
        required=False, label="Hide vote counts until the poll closes"
    )
    # A datetime-local input carries no zone; accounts have no time zone setting, so the
    # time typed is read in the server's zone (UTC), and the label says so.
    scheduled_at = forms.DateTimeField(
        required=False,
        label="Schedule for (UTC)",
        help_text="Optional. Leave empty to publish now; at least 5 minutes ahead, in UTC.",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_IMAGES + 1):
            self.fields[f"image_{number}"] = _image_field()
            self.fields[f"alt_{number}"] = _alt_field()
        for number in range(1, MAX_OPTIONS + 1):
            self.fields[f"poll_option_{number}"] = _poll_option_field(number)
        self.max_chars = max_post_chars()
        self.fields["text"].widget.attrs["data-max-chars"] = str(self.max_chars)

    def image_slots(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(image, alt text) bound field pairs, for the template to lay out."""
        return [(self[f"image_{n}"], self[f"alt_{n}"]) for n in range(1, MAX_IMAGES + 1)]

    def poll_option_fields(self) -> list[forms.BoundField]:
        return [self[f"poll_option_{n}"] for n in range(1, MAX_OPTIONS + 1)]

    def clean_scheduled_at(self) -> datetime | None:
        """The typed wall-clock time read as UTC, whatever zone Django has active."""
        value: datetime | None = self.cleaned_data.get("scheduled_at")
        if value is None:
            return None
        return timezone.make_naive(value).replace(tzinfo=UTC)

    def has_poll_input(self) -> bool:
        """Whether the poll fields hold anything, so the template shows them open."""
        return self.is_bound and any(
            str(self.data.get(f"poll_option_{n}", "")).strip() for n in range(1, MAX_OPTIONS + 1)
        )

    def poll_spec(self) -> PollSpec | None:
        """The poll asked for, if any option is filled in; the service checks the rest."""
        options = [
            self.cleaned_data.get(f"poll_option_{n}", "").strip() for n in range(1, MAX_OPTIONS + 1)
        ]
        options = [option for option in options if option]
        if not options:
            return None
        return PollSpec(
            options=options,
            expires_in=self.cleaned_data.get("poll_expires_in") or 86_400,
            is_multiple=bool(self.cleaned_data.get("poll_multiple")),
            hide_totals=bool(self.cleaned_data.get("poll_hide_totals")),
        )

    def uploads(self) -> list[ImageUpload]:
        """The chosen images in slot order; alt text without an image is ignored."""
        chosen = []
        for number in range(1, MAX_IMAGES + 1):
            file = self.cleaned_data.get(f"image_{number}")
            if file:
                chosen.append(
                    ImageUpload(
                        file=file,
                        description=self.cleaned_data.get(f"alt_{number}", ""),
                        file_field=f"image_{number}",
                        description_field=f"alt_{number}",
                    )
                )
        return chosen


class EditPostForm(forms.Form):
    """A new version of a post's text, warning and image descriptions."""

    text = forms.CharField(
        required=False, strip=False, label="Text", widget=forms.Textarea(attrs={"rows": 5})
    )
    spoiler_text = forms.CharField(
        required=False, max_length=SPOILER_MAX_CHARS, label="Content warning"
    )
    is_sensitive = forms.BooleanField(required=False, label="Mark images as sensitive")

    def __init__(
        self, *args: Any, attachments: Sequence[MediaAttachment] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.attachments = list(attachments)
        for media in self.attachments:
            field = _alt_field()
            field.initial = media.description
            self.fields[f"alt_{media.id}"] = field
        self.max_chars = max_post_chars()
        self.fields["text"].widget.attrs["data-max-chars"] = str(self.max_chars)

    def alt_fields(self) -> Iterable[tuple[MediaAttachment, forms.BoundField]]:
        """Each attached image with the field describing it."""
        return [(media, self[f"alt_{media.id}"]) for media in self.attachments]

    def media_descriptions(self) -> dict[int, str]:
        """Alt text by media id, as ``posts.services.edit_post`` takes it."""
        return {
            media.id: self.cleaned_data.get(f"alt_{media.id}", "") for media in self.attachments
        }
