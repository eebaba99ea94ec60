"""Search tests publish inside ``committed()`` so the index follows as it would in use."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

import pytest
from django.test import Client

from tests.api.conftest import ApiClientFactory, token_for
from townsquare.accounts.models import Account
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


@pytest.fixture
def api_client(db: None) -> ApiClientFactory:
    """``api_client(alice)``: a Client sending a Bearer token of alice's (as in tests/api)."""

    def build(account: Account, scopes: str = "read write follow") -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(account, scopes)}"})

    return build
