"""Polls: created with their post, voted in, changed when the post's author edits them.

A poll past its ``expires_at`` is closed whatever the expiry task did: every check here
reads the clock. The task only tells voters and the author that it ended.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.core.events import publish
from townsquare.core.text import clean_text
from townsquare.posts.events import PollOpened
from townsquare.posts.models import Poll, PollOption, PollVote, Post
from townsquare.posts.selectors import access_poll

MIN_OPTIONS = 2
MAX_OPTIONS = 4
MAX_OPTION_CHARS = 50
MIN_EXPIRATION = 300  # seconds: five minutes
MAX_EXPIRATION = 2_629_746  # seconds: a month (an average Gregorian one, as Mastodon)


@dataclass(frozen=True, slots=True)
class PollSpec:
    """What the author asks for; checked by ``create_poll``, not by the constructor."""

    options: Sequence[str]
    expires_in: int
    is_multiple: bool = False
    hide_totals: bool = False


def checked_spec(spec: PollSpec) -> PollSpec:
    """``spec`` with trimmed options, or ValidationFailed naming the limit it breaks."""
    options = [clean_text(option).strip() for option in spec.options]
    if len(options) < MIN_OPTIONS:
        raise ValidationFailed(f"A poll needs at least {MIN_OPTIONS} options.", field="poll")
    if len(options) > MAX_OPTIONS:
        raise ValidationFailed(f"A poll can have at most {MAX_OPTIONS} options.", field="poll")
    if any(not option for option in options):
        raise ValidationFailed("Poll options can't be blank.", field="poll")
    if any(len(option) > MAX_OPTION_CHARS for option in options):
        raise ValidationFailed(
            f"Each poll option can have at most {MAX_OPTION_CHARS} characters.", field="poll"
        )
    if len({option.casefold() for option in options}) != len(options):
        raise ValidationFailed("The options of a poll must be different.", field="poll")
    if spec.expires_in < MIN_EXPIRATION:
        raise ValidationFailed(
            f"A poll must stay open at least {MIN_EXPIRATION} seconds (5 minutes).", field="poll"
        )
    if spec.expires_in > MAX_EXPIRATION:
        raise ValidationFailed(
            f"A poll can stay open at most {MAX_EXPIRATION} seconds (a month).", field="poll"
        )
    return PollSpec(
        options=options,
        expires_in=spec.expires_in,
        is_multiple=spec.is_multiple,
        hide_totals=spec.hide_totals,
    )


def create_poll(*, post: Post, spec: PollSpec) -> Poll:
    """Attach a poll to a new post; run inside ``publish_post``'s transaction."""
    spec = checked_spec(spec)
    if post.is_boost:
        raise ValidationFailed("A boost can't have a poll.", field="poll")
    poll = Poll.objects.create(
        post=post,
        # From the post's time: a backdated (imported) post's poll ran then, and may be over.
        expires_at=post.created_at + timedelta(seconds=spec.expires_in),
        is_multiple=spec.is_multiple,
        hide_totals=spec.hide_totals,
    )
    _create_options(poll, spec.options)
    _announce(poll)
    return poll


def edit_poll(*, post: Post, spec: PollSpec | None) -> bool:
    """Give an edited post ``spec`` as its poll (None: no poll); returns whether it changed.

    The same options (and the same single/multiple choice) keep the poll, its votes and
    its end; only ``hide_totals`` follows the edit. Other options start a new poll with no
    votes and a fresh end, because a vote cast for one question can't count for another.
    Run inside ``edit_post``'s transaction.
    """
    current = Poll.objects.select_for_update().filter(post=post).first()
    if spec is None:
        if current is None:
            return False
        current.delete()  # its options and votes go with it
        return True
    spec = checked_spec(spec)
    if current is not None:
        titles = list(current.options.values_list("title", flat=True))
        if titles == list(spec.options) and current.is_multiple == spec.is_multiple:
            if current.hide_totals == spec.hide_totals:
                return False
            current.hide_totals = spec.hide_totals
            current.save(update_fields=["hide_totals"])
            return True
        current.delete()
    poll = Poll.objects.create(
        post=post,
        expires_at=timezone.now() + timedelta(seconds=spec.expires_in),
        is_multiple=spec.is_multiple,
        hide_totals=spec.hide_totals,
    )
    _create_options(poll, spec.options)
    _announce(poll)
    return True


@transaction.atomic
def vote(
    *, voter: Account, poll_id: int, choices: Sequence[int], voted_at: datetime | None = None
) -> Poll:
    """Cast ``voter``'s vote; repeating the same vote changes nothing.

    ``voted_at`` backdates an imported vote (it must fall while the poll was open).
    NotFound when the voter can't see the post; ValidationFailed when the poll ended,
    when they already voted otherwise, for their own poll, for an option that doesn't
    exist, or for several options in a single-choice poll.
    """
    now = timezone.now()
    moment = now if voted_at is None else voted_at
    if moment > now:
        raise ValidationFailed("A vote can't be cast in the future.", field="choices")
    poll = access_poll(poll_id, viewer=voter)
    poll = Poll.objects.select_for_update().select_related("post").get(pk=poll.pk)
    wanted = sorted(set(choices))
    if moment < poll.post.created_at:
        raise ValidationFailed("A vote can't come before its poll.", field="choices")
    if poll.is_expired_at(moment):
        raise ValidationFailed("This poll has already ended.", field="choices")
    if poll.post.author_id == voter.id:
        raise ValidationFailed("You can't vote in your own poll.", field="choices")
    earlier = sorted(
        PollVote.objects.filter(poll=poll, account=voter).values_list("choice", flat=True)
    )
    if earlier:
        if earlier == wanted:
            return poll
        raise ValidationFailed("You have already voted in this poll.", field="choices")
    _check_choices(poll, wanted)
    try:
        with transaction.atomic():
            PollVote.objects.bulk_create(
                PollVote(poll=poll, account=voter, choice=choice, created_at=moment)
                for choice in wanted
            )
    except IntegrityError:
        return poll  # a concurrent identical request won the race
    PollOption.objects.filter(poll=poll, position__in=wanted).update(
        votes_count=F("votes_count") + 1
    )
    Poll.objects.filter(pk=poll.pk).update(
        votes_count=F("votes_count") + len(wanted), voters_count=F("voters_count") + 1
    )
    poll.refresh_from_db()
    return poll


def _check_choices(poll: Poll, wanted: list[int]) -> None:
    if not wanted:
        raise ValidationFailed("Choose at least one option.", field="choices")
    if len(wanted) > 1 and not poll.is_multiple:
        raise ValidationFailed("This poll allows only one choice.", field="choices")
    count = poll.options.count()
    if any(not 0 <= choice < count for choice in wanted):
        raise ValidationFailed(
            f"Choices must be option numbers from 0 to {count - 1}.", field="choices"
        )


def _create_options(poll: Poll, titles: Sequence[str]) -> None:
    PollOption.objects.bulk_create(
        PollOption(poll=poll, position=position, title=title)
        for position, title in enumerate(titles)
    )


def _announce(poll: Poll) -> None:
    if poll.expires_at is not None:
        publish(PollOpened(poll_id=poll.id, post_id=poll.post_id, expires_at=poll.expires_at))
