"""A started process leaves its start-up objects out of garbage collection."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from townsquare.core.startup import freeze_loaded_objects


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_loaded_objects_are_no_longer_walked_by_collections() -> None:
    loaded = {"a long-lived object": object()}
    freeze_loaded_objects()
    assert gc.get_freeze_count() > 0
    assert not any(found is loaded for found in gc.get_objects())
