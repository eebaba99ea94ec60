"""ASGI entry point: HTTP through Django, WebSocket through Channels."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.config.settings")

from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application

django_application = get_asgi_application()

# Imported once Django is set up: the consumers load models.
from townsquare.api.streaming.routing import websocket_urlpatterns  # noqa: E402
from townsquare.core.body_limits import RefuseLargeBodies  # noqa: E402

# No origin check: streaming authenticates with a token, never a cookie, so a page on
# another origin gains nothing, and native clients send no Origin at all.
application = ProtocolTypeRouter(
    {
        # Oversized bodies are refused before Django reads (and spools) them whole.
        "http": RefuseLargeBodies(django_application),
        "websocket": URLRouter(websocket_urlpatterns),
    }
)
