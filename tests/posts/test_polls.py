"""Polls: created with their post, every voting rule, counts, edits, and the end of a poll."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.tasks import task_backends
from django.test import override_settings
from django.utils import timezone

from tests.posts.conftest import blocks, follows
from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.media.models import MediaAttachment
from townsquare.notifications.models import Notification
from townsquare.notifications.services import notify_poll_ended
from townsquare.notifications.tasks import notify_poll_ended_task
from townsquare.posts.models import Poll, PollVote, Post
from townsquare.posts.selectors import access_poll, edit_history, poll_view, poll_views
from townsquare.posts.services import PollSpec, boost, edit_post, publish_post, vote
from townsquare.posts.services.polls import MAX_EXPIRATION, MIN_EXPIRATION

pytestmark = pytest.mark.django_db

Committed = Callable[[], AbstractContextManager[Any]]


def _spec(*options: str, expires_in: int = 3600, **flags: bool) -> PollSpec:
    return PollSpec(options=options or ("yes", "no"), expires_in=expires_in, **flags)


def _poll_post(author: Account, spec: PollSpec | None = None, **kwargs: Any) -> Post:
    return publish_post(author=author, text="Which?", poll=spec or _spec(), **kwargs)


def _end(poll: Poll) -> None:
    """Move the poll's end into the past, as time passing would."""
    Poll.objects.filter(pk=poll.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    poll.refresh_from_db()


def _counts(poll: Poll) -> tuple[int, int, list[int]]:
    poll.refresh_from_db()
    return (
        poll.votes_count,
        poll.voters_count,
        list(poll.options.values_list("votes_count", flat=True)),
    )


class TestCreate:
    def test_poll_is_created_with_the_post(self, alice: Account) -> None:
        post = _poll_post(alice, _spec("a", " b ", "c", is_multiple=True, hide_totals=True))
        poll = post.poll
        assert [o.title for o in poll.options.all()] == ["a", "b", "c"]
        assert poll.is_multiple and poll.hide_totals
        assert poll.expires_at is not None
        remaining = (poll.expires_at - timezone.now()).total_seconds()
        assert 3500 < remaining <= 3600
        assert (poll.votes_count, poll.voters_count) == (0, 0)

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            (("only",), "at least 2 options"),
            (("a", "b", "c", "d", "e"), "at most 4 options"),
            (("a", "x" * 51), "at most 50 characters"),
            (("a", "  "), "can't be blank"),
            (("Same", "same"), "must be different"),
        ],
    )
    def test_option_limits(self, alice: Account, options: tuple[str, ...], message: str) -> None:
        with pytest.raises(ValidationFailed, match=message):
            _poll_post(alice, _spec(*options))
        assert not Post.objects.exists()  # nothing half-done

    def test_control_characters_are_removed(self, alice: Account) -> None:
        post = _poll_post(alice, _spec("a\x00b", "\u202ec"))
        assert [o.title for o in post.poll.options.all()] == ["ab", "c"]

    def test_fifty_characters_is_allowed(self, alice: Account) -> None:
        post = _poll_post(alice, _spec("a", "x" * 50))
        assert post.poll.options.count() == 2

    @pytest.mark.parametrize(
        ("seconds", "message"),
        [(MIN_EXPIRATION - 1, "at least 300 seconds"), (MAX_EXPIRATION + 1, "at most 2629746")],
    )
    def test_expiry_limits(self, alice: Account, seconds: int, message: str) -> None:
        with pytest.raises(ValidationFailed, match=message):
            _poll_post(alice, _spec(expires_in=seconds))

    @pytest.mark.parametrize("seconds", [MIN_EXPIRATION, MAX_EXPIRATION])
    def test_expiry_bounds_are_allowed(self, alice: Account, seconds: int) -> None:
        assert _poll_post(alice, _spec(expires_in=seconds)).poll.expires_at is not None

    def test_poll_and_images_are_exclusive(
        self, alice: Account, make_image: Callable[..., MediaAttachment]
    ) -> None:
        with pytest.raises(ValidationFailed, match="images or a poll"):
            _poll_post(alice, media=[make_image(alice)])


class TestVote:
    def test_vote_counts(self, alice: Account, bob: Account, carol: Account) -> None:
        poll = _poll_post(alice).poll
        vote(voter=bob, poll_id=poll.id, choices=[1])
        vote(voter=carol, poll_id=poll.id, choices=[1])
        assert _counts(poll) == (2, 2, [0, 2])

    def test_multiple_choice_counts_votes_and_voters(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        poll = _poll_post(alice, _spec("a", "b", "c", is_multiple=True)).poll
        vote(voter=bob, poll_id=poll.id, choices=[0, 2, 2])  # a repeated choice counts once
        vote(voter=carol, poll_id=poll.id, choices=[2])
        assert _counts(poll) == (3, 2, [1, 0, 2])
        assert sorted(PollVote.objects.filter(account=bob).values_list("choice", flat=True)) == [
            0,
            2,
        ]

    def test_same_vote_again_changes_nothing(self, alice: Account, bob: Account) -> None:
        poll = _poll_post(alice).poll
        vote(voter=bob, poll_id=poll.id, choices=[0])
        vote(voter=bob, poll_id=poll.id, choices=[0])
        assert _counts(poll) == (1, 1, [1, 0])
        assert PollVote.objects.count() == 1

    def test_other_vote_after_voting_is_refused(self, alice: Account, bob: Account) -> None:
        poll = _poll_post(alice).poll
        vote(voter=bob, poll_id=poll.id, choices=[0])
        with pytest.raises(ValidationFailed, match="already voted"):
            vote(voter=bob, poll_id=poll.id, choices=[1])
        assert _counts(poll) == (1, 1, [1, 0])

    def test_ended_poll_refuses_votes_without_any_task(self, alice: Account, bob: Account) -> None:
        poll = _poll_post(alice).poll
        _end(poll)
        with pytest.raises(ValidationFailed, match="already ended"):
            vote(voter=bob, poll_id=poll.id, choices=[0])
        assert poll.is_expired

    def test_own_poll_is_refused(self, alice: Account) -> None:
        poll = _poll_post(alice).poll
        with pytest.raises(ValidationFailed, match="your own poll"):
            vote(voter=alice, poll_id=poll.id, choices=[0])

    @pytest.mark.parametrize("choices", [[2], [-1], [99]])
    def test_option_out_of_range(self, alice: Account, bob: Account, choices: list[int]) -> None:
        poll = _poll_post(alice).poll
        with pytest.raises(ValidationFailed, match="from 0 to 1"):
            vote(voter=bob, poll_id=poll.id, choices=choices)
        assert _counts(poll) == (0, 0, [0, 0])

    def test_no_choice(self, alice: Account, bob: Account) -> None:
        poll = _poll_post(alice).poll
        with pytest.raises(ValidationFailed, match="at least one option"):
            vote(voter=bob, poll_id=poll.id, choices=[])

    def test_several_choices_in_single_choice_poll(self, alice: Account, bob: Account) -> None:
        poll = _poll_post(alice).poll
        with pytest.raises(ValidationFailed, match="only one choice"):
            vote(voter=bob, poll_id=poll.id, choices=[0, 1])
        assert _counts(poll) == (0, 0, [0, 0])

    def test_invisible_poll_is_not_found(self, alice: Account, bob: Account) -> None:
        poll = _poll_post(alice, visibility="followers").poll
        with pytest.raises(NotFound):
            vote(voter=bob, poll_id=poll.id, choices=[0])
        with pytest.raises(NotFound):
            access_poll(poll.id, viewer=None)
        assert _counts(poll) == (0, 0, [0, 0])

    def test_follower_may_vote_in_followers_only_poll(self, alice: Account, bob: Account) -> None:
        follows(bob, alice)
        poll = _poll_post(alice, visibility="followers").poll
        vote(voter=bob, poll_id=poll.id, choices=[0])
        assert _counts(poll) == (1, 1, [1, 0])

    def test_blocked_voter_gets_not_found(self, alice: Account, bob: Account) -> None:
        poll = _poll_post(alice).poll
        blocks(alice, bob)
        with pytest.raises(NotFound):
            vote(voter=bob, poll_id=poll.id, choices=[0])

    def test_missing_poll(self, bob: Account) -> None:
        with pytest.raises(NotFound):
            vote(voter=bob, poll_id=123, choices=[0])


class TestPollView:
    def test_viewer_sees_own_votes_in_one_batch(
        self,
        alice: Account,
        bob: Account,
        django_assert_num_queries: Callable[..., AbstractContextManager[Any]],
    ) -> None:
        posts = [_poll_post(alice) for _ in range(3)] + [publish_post(author=alice, text="no")]
        vote(voter=bob, poll_id=posts[1].poll.id, choices=[1])
        loaded = list(Post.objects.with_related().filter(pk__in=[p.id for p in posts]))
        with django_assert_num_queries(3):
            views = poll_views(bob, loaded)
        assert set(views) == {p.id for p in posts[:3]}
        assert views[posts[1].id].own_votes == (1,)
        assert views[posts[1].id].has_voted and not views[posts[1].id].can_vote
        assert views[posts[0].id].can_vote

    def test_boost_shows_the_original_poll(self, alice: Account, bob: Account) -> None:
        post = _poll_post(alice)
        shared = boost(account=bob, post=post)
        views = poll_views(bob, [Post.objects.with_related().get(pk=shared.pk)])
        assert views[post.id].poll.id == post.poll.id

    def test_author_counts_as_voted(self, alice: Account) -> None:
        view = poll_view(alice, access_poll(_poll_post(alice).poll.id, viewer=alice))
        assert view.has_voted and not view.can_vote and view.shows_totals

    def test_hidden_totals_show_to_others_only_after_the_end(
        self, alice: Account, bob: Account
    ) -> None:
        poll = _poll_post(alice, _spec(hide_totals=True)).poll
        assert not poll_view(bob, access_poll(poll.id, viewer=bob)).shows_totals
        _end(poll)
        view = poll_view(bob, access_poll(poll.id, viewer=bob))
        assert view.is_expired and view.shows_totals and not view.can_vote

    def test_anonymous_cannot_vote(self, alice: Account) -> None:
        view = poll_view(None, access_poll(_poll_post(alice).poll.id, viewer=None))
        assert not view.can_vote and not view.has_voted


class TestEdit:
    def test_same_options_keep_the_votes(self, alice: Account, bob: Account) -> None:
        post = _poll_post(alice)
        vote(voter=bob, poll_id=post.poll.id, choices=[0])
        edit_post(editor=alice, post=post, text="Which one?", poll=_spec())
        assert _counts(Poll.objects.get(post=post)) == (1, 1, [1, 0])

    def test_changed_options_reset_the_votes(self, alice: Account, bob: Account) -> None:
        post = _poll_post(alice)
        old = post.poll
        vote(voter=bob, poll_id=old.id, choices=[0])
        edit_post(editor=alice, post=post, text="Which?", poll=_spec("yes", "no", "maybe"))
        poll = Poll.objects.get(post=post)
        assert poll.id != old.id
        assert _counts(poll) == (0, 0, [0, 0, 0])
        assert not PollVote.objects.exists()
        vote(voter=bob, poll_id=poll.id, choices=[2])  # bob may vote again

    def test_remove_poll(self, alice: Account) -> None:
        post = _poll_post(alice)
        edit_post(editor=alice, post=post, text="Which?", remove_poll=True)
        assert not Poll.objects.exists()

    def test_edit_without_poll_arguments_keeps_it(self, alice: Account) -> None:
        post = _poll_post(alice)
        edit_post(editor=alice, post=post, text="Changed")
        assert Poll.objects.filter(post=post).exists()

    def test_history_records_the_options_of_each_version(self, alice: Account) -> None:
        post = _poll_post(alice)
        edit_post(editor=alice, post=post, text="Which?", poll=_spec("yes", "no", "maybe"))
        edit_post(editor=alice, post=post, text="Which now?", remove_poll=True)
        versions = edit_history(Post.objects.get(pk=post.pk))
        assert [version.poll_options for version in versions] == [
            ["yes", "no"],
            ["yes", "no", "maybe"],
            None,
        ]

    def test_hiding_totals_alone_is_not_a_new_version(self, alice: Account) -> None:
        post = _poll_post(alice)
        edit_post(editor=alice, post=post, text="Which?", poll=_spec(hide_totals=True))
        assert len(edit_history(post)) == 1

    def test_edit_checks_limits(self, alice: Account) -> None:
        post = _poll_post(alice)
        with pytest.raises(ValidationFailed, match="at most 4 options"):
            edit_post(editor=alice, post=post, text="Which?", poll=_spec("a", "b", "c", "d", "e"))


class TestEnd:
    def test_voters_and_author_are_told_once(
        self, alice: Account, bob: Account, carol: Account, dave: Account
    ) -> None:
        poll = _poll_post(alice).poll
        vote(voter=bob, poll_id=poll.id, choices=[0])
        vote(voter=carol, poll_id=poll.id, choices=[1])
        _end(poll)
        assert notify_poll_ended(poll_id=poll.id) == 3
        assert notify_poll_ended(poll_id=poll.id) == 3  # a retry changes nothing
        told = Notification.objects.filter(kind="poll", subject_id=poll.id)
        assert sorted(told.values_list("recipient__username", flat=True)) == [
            "alice",
            "bob",
            "carol",
        ]
        assert set(told.values_list("actor_id", "post_id")) == {(alice.id, poll.post_id)}

    def test_nothing_before_the_end(self, alice: Account, bob: Account) -> None:
        poll = _poll_post(alice).poll
        vote(voter=bob, poll_id=poll.id, choices=[0])
        assert notify_poll_ended(poll_id=poll.id) == 0
        assert not Notification.objects.filter(kind="poll").exists()

    def test_deleted_poll(self) -> None:
        assert notify_poll_ended(poll_id=42) == 0

    def test_voter_who_blocks_the_author_is_not_told(self, alice: Account, bob: Account) -> None:
        poll = _poll_post(alice).poll
        vote(voter=bob, poll_id=poll.id, choices=[0])
        blocks(bob, alice)
        _end(poll)
        notify_poll_ended(poll_id=poll.id)
        assert not Notification.objects.filter(kind="poll", recipient=bob).exists()

    def test_publishing_schedules_the_end_at_expiry(
        self, alice: Account, committed: Committed
    ) -> None:
        dummy = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        with override_settings(TASKS=dummy):
            with committed():
                poll = _poll_post(alice).poll
            queued = task_backends["default"].results  # type: ignore[attr-defined]
            ends = [r for r in queued if r.task.name == "notify_poll_ended_task"]
            assert [(r.args, r.task.run_after) for r in ends] == [([poll.id], poll.expires_at)]

    def test_inline_backend_runs_it_at_once_harmlessly(
        self, alice: Account, bob: Account, committed: Committed
    ) -> None:
        with committed():
            poll = _poll_post(alice).poll
        assert not Notification.objects.filter(kind="poll").exists()
        vote(voter=bob, poll_id=poll.id, choices=[0])
        _end(poll)
        notify_poll_ended_task.call(poll.id)
        assert Notification.objects.filter(kind="poll", recipient=bob).exists()


def test_a_backdated_posts_poll_ran_from_the_post_and_may_be_over(alice: Account) -> None:
    written = timezone.now() - timedelta(days=3)
    post = publish_post(
        author=alice, text="Imported", published_at=written, poll=_spec("a", "b", expires_in=86400)
    )

    assert post.poll.expires_at == written + timedelta(days=1)
    assert post.poll.is_expired


def test_a_backdated_vote_counts_while_its_poll_was_open(alice: Account, bob: Account) -> None:
    written = timezone.now() - timedelta(days=3)
    post = publish_post(
        author=alice, text="Imported", published_at=written, poll=_spec("a", "b", expires_in=86400)
    )

    vote(voter=bob, poll_id=post.poll.id, choices=[1], voted_at=written + timedelta(hours=2))

    assert PollVote.objects.get(poll=post.poll).created_at == written + timedelta(hours=2)
    with pytest.raises(ValidationFailed, match="already ended"):
        vote(voter=alice, poll_id=post.poll.id, choices=[0], voted_at=written + timedelta(days=2))


@pytest.mark.parametrize(
    ("offset", "complaint"),
    [(timedelta(hours=1), "in the future"), (-timedelta(days=1), "before its poll")],
)
def test_a_vote_outside_time_is_refused(
    alice: Account, bob: Account, offset: timedelta, complaint: str
) -> None:
    post = _poll_post(alice)

    with pytest.raises(ValidationFailed, match=complaint):
        vote(voter=bob, poll_id=post.poll.id, choices=[0], voted_at=timezone.now() + offset)
    assert not PollVote.objects.exists()
