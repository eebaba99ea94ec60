"""Fixtures for posts tests: images to attach, follows and blocks, a recorder of events."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from townsquare.accounts.models import Account
from townsquare.core.events import Event, subscribe
from townsquare.media.models import MediaAttachment
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


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def make_image(db: None) -> Callable[..., MediaAttachment]:
    """``make_image(owner, description="")``: a stored, unattached image owned by ``owner``."""

    def make(owner: Account, description: str = "") -> MediaAttachment:
        data = _png()
        return MediaAttachment.objects.create(
            owner=owner,
            file=ContentFile(data, name="image.png"),
            thumbnail=ContentFile(data, name="thumb.png"),
            content_type="image/png",
            width=4,
            height=3,
            byte_size=len(data),
            description=description,
        )

    return make


def follows(follower: Account, followee: Account) -> None:
    Follow.objects.create(follower=follower, followee=followee)


def blocks(blocker: Account, blocked: Account) -> None:
    Block.objects.create(blocker=blocker, blocked=blocked)
