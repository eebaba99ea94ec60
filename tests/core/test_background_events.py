"""Background subscribers: every app's work for one event rides in one queued task."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.tasks import task_backends
from django.tasks.backends.dummy import DummyBackend

from townsquare.core import events
from townsquare.core.events import Event, publish, subscribe_in_background

pytestmark = pytest.mark.django_db


@dataclass(frozen=True, slots=True)
class Pinged(Event):
    number: int
    word: str = ""


@pytest.fixture(autouse=True)
def _own_subscribers(monkeypatch):
    monkeypatch.setattr(events, "_background", defaultdict(list))


def test_all_background_handlers_of_an_event_share_one_task(settings, committed):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    subscribe_in_background(Pinged, lambda event: None)
    subscribe_in_background(Pinged, lambda event: None)
    before = len(backend.results)
    with committed():
        publish(Pinged(number=7, word="hi"))
    queued = backend.results[before:]
    assert len(queued) == 1
    assert queued[0].args == [events.event_name(Pinged), {"number": 7, "word": "hi"}]


def test_handlers_run_in_order_with_the_event_and_a_failure_stops_none(committed):
    seen: list[tuple[str, int]] = []

    def broken(event: Pinged) -> None:
        seen.append(("broken", event.number))
        raise RuntimeError("boom")

    subscribe_in_background(Pinged, broken)
    subscribe_in_background(Pinged, lambda event: seen.append(("after", event.number)))
    with committed():
        publish(Pinged(number=3))
    assert seen == [("broken", 3), ("after", 3)]


def test_the_task_fails_when_a_handler_did_so_it_shows_in_the_queue():
    def broken(event: Pinged) -> None:
        raise RuntimeError("boom")

    subscribe_in_background(Pinged, broken)
    with pytest.raises(RuntimeError, match="boom"):
        events.run_background_handlers(events.event_name(Pinged), {"number": 1})


def test_nothing_is_queued_for_an_event_without_background_handlers(settings, committed):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    before = len(backend.results)
    with committed():
        publish(Pinged(number=1))
    assert backend.results[before:] == []


@dataclass(frozen=True, slots=True)
class Waved(Event):
    """An event that says how many people its background work reaches."""

    number: int
    reach: int

    def audience(self) -> int | None:
        return self.reach


@pytest.fixture
def dummy_queue(settings) -> DummyBackend:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "INLINE_AUDIENCE_LIMIT": 10}
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    return backend


def test_a_small_audience_runs_its_handlers_after_commit_without_a_task(dummy_queue, committed):
    seen: list[tuple[str, int]] = []
    subscribe_in_background(Waved, lambda event: seen.append(("first", event.number)))
    subscribe_in_background(Waved, lambda event: seen.append(("second", event.number)))
    before = len(dummy_queue.results)
    with committed():
        publish(Waved(number=4, reach=9))
        assert seen == []  # not before the commit
    assert seen == [("first", 4), ("second", 4)]
    assert dummy_queue.results[before:] == []


def test_a_big_or_unknown_audience_is_queued(dummy_queue, committed):
    seen: list[int] = []
    subscribe_in_background(Waved, lambda event: seen.append(event.number))
    subscribe_in_background(Pinged, lambda event: seen.append(event.number))
    before = len(dummy_queue.results)
    with committed():
        publish(Waved(number=5, reach=10))
        publish(Pinged(number=6))
    assert seen == []
    assert [result.args[0] for result in dummy_queue.results[before:]] == [
        events.event_name(Waved),
        events.event_name(Pinged),
    ]


def test_an_inline_failure_is_queued_whole(dummy_queue, committed):
    def broken(event: Waved) -> None:
        raise RuntimeError("boom")

    subscribe_in_background(Waved, lambda event: None)
    subscribe_in_background(Waved, broken)
    before = len(dummy_queue.results)
    with committed():
        publish(Waved(number=8, reach=1))
    queued = dummy_queue.results[before:]
    assert [result.args for result in queued] == [
        [events.event_name(Waved), {"number": 8, "reach": 1}]
    ]
