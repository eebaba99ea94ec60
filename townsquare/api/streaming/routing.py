"""WebSocket routes of the API, mounted by ``config.asgi``."""

from __future__ import annotations

from django.urls import URLPattern, path

from townsquare.api.streaming.consumer import StreamingConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("api/v1/streaming", StreamingConsumer.as_asgi()),
    path("api/v1/streaming/", StreamingConsumer.as_asgi()),
]
