"""Forms for writing and editing posts.

They check only the shape of the input; the length limit, mentions, image checks and
every other rule belong to ``posts.services`` and ``media.services``, whose
ValidationFailed messages the views attach to these forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from townsquare.instance.selectors import max_post_chars
from townsquare.media.models import MediaAttachment
from townsquare.media.models.attachment import MAX_DESCRIPTION_CHARS
from townsquare.posts.models import Visibility

MAX_IMAGES = 4
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_IMAGES + 1):
            self.fields[f"image_{number}"] = _image_field()
            self.fields[f"alt_{number}"] = _alt_field()
        self.max_chars = max_post_chars()
        self.fields["text"].widget.attrs["data-max-chars"] = str(self.max_chars)

    def image_slots(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(image, alt text) bound field pairs, for the template to lay out."""
        return [(self[f"image_{n}"], self[f"alt_{n}"]) for n in range(1, MAX_IMAGES + 1)]

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
