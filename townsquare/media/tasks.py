"""Background work of media: sweeping uploads that never reached a post."""

from __future__ import annotations

from django.tasks import task

from townsquare.media.services import delete_unattached_media


@task()
def sweep_unattached_media_task() -> int:
    """Delete uploads left unattached for a day; safe to run any number of times."""
    return delete_unattached_media()
