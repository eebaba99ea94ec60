"""A clock tests can move, for mutes that expire."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone


class Clock:
    """What ``django.utils.timezone.now()`` answers while the fixture is active."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    current = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: current.now)
    return current
