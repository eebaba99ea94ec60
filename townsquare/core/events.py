"""Typed domain events, delivered to subscribers after the transaction commits.

A lower app publishes what happened (``PostPublished``); a higher app subscribes in
its ``subscribers.py`` and enqueues tasks. Subscribers never run for a write that
rolled back, and a failing subscriber doesn't undo the write that triggered it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

type Handler = Callable[[Any], None]

_subscribers: defaultdict[type, list[Handler]] = defaultdict(list)


class Event:
    """Base class of events: frozen dataclasses named in the past tense, carrying ids."""


def subscribe[E: Event](event_type: type[E], handler: Callable[[E], None]) -> None:
    """Call ``handler`` with every ``event_type`` event, once its transaction commits."""
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def publish(event: Event) -> None:
    """Deliver ``event`` to its subscribers after the current transaction commits."""
    transaction.on_commit(lambda: _deliver(event), robust=False)


def _deliver(event: Event) -> None:
    for handler in _subscribers[type(event)]:
        try:
            handler(event)
        except Exception:
            # The write is committed; a broken subscriber must not turn it into an error.
            logger.exception("subscriber %r failed for %r", handler, event)
