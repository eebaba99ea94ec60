"""Django's authentication backend, extended: accounts waiting for approval can't log in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class ApprovedAccountBackend(ModelBackend):
    """Username (any case) and password, for active accounts a moderator has approved.

    Checked here rather than in the log-in form so that every way in (web, API
    password grant, admin) refuses, and a session can't outlive a withdrawn approval.
    """

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and bool(getattr(user, "is_approved", False))
