"""Records the accounts events delivered after commit, for tests to inspect."""

from __future__ import annotations

from townsquare.accounts.events import AccountApproved, AccountSignedUp, ProfileUpdated
from townsquare.core.events import Event, subscribe

delivered: list[Event] = []


def _record(event: Event) -> None:
    delivered.append(event)


def listen() -> list[Event]:
    """Start recording (subscribing twice is harmless) and forget earlier events."""
    for event_type in (AccountSignedUp, AccountApproved, ProfileUpdated):
        subscribe(event_type, _record)
    delivered.clear()
    return delivered
