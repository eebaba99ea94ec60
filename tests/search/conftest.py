"""Search tests publish inside ``committed()`` so the index follows as it would in use."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from tests.api.conftest import ApiClientFactory, token_for
from townsquare.accounts.models import Account
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Post
from townsquare.posts.services import publish_post

Committed = Callable[[], AbstractContextManager[Any]]


class Publisher(Protocol):
    def __call__(self, author: Account, text: str, **options: Any) -> Post: ...


@pytest.fixture
def publish(committed: Committed) -> Publisher:
    """Publish a post and let the after-commit work (indexing) run."""

    def publish_indexed(author: Account, text: str, **options: Any) -> Post:
        with committed():
            return publish_post(author=author, text=text, **options)

    return publish_indexed


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "blue").save(buffer, format="PNG")
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


@pytest.fixture
def api_client(db: None) -> ApiClientFactory:
    """``api_client(alice)``: a Client sending a Bearer token of alice's (as in tests/api)."""

    def build(account: Account, scopes: str = "read write follow") -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(account, scopes)}"})

    return build
