"""What happened to accounts, for higher layers to react to after commit."""

from __future__ import annotations

from dataclasses import dataclass

from townsquare.core.events import Event


@dataclass(frozen=True, slots=True)
class AccountSignedUp(Event):
    account_id: int


@dataclass(frozen=True, slots=True)
class AccountApproved(Event):
    account_id: int


@dataclass(frozen=True, slots=True)
class ProfileUpdated(Event):
    account_id: int
