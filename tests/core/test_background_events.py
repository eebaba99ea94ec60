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
