"""Scheduled posts: the rules when scheduling, and publishing once at their time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import task_backends
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.posts.conftest import blocks
from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.media.models import MediaAttachment
from townsquare.media.selectors import unattached_media
from townsquare.posts.events import PostPublished
from townsquare.posts.models import Post, ScheduledPost
from townsquare.posts.services import (
    PollSpec,
    cancel_scheduled_post,
    delete_post,
    publish_due_scheduled_posts,
    publish_post,
    publish_scheduled_post,
    reschedule_post,
    schedule_post,
)
from townsquare.posts.services.scheduling import MAX_PER_DAY, MAX_TOTAL
from townsquare.posts.tasks import publish_scheduled_post_task

pytestmark = pytest.mark.django_db

type MakeImage = Callable[..., MediaAttachment]


def later(**delta: float) -> datetime:
    return timezone.now() + timedelta(**delta)


def schedule(author: Account, text: str = "later", **options: object) -> ScheduledPost:
    options.setdefault("scheduled_at", later(hours=1))
    return schedule_post(author=author, text=text, **options)  # type: ignore[arg-type]


def due(scheduled: ScheduledPost) -> datetime:
    """A moment at which ``scheduled`` is due."""
    return scheduled.scheduled_at + timedelta(seconds=1)


class TestScheduling:
    def test_keeps_the_post_for_later_without_publishing_it(self, alice: Account) -> None:
        scheduled = schedule(
            alice,
            "see you #soon",
            visibility="unlisted",
            spoiler_text="cw",
            is_sensitive=True,
            language="en",
        )
        assert scheduled.account == alice
        assert scheduled.params == {
            "text": "see you #soon",
            "visibility": "unlisted",
            "spoiler_text": "cw",
            "sensitive": True,
            "language": "en",
            "in_reply_to_id": None,
            "media_ids": [],
            "poll": None,
        }
        assert not Post.objects.exists()
        alice.refresh_from_db()
        assert alice.posts_count == 0

    def test_publishes_no_event_when_scheduling(self, committed, alice: Account, delivered):
        with committed():
            schedule(alice)
        assert not [event for event in delivered if isinstance(event, PostPublished)]

    @pytest.mark.parametrize("minutes", [-10, 0, 4])
    def test_must_be_at_least_five_minutes_ahead(self, alice: Account, minutes: int) -> None:
        with pytest.raises(ValidationFailed, match="at least 5 minutes") as error:
            schedule(alice, scheduled_at=later(minutes=minutes))
        assert error.value.field == "scheduled_at"

    def test_needs_a_time_zone(self, alice: Account) -> None:
        naive = datetime.now() + timedelta(hours=1)  # noqa: DTZ005
        with pytest.raises(ValidationFailed, match="time zone"):
            schedule(alice, scheduled_at=naive)

    def test_checks_the_text_as_publishing_does(self, alice: Account) -> None:
        with pytest.raises(ValidationFailed, match="Write something"):
            schedule(alice, "   ")
        with pytest.raises(ValidationFailed, match="Visibility"):
            schedule(alice, visibility="everyone")
        with pytest.raises(ValidationFailed, match="Language"):
            schedule(alice, language="not a language")
        assert not ScheduledPost.objects.exists()

    def test_at_most_fifty_on_one_day(self, alice: Account) -> None:
        day = (timezone.now() + timedelta(days=3)).replace(hour=10, minute=0, tzinfo=UTC)
        ScheduledPost.objects.bulk_create(
            ScheduledPost(account=alice, scheduled_at=day + timedelta(minutes=n))
            for n in range(MAX_PER_DAY)
        )
        with pytest.raises(ValidationFailed, match="at most 50 posts on one day"):
            schedule(alice, scheduled_at=day.replace(hour=23, minute=59))
        # The next day is free, and so is everyone else's same day.
        schedule(alice, scheduled_at=day + timedelta(days=1))

    def test_at_most_three_hundred_in_all(self, alice: Account, bob: Account) -> None:
        start = timezone.now() + timedelta(days=1)
        ScheduledPost.objects.bulk_create(
            ScheduledPost(account=alice, scheduled_at=start + timedelta(days=n // 10))
            for n in range(MAX_TOTAL)
        )
        with pytest.raises(ValidationFailed, match="at most 300 scheduled posts"):
            schedule(alice, scheduled_at=later(days=200))
        schedule(bob, scheduled_at=later(days=200))

    def test_reply_to_a_post_the_author_cant_see_is_not_found(
        self, alice: Account, bob: Account
    ) -> None:
        parent = publish_post(author=bob, text="hi")
        blocks(bob, alice)
        with pytest.raises(NotFound):
            schedule(alice, in_reply_to=parent)

    def test_a_poll_is_checked_and_kept(self, alice: Account) -> None:
        with pytest.raises(ValidationFailed, match="at least"):
            schedule(alice, poll=PollSpec(options=["only one"], expires_in=3600))
        scheduled = schedule(alice, poll=PollSpec(options=[" a ", "b"], expires_in=3600))
        assert scheduled.params["poll"] == {
            "options": ["a", "b"],
            "expires_in": 3600,
            "multiple": False,
            "hide_totals": False,
        }


class TestMedia:
    def test_own_unattached_images_are_reserved(
        self, alice: Account, make_image: MakeImage
    ) -> None:
        first, second = make_image(alice), make_image(alice)
        scheduled = schedule(alice, media=[second, first])
        assert scheduled.params["media_ids"] == [second.id, first.id]
        assert [item.media_id for item in scheduled.attachments.all()] == [second.id, first.id]
        # A reserved image can't go on another post meanwhile.
        with pytest.raises(NotFound):
            unattached_media(alice, [first.id])
        with pytest.raises(ValidationFailed, match="one scheduled post"):
            schedule(alice, media=[first])

    def test_someone_elses_image_is_not_found(
        self, alice: Account, bob: Account, make_image: MakeImage
    ) -> None:
        with pytest.raises(NotFound):
            schedule(alice, media=[make_image(bob)])

    def test_an_image_already_on_a_post_is_refused(
        self, alice: Account, make_image: MakeImage
    ) -> None:
        image = make_image(alice)
        publish_post(author=alice, text="now", media=[image])
        with pytest.raises(ValidationFailed, match="one post only"):
            schedule(alice, media=[image])

    def test_cancelling_frees_the_images(self, alice: Account, make_image: MakeImage) -> None:
        image = make_image(alice)
        scheduled = schedule(alice, media=[image])
        cancel_scheduled_post(author=alice, scheduled_post=scheduled)
        assert not ScheduledPost.objects.exists()
        assert unattached_media(alice, [image.id]) == [image]


class TestChanging:
    def test_reschedule_moves_it(self, alice: Account) -> None:
        scheduled = schedule(alice)
        moved = reschedule_post(author=alice, scheduled_post=scheduled, scheduled_at=later(days=2))
        assert moved.scheduled_at > later(days=1)

    def test_reschedule_checks_the_time(self, alice: Account) -> None:
        scheduled = schedule(alice)
        with pytest.raises(ValidationFailed, match="5 minutes"):
            reschedule_post(author=alice, scheduled_post=scheduled, scheduled_at=later(minutes=1))

    def test_reschedule_on_a_full_day_counts_the_post_once(self, alice: Account) -> None:
        day = (timezone.now() + timedelta(days=3)).replace(hour=10, minute=0, tzinfo=UTC)
        ScheduledPost.objects.bulk_create(
            ScheduledPost(account=alice, scheduled_at=day + timedelta(minutes=n))
            for n in range(MAX_PER_DAY - 1)
        )
        mine = schedule(alice, scheduled_at=day + timedelta(hours=5))
        reschedule_post(author=alice, scheduled_post=mine, scheduled_at=day + timedelta(hours=6))

    def test_someone_elses_scheduled_post_is_not_found(self, alice: Account, bob: Account):
        scheduled = schedule(alice)
        with pytest.raises(NotFound):
            reschedule_post(author=bob, scheduled_post=scheduled, scheduled_at=later(days=1))
        with pytest.raises(NotFound):
            cancel_scheduled_post(author=bob, scheduled_post=scheduled)
        assert ScheduledPost.objects.filter(pk=scheduled.pk).exists()


class TestPublishing:
    def test_not_due_is_left_alone(self, alice: Account) -> None:
        scheduled = schedule(alice)
        assert publish_scheduled_post(scheduled_post_id=scheduled.pk) is None
        assert ScheduledPost.objects.filter(pk=scheduled.pk).exists()
        assert not Post.objects.exists()

    def test_due_becomes_a_post_and_the_row_goes(
        self, committed, alice: Account, bob: Account, make_image: MakeImage, delivered
    ) -> None:
        parent = publish_post(author=bob, text="question")
        image = make_image(alice)
        scheduled = schedule(
            alice,
            "answer #later",
            visibility="unlisted",
            spoiler_text="cw",
            language="en",
            in_reply_to=parent,
            media=[image],
        )
        with committed():
            post = publish_scheduled_post(scheduled_post_id=scheduled.pk, now=due(scheduled))
        assert post is not None
        assert (post.author, post.text, post.visibility) == (alice, "answer #later", "unlisted")
        assert (post.spoiler_text, post.is_sensitive, post.language) == ("cw", True, "en")
        assert post.in_reply_to == parent
        assert [attachment.media for attachment in post.attachments.all()] == [image]
        assert post.hashtag_links.get().hashtag.name == "later"
        assert not ScheduledPost.objects.exists()
        assert [e for e in delivered if isinstance(e, PostPublished)] == [
            PostPublished(
                post_id=post.id,
                author_id=alice.id,
                visibility="unlisted",
                in_reply_to_account_id=parent.author_id,
                reach=0,
            )
        ]

    def test_publishing_twice_makes_one_post(self, alice: Account) -> None:
        scheduled = schedule(alice)
        now = due(scheduled)
        assert publish_scheduled_post(scheduled_post_id=scheduled.pk, now=now) is not None
        assert publish_scheduled_post(scheduled_post_id=scheduled.pk, now=now) is None
        assert publish_due_scheduled_posts(now=now) == 0
        assert Post.objects.count() == 1

    def test_a_scheduled_poll_is_published_with_its_post(self, alice: Account) -> None:
        scheduled = schedule(alice, poll=PollSpec(options=["a", "b"], expires_in=3600))
        post = publish_scheduled_post(scheduled_post_id=scheduled.pk, now=due(scheduled))
        assert post is not None
        assert [option.title for option in post.poll.options.all()] == ["a", "b"]

    def test_due_pass_publishes_only_what_is_due(self, alice: Account, bob: Account) -> None:
        soon = schedule(alice, "soon", scheduled_at=later(minutes=10))
        also_soon = schedule(bob, "bob soon", scheduled_at=later(minutes=20))
        schedule(alice, "much later", scheduled_at=later(days=3))
        assert publish_due_scheduled_posts(now=due(also_soon)) == 2
        assert sorted(Post.objects.values_list("text", flat=True)) == ["bob soon", "soon"]
        assert list(ScheduledPost.objects.values_list("params__text", flat=True)) == ["much later"]
        assert soon.pk not in set(ScheduledPost.objects.values_list("pk", flat=True))

    def test_a_deleted_parent_fails_it_without_retrying(self, alice: Account) -> None:
        parent = publish_post(author=alice, text="first")
        scheduled = schedule(alice, "follow-up", in_reply_to=parent)
        delete_post(actor=alice, post=parent)
        now = due(scheduled)
        assert publish_scheduled_post(scheduled_post_id=scheduled.pk, now=now) is None
        scheduled.refresh_from_db()
        assert scheduled.failure == "The post it replies to was deleted."
        assert publish_due_scheduled_posts(now=now) == 0
        assert not Post.objects.exists()
        # Rescheduling clears the failure so it is tried again.
        reschedule_post(author=alice, scheduled_post=scheduled, scheduled_at=later(days=1))
        scheduled.refresh_from_db()
        assert scheduled.failure == ""

    def test_a_failure_keeps_the_images_reserved(
        self, alice: Account, make_image: MakeImage
    ) -> None:
        parent = publish_post(author=alice, text="first")
        image = make_image(alice)
        scheduled = schedule(alice, "follow-up", in_reply_to=parent, media=[image])
        delete_post(actor=alice, post=parent)
        publish_scheduled_post(scheduled_post_id=scheduled.pk, now=due(scheduled))
        assert [item.media_id for item in scheduled.attachments.all()] == [image.id]

    def test_an_inactive_author_is_not_published(self, alice: Account) -> None:
        scheduled = schedule(alice)
        Account.objects.filter(pk=alice.pk).update(is_active=False)
        assert publish_scheduled_post(scheduled_post_id=scheduled.pk, now=due(scheduled)) is None
        assert not Post.objects.exists()

    def test_the_command_runs_the_due_pass(self, alice: Account) -> None:
        ScheduledPost.objects.create(
            account=alice,
            scheduled_at=timezone.now() - timedelta(minutes=1),
            params={"text": "overdue", "visibility": "public"},
        )
        out = StringIO()
        call_command("publish_scheduled", stdout=out)
        assert "Published 1 scheduled post(s)." in out.getvalue()
        assert Post.objects.get().text == "overdue"


class TestQueueing:
    def test_a_backend_that_can_wait_gets_a_task_at_the_time(
        self, committed, settings: Settings, alice: Account
    ) -> None:
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        with committed():
            scheduled = schedule(alice)
        with committed():
            reschedule_post(author=alice, scheduled_post=scheduled, scheduled_at=later(days=1))
        results = task_backends["default"].results  # type: ignore[attr-defined]
        assert [(r.task.name, r.args) for r in results] == [
            (publish_scheduled_post_task.name, [scheduled.pk]),
            (publish_scheduled_post_task.name, [scheduled.pk]),
        ]
        assert results[0].task.run_after == scheduled.scheduled_at
        assert results[1].task.run_after > results[0].task.run_after

    def test_an_inline_backend_queues_nothing_and_publishes_nothing(
        self, committed, alice: Account
    ) -> None:
        with committed():
            schedule(alice)
        assert not Post.objects.exists()

    def test_the_task_publishes_a_due_post(self, alice: Account) -> None:
        scheduled = ScheduledPost.objects.create(
            account=alice,
            scheduled_at=timezone.now() - timedelta(seconds=1),
            params={"text": "due", "visibility": "public"},
        )
        publish_scheduled_post_task.call(scheduled.pk)
        publish_scheduled_post_task.call(scheduled.pk)
        assert list(Post.objects.values_list("text", flat=True)) == ["due"]
