"""ASGI entry point: plain HTTP through Django's WSGI handler on the web threads, streams
(server-sent events) through its ASGI handler, WebSocket through Channels.

``core.dispatch`` says why the two handlers; ``TOWNSQUARE_WEB_THREADS`` and
``TOWNSQUARE_WRITE_THREADS`` set the threads.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.config.settings")

from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application

django_application = get_asgi_application()

# Imported once Django is set up: the consumers load models.
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from townsquare.api.streaming.routing import websocket_urlpatterns  # noqa: E402
from townsquare.core.dispatch import serving_application  # noqa: E402

# No origin check: streaming authenticates with a token, never a cookie, so a page on
# another origin gains nothing, and native clients send no Origin at all.
application = serving_application(
    wsgi=get_wsgi_application(),
    asgi=ProtocolTypeRouter(
        {"http": django_application, "websocket": URLRouter(websocket_urlpatterns)}
    ),
    threads=int(settings.TOWNSQUARE_WEB_THREADS),
    write_threads=int(settings.TOWNSQUARE_WRITE_THREADS),
)
