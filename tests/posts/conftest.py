"""Fixtures for posts tests: images to attach, follows and blocks, a recorder of events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from townsquare.accounts.models import Account
from townsquare.core.events import Event, subscribe
from townsquare.posts.events import (
    PostBoosted,
    PostDeleted,
    PostEdited,
    PostLiked,
    PostPublished,
)
from townsquare.relationships.models import Block, Follow

_delivered: list[Event] = []


def _record(event: Event) -> None:
    _delivered.append(event)


for _event_type in (PostPublished, PostEdited, PostDeleted, PostLiked, PostBoosted):
    subscribe(_event_type, _record)


@pytest.fixture
def delivered() -> Iterator[list[Event]]:
    """Post events delivered to subscribers during the test (i.e. after a commit)."""
    _delivered.clear()
    yield _delivered
    _delivered.clear()


def follows(follower: Account, followee: Account) -> None:
    Follow.objects.create(follower=follower, followee=followee)


def blocks(blocker: Account, blocked: Account) -> None:
    Block.objects.create(blocker=blocker, blocked=blocked)
