"""Fixtures every test may use: named people, and running after-commit work."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from tests.factories import AccountFactory
from townsquare.accounts.models import Account

IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service or browser is missing; in CI that is a failure."""
    if IN_CI:
        pytest.fail(f"CI requires it: {reason}")
    pytest.skip(reason)


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Callable[[], AbstractContextManager[Any]]:
    """``with committed(): ...`` runs after-commit work (events, tasks) as a commit would."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def alice(db: None) -> Account:
    return AccountFactory.create(username="alice", display_name="Alice")


@pytest.fixture
def bob(db: None) -> Account:
    return AccountFactory.create(username="bob", display_name="Bob")


@pytest.fixture
def carol(db: None) -> Account:
    return AccountFactory.create(username="carol", display_name="Carol")


@pytest.fixture
def dave(db: None) -> Account:
    return AccountFactory.create(username="dave", display_name="Dave")
