"""What happened to home timelines, for the interfaces (streaming) to react to.

Published inside the fan-out transaction and delivered after it commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from townsquare.core.events import Event


@dataclass(frozen=True, slots=True)
class HomeEntriesWritten(Event):
    """``post_id`` was put into the homes of ``owner_ids`` (one event per fan-out batch).

    A retried fan-out publishes it again: listeners must tolerate repeats.
    """

    post_id: int
    owner_ids: tuple[int, ...]
