"""A started process leaves its start-up objects out of garbage collection."""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator

import pytest

from townsquare.core import startup
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


class _FakeLibc:
    def __init__(self, calls: list[tuple[int, int]]) -> None:
        self.calls = calls

    def mallopt(self, parameter: int, value: int) -> int:
        self.calls.append((parameter, value))
        return 1


def test_malloc_keeps_two_arenas_unless_the_environment_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(ctypes, "CDLL", lambda name: _FakeLibc(calls))
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)

    startup.limit_malloc_arenas()
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    startup.limit_malloc_arenas()

    assert calls == [(-8, 2)]  # M_ARENA_MAX, once: the environment's setting wins
