"""Reads of the API app."""

from __future__ import annotations

from townsquare.api.models import ClientApp
from townsquare.core.errors import NotFound


def client_app_by_id(application_id: int) -> ClientApp:
    client_app = (
        ClientApp.objects.select_related("application")
        .filter(application_id=application_id)
        .first()
    )
    if client_app is None:
        raise NotFound()
    return client_app
