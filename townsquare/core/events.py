"""Typed domain events, delivered to subscribers after the transaction commits.

A lower app publishes what happened (``PostPublished``); a higher app subscribes in
its ``subscribers.py`` and enqueues tasks. Subscribers never run for a write that
rolled back, and a failing subscriber doesn't undo the write that triggered it.

Work that several apps do for one frequent event (a post's fan-out, notifications and
indexing) subscribes with ``subscribe_in_background`` instead: all such handlers of an
event share ONE queued task, which runs them in subscription order (the order of
``INSTALLED_APPS``). Each queued task costs an insert, a claim and a result write, so
one per event instead of one per app is what lets a worker keep up with posting.

Small work doesn't need the queue at all: a post to a hundred followers is a few
milliseconds of handlers, to which a task adds its row's insert, claim and result
writes and a worker's polling delay. So an event whose ``audience()`` is below
``TOWNSQUARE_INLINE_AUDIENCE_LIMIT`` runs its background handlers in the publishing
process right after the commit instead, all in one transaction. If that fails, the
transaction rolls back whole and the task is queued as for a big audience: the work is
delayed, never lost, and never done twice.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

type Handler = Callable[[Any], None]

_subscribers: defaultdict[type, list[Handler]] = defaultdict(list)
_background: defaultdict[type, list[Handler]] = defaultdict(list)


class Event:
    """Base class of events: frozen dataclasses named in the past tense, carrying ids."""

    def audience(self) -> int | None:
        """How many people the event's background work reaches; None if unknown.

        Small enough (``inline_audience_limit``), the background handlers run right
        after the commit instead of in a queued task; unknown always queues.
        """
        return None


def inline_audience_limit() -> int:
    """Audiences below this have their background work run after commit, not queued (0: none)."""
    return int(settings.TOWNSQUARE.get("INLINE_AUDIENCE_LIMIT", 0))


def subscribe[E: Event](event_type: type[E], handler: Callable[[E], None]) -> None:
    """Call ``handler`` with every ``event_type`` event, once its transaction commits."""
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def subscribe_in_background[E: Event](event_type: type[E], handler: Callable[[E], None]) -> None:
    """Call ``handler`` with every ``event_type`` event from the task queue, after commit.

    The handler does the work itself (it is already in the background) and must be
    idempotent: the shared task may run again after a crash. ``event_type`` must be a
    dataclass whose fields are JSON values, since the event travels in the task's row.
    """
    if handler not in _background[event_type]:
        _background[event_type].append(handler)


def event_name(event_type: type[Event]) -> str:
    return f"{event_type.__module__}.{event_type.__qualname__}"


def run_background_handlers(name: str, fields: dict[str, Any]) -> None:
    """Run every background handler of the event ``name`` (a task's body).

    One failing handler doesn't keep the others from running; the first failure is
    raised at the end so the task is recorded as failed.
    """
    event_type = next((kind for kind in _background if event_name(kind) == name), None)
    if event_type is None:
        logger.warning("No background subscribers for %s; nothing to do", name)
        return
    event = event_type(**fields)
    failures: list[Exception] = []
    # One transaction for all of them, a savepoint each: one commit per event instead
    # of one per handler (on SQLite each commit was a good part of a small handler's
    # cost), and a failing handler still rolls back only its own writes.
    with transaction.atomic():
        for handler in list(_background[event_type]):
            try:
                with transaction.atomic():
                    handler(event)
            except Exception as error:
                logger.exception("background subscriber %r failed for %r", handler, event)
                failures.append(error)
    if failures:
        raise failures[0]


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
    if not _background[type(event)]:
        return
    audience = event.audience()
    if audience is not None and audience < inline_audience_limit() and _ran_inline(event):
        return
    _enqueue_background(event)


def _ran_inline(event: Event) -> bool:
    """Run the background handlers now, all or nothing; False (rolled back) if one failed."""
    try:
        # Unlike the task, one failure rolls back every handler's writes (and the
        # after-commit work they published), so the queued retry starts from nothing.
        with transaction.atomic():
            for handler in list(_background[type(event)]):
                handler(event)
    except Exception:
        logger.exception("background subscribers failed inline for %r; queueing them", event)
        return False
    return True


def _enqueue_background(event: Event) -> None:
    # Imported here: tasks are defined once Django is set up, events are imported earlier.
    from townsquare.core.tasks import run_background_handlers_task

    try:
        fields = dataclasses.asdict(event)  # type: ignore[call-overload]
        run_background_handlers_task.enqueue(event_name(type(event)), fields)
    except Exception:
        logger.exception("could not queue the background subscribers of %r", event)
