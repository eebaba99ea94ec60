"""What happened to notifications, for the interfaces (streaming) to react to."""

from __future__ import annotations

from dataclasses import dataclass

from townsquare.core.events import Event


@dataclass(frozen=True, slots=True)
class NotificationCreated(Event):
    """A new notification for ``recipient_id``; not published again for a repeat."""

    notification_id: int
    recipient_id: int
