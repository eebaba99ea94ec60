"""NotificationCreated: published once per new notification, never for a repeat."""

from __future__ import annotations

import pytest

from townsquare.core import events
from townsquare.notifications.events import NotificationCreated
from townsquare.notifications.models import NotificationKind
from townsquare.notifications.services import notify


@pytest.fixture
def created(monkeypatch: pytest.MonkeyPatch) -> list[NotificationCreated]:
    seen: list[NotificationCreated] = []
    monkeypatch.setitem(events._subscribers, NotificationCreated, [seen.append])
    return seen


def test_a_new_notification_is_announced_once(alice, bob, committed, created):
    with committed():
        first = notify(
            recipient_id=alice.id, actor_id=bob.id, kind=NotificationKind.FOLLOW, subject_id=1
        )
        again = notify(
            recipient_id=alice.id, actor_id=bob.id, kind=NotificationKind.FOLLOW, subject_id=1
        )
    assert first is not None and again is not None and again.id == first.id
    assert created == [NotificationCreated(notification_id=first.id, recipient_id=alice.id)]


def test_a_skipped_notification_is_not_announced(alice, committed, created):
    with committed():
        assert (
            notify(
                recipient_id=alice.id,
                actor_id=alice.id,
                kind=NotificationKind.FOLLOW,
                subject_id=1,
            )
            is None
        )
    assert created == []
