"""Uploads nobody posted are swept after a day, with their files; used ones stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.media import samples
from townsquare.core.periodic import registered_jobs
from townsquare.media.models import MediaAttachment
from townsquare.media.services import UNATTACHED_MEDIA_TTL, delete_unattached_media, upload_image
from townsquare.media.tasks import sweep_unattached_media_task
from townsquare.posts.services import publish_post

pytestmark = pytest.mark.django_db


def _upload(owner, *, age: timedelta) -> MediaAttachment:
    media = upload_image(owner=owner, file=samples.upload(samples.image_bytes()))
    MediaAttachment.objects.filter(pk=media.pk).update(created_at=timezone.now() - age)
    return media


def test_old_unattached_uploads_go_with_their_files(alice, media_root, committed):
    _upload(alice, age=UNATTACHED_MEDIA_TTL + timedelta(minutes=1))
    recent = _upload(alice, age=UNATTACHED_MEDIA_TTL - timedelta(minutes=1))

    with committed():
        assert delete_unattached_media() == 1

    assert list(MediaAttachment.objects.values_list("pk", flat=True)) == [recent.pk]
    assert sorted(samples.stored_files(media_root)) == sorted(
        media_root / name for name in (recent.file.name, recent.thumbnail.name)
    )


def test_uploads_on_a_post_stay_however_old(alice, media_root, committed):
    posted = _upload(alice, age=timedelta(days=30))
    publish_post(author=alice, text="A picture", media=[posted])

    with committed():
        assert delete_unattached_media() == 0

    assert MediaAttachment.objects.filter(pk=posted.pk).exists()
    assert len(samples.stored_files(media_root)) == 2


def test_sweeping_twice_deletes_nothing_more(alice, media_root, committed):
    _upload(alice, age=timedelta(days=2))
    _upload(alice, age=timedelta(days=3))

    with committed():
        first = sweep_unattached_media_task.call()
        second = sweep_unattached_media_task.call()

    assert (first, second) == (2, 0)
    assert samples.stored_files(media_root) == []


def test_the_sweep_runs_every_hour():
    jobs = {job.name: job.interval for job in registered_jobs()}
    assert jobs[sweep_unattached_media_task.module_path] == timedelta(hours=1)
