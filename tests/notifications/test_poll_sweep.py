"""The periodic pass that tells voters and authors of polls whose own end task was lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.core.periodic import registered_jobs
from townsquare.notifications.models import Notification
from townsquare.notifications.services import notify_recently_ended_polls
from townsquare.notifications.tasks import notify_recently_ended_polls_task
from townsquare.posts.models import Poll
from townsquare.posts.services import PollSpec, publish_post, vote

pytestmark = pytest.mark.django_db


def _poll(author: Account) -> Poll:
    spec = PollSpec(options=["yes", "no"], expires_in=3600)
    return publish_post(author=author, text="Which?", poll=spec).poll


def _ended(poll: Poll, *, ago: timedelta = timedelta(minutes=1)) -> None:
    """Move the poll's end into the past, as if its own end task had been lost."""
    Poll.objects.filter(pk=poll.pk).update(expires_at=timezone.now() - ago)


def _told(poll: Poll) -> list[str]:
    return sorted(
        Notification.objects.filter(kind="poll", subject_id=poll.id).values_list(
            "recipient__username", flat=True
        )
    )


def test_an_ended_poll_is_notified_once_even_if_the_pass_runs_twice(
    alice: Account, bob: Account, carol: Account
) -> None:
    poll = _poll(alice)
    vote(voter=bob, poll_id=poll.id, choices=[0])
    _ended(poll)
    assert _told(poll) == []

    notify_recently_ended_polls_task.call()
    notify_recently_ended_polls_task.call()

    assert _told(poll) == ["alice", "bob"]
    assert Notification.objects.filter(kind="poll").count() == 2


def test_open_and_long_ended_polls_are_left_alone(alice: Account, bob: Account) -> None:
    open_poll = _poll(alice)
    old_poll = _poll(alice)
    vote(voter=bob, poll_id=open_poll.id, choices=[0])
    vote(voter=bob, poll_id=old_poll.id, choices=[0])
    _ended(old_poll, ago=timedelta(days=2))

    assert notify_recently_ended_polls() == 0
    assert not Notification.objects.filter(kind="poll").exists()


def test_a_batch_is_bounded_and_the_next_pass_moves_on(alice: Account) -> None:
    polls = [_poll(alice) for _ in range(3)]
    for number, poll in enumerate(polls):
        _ended(poll, ago=timedelta(minutes=10 - number))

    assert notify_recently_ended_polls(limit=2) == 2
    assert [_told(poll) for poll in polls] == [["alice"], ["alice"], []]
    assert notify_recently_ended_polls(limit=2) == 1
    assert _told(polls[2]) == ["alice"]
    assert notify_recently_ended_polls(limit=2) == 0


def test_a_deactivated_authors_poll_is_skipped(alice: Account, bob: Account) -> None:
    poll = _poll(alice)
    vote(voter=bob, poll_id=poll.id, choices=[0])
    _ended(poll)
    Account.objects.filter(pk=alice.pk).update(is_active=False)

    assert notify_recently_ended_polls() == 0
    assert _told(poll) == []


def test_the_pass_is_a_periodic_job_every_five_minutes() -> None:
    jobs = {job.name: job.interval for job in registered_jobs()}
    assert jobs[notify_recently_ended_polls_task.module_path] == timedelta(minutes=5)
