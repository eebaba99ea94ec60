"""Discovery fixtures: a clean cache (trends are cached) and a quick way to build people."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache

from tests.factories import AccountFactory
from townsquare.accounts.models import Account

type MakePeople = Callable[..., list[Account]]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Trends are cached for minutes; every test computes its own."""
    cache.clear()


@pytest.fixture
def people(db: None) -> MakePeople:
    """``people("erin", "frank")``: accounts with those usernames."""

    def make(*names: str, **fields: object) -> list[Account]:
        return [AccountFactory.create(username=name, **fields) for name in names]

    return make
