"""Writes to media: uploading, describing and deleting images, and sweeping forgotten uploads.

Files and rows go together: a failed upload removes the files it wrote, and a deletion
removes files only after the row's deletion commits, so no row ever points at a missing
file.
"""

from __future__ import annotations

import logging
import math
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.core.text import clean_text
from townsquare.media import processing
from townsquare.media.models import MediaAttachment
from townsquare.media.models.attachment import MAX_DESCRIPTION_CHARS

logger = logging.getLogger(__name__)

# Uploads nobody attached to a post within a day are forgotten, as Mastodon forgets them.
UNATTACHED_MEDIA_TTL = timedelta(days=1)
SWEEP_BATCH = 500


def upload_image(
    *, owner: Account, file: UploadedFile[bytes], description: str = ""
) -> MediaAttachment:
    """Check, clean and store an uploaded image with its thumbnail, under random names."""
    # Not one transaction from the start: decoding takes a while, and SQLite's
    # IMMEDIATE transactions would hold the write lock for all of it. Only the insert
    # is atomic; files written before it are removed if it fails.
    description = _checked_description(description)
    max_bytes = int(settings.TOWNSQUARE["MAX_UPLOAD_BYTES"])
    max_pixels = int(settings.TOWNSQUARE["MAX_IMAGE_PIXELS"])
    data = processing.read_upload(file, max_bytes=max_bytes)
    image = processing.process_image(data, max_pixels=max_pixels, max_bytes=max_bytes)
    media = MediaAttachment(
        owner=owner,
        content_type=image.content_type,
        width=image.original.width,
        height=image.original.height,
        byte_size=len(image.original.data),
        description=description,
    )
    # The name the uploader gave is never used: names are random and unguessable.
    stem = secrets.token_urlsafe(18)
    original_name = f"{stem}.{image.extension}"
    thumbnail_name = f"{stem}_small.{image.extension}"
    try:
        media.file.save(original_name, ContentFile(image.original.data), save=False)
        media.thumbnail.save(thumbnail_name, ContentFile(image.thumbnail.data), save=False)
        with transaction.atomic():
            media.save(force_insert=True)
    except BaseException:
        # A write that failed half-way (a full disk) leaves a partial file under the
        # name it was given, which the field never learnt: remove that name too.
        _delete_files(
            media.file.storage,
            [
                media.file.name or media.file.field.generate_filename(media, original_name),
                media.thumbnail.name
                or media.thumbnail.field.generate_filename(media, thumbnail_name),
            ],
        )
        raise
    return media


@transaction.atomic
def update_media(
    *,
    media: MediaAttachment,
    description: str | None = None,
    focus: tuple[float, float] | None = None,
) -> MediaAttachment:
    """Change an image's description (alt text) or focal point (each coordinate -1..1)."""
    changed: list[str] = []
    if description is not None:
        media.description = _checked_description(description)
        changed.append("description")
    if focus is not None:
        x, y = focus
        if not all(math.isfinite(value) and -1.0 <= value <= 1.0 for value in (x, y)):
            raise ValidationFailed("The focal point must lie between -1 and 1", field="focus")
        media.focus_x, media.focus_y = x, y
        changed += ["focus_x", "focus_y"]
    if changed:
        media.save(update_fields=changed)
    return media


@transaction.atomic
def delete_media(*, media: MediaAttachment) -> None:
    """Delete an image's row, and its files once that deletion has committed."""
    storage = media.file.storage
    names = [media.file.name, media.thumbnail.name]
    media.delete()
    transaction.on_commit(lambda: _delete_files(storage, names))


def delete_unattached_media(
    *, older_than: timedelta = UNATTACHED_MEDIA_TTL, now: datetime | None = None
) -> int:
    """Delete uploads older than ``older_than`` that no post uses or keeps; how many went.

    They are what a client uploaded and never posted, or what a crash between an upload
    and its post left behind.
    """
    cutoff = (now or timezone.now()) - older_than
    deleted = 0
    while True:
        with transaction.atomic():
            # One statement checks and deletes, so an upload attached meanwhile stays.
            forgotten = MediaAttachment.objects.filter(
                pk__in=list(
                    MediaAttachment.objects.filter(created_at__lt=cutoff)
                    .filter(post_attachment__isnull=True, scheduled_attachment__isnull=True)
                    .values_list("pk", flat=True)[:SWEEP_BATCH]
                ),
                post_attachment__isnull=True,
                scheduled_attachment__isnull=True,
            )
            names = [name for pair in forgotten.values_list("file", "thumbnail") for name in pair]
            count, _ = forgotten.delete()
            if count:
                storage = MediaAttachment._meta.get_field("file").storage
                transaction.on_commit(partial(_delete_files, storage, names))
        deleted += count
        if count < SWEEP_BATCH:
            return deleted


def _checked_description(description: str) -> str:
    description = clean_text(description).strip()
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise ValidationFailed(
            f"Image descriptions can be at most {MAX_DESCRIPTION_CHARS} characters",
            field="description",
        )
    return description


def _delete_files(storage: Storage, names: Iterable[str | None]) -> None:
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            # Cleanup must not hide the error that caused it; the file is only orphaned.
            logger.exception("could not delete media file %s", name)
